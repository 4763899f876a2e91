"""Backup → wipe → restore finds every row and every uploaded file again."""

import datetime
import io

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from simple_history.signals import post_create_historical_record

from services.records import actions
from tests.factories import LectureFactory, ServiceRecordFactory

pytestmark = pytest.mark.django_db(transaction=True)

APPS = ["branches", "services", "auth"]


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for app in APPS
        for model in apps.get_app_config(app).get_models()
        if model._meta.label != "auth.Permission"
    }


def test_backup_wipe_restore_gives_back_every_row_and_file(office, media_root, tmp_path):
    record = ServiceRecordFactory(person=office.people["staff_a"], date=datetime.date(2021, 3, 1))
    actions.approve(record, by=office.users["secretary_a"])
    lecture = LectureFactory()
    material = lecture.materials.create(title="讲义")
    material.file.save("handout.pdf", ContentFile(b"%PDF-1.4 demo"))
    before = row_counts()
    stored_name = material.file.name
    path = tmp_path / "backup.zip"
    call_command("backup", str(path), stdout=io.StringIO())

    call_command("flush", interactive=False, verbosity=0)
    (media_root / stored_name).unlink()
    assert row_counts()["branches.Person"] == 0

    output = io.StringIO()
    written = []
    post_create_historical_record.connect(lambda **kwargs: written.append(kwargs["history_instance"]), weak=False, dispatch_uid="count")
    try:
        call_command("restore", str(path), stdout=output)
    finally:
        post_create_historical_record.disconnect(dispatch_uid="count")
    assert written == []  # the history comes back from the backup; restoring writes none of its own
    assert row_counts() == before
    assert (media_root / stored_name).read_bytes() == b"%PDF-1.4 demo"
    assert "Restored" in output.getvalue()


def test_restore_refuses_a_database_that_holds_data(office, tmp_path):
    path = tmp_path / "backup.zip"
    call_command("backup", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("restore", str(path), stdout=io.StringIO())
    call_command("restore", str(path), "--flush", stdout=io.StringIO())
    assert row_counts()["branches.Person"] == len(office.people)
