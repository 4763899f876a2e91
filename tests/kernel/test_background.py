"""Background work (branches.kernel.background): queued with the write, retried, never silently lost."""

import pytest
from django.db import transaction
from django.test import override_settings
from django_tasks import TaskResultStatus, default_task_backend

from branches.kernel import background
from tests.kernel import background_tasks
from tests.kernel.background_tasks import flaky
from tests.tasks import QUEUED, work


@pytest.fixture(autouse=True)
def fresh_calls():
    background_tasks.calls.clear()
    background_tasks.gave_up.clear()


@override_settings(TASKS=QUEUED)
def test_a_task_that_fails_is_tried_again_later_and_then_succeeds():
    background.now(flaky, "twice", 2)
    attempts = work() + work() + work()
    assert [result.kwargs for result in attempts] == [{}, {"task_attempt": 2}, {"task_attempt": 3}]
    assert all(result.task.run_after is not None for result in attempts[1:])
    assert background_tasks.calls == ["twice"] * 3 and background_tasks.gave_up == []


@override_settings(TASKS=QUEUED)
def test_after_the_last_attempt_the_task_stays_failed_and_its_caller_is_told():
    background.now(flaky, "always", 99)
    for _attempt in range(background.ATTEMPTS + 1):
        work()
    assert background_tasks.calls == ["always"] * background.ATTEMPTS
    assert background_tasks.gave_up == ["always"]


def test_run_at_once_a_failing_task_is_tried_once_and_the_request_goes_on():
    assert background.runs_at_once(flaky) and background.runs_at_once()
    result = background.now(flaky, "once", 99)
    assert result.status == TaskResultStatus.FAILED
    assert background_tasks.calls == ["once"] and background_tasks.gave_up == ["once"]


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


@override_settings(TASKS=QUEUED)
@pytest.mark.django_db
def test_a_queue_takes_the_task_with_the_write():
    assert not background.runs_at_once(flaky) and not background.runs_at_once()
    with transaction.atomic():
        result = background.later(flaky, "queued", 0)
        assert result.status == TaskResultStatus.READY and len(default_task_backend.results) == 1
    assert background_tasks.calls == []
