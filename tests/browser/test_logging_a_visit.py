"""A door-to-door visit from a staff member's phone to the branch's figures, in a real browser.

staff_a logs the visit with a photo on a phone; secretary_a, at a desk, approves it from the
review queue; the branch dashboard and the 服务 pillar page then count it.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from PIL import Image
from selenium.webdriver.common.by import By

from branches.kernel import figures
from services.records.models import ReviewStatus, ServiceKind, ServiceRecord

pytestmark = pytest.mark.browser

HOURS = 2
PERSONS_SENT = 3


@pytest.fixture
def photo(tmp_path):
    """A small real JPEG, as a phone camera would hand it to the form."""
    path = tmp_path / "visit.jpg"
    Image.new("RGB", (640, 480), (200, 30, 30)).save(path, format="JPEG")
    return path


def branch_row(browser, branch_name):
    """The dashboard's service table row of one branch: (waiting for review, service hours)."""
    row = browser.find_xpath(f"//tr[td/a[normalize-space()='{branch_name}']]")
    cells = row.find_elements(By.TAG_NAME, "td")
    return int(cells[1].text), Decimal(cells[2].text)


def figure(browser, label):
    """The value of the figure tile with this (Chinese) label."""
    tile = browser.find_xpath(f"//a[contains(@class, 'tb-figure')][.//div[normalize-space()='{label}']]")
    return int(tile.find_element(By.CSS_SELECTOR, ".tb-figure-value").text)


def serve_figures(browser):
    browser.visit(reverse("pillar-serve"))
    with translation.override("zh-hans"):
        labels = [str(figures.get(key).label) for key in ("door_to_door_visits", "door_to_door_person_times")]
    return tuple(figure(browser, label) for label in labels)


def log_the_visit(phone, photo):
    phone.log_in("staff_a")
    phone.screenshot("dashboard")
    phone.follow(phone.find(f"main a[href='{reverse('services:log-choose')}']"))
    assert "登记服务" in phone.text("h1")
    phone.screenshot("log-choose")
    phone.follow(phone.find(f"a.tb-log-choice[href='{reverse('services:record-log', args=['service'])}']"))
    phone.find(f"input[name=kind][value={ServiceKind.DOOR_TO_DOOR}]").click()
    phone.find("input[name=served_name]").send_keys("张大爷")
    hours = phone.find("input[name=hours]")
    hours.clear()
    hours.send_keys(str(HOURS))
    persons = phone.find("input[name=persons_sent]")
    persons.clear()
    persons.send_keys(str(PERSONS_SENT))
    phone.find("input[name=reason][value=special_group]").click()
    phone.find("input[name=photos]").send_keys(str(photo))
    phone.screenshot("visit-form-filled")
    phone.follow(phone.find("form.tb-record-form button[type=submit]"))
    assert phone.path == reverse("services:my-records")
    assert "已登记，并提交支部书记审核。谢谢！" in phone.text(".alert-success")
    assert "张大爷" in phone.text(".list-group")
    phone.screenshot("my-records")


def approve_the_visit(desk):
    desk.follow(desk.find(f"nav a.nav-link[href='{reverse('services:review-queue')}']"))
    desk.screenshot("review-queue")
    desk.follow(desk.find_xpath("//div[contains(@class, 'tb-record-card')]//a[contains(., '张大爷')]"))
    thumbnail = desk.find("img.tb-thumb")
    desk.wait().until(lambda driver: driver.execute_script("return arguments[0].complete", thumbnail))
    assert desk.driver.execute_script("return arguments[0].naturalWidth", thumbnail) > 0, "the photo did not load"
    desk.screenshot("record-to-review")
    desk.follow(desk.find("button[name=decision][value=approve]"))
    assert "已通过 1 条记录。" in desk.text(".alert-success")
    desk.screenshot("record-approved")


def test_it_takes_a_visit_logged_on_a_phone_to_the_figures_once_approved(office, open_browser, photo):
    desk = open_browser("secretary", "desktop")
    desk.log_in("secretary_a")
    waiting_before, hours_before = branch_row(desk, office.branch_a.name)
    desk.screenshot("dashboard-before")
    visits_before, person_times_before = serve_figures(desk)

    log_the_visit(open_browser("staff", "phone"), photo)
    record = ServiceRecord.objects.get()
    assert (record.kind, record.person, record.status) == (
        ServiceKind.DOOR_TO_DOOR, office.people["staff_a"], ReviewStatus.SUBMITTED
    )
    assert record.photos.count() == 1

    desk.visit(reverse("dashboard"))
    assert branch_row(desk, office.branch_a.name) == (waiting_before + 1, hours_before)
    approve_the_visit(desk)
    record.refresh_from_db()
    assert (record.status, record.reviewed_by) == (ReviewStatus.APPROVED, office.users["secretary_a"])

    desk.visit(reverse("dashboard"))
    assert branch_row(desk, office.branch_a.name) == (waiting_before, hours_before + HOURS)
    desk.screenshot("dashboard-after")
    assert serve_figures(desk) == (visits_before + 1, person_times_before + PERSONS_SENT)
    desk.screenshot("serve-pillar-after")
