"""A confirmed back-fill written by the task worker: "being imported", then the same outcome as in
the request, to its user alone; all rows or none, also when an attempt fails."""

import pytest
from django.test import override_settings
from django.urls import reverse

from branches.kernel import imports
from branches.kernel.models import ImportRun, ImportRunStatus
from services.records.models import PracticalDeed
from tests.records.test_backfill import IMPORT, good_row, upload
from tests.tasks import QUEUED, work

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued():
    with override_settings(TASKS=QUEUED):
        yield


def confirm_queued(client, office):
    preview = upload(client, "deed", good_row(office, "deed"))
    response = client.post(IMPORT, {"confirm": "1", "token": preview.context["token"]})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{IMPORT}?run={run.pk}"
    return run


def test_the_worker_writes_it_and_the_page_then_says_so(login, office, queued):
    client = login("secretary_a")
    run = confirm_queued(client, office)
    page = client.get(f"{IMPORT}?run={run.pk}").content.decode()
    assert "正在导入" in page and 'http-equiv="refresh"' in page and not PracticalDeed.objects.exists()
    work()
    run.refresh_from_db()
    assert run.status == ImportRunStatus.DONE and bytes(run.data) == b""
    assert PracticalDeed.objects.count() == 1
    done = client.get(f"{IMPORT}?run={run.pk}", follow=True)
    assert "1" in [str(message) for message in done.context["messages"]][0]
    assert done.redirect_chain[-1][0] == reverse("services:record-list", args=["deed"]) + "?date_from="


def test_data_changed_since_the_preview_imports_nothing_and_lists_the_errors(login, office, queued):
    client = login("secretary_a")
    run = confirm_queued(client, office)
    upload(client, "deed", good_row(office, "deed"))  # the same deed, written before the worker runs
    preview = upload(client, "deed", good_row(office, "deed"))
    client.post(IMPORT, {"confirm": "1", "token": preview.context["token"]})
    work()
    statuses = sorted(ImportRun.objects.values_list("status", flat=True))
    assert statuses == [ImportRunStatus.DONE, ImportRunStatus.INVALID] and PracticalDeed.objects.count() == 1
    invalid = ImportRun.objects.get(status=ImportRunStatus.INVALID)
    page = client.get(f"{IMPORT}?run={invalid.pk}").content.decode()
    assert invalid.errors and invalid.errors[0] in page
    assert run.pk != invalid.pk


def test_every_attempt_failing_writes_nothing_and_tells_the_user(login, office, queued, monkeypatch):
    client = login("secretary_a")
    run = confirm_queued(client, office)
    real_apply = __import__("services.records.backfill", fromlist=["apply"]).apply

    def apply_then_fail(sheet, *, by):
        real_apply(sheet, by=by)
        raise ConnectionError("the database went away after writing")

    monkeypatch.setattr("services.records.backfill.apply", apply_then_fail)
    for _attempt in range(imports.background.ATTEMPTS):
        work()
    run.refresh_from_db()
    assert run.status == ImportRunStatus.FAILED and not PracticalDeed.objects.exists()
    page = client.get(f"{IMPORT}?run={run.pk}", follow=True)
    assert page.redirect_chain[-1][0] == IMPORT and "文件未能导入" in page.content.decode()
    assert "所有行均正确" not in page.content.decode()


@pytest.mark.parametrize("run_id", ["other", "abc", "99999999999999999999999", ""])
def test_only_its_user_follows_it(login, office, queued, run_id):
    run = confirm_queued(login("secretary_a"), office)
    other = login("branch_committee_a")  # may import too, but this run is not theirs
    asked = run.pk if run_id == "other" else run_id
    assert other.get(f"{IMPORT}?run={asked}").status_code == 404
