"""The brand report reads the figures registry and nothing else: the command's JSON keys, the
page's rows, the Word table's rows, the workbook's rows and its by-branch sheet's columns are the
registry's figures, in the report's order, for a year and for a span of years alike; the pillars'
figures are the registry's too."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from branches.kernel import figures
from torchbearer.reports.brand_report import PILLAR_FIGURES, PILLAR_KEYS
from torchbearer.reports.report import BRANCH_SHEET_KEYS, OVER_A_SPAN, REPORT_KEYS

pytestmark = pytest.mark.django_db
YEAR, SPAN = {"year": 2021}, {"from": 2019, "to": 2021}


def labels(keys):
    with translation.override("zh-hans"):
        return [str(figures.get(key).label) for key in keys]


def test_every_key_of_the_report_is_a_figure_of_the_registry():
    assert set(REPORT_KEYS) <= set(figures.keys())
    assert set(BRANCH_SHEET_KEYS) <= set(figures.keys())
    assert set(PILLAR_KEYS) <= set(figures.keys())


def test_every_figure_of_the_report_says_how_a_span_counts_it():
    assert list(OVER_A_SPAN) == REPORT_KEYS


def test_the_commands_json_of_a_span_holds_the_registrys_figures_and_each_years(office):
    output = io.StringIO()
    call_command("annual_report", "--from", "2019", "--to", "2021", "--format", "json", stdout=output)
    report = json.loads(output.getvalue())
    assert list(report) == ["from", "to", "branch", *REPORT_KEYS, "honours", "years"]
    assert list(report["years"]) == ["2019", "2020", "2021"]
    assert all(list(year) == REPORT_KEYS for year in report["years"].values())


def test_the_commands_json_holds_the_registrys_figures(office):
    output = io.StringIO()
    call_command("annual_report", "--year", "2021", "--format", "json", stdout=output)
    assert list(json.loads(output.getvalue())) == ["year", "branch", *REPORT_KEYS, "honours"]


@pytest.mark.parametrize("period", [YEAR, SPAN])
def test_the_pages_rows_are_the_registrys_figures(login, office, period):
    report = login("committee_admin").get(reverse("annual-report"), period).context["brand_report"]
    assert [str(row.label) for row in report.table.rows] == labels(REPORT_KEYS)
    for section in report.pillars:
        assert [str(figure.label) for figure in section.figures] == labels(PILLAR_FIGURES[section.pillar])


@pytest.mark.parametrize("period", [YEAR, SPAN])
def test_the_word_tables_rows_are_the_registrys_figures(login, office, period):
    response = login("committee_admin").get(reverse("annual-report-file", args=["docx"]), period)
    (table,) = Document(io.BytesIO(response.content)).tables
    assert [row.cells[0].text for row in table.rows[1:]] == labels(REPORT_KEYS)


@pytest.mark.parametrize("period", [YEAR, SPAN])
def test_the_workbooks_rows_and_branch_columns_are_the_registrys_figures(login, office, period):
    response = login("committee_admin").get(reverse("annual-report-file", args=["xlsx"]), period)
    book = load_workbook(io.BytesIO(response.content))
    figures_sheet, by_branch = book.worksheets
    first_column = [row[0] for row in figures_sheet.iter_rows(values_only=True)]
    shown = first_column[first_column.index("指标") + 1:]
    with translation.override("zh-hans"):
        def headings(keys):
            units = {key: str(figures.get(key).unit) for key in keys}
            return [f"{label}（{units[key]}）" if units[key] else label for key, label in zip(keys, labels(keys))]

        expected, columns = headings(REPORT_KEYS), headings(BRANCH_SHEET_KEYS)
    assert shown == expected
    header = next(by_branch.iter_rows(values_only=True))
    assert list(header[1:]) == columns
