"""The keyboard alone, in a real browser: staff_a logs a door-to-door visit and secretary_a approves
it, with no mouse. Every element that takes the focus shows it; the "skip to content" link is the
first stop of every page; a menu opens with Enter, is walked with the arrow keys and closes with
Escape, giving the focus back to its button; and Tab leaves every page it enters (no trap).
"""

import pytest
from django.urls import reverse
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from services.records.models import ReviewStatus, ServiceKind, ServiceRecord
from tests.browser.browser import PASSWORD
from tests.factories import LectureFactory, PersonFactory
from tests.passing_on_factories import LectureAttendanceFactory

pytestmark = pytest.mark.browser

MOST_TABS = 150  # more than any page here has stops
SEGMENTS = 4  # Tab stays in a date box through its year, month and day and its calendar button

#: What the focused element shows: its outline or a focus shadow. A date box's calendar button is
#: the browser's own (the box is focused but not ``:focus`` itself) and draws the browser's ring.
FOCUS_SHOWN = """
const element = document.activeElement;
const style = getComputedStyle(element);
const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
const box = element.getBoundingClientRect();
return {
  shown: outline || style.boxShadow !== "none" || !element.matches(":focus"),
  inView: box.width > 0 && box.height > 0,
  html: element.outerHTML.slice(0, 120),
};
"""


def press(browser, *keys):
    ActionChains(browser.driver).send_keys(*keys).perform()


def focused(browser):
    return browser.driver.switch_to.active_element


def focus_matches(browser, css):
    return browser.driver.execute_script("return document.activeElement.matches(arguments[0])", css)


def tab_to(browser, css, *, backwards=False):
    """Press Tab until the focus is on the element matching ``css``; every stop on the way must show
    the focus, and the focus must move at each press (a trap keeps it in place)."""
    last, same = None, 0
    for _ in range(MOST_TABS):
        press(browser, (Keys.SHIFT + Keys.TAB) if backwards else Keys.TAB)
        state = browser.driver.execute_script(FOCUS_SHOWN)
        if browser.driver.execute_script("return document.activeElement === document.body"):
            continue  # between the page and the browser's own controls
        assert state["shown"], f"{browser.path}: the focus is not shown on {state['html']}"
        assert state["inView"], f"{browser.path}: the focus is on something not on the screen: {state['html']}"
        now = focused(browser).id
        same = same + 1 if now == last else 0
        assert same < SEGMENTS, f"{browser.path}: Tab is stuck on {state['html']}"
        last = now
        if focus_matches(browser, css):
            return focused(browser)
    raise AssertionError(f"{browser.path}: {css} never took the focus in {MOST_TABS} presses of Tab")


def enter_and_wait(browser):
    """Press Enter on the focused link or button and wait for the page it leads to."""
    old_page = browser.driver.find_element("tag name", "html")
    press(browser, Keys.ENTER)
    browser.wait().until(lambda driver: _left(old_page))
    browser._settle()


def _left(old_page):
    try:
        old_page.is_enabled()
    except Exception:  # stale: the page was replaced
        return True
    return False


def type_into(browser, css, text):
    """Tab to a text box, select what it holds and type over it."""
    tab_to(browser, css)
    ActionChains(browser.driver).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).send_keys(text).perform()


def choose_radio(browser, name, value):
    """Tab into a radio group, then the arrow keys to the choice (which they tick on the way)."""
    tab_to(browser, f"input[name={name}]")
    press(browser, Keys.SPACE)
    for _ in range(12):
        if focus_matches(browser, f"input[name={name}][value={value}]"):
            return
        press(browser, Keys.ARROW_DOWN)
    raise AssertionError(f"no {name}={value} among the radio buttons")


def log_in_by_keyboard(browser, username):
    browser.visit(reverse("login"))
    skip = tab_to(browser, "a.tb-skip-link")
    assert skip.is_displayed(), "the skip link does not appear when it takes the focus"
    type_into(browser, "#id_username", username)
    type_into(browser, "#id_password", PASSWORD)
    enter_and_wait(browser)
    assert not browser.path.startswith(reverse("login")), browser.text("main")


def test_the_skip_link_comes_first_and_leads_to_the_content(office, open_browser):
    desk = open_browser("staff", "desktop")
    log_in_by_keyboard(desk, "staff_a")
    press(desk, Keys.TAB)
    assert focus_matches(desk, "a.tb-skip-link"), "the skip link is not the first stop"
    press(desk, Keys.ENTER)
    assert focus_matches(desk, "main#main")
    press(desk, Keys.TAB)
    assert desk.driver.execute_script("return document.querySelector('main').contains(document.activeElement)"), (
        "after the skip link, Tab does not go on inside the content"
    )


def test_a_menu_opens_walks_and_closes_with_the_keys_and_gives_the_focus_back(office, open_browser):
    desk = open_browser("staff", "desktop")
    log_in_by_keyboard(desk, "staff_a")
    toggle = tab_to(desk, "#main-nav .dropdown-toggle")
    press(desk, Keys.ENTER)
    menu = desk.find("#main-nav .dropdown-menu.show")
    assert toggle.get_attribute("aria-expanded") == "true"
    press(desk, Keys.ARROW_DOWN)
    assert focus_matches(desk, ".dropdown-menu.show .dropdown-item"), "the arrow keys do not enter the menu"
    press(desk, Keys.ESCAPE)
    assert not menu.is_displayed() and toggle.get_attribute("aria-expanded") == "false"
    assert focused(desk) == toggle, "Escape does not give the focus back to the menu's button"


