"""Back-fill from Excel on a phone, in a real browser: secretary_a goes from the review queue to
the back-fill page (the template is tested in tests/records/test_backfill.py), uploads a sheet
of past deeds, reads the preview and confirms; the deeds list shows them approved.
No page scrolls sideways at 375 px."""

import pytest
from django.urls import reverse

from services.records.models import PracticalDeed, ReviewStatus
from tests.records.test_backfill import good_row, workbook

pytestmark = pytest.mark.browser


def fits_the_phone(browser):
    return browser.driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")


def test_a_secretary_back_fills_deeds_on_a_phone(open_browser, office, tmp_path):
    sheet = tmp_path / "2020年办实事.xlsx"
    sheet.write_bytes(workbook("deed", good_row(office, "deed"), good_row(office, "deed", 实事内容="协助办理不动产登记")))

    phone = open_browser("secretary", "phone")
    phone.log_in("secretary_a")
    phone.visit(reverse("services:review-queue"))
    phone.follow(phone.find(f"a[href='{reverse('services:record-backfill')}']"))
    phone.screenshot("upload")
    assert fits_the_phone(phone)
    phone.find("input[name=kind][value=deed]").click()
    phone.find("input[name=file]").send_keys(str(sheet))
    phone.follow(phone.find("form[enctype] button[type=submit]"))
    phone.screenshot("preview")
    assert fits_the_phone(phone)
    phone.follow(phone.find("button[name=confirm]"))
    assert phone.path.startswith(reverse("services:record-list", args=["deed"]))
    phone.screenshot("deeds")
    assert fits_the_phone(phone)
    assert sorted(PracticalDeed.objects.values_list("status", flat=True)) == [ReviewStatus.APPROVED] * 2
    assert phone.text().count("社区居民") == 2  # who benefited: a column a phone shows
