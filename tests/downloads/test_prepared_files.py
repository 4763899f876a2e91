"""Large downloads prepared by the task worker: "being prepared", then the file, to its owner alone."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from branches.downloads import actions
from branches.downloads.models import PreparedFile, PreparedFileStatus
from branches.kernel.workbook import read_rows
from tests.records.helpers import make_record
from tests.tasks import QUEUED, work

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(settings, media_root):
    """Tasks queued as in production, run by :func:`work` as the worker would."""
    with override_settings(TASKS=QUEUED):
        yield


def export_url():
    return reverse("services:record-export", args=["service"]) + "?date_from=2000-01-01&date_to="


def test_without_a_queue_the_file_is_answered_at_once(login, office):
    response = login("secretary_a").get(export_url())
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert not PreparedFile.objects.exists()


def test_with_a_queue_the_user_waits_then_downloads_the_same_file(login, office, queued):
    client = login("secretary_a")
    make_record("service", office.people["staff_a"])
    response = client.get(export_url())
    prepared = PreparedFile.objects.get()
    assert response.status_code == 302 and response["Location"] == prepared.get_absolute_url()
    page = client.get(prepared.get_absolute_url()).content.decode()
    assert "正在准备您的文件" in page and 'http-equiv="refresh"' in page
    work()
    prepared.refresh_from_db()
    assert prepared.status == PreparedFileStatus.READY and prepared.file_name.endswith(".xlsx")
    page = client.get(prepared.get_absolute_url()).content.decode()
    assert "您的文件已准备好" in page and 'http-equiv="refresh"' not in page
    download = client.get(reverse("branches:prepared-file-download", args=[prepared.pk]))
    assert download.status_code == 200 and download["Content-Type"].endswith("spreadsheetml.sheet")
    assert prepared.file_name in download["Content-Disposition"]
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}):
        at_once = client.get(export_url())
    assert b"".join(download.streaming_content)[:2] == at_once.content[:2] == b"PK"


def test_asking_twice_while_it_is_prepared_queues_it_once(login, office, queued):
    client = login("secretary_a")
    client.get(export_url())
    client.get(export_url())
    assert PreparedFile.objects.count() == 1 and len(default_task_backend.results) == 1


def test_the_file_holds_what_its_owner_may_see(login, office, queued):
    """Built in the worker as its owner: branch A's record is in secretary A's workbook, not in B's."""
    make_record("service", office.people["staff_a"], served_name="甲支部群众")
    served = {}
    for role in ("secretary_a", "secretary_b"):
        client = login(role)
        client.get(export_url())
        work()
        prepared = PreparedFile.objects.get(owner=office.users[role])
        content = client.get(reverse("branches:prepared-file-download", args=[prepared.pk]))
        rows = read_rows(b"".join(content.streaming_content))
        served[role] = any("甲支部群众" in str(value) for row in rows for value in row)
    assert served == {"secretary_a": True, "secretary_b": False}


def test_nobody_else_reaches_it(login, office, queued, client):
    login("secretary_a").get(export_url())
    work()
    prepared = PreparedFile.objects.get()
    for role in ("staff_a", "secretary_b", "committee_admin"):
        other = login(role)
        assert other.get(prepared.get_absolute_url()).status_code == 404
        assert other.get(reverse("branches:prepared-file-download", args=[prepared.pk])).status_code == 404
        assert other.get(f"/media/{prepared.file.name}").status_code == 404


def test_a_user_who_may_not_have_the_file_is_refused_at_once(login, office, queued):
    response = login("staff_a").get(reverse("annual-report-file", args=["xlsx"]))
    assert response.status_code == 403 and not PreparedFile.objects.exists()


def test_a_file_that_cannot_be_built_says_so_after_every_attempt(login, office, queued, monkeypatch):
    client = login("secretary_a")
    client.get(export_url())

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(actions, "_ask", broken)
    for _attempt in range(3):
        work()
    prepared = PreparedFile.objects.get()
    assert prepared.status == PreparedFileStatus.FAILED
    page = client.get(prepared.get_absolute_url()).content.decode()
    assert "未能准备您的文件" in page and export_url().replace("&", "&amp;") in page


def test_files_older_than_a_week_are_deleted(office, media_root):
    prepared = PreparedFile.objects.create(owner=office.users["staff_a"], path="/x", language="zh-hans")
    PreparedFile.objects.filter(pk=prepared.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    PreparedFile.objects.create(owner=office.users["staff_a"], path="/y", language="zh-hans")
    assert actions.delete_old() == 1
    assert list(PreparedFile.objects.values_list("path", flat=True)) == ["/y"]


def test_only_a_get_for_a_file_that_exists_is_queued(login, office, queued):
    client = login("secretary_a")
    assert client.head(export_url()).status_code == 405
    assert client.get(reverse("services:record-export", args=["honour"])).status_code == 404
    assert client.get(export_url() + "&x=" + "9" * 2000).status_code == 400
    assert not PreparedFile.objects.exists()


def test_a_user_has_at_most_a_few_files_prepared_at_once(login, office, queued):
    client = login("secretary_a")
    for number in range(actions.MOST_PREPARING + 2):
        client.get(export_url() + f"&n={number}")
    assert PreparedFile.objects.count() == actions.MOST_PREPARING


def test_a_file_too_large_to_keep_is_not_tried_again(login, office, queued, settings):
    settings.PREPARED_FILE_MAX_BYTES = 10
    client = login("secretary_a")
    client.get(export_url())
    work()
    assert PreparedFile.objects.get().status == PreparedFileStatus.FAILED
    assert default_task_backend.results == []  # no retry queued
