"""Background work (branches.kernel.background): queued with the write, retried, never silently lost."""

import pytest
from django.db import transaction
from django.test import override_settings
from django_tasks import TaskResultStatus, default_task_backend

from branches.kernel import background
from tests.kernel import background_tasks
from tests.kernel.background_tasks import flaky

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def fresh_calls():
    background_tasks.calls.clear()
    background_tasks.gave_up.clear()


def test_a_task_that_fails_is_tried_again_and_then_succeeds():
    result = background.now(flaky, "twice", 2)
    assert background_tasks.calls == ["twice"] * 3
    assert background_tasks.gave_up == []
    assert result.status == TaskResultStatus.FAILED  # the first attempt stays failed, visible


def test_after_the_last_attempt_the_task_stays_failed_and_its_caller_is_told():
    background.now(flaky, "always", 99)
    assert background_tasks.calls == ["always"] * background.ATTEMPTS
    assert background_tasks.gave_up == ["always"]


@pytest.mark.django_db(transaction=True)
def test_run_at_once_a_task_waits_for_the_commit_and_is_dropped_with_a_rollback():
    with transaction.atomic():
        background.later(flaky, "kept", 0)
        assert background_tasks.calls == []
    assert background_tasks.calls == ["kept"]
    with pytest.raises(RuntimeError), transaction.atomic():
        background.later(flaky, "rolled back", 0)
        raise RuntimeError
    assert "rolled back" not in background_tasks.calls


@override_settings(TASKS=DUMMY)
def test_a_queue_takes_the_task_with_the_write_and_a_retry_later():
    assert not background.runs_at_once(flaky)
    result = background.later(flaky, "queued", 1)
    assert result.status == TaskResultStatus.READY and background_tasks.calls == []
    [queued] = default_task_backend.results
    with pytest.raises(ConnectionError):
        queued.task.call(*queued.args, **queued.kwargs)  # what the worker does
    retry = default_task_backend.results[-1]
    assert retry.kwargs == {"attempt": 2} and retry.task.run_after is not None
    assert retry.task.call(*retry.args, **retry.kwargs) == "queued"
