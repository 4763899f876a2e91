"""The month's duty rota on a phone, in a real browser: secretary_a makes next month's rota (each
zone proposed to its holder), puts staff_a on the extended hours of its first working day and
saves; staff_a then finds that duty on their dashboard. No page scrolls sideways at 375 px."""

import datetime

import pytest
from django.urls import reverse
from selenium.webdriver.support.ui import Select

from branches.kernel.periods import working_days
from services.patrols.models import ExtendedHoursDuty, PatrolDuty
from services.patrols.selectors import next_month

pytestmark = pytest.mark.browser


def fits_the_phone(browser):
    return browser.driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")


def test_a_secretary_makes_the_rota_on_a_phone_and_a_member_finds_their_duty(open_browser, office):
    month = next_month(datetime.date.today().replace(day=1))
    first_day = working_days(month, next_month(month) - datetime.timedelta(days=1))[0]
    staff = office.people["staff_a"]

    secretary = open_browser("secretary", "phone")
    secretary.log_in("secretary_a")
    secretary.visit(reverse("services:duty-rota-edit", args=[office.branch_a.pk, month.year, month.month]))
    secretary.screenshot("rota-edit")
    assert fits_the_phone(secretary)
    Select(secretary.find(f"select[name=x{first_day.day}]")).select_by_value(str(staff.pk))
    secretary.follow(secretary.find(".tb-sticky-actions button[type=submit]"))
    assert secretary.path.startswith(reverse("services:duty-rota"))
    secretary.screenshot("rota")
    assert fits_the_phone(secretary)
    assert ExtendedHoursDuty.objects.get().person == staff
    assert PatrolDuty.objects.filter(person=staff, date=first_day).exists()  # the zone's holder, as proposed

    member = open_browser("staff", "phone")
    member.log_in("staff_a")
    card = member.find_xpath(f"//div[contains(@class, 'card')][.//a[@href='{reverse('services:duty-rota')}']]")
    assert card.text.count(f"{first_day:%m-%d}") == 2  # the zone's patrol and the extended hours
    member.screenshot("dashboard")
    assert fits_the_phone(member)
