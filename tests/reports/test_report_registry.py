"""The annual report reads the figures registry and nothing else: the command's JSON keys, the
page's rows, the Word table's rows, the workbook's rows and its by-branch sheet's columns are the
registry's figures, in the report's order."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from branches.kernel import figures
from torchbearer.reports.report import BRANCH_SHEET_KEYS, REPORT_KEYS

pytestmark = pytest.mark.django_db


def labels(keys):
    with translation.override("zh-hans"):
        return [str(figures.get(key).label) for key in keys]


def test_every_key_of_the_report_is_a_figure_of_the_registry():
    assert set(REPORT_KEYS) <= set(figures.keys())
    assert set(BRANCH_SHEET_KEYS) <= set(figures.keys())


def test_the_commands_json_holds_the_registrys_figures(office):
    output = io.StringIO()
    call_command("annual_report", "--year", "2021", "--format", "json", stdout=output)
    assert list(json.loads(output.getvalue())) == ["year", "branch", *REPORT_KEYS, "honours"]


def test_the_pages_rows_are_the_registrys_figures(login, office):
    rows = login("committee_admin").get(reverse("annual-report"), {"year": 2021}).context["rows"]
    assert [str(label) for label, _unit, _value, _before in rows] == labels(REPORT_KEYS)


def test_the_word_tables_rows_are_the_registrys_figures(login, office):
    response = login("committee_admin").get(reverse("annual-report-file", args=["docx"]), {"year": 2021})
    (table,) = Document(io.BytesIO(response.content)).tables
    assert [row.cells[0].text for row in table.rows[1:]] == labels(REPORT_KEYS)


def test_the_workbooks_rows_and_branch_columns_are_the_registrys_figures(login, office):
    response = login("committee_admin").get(reverse("annual-report-file", args=["xlsx"]), {"year": 2021})
    book = load_workbook(io.BytesIO(response.content))
    figures_sheet, by_branch = book.worksheets
    first_column = [row[0] for row in figures_sheet.iter_rows(values_only=True)]
    shown = first_column[first_column.index("指标") + 1:]
    with translation.override("zh-hans"):
        units = {key: str(figures.get(key).unit) for key in REPORT_KEYS}
        expected = [f"{label}（{units[key]}）" if units[key] else label for key, label in zip(REPORT_KEYS, labels(REPORT_KEYS))]
    assert shown == expected
    header = next(by_branch.iter_rows(values_only=True))
    assert list(header[1:]) == labels(BRANCH_SHEET_KEYS)
