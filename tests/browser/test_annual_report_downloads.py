"""The annual brand report in a real browser: the page, and its Word and Excel downloads."""

import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from services.records import actions
from tests.factories import HonourFactory, ServiceRecordFactory

pytestmark = pytest.mark.browser

HONOUR = "五星级基层党组织"


@pytest.fixture
def year_with_data(office):
    """This year: one approved door-to-door visit of four person-times, and one honour."""
    today = timezone.localdate()
    record = ServiceRecordFactory(person=office.people["staff_a"], date=today, persons_sent=4)
    actions.approve(record, by=office.users["secretary_a"])
    HonourFactory(committee=office.committee, year=today.year, title=HONOUR)
    return today.year


def report_value(browser, label):
    """This year's value on the report row with this (Chinese) label."""
    return browser.find_xpath(f"//tr[td[1][normalize-space()='{label}']]/td[2]").text


def test_it_shows_the_report_and_downloads_it_as_word_and_excel(office, open_browser, year_with_data):
    desk = open_browser("admin", "desktop")
    desk.log_in("committee_admin")
    desk.visit(reverse("annual-report"))
    assert f"{year_with_data} 年" in desk.text("h1")
    assert report_value(desk, "上门服务（人次）") == "4"
    assert HONOUR in desk.text(".tb-report")
    desk.screenshot("annual-report")

    desk.find(f"a[href^='{reverse('annual-report-file', args=['docx'])}']").click()
    word = desk.wait_for_download(".docx")
    desk.find(f"a[href^='{reverse('annual-report-file', args=['xlsx'])}']").click()
    excel = desk.wait_for_download(".xlsx")

    assert word.name == f"annual-report-{year_with_data}.docx"
    assert zipfile.is_zipfile(word) and "word/document.xml" in zipfile.ZipFile(word).namelist()
    assert any(HONOUR in paragraph.text for paragraph in Document(word).paragraphs)
    assert excel.name == f"annual-report-{year_with_data}.xlsx"
    assert zipfile.is_zipfile(excel) and "xl/workbook.xml" in zipfile.ZipFile(excel).namelist()
    figures = load_workbook(excel).worksheets[0]
    assert ["上门服务（人次）", 4] in [list(row[:2]) for row in figures.iter_rows(values_only=True)]
