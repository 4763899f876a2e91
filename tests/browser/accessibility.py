"""The machinery of the accessibility walk (test_accessibility_*.py): every page of the access
matrix (tests/app/test_access_matrix.py), as every role that may open it, checked by axe-core in
Chromium.

axe-core comes with selenium-axe-python (the maintained successor of axe-selenium-python, whose
axe-core is of 2018); nothing is downloaded at run time. A serious or critical violation fails
the walk; a moderate or minor one fails it too unless ``ALLOWED`` names it with why.

A page is in the walk because it is in the matrix, and the matrix fails on a URL pattern without
an entry: so a new page cannot escape an axe run. What the matrix lets a role open that is not an
HTML page (a download, JSON, a redirect for good) is in ``NOT_PAGES`` with why; the walk checks
that each of them really is no page, and that every other really is one.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.test import Client
from selenium_axe_python import Axe

from branches.people.actions import choose_large_text
from tests.app.access_matrix import ROLES
from tests.app.test_access_matrix import MATRIX, checks_of

#: axe's impact levels that fail a page whatever the reason.
FAILING = {"serious", "critical"}

#: The widths every page is checked at by axe: an office PC's screen and a phone's.
WIDTHS = {"desktop": (1366, 900), "phone": (375, 812)}
#: The office PC's screen zoomed to 200 % (WCAG 1.4.4): half as many CSS pixels, the page's own
#: text twice as large. Checked for sideways scrolling only (axe's findings do not change with zoom).
ZOOMED = (683, 450)
#: The narrowest screen on which the menu bar unfolds (templates/includes/navbar.html): its
#: entries must keep to one line there too.
UNFOLDS = (1200, 800)

#: Matrix entries a role may open that are not HTML pages, with why.
NOT_PAGES = {
    "healthz": "the load balancer's health check: JSON",
    "favicon": "the icon: a redirect for good to a static file",
    "annual-report-file": "the annual report's Word and Excel files",
    "media": "uploaded files: photos and lecture materials",
    "branches:prepared-file-download": "a prepared workbook",
    "branches:person-export": "the people list as a workbook",
    "branches:person-search": "the people pickers' search: JSON",
    "branches:roster-template": "the roster template: a workbook",
    "branches:lecture-material-download": "a lecture's material: the uploaded file",
    "services:record-export": "a record list as a workbook",
    "services:record-backfill-template": "the back-fill template: a workbook",
    "services:problem-export": "the problem list as a workbook",
    "services:satisfaction-template": "the satisfaction template: a workbook",
}

#: Moderate or minor violations left as they are: (axe rule, matrix key) → why.
ALLOWED = {}

RESULTS = Path(settings.BASE_DIR) / "var" / "accessibility"


@dataclass
class Walk:
    """What the walk of one role at one width found."""

    column: str
    pages: list = field(default_factory=list)  # (matrix key, path, width, {rule: impact})
    problems: list = field(default_factory=list)

    def save(self):
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / f"{self.column}.json"
        path.write_text(json.dumps({"pages": self.pages, "problems": self.problems}, ensure_ascii=False, indent=1))


def urls_of(world, column):
    """(matrix key, URL) of every GET the matrix answers "ok" for the role of ``column``."""
    index = [name for name, _ in ROLES].index(column)
    found = []
    for key in MATRIX:
        for check in checks_of(key):
            asked = [(check.method, check.answers)] + ([("GET", check.get)] if check.get else [])
            found += [(key, check.url(key, world)) for method, answers in asked
                      if method == "GET" and answers[index] == "ok"]
    return found


def pages_of(world, column, problems):
    """(matrix key, path) of the HTML pages the role opens, each once: a URL that redirects to a
    page already in the list (the login page, signed in) is not walked twice."""
    user = world.user(dict(ROLES)[column])
    client = Client()
    if user is not None:
        client.force_login(user)
    pages, seen = [], set()
    for key, url in urls_of(world, column):
        response = client.get(url, follow=True)
        is_page = response.status_code == 200 and response["Content-Type"].startswith("text/html")
        if is_page and key in NOT_PAGES:
            problems.append(f"{url} ({key}) is an HTML page: take it out of NOT_PAGES")
        elif not is_page and key not in NOT_PAGES:
            problems.append(f"{url} ({key}) answered {response.status_code} {response['Content-Type']}, "
                            "not a page: name it in NOT_PAGES with why")
        path = response.request["PATH_INFO"] + ("?" + response.request["QUERY_STRING"] if response.request.get("QUERY_STRING") else "")
        if is_page and path not in seen:
            seen.add(path)
            pages.append((key, path))
    return pages, user, client


def fits_the_width(driver):
    """No sideways scrolling of the page itself (WCAG 1.4.10); a wide table scrolls in its box."""
    return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")


#: The menu bar's entries that wrap onto a second line (a crowded bar squeezes them to one
#: character a line before it would scroll sideways).
MENU_WRAPS = """
return [...document.querySelectorAll(".tb-navbar .nav-link, .tb-navbar .navbar-brand")].filter((entry) => {
  const box = entry.getBoundingClientRect();
  const style = getComputedStyle(entry);
  const text = box.height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
  return box.width > 0 && text > 1.5 * parseFloat(style.lineHeight);
}).map((entry) => entry.textContent.trim());
"""


def menu_problems(driver, where):
    return [f"{where}: the menu bar wraps “{entry}”" for entry in driver.execute_script(MENU_WRAPS)]


def emulate(driver, width, height, *, phone):
    """Change the emulated screen without reloading the page, and wait for the frame after the
    page's resize handlers ran (static/js/torchbearer.js gives an overflowing table a tab stop)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": phone},
    )
    driver.execute_async_script("requestAnimationFrame(() => requestAnimationFrame(arguments[arguments.length - 1]))")


