"""A people picker that searches as you type, in a real browser on a phone: the committee office
records an honour of a person of a city-sized roster, and a secretary names a lecture's speakers,
by typing a part of a name (or a staff number) and choosing with the keyboard or a tap."""

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from branches.honours.models import Honour
from branches.kernel import fields
from branches.lectures.models import Lecture
from tests.factories import PersonFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def roster(office):
    """More people in branch A than a picker lists on the page, two 晓燕 among them."""
    PersonFactory.create_batch(fields.LISTED_UP_TO + 1, branch=office.branch_a)
    return {
        "a": PersonFactory(branch=office.branch_a, name="李晓燕", staff_number="A-0101"),
        "b": PersonFactory(branch=office.branch_b, name="王晓燕", staff_number="B-0202"),
    }


def matches(browser, field_id):
    """The options of the picker's list, once the search has answered."""
    browser.find(f"#{field_id}_matches li[role=option]")
    return browser.driver.find_elements(By.CSS_SELECTOR, f"#{field_id}_matches li[role=option]")


def fits_the_phone(browser):
    return browser.driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")


def test_the_committee_office_finds_a_person_by_a_part_of_the_name(office, open_browser, roster):
    phone = open_browser("admin", "phone")
    phone.log_in("committee_admin")
    phone.visit(reverse("branches:honour-list"))
    phone.follow(phone.find(f"a[href='{reverse('branches:honour-create')}']"))
    phone.find("input[name=held_by][value=person]").click()
    search = phone.find("#id_person")
    assert search.get_attribute("role") == "combobox" and search.get_dom_attribute("name") is None
    search.send_keys("晓燕")
    options = matches(phone, "id_person")
    assert [option.text.split(" ")[0] for option in options] == ["李晓燕（第一党支部）", "王晓燕（第二党支部）"]
    assert search.get_attribute("aria-expanded") == "true"
    assert search.get_attribute("aria-activedescendant") == options[0].get_attribute("id")
    phone.screenshot("matches")
    search.send_keys(Keys.ARROW_DOWN)
    assert search.get_attribute("aria-activedescendant") == "id_person_matches_1"
    search.send_keys(Keys.ENTER)  # chooses; does not send the form
    assert phone.path == reverse("branches:honour-create")
    assert search.get_attribute("value") == "王晓燕（第二党支部）"
    assert search.get_attribute("aria-expanded") == "false"
    assert fits_the_phone(phone)

    phone.find("#id_title").send_keys("岗位能手")
    Select(phone.find("#id_level")).select_by_value("municipal")
    phone.follow(phone.find("main form.card button[type=submit]"))
    assert phone.path == reverse("branches:honour-list"), phone.text("main")
    assert Honour.objects.get(title="岗位能手").person == roster["b"]


def test_a_secretary_names_speakers_of_the_own_branch_and_unticks_one(office, open_browser, roster):
    phone = open_browser("secretary", "phone")
    phone.log_in("secretary_a")
    phone.visit(reverse("branches:lecture-create"))
    search = phone.find("#id_speakers")
    search.send_keys("晓燕")
    options = matches(phone, "id_speakers")
    assert [option.text.split(" ")[0] for option in options] == ["李晓燕（第一党支部）"]  # 王晓燕 is of branch B
    options[0].click()  # a tap chooses as Enter does
    assert search.get_attribute("value") == ""  # ready for the next one
    search.send_keys(office.people["group_leader_a"].staff_number)
    matches(phone, "id_speakers")
    search.send_keys(Keys.ENTER)
    ticked = phone.driver.find_elements(By.CSS_SELECTOR, "[data-tb-picker-chosen] input[name=speakers]:checked")
    assert len(ticked) == 2
    ticked[1].click()  # the group leader after all not
    phone.screenshot("speakers")
    assert fits_the_phone(phone)

    phone.find("#id_topic").send_keys("跨省通办")
    for field, value in [("#id_starts_at", "16:30"), ("#id_ends_at", "17:30")]:
        phone.driver.execute_script("arguments[0].value = arguments[1]", phone.driver.find_element(By.CSS_SELECTOR, field), value)
    Select(phone.find("#id_theme")).select_by_index(1)
    phone.follow(phone.find("main form button[type=submit]"))
    lecture = Lecture.objects.get(topic="跨省通办")
    assert list(lecture.speakers.all()) == [roster["a"]]
