"""A script payload in every text field of every row, and every page as it is shown: no page
puts it out unescaped.

The world of the access matrix is built, then every character and text column of every row
(of the people, the records, the ratings, the history...) is overwritten with a payload unique
to the row; every page of the matrix is then fetched by staff, a secretary and the committee
administrator.
"""

import re

import pytest
from django.apps import apps
from django.db import models, transaction
from django.test import Client, override_settings
from django.urls import reverse

from tests.app.access_matrix import build_world
from tests.app.test_access_matrix import MATRIX, checks_of

POISONED_APPS = ("auth", "branches", "services")
NOT_POISONED = {"password", "token"}  # a hall screen's token is made by the app (URL-safe), never typed
RAW_PAYLOAD = re.compile(r"<script>alert\(\d+\)</script>|<x\d+>")
READERS = ["staff_a", "secretary_a", "committee_admin"]


def payload(field, row):
    script = f"<script>alert({row.pk})</script>"
    if field.max_length is None or field.max_length >= len(script):
        return script
    return f"<x{row.pk}>"[: field.max_length]


def checked_fields(model):
    """Fields the database's CHECK constraints look at (upper-case codes, say): left as they are."""
    names = set()

    def walk(condition):
        for child in getattr(condition, "children", []):
            if isinstance(child, tuple):
                names.add(child[0].split("__")[0])
            else:
                walk(child)

    for constraint in model._meta.constraints:
        if isinstance(constraint, models.CheckConstraint):
            walk(constraint.condition)
    return names


def poison_every_text_field():
    """Returns how many values were overwritten."""
    written = 0
    for label in POISONED_APPS:
        for model in apps.get_app_config(label).get_models():
            fields = [
                field
                for field in model._meta.concrete_fields
                if isinstance(field, (models.CharField, models.TextField))
                and not field.choices
                and not field.primary_key
                and field.name not in NOT_POISONED | checked_fields(model)
            ]
            if not fields:
                continue
            rows = list(model._base_manager.all())
            for row in rows:
                for field in fields:
                    setattr(row, field.attname, payload(field, row))
            model._base_manager.bulk_update(rows, [field.name for field in fields])
            written += len(rows) * len(fields)
    return written


@pytest.fixture(scope="module")
def poisoned(django_db_setup, django_db_blocker, tmp_path_factory):
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")), django_db_blocker.unblock():
        with transaction.atomic():
            world = build_world()
            world.objects["poisoned_values"] = poison_every_text_field()
            yield world
            transaction.set_rollback(True)


def page_checks():
    return [(key, check) for key in MATRIX for check in checks_of(key) if check.method == "GET"]


@pytest.mark.parametrize("key, check", page_checks(), ids=[key for key, _check in page_checks()])
def test_no_page_puts_out_a_payload_unescaped(key, check, poisoned, db, tally):
    url = check.url(key, poisoned)
    shown = 0
    for role in READERS:
        client = Client()
        client.force_login(poisoned.office.users[role])
        with transaction.atomic():
            response = client.get(url)
            transaction.set_rollback(True)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        shown += 1
        tally["pages checked for an unescaped script payload"] += 1
        found = RAW_PAYLOAD.findall(response.content.decode())
        assert not found, f"{url} as {role} shows {found[:3]}"


def test_the_payload_was_everywhere(poisoned, tally):
    tally["text values overwritten with a script payload"] = poisoned.poisoned_values
    assert poisoned.poisoned_values > 500


@pytest.mark.parametrize("role", READERS)
def test_the_calendar_lines_show_the_lecture_escaped(role, poisoned, db, tally):
    """The matrix opens the calendar on this year; the world's lecture is dated in its own year."""
    lecture = poisoned.objects["lecture"]
    client = Client()
    client.force_login(poisoned.office.users[role])
    with transaction.atomic():
        response = client.get(reverse("branches:lecture-list"), {"year": lecture.date.year, "month": lecture.date.month})
        transaction.set_rollback(True)
    page = response.content.decode()
    tally["pages checked for an unescaped script payload"] += 1
    assert f"&lt;script&gt;alert({lecture.pk})&lt;/script&gt;" in page
    assert not RAW_PAYLOAD.findall(page)
