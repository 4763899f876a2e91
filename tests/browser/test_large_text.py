"""Large text (长者模式), in a real browser: the toggle in the menu, remembered for the login on the
next device it signs in on, and every page of the access matrix in large text at 320 px wide
(axe, no sideways scrolling, text of 18 px or more, touch targets 44 px high). Screenshots of five
pages a colleague near retirement uses most go to var/screenshots/large_text_on_a_phone/."""

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By

from branches.people.models import LargeText
from tests.browser.accessibility import (
    LARGE_TEXT_FAULTS,
    TARGETS,
    large_text_pages,
    large_text_walk,
)
from tests.records.helpers import make_record

pytestmark = pytest.mark.browser


def base_text(browser):
    return float(browser.driver.execute_script("return parseFloat(getComputedStyle(document.body).fontSize)"))


def toggle(browser):
    """The toggle in the menu, reached through the menu button (a phone's, or a PC's in large text)."""
    toggler = browser.find(".navbar-toggler")
    toggler.click()
    browser.find("#main-nav.show")
    browser.follow(browser.find("button.tb-large-text-toggle"))


def test_the_toggle_enlarges_the_text_and_is_remembered_on_the_next_device(office, open_browser):
    phone = open_browser("phone", "phone")
    phone.log_in("staff_a")
    phone.visit(reverse("services:my-records"))
    assert base_text(phone) == 16
    toggle(phone)
    assert phone.path == reverse("services:my-records"), "the toggle did not bring the user back"
    assert "已开启大字模式" in phone.text(".alert-success")
    assert base_text(phone) >= 18
    pressed = phone.driver.find_element(By.CSS_SELECTOR, "button.tb-large-text-toggle")  # in the folded menu
    assert pressed.get_attribute("aria-pressed") == "true"
    assert LargeText.objects.filter(user=office.users["staff_a"]).exists()

    desk = open_browser("desk", "desktop")  # another device: its own cookies
    desk.log_in("staff_a")
    assert base_text(desk) >= 18, "the choice was not remembered for the login"
    toggle(desk)  # in large text the menu bar folds on an office PC's screen too
    assert base_text(desk) == 16
    assert not LargeText.objects.exists()


def test_five_pages_in_large_text_on_a_phone(office, open_browser):
    make_record("service", office.people["staff_a"])
    LargeText.objects.create(user=office.users["staff_a"])
    LargeText.objects.create(user=office.users["secretary_a"])
    phone = open_browser("staff", "phone")
    phone.log_in("staff_a")
    secretary = open_browser("secretary", "phone")
    secretary.log_in("secretary_a")
    pages = [
        (phone, "dashboard", reverse("dashboard")),
        (phone, "log-a-visit", reverse("services:record-log", args=["service"])),
        (phone, "lecture-check-in", reverse("branches:lecture-check-in")),
        (secretary, "review-queue", reverse("services:review-queue")),
        (secretary, "serve-pillar", reverse("pillar-serve")),
    ]
    for browser, name, path in pages:
        browser.visit(path)
        browser.screenshot(name)
        assert browser.driver.execute_script(LARGE_TEXT_FAULTS, TARGETS) == [], name


def test_every_page_works_in_large_text_at_320_px(world, open_browser, tally):
    problems = []
    for column, pages in large_text_pages(world).items():
        if pages:
            problems += large_text_walk(world, open_browser(column, "phone"), column, pages, tally).problems
    assert not problems, "\n".join(problems)
