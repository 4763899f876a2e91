"""The hall display on a 1920 × 1080 screen: every slide comes round (a second each here), each
fits the screen with the longest texts the data allows, and the console stays clean; the committee
administrator issues the screen's address and revokes it on a phone."""

import pytest
from django.urls import reverse
from django.utils import timezone

from branches.display import actions
from branches.ratings.models import RoundStatus
from services.records.actions import approve
from tests.factories import (
    BranchBrandFactory,
    LectureFactory,
    PersonFactory,
    ServicePledgeFactory,
    ServiceRecordFactory,
    WindowFactory,
)
from tests.ratings.factories import RatingRoundFactory, selected_nomination

pytestmark = pytest.mark.browser


def hall_full_of_the_longest_texts(office):
    """Two slides of pledges, one of posts, figures, a lecture and brands, every text at its longest."""
    rating_round = RatingRoundFactory(status=RoundStatus.PUBLISHED, title="年" * 100)
    for index in range(8):
        window = WindowFactory(area=office.window_a.area, covering_branch=office.branch_a, code=f"L-{index:02d}", name="窗" * 100)
        person = PersonFactory(branch=office.branch_a, window=window, name=f"{index}" + "名" * 39)
        ServicePledgeFactory(person=person, text="诺" * 80)
        if index < 6:
            selected_nomination(office, rating_round, person, post="岗" * 100)
        BranchBrandFactory(branch=PersonFactory().branch, name="牌" * 60, slogan="语" * 120)
    LectureFactory(date=timezone.localdate(), topic="讲" * 120, place="地" * 100, speakers=[person, office.people["secretary_a"]])
    approve(ServiceRecordFactory(person=office.people["staff_a"], hours=3, date=timezone.localdate()), by=office.users["secretary_a"])


SLIDES_SHOWN = "return Array.from(document.querySelectorAll('[data-tb-slide]')).map(s => s.dataset.shown === 'true')"
OVERFLOWING = """
    var slides = Array.from(document.querySelectorAll('[data-tb-slide]'));
    return slides.map(function (slide, index) {
        slides.forEach(function (other) { other.classList.toggle('is-active', other === slide); });
        var cards = Array.from(slide.querySelectorAll('.tb-hall-card'));
        var fits = slide.scrollHeight <= slide.clientHeight + 1 && slide.scrollWidth <= slide.clientWidth + 1
            && document.documentElement.scrollHeight <= window.innerHeight
            && cards.every(function (card) { return card.scrollHeight <= card.clientHeight + 1; });
        return fits ? null : index + ' ' + slide.dataset.tbSlide;
    }).filter(Boolean);
"""


def test_the_display_shows_every_slide_in_turn_on_the_halls_screen(office, open_browser, settings):
    settings.HALL_DISPLAY_SECONDS = 1
    hall_full_of_the_longest_texts(office)
    display = actions.issue_display("一楼大厅入口", by=office.users["committee_admin"])
    screen = open_browser("hall", "hall")
    screen.visit(f"/display/{display.token}/")
    kinds = screen.driver.execute_script("return Array.from(document.querySelectorAll('[data-tb-slide]')).map(s => s.dataset.tbSlide)")
    assert kinds == ["pledges", "pledges", "posts", "figures", "lecture", "brands", "brands"], kinds
    screen.screenshot("first-slide")
    screen.wait(len(kinds) * 3 + 10).until(lambda driver: all(driver.execute_script(SLIDES_SHOWN)), "not every slide was shown")
    assert screen.driver.execute_script("return document.querySelectorAll('[data-tb-slide].is-active').length") == 1
    assert screen.text(".tb-hall-brand")
    assert ":" in screen.text("[data-tb-clock-time]")
    assert screen.driver.execute_script(OVERFLOWING) == []
    current = "return document.body.dataset.tbCurrent"
    for index, kind in enumerate(kinds):  # as the screen shows them
        screen.wait(len(kinds) * 3).until(lambda driver, index=index: driver.execute_script(current) == str(index))
        screen.screenshot(f"{index}-{kind}")


def test_the_committee_administrator_issues_and_revokes_a_screen_on_a_phone(office, open_browser):
    phone = open_browser("admin", "phone")
    phone.log_in("committee_admin")
    phone.visit(reverse("branches:display-list"))
    phone.follow(phone.find(f"a[href='{reverse('branches:display-issue')}']"))
    phone.find("input[name=name]").send_keys("一楼大厅入口")
    phone.follow(phone.find("main form button[type=submit]"))
    address = phone.find("input[data-tb-select-on-focus]").get_attribute("value")
    assert address.startswith(phone.base_url + "/display/")
    assert phone.driver.execute_script("return document.documentElement.scrollWidth") <= 375
    phone.screenshot("issued")

    screen = open_browser("hall", "hall")
    screen.driver.get(address)
    screen.find("[data-tb-slide].is-active")
    phone.follow(phone.find("a.btn-outline-danger"))
    phone.screenshot("confirm")
    phone.follow(phone.find("main form button[type=submit]"))
    assert "已停用" in phone.text() or "revoked" in phone.text()
    assert not screen.console_problems()
    screen.driver.get(address)
    assert not screen.driver.find_elements("css selector", "[data-tb-slide]")
    # the revoked address answers 404, which the console reports: that and nothing else
    problems = screen.wait().until(lambda driver: screen.console_problems())
    assert all("404" in problem for problem in problems), problems
    screen.console.clear()
