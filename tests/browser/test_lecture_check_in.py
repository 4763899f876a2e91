"""Checking in to a 政务讲堂 lecture with its six-digit code, on a phone, in a real browser."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from branches.lectures.models import CheckInMethod, LectureAttendance
from tests.factories import LectureFactory

pytestmark = pytest.mark.browser

CHECK_IN = reverse("branches:lecture-check-in")


@pytest.fixture
def lecture(office):
    """A lecture of branch A that started ten minutes ago, so its check-in is open now.

    Near midnight the times are clipped to the day: check-in stays open half an hour either
    side of the lecture, which covers now all the same.
    """
    now = timezone.localtime()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    starts = max(now - datetime.timedelta(minutes=10), midnight)
    ends = min(now + datetime.timedelta(minutes=50), midnight + datetime.timedelta(hours=23, minutes=59))
    return LectureFactory(
        branch=office.branch_a, date=now.date(), starts_at=starts.time(), ends_at=ends.time(), topic="优化营商环境"
    )


def open_check_in_from_the_menu(phone):
    """The phone's way there: the collapsed navbar, then 传承 → 讲座签到."""
    phone.find("button.navbar-toggler").click()
    phone.find_xpath("//nav//a[contains(@class, 'dropdown-toggle')][contains(., '传承')]").click()
    phone.follow(phone.find(f"nav a.dropdown-item[href='{CHECK_IN}']"))
    assert phone.path == CHECK_IN


def enter_code(phone, code):
    field = phone.find("input[name=code]")
    field.clear()
    field.send_keys(code)
    phone.follow(phone.find("main form button[type=submit]"))


def test_it_checks_an_attendee_in_with_the_code_shown_in_the_room(office, open_browser, lecture):
    desk = open_browser("secretary", "desktop")
    desk.log_in("secretary_a")
    desk.visit(lecture.get_absolute_url())
    desk.follow(desk.find(f"a[href='{reverse('branches:lecture-projector', args=[lecture.pk])}']"))
    code = desk.find(".font-monospace").text.strip()
    assert code == lecture.check_in_code
    desk.screenshot("projector")

    phone = open_browser("staff", "phone")
    phone.log_in("staff_a")
    open_check_in_from_the_menu(phone)
    phone.screenshot("check-in")
    enter_code(phone, code)

    assert phone.path == lecture.get_absolute_url()
    assert "您已签到“优化营商环境”，欢迎参加！" in phone.text(".alert-success")
    register = phone.text("#register")
    assert "签到名册" in register and "staff_a" in register
    phone.screenshot("on-the-register")
    attendance = LectureAttendance.objects.get(lecture=lecture)
    assert (attendance.person, attendance.method) == (office.people["staff_a"], CheckInMethod.CODE)


def test_it_refuses_a_wrong_code_in_chinese(office, open_browser, lecture):
    phone = open_browser("staff", "phone")
    phone.log_in("staff_a")
    phone.visit(CHECK_IN)
    wrong = f"{(int(lecture.check_in_code) + 1) % 1_000_000:06d}"
    enter_code(phone, wrong)

    assert phone.path == CHECK_IN
    assert "没有可用此签到码签到的讲座。请核对数字" in phone.text(".invalid-feedback")
    phone.screenshot("wrong-code")
    assert not LectureAttendance.objects.exists()
