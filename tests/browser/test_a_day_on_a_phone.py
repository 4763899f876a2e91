"""A day of the office on phones (375 px), one role at a time, and never through Django admin.

staff log a visit and read the outcome (under the bell, and by e-mail: delivered to an SMTP server
started in the test); a secretary adds a responsibility zone and a party group, fills in the
month's duty rota and reviews with "approve and next"; a group leader opens the group; a member
checks in to a lecture through the QR code's link.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from selenium.webdriver.support.ui import Select

from branches.kernel.periods import working_days
from branches.lectures.models import LectureAttendance
from branches.organisation.models import PartyGroup, ResponsibilityZone
from services.patrols.models import ExtendedHoursDuty
from services.patrols.selectors import next_month
from services.records.models import ReviewStatus, ServiceRecord
from tests.factories import (
    LectureFactory,
    PersonFactory,
    ServiceRecordFactory,
    WindowFactory,
)
from tests.smtp import smtp_server

pytestmark = pytest.mark.browser


@pytest.fixture
def mailbox(settings, live_server):
    with smtp_server(settings, site_url=live_server.url) as received:
        yield received


def never_in_admin(*browsers):
    for browser in browsers:
        assert not [path for path in browser.visited if path.startswith("/admin/")], browser.visited


def open_menu_item(phone, href):
    """Open the collapsed menu, its dropdown holding ``href`` if any, and follow the link."""
    phone.find("button.navbar-toggler").click()
    toggles = phone.driver.find_elements(
        "xpath", f"//nav//li[contains(@class,'dropdown')][.//a[@href='{href}']]/a[contains(@class,'dropdown-toggle')]"
    )
    if toggles:
        phone.wait().until(lambda driver: toggles[0].is_displayed())
        toggles[0].click()
    phone.follow(phone.find(f"nav a[href='{href}']"))


def no_sideways_scrolling(phone):
    width = phone.driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= 375, f"{phone.path} is {width} px wide on a 375 px phone"


def test_staff_log_a_visit_and_read_the_outcome_under_the_bell_and_by_email(office, open_browser, mailbox):
    staff = office.users["staff_a"]
    staff.email = "staff_a@hall.example"
    staff.save()
    phone = open_browser("staff", "phone")
    phone.log_in("staff_a")
    phone.visit(reverse("services:notification-preferences"))
    phone.find("input[name=outcome][value=email]").click()
    phone.follow(phone.find("main form button[type=submit]"))
    assert "通知方式已保存" in phone.text(".alert-success")
    phone.screenshot("preferences")

    phone.visit(reverse("services:record-log", args=["service"]))
    phone.find("input[name=kind][value=door_to_door]").click()
    phone.find("input[name=served_name]").send_keys("张大爷")
    hours = phone.find("input[name=hours]")
    hours.clear()
    hours.send_keys("2")
    phone.find("textarea[name=description]").send_keys("上门帮助办理养老认证")
    phone.follow(phone.find("form.tb-record-form button[type=submit]"))
    assert phone.path == reverse("services:my-records")
    no_sideways_scrolling(phone)

    secretary = open_browser("secretary", "phone")
    secretary.log_in("secretary_a")
    record = ServiceRecord.objects.get(served_name="张大爷")
    secretary.visit(record.get_absolute_url())
    secretary.follow(secretary.find("button[name=decision][value=approve]"))
    record.refresh_from_db()
    assert record.status == ReviewStatus.APPROVED

    phone.visit(reverse("services:my-records"))
    bell = phone.find(f"nav > div > a[href='{reverse('services:notification-list')}']")
    assert bell.text.strip() == "1", "the unread count shows on the phone's bar, the menu closed"
    phone.follow(bell)
    phone.screenshot("notifications")
    phone.follow(phone.find_xpath("//a[contains(@class,'tb-unread')][contains(., '张大爷')]"))
    assert phone.path == record.get_absolute_url()
    assert "已通过" in phone.text("main")
    [(to, subject, body)] = mailbox.messages
    assert to == ["staff_a@hall.example"] and "张大爷" in subject
    assert phone.base_url in body
    never_in_admin(phone, secretary)


def test_a_secretary_adds_a_zone_and_a_group_and_reviews_with_approve_and_next(office, open_browser):
    member = PersonFactory(branch=office.branch_a, name="新党员", political_status=5)
    WindowFactory(code="A-09", area=office.window_a.area, covering_branch=office.branch_a)
    for served in ("李阿姨", "王师傅"):
        ServiceRecordFactory(person=office.people["staff_a"], branch=office.branch_a, served_name=served,
                             status=ReviewStatus.SUBMITTED, submitted_at=timezone.now())
    phone = open_browser("secretary", "phone")
    phone.log_in("secretary_a")

    phone.visit(office.branch_a.get_absolute_url())
    phone.follow(phone.find(f"a[href='{reverse('branches:zone-create')}']"))
    choose_person(phone, "member", "新党员")
    phone.find("input[name=name]").send_keys("综合窗口责任区")
    phone.find_xpath("//label[contains(., 'A-09')]").click()
    phone.screenshot("zone-form")
    phone.follow(phone.find("main form button[type=submit]"))
    assert ResponsibilityZone.objects.filter(name="综合窗口责任区", member=member).exists()
    no_sideways_scrolling(phone)

    phone.visit(office.branch_a.get_absolute_url())
    phone.follow(phone.find(f"a[href='{reverse('branches:group-create')}']"))
    phone.find("input[name=name]").send_keys("企业开办党小组")
    choose_person(phone, "leader", "新党员")
    phone.screenshot("group-form")
    phone.follow(phone.find("main form button[type=submit]"))
    assert PartyGroup.objects.filter(name="企业开办党小组", leader=member).exists()

    fill_the_rota(phone, office)

    phone.visit(reverse("services:review-queue"))
    phone.screenshot("review-queue")
    first = phone.find("main .tb-record-card a")
    phone.follow(first)
    phone.follow(phone.find("button[name=decision][value=approve][formaction*='then=next']"))
    assert "/review/" not in phone.path
    phone.follow(phone.find("button[name=decision][value=approve][formaction*='then=next']"))
    assert ServiceRecord.objects.filter(status=ReviewStatus.APPROVED).count() == 2
    phone.screenshot("queue-empty")
    never_in_admin(phone)


def choose_person(phone, field, name):
    """Pick a person in a people picker: type part of the name, take the suggestion (or, where the
    picker is a plain list, the option)."""
    select = phone.driver.find_elements("css selector", f"select[name={field}]")
    if select and select[0].is_displayed():
        option = select[0].find_element("xpath", f".//option[contains(., '{name}')]")
        Select(select[0]).select_by_value(option.get_attribute("value"))
        return
    box = phone.find(f"input[data-picker-for={field}], input[name={field}_search]")
    box.send_keys(name[:2])
    phone.find_xpath(f"//*[@role='option'][contains(., '{name}')]").click()


def fill_the_rota(phone, office):
    """This month's duty rota, from the menu: staff_a serves the extended hours of its last
    working day."""
    today = datetime.date.today()
    month = today.replace(day=1)
    last_day = working_days(month, next_month(month) - datetime.timedelta(days=1))[-1]
    open_menu_item(phone, reverse("services:duty-rota"))
    edit = reverse("services:duty-rota-edit", args=[office.branch_a.pk, month.year, month.month])
    phone.follow(phone.find(f"main a[href='{edit}']"))
    Select(phone.find(f"select[name=x{last_day.day}]")).select_by_value(str(office.people["staff_a"].pk))
    phone.screenshot("rota-edit")
    phone.follow(phone.find(".tb-sticky-actions button[type=submit]"))
    assert phone.path.startswith(reverse("services:duty-rota"))
    assert ExtendedHoursDuty.objects.get(date=last_day).person == office.people["staff_a"]
    no_sideways_scrolling(phone)


def test_a_group_leader_opens_the_group_from_the_dashboard(office, open_browser):
    phone = open_browser("leader", "phone")
    phone.log_in("group_leader_a")
    phone.follow(phone.find(f"main a[href='{office.group_a.get_absolute_url()}']"))
    assert office.group_a.name in phone.text("h1")
    assert "staff_a" in phone.text("main")
    no_sideways_scrolling(phone)
    phone.screenshot("group-page")
    never_in_admin(phone)


def test_a_member_checks_in_through_the_qr_codes_link(office, open_browser):
    now = timezone.localtime()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    starts = max(now - datetime.timedelta(minutes=10), midnight)
    ends = min(now + datetime.timedelta(minutes=50), midnight + datetime.timedelta(hours=23, minutes=59))
    lecture = LectureFactory(branch=office.branch_a, date=now.date(), starts_at=starts.time(), ends_at=ends.time(),
                             topic="优化营商环境")
    desk = open_browser("secretary", "desktop")
    desk.log_in("secretary_a")
    desk.visit(reverse("branches:lecture-projector", args=[lecture.pk]))
    link = desk.find(".tb-projector .text-break").text.strip()
    assert link.endswith(f"/c/{lecture.check_in_code}")
    desk.screenshot("projector")

    phone = open_browser("staff", "phone")
    phone.visit(reverse("lecture-check-in-link", args=[lecture.check_in_code]))
    phone.find("#id_username").send_keys("staff_a")
    phone.find("#id_password").send_keys("correct-horse-battery")
    phone.follow(phone.find("main form button[type=submit]"))
    assert phone.find("input[name=code]").get_attribute("value") == lecture.check_in_code
    phone.follow(phone.find("main form button[type=submit]"))
    assert "您已签到“优化营商环境”" in phone.text(".alert-success")
    assert LectureAttendance.objects.filter(lecture=lecture, person=office.people["staff_a"]).exists()
    phone.screenshot("checked-in")
    never_in_admin(phone, desk)