def with_axe(driver):
    """axe-core in every page the browser opens from now on, before the page's own scripts, so
    that it is not sent over WebDriver again for each page."""
    axe = Axe(driver)
    source = Path(axe.script_url).read_text(encoding="utf-8")
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": source})
    return axe


def sign_in(browser, client):
    """The browser takes the session of the test client (logged in with ``force_login``)."""
    browser.visit("/favicon.ico")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    browser.driver.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": cookie, "path": "/"})


def axe_problems(axe, key, where):
    """What axe finds wrong with the page as it is now: (the rule → impact of every violation,
    the failures)."""
    result = axe.run(options={"resultTypes": ["violations"]})
    impacts, problems = {}, []
    for violation in result["violations"]:
        impacts[violation["id"]] = violation["impact"]
        if violation["impact"] in FAILING or (violation["id"], key) not in ALLOWED:
            targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
            problems.append(f"{where}: {violation['impact']} {violation['id']}: {violation['help']} [{targets}]")
    return impacts, problems


def walk(world, browser, column, tally):
    """Every page of the role, loaded once and checked at 1366 px and at 375 px (where it must not
    scroll sideways either); what failed is in ``Walk.problems``."""
    found = Walk(column)
    pages, user, client = pages_of(world, column, found.problems)
    if user is not None:
        sign_in(browser, client)
    axe = with_axe(browser.driver)
    for key, path in pages:
        browser.visit(path)
        for name, (width, height) in WIDTHS.items():
            emulate(browser.driver, width, height, phone=name == "phone")
            impacts, problems = axe_problems(axe, key, f"{path} at {width} px")
            tally["axe-core runs (pages × roles × widths)"] += 1
            if not fits_the_width(browser.driver):
                problems.append(f"{path} at {width} px: the page scrolls sideways")
            problems += menu_problems(browser.driver, f"{path} at {width} px")
            found.problems += problems
            found.pages.append((key, path, width, impacts))
        emulate(browser.driver, *UNFOLDS, phone=False)
        found.problems += menu_problems(browser.driver, f"{path} at {UNFOLDS[0]} px")
        emulate(browser.driver, *ZOOMED, phone=False)
        if not fits_the_width(browser.driver):
            found.problems.append(f"{path} at 200 % zoom: the page scrolls sideways")
    found.save()
    return found


# -- Large text (长者模式) ------------------------------------------------------------------------------