def test_on_a_phone_the_menu_button_opens_the_menu_and_keeps_the_focus(office, open_browser):
    phone = open_browser("staff", "phone")
    log_in_by_keyboard(phone, "staff_a")
    toggler = tab_to(phone, ".navbar-toggler")
    press(phone, Keys.ENTER)
    phone.find("#main-nav.show")
    assert toggler.get_attribute("aria-expanded") == "true" and focused(phone) == toggler
    tab_to(phone, f"#main-nav a[href='{reverse('services:log-choose')}']")
    tab_to(phone, ".navbar-toggler", backwards=True)
    press(phone, Keys.ENTER)
    phone.wait().until(lambda driver: toggler.get_attribute("aria-expanded") == "false")
    assert focused(phone) == toggler


def test_a_visit_is_logged_and_approved_with_the_keyboard_alone(office, open_browser):
    staff = open_browser("staff", "desktop")
    log_in_by_keyboard(staff, "staff_a")
    tab_to(staff, f"nav a[href='{reverse('services:log-choose')}']")
    enter_and_wait(staff)
    tab_to(staff, f"a.tb-log-choice[href='{reverse('services:record-log', args=['service'])}']")
    enter_and_wait(staff)
    choose_radio(staff, "kind", ServiceKind.DOOR_TO_DOOR)
    type_into(staff, "input[name=hours]", "2")
    type_into(staff, "input[name=persons_sent]", "3")
    choose_radio(staff, "reason", "special_group")
    type_into(staff, "input[name=served_name]", "张大爷")
    tab_to(staff, "form.tb-record-form button[type=submit]")
    staff.screenshot("form-filled")
    enter_and_wait(staff)
    assert staff.path == reverse("services:my-records"), staff.text("main")
    record = ServiceRecord.objects.get()
    assert (record.kind, record.hours, record.served_name) == (ServiceKind.DOOR_TO_DOOR, 2, "张大爷")

    desk = open_browser("secretary", "desktop")
    log_in_by_keyboard(desk, "secretary_a")
    tab_to(desk, f"nav a[href='{reverse('services:review-queue')}']")
    enter_and_wait(desk)
    tab_to(desk, f"input.tb-check[value^='service:{record.pk}:']")
    press(desk, Keys.SPACE)
    tab_to(desk, "button[name=decision][value=approve]")
    desk.screenshot("record-ticked")
    enter_and_wait(desk)
    assert "已通过 1 条记录。" in desk.text(".alert-success")
    record.refresh_from_db()
    assert (record.status, record.reviewed_by) == (ReviewStatus.APPROVED, office.users["secretary_a"])


@pytest.mark.parametrize("page", ["dashboard", "services:review-queue", "branches:lecture-check-in"])
def test_tab_goes_through_the_whole_page_and_out(office, open_browser, page):
    """From the skip link to the last control and on to the browser: no element keeps the focus."""
    desk = open_browser("secretary", "desktop")
    log_in_by_keyboard(desk, "secretary_a")
    desk.visit(reverse(page))
    stops = []
    for _ in range(MOST_TABS):
        press(desk, Keys.TAB)
        if desk.driver.execute_script("return document.activeElement === document.body") and stops:
            break  # past the last control
        state = desk.driver.execute_script(FOCUS_SHOWN)
        assert state["shown"], f"{page}: the focus is not shown on {state['html']}"
        stops.append(focused(desk).id)
    else:
        raise AssertionError(f"{page}: Tab never left the page in {MOST_TABS} presses")
    passed = [stop for index, stop in enumerate(stops) if index == 0 or stop != stops[index - 1]]  # a date box's parts
    assert len(passed) == len(set(passed)), f"{page}: Tab came back to an element before leaving the page"


def test_a_long_list_that_scrolls_takes_the_focus_and_stays_a_list(office, open_browser):
    """A lecture's register of 40 people scrolls inside its card: Tab reaches it (so the arrow keys
    scroll it), it is named after its card and is still read as a list."""
    lecture = LectureFactory(branch=office.branch_a)
    for person in PersonFactory.create_batch(40, branch=office.branch_a):
        LectureAttendanceFactory(lecture=lecture, person=person)
    desk = open_browser("secretary", "desktop")
    log_in_by_keyboard(desk, "secretary_a")
    desk.visit(reverse("branches:lecture-detail", args=[lecture.pk]))
    register = tab_to(desk, "ul.tb-scroll")
    assert register.get_attribute("role") is None, "the list lost its role"
    assert register.get_attribute("aria-label").startswith("签到名册")
    before = desk.driver.execute_script("return arguments[0].scrollTop", register)
    press(desk, Keys.PAGE_DOWN)
    desk.wait(3).until(lambda driver: driver.execute_script("return arguments[0].scrollTop", register) > before,
                       "the keys do not scroll it")