#: The narrowest screen a page must fit without sideways scrolling (WCAG 1.4.10), and the widest
#: office PC's, where the menu bar unfolds in large text.
NARROWEST = (320, 640)
WIDEST = (1920, 1080)
#: Each page is opened in large text as the first of these roles that may open it.
LARGE_TEXT_ROLES = ["admin", "sec_a", "staff", "member", "leader", "sec_b", "anon"]

#: Pages that do not follow the viewer's large text, with why.
NOT_LARGE_TEXT = {
    "hall-display": "the hall's screen: nobody signs in on it, its text is sized to the screen it fills",
}

#: What a finger or an unsteady hand aims at; inline links in running text are exempt (WCAG 2.5.5).
TARGETS = (".btn, .btn-close, .form-control, .form-select, .nav-link, .dropdown-item, .page-link, .list-group-item-action, "
           ".navbar-toggler, .form-check, .tb-check, summary")

#: What is too small in large text: text under 18 px (every element's own text, not just the
#: body's) and targets under 44 px high.
LARGE_TEXT_FAULTS = """
const faults = [];
if (!document.documentElement.classList.contains("tb-large-text")) faults.push("large text is not on");
const shown = (element) => {
  const box = element.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && !element.closest(".visually-hidden, [hidden], .visually-hidden-focusable");
};
for (const element of document.body.querySelectorAll("*")) {
  const own = [...element.childNodes].some((node) => node.nodeType === 3 && node.textContent.trim());
  const size = parseFloat(getComputedStyle(element).fontSize);
  if (own && size < 18 - 0.05 && shown(element)) faults.push(`${size} px text: ${element.outerHTML.slice(0, 90)}`);
}
for (const element of document.querySelectorAll(arguments[0])) {
  const height = element.getBoundingClientRect().height;
  if (shown(element) && height < 44 - 0.5) faults.push(`${height.toFixed(1)} px high: ${element.outerHTML.slice(0, 90)}`);
}
return faults;
"""

#: The folded menu and its drop-downs, opened for measuring.
OPEN_THE_MENU = """
document.querySelectorAll("#main-nav, .tb-navbar .dropdown-menu").forEach((menu) => menu.classList.add("show"));
"""


def large_text_pages(world):
    """{column: [(matrix key, path)]}: every page once, as the first role of LARGE_TEXT_ROLES that
    opens it."""
    chosen, seen, problems = {}, set(), []
    for column in LARGE_TEXT_ROLES:
        pages, _, _ = pages_of(world, column, problems)
        chosen[column] = [(key, path) for key, path in pages if path not in seen]
        seen.update(path for _, path in pages)
    return chosen


def large_text_walk(world, browser, column, pages, tally):
    """The pages in large text at 320 px: axe, no sideways scrolling, text of 18 px or more and
    touch targets 44 px high."""
    found = Walk(f"large-text-{column}")
    user = world.user(dict(ROLES)[column])
    if user is not None:
        choose_large_text(user, True)
        client = Client()
        client.force_login(user)
        sign_in(browser, client)
    axe = with_axe(browser.driver)
    emulate(browser.driver, *NARROWEST, phone=True)
    for key, path in pages:
        browser.visit(path)
        impacts, problems = axe_problems(axe, key, f"{path} in large text at 320 px")
        tally["axe-core runs (pages × roles × widths)"] += 1
        if not fits_the_width(browser.driver):
            problems.append(f"{path} in large text at 320 px: the page scrolls sideways")
        if user is not None and key not in NOT_LARGE_TEXT:
            problems += [f"{path} in large text: {fault}" for fault in browser.driver.execute_script(LARGE_TEXT_FAULTS, TARGETS)]
        found.problems += problems
        found.pages.append((key, path, NARROWEST[0], impacts))
    if pages and user is not None:  # the menu is the role's on every page: once, opened, then on PCs
        browser.driver.execute_script(OPEN_THE_MENU)
        found.problems += [f"the menu in large text: {fault}" for fault in browser.driver.execute_script(LARGE_TEXT_FAULTS, TARGETS)]
        browser.visit(pages[-1][1])
        for width, height in (WIDTHS["desktop"], WIDEST):
            emulate(browser.driver, width, height, phone=False)
            found.problems += menu_problems(browser.driver, f"{pages[-1][1]} in large text at {width} px")
    found.save()
    return found
