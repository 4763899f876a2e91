"""Fixtures of the real-browser tests: headless Chromium against pytest-django's live server.

Without Chromium and chromedriver (a developer's laptop) the tests skip and say why; with
``TORCHBEARER_BROWSER_TESTS=required`` (CI) they fail instead, so CI cannot pass silently
without them. Every browser's console is checked when its test ends: a Content Security Policy
violation or a JavaScript error on any page visited fails the test.
"""

import os
from pathlib import Path

import pytest

from tests.app.access_matrix import build_world
from tests.browser.browser import (
    CHROMEDRIVER,
    CHROMIUM,
    Browser,
    Screenshots,
    start_chromium,
)
from tests.conftest import build_office

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so the fixture knows whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def chromium():
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if missing:
        reason = (
            f"Browser tests need Chromium and chromedriver; missing: {', '.join(missing)} "
            "(Debian: apt-get install chromium chromium-driver)"
        )
        if os.environ.get("TORCHBEARER_BROWSER_TESTS") == "required":
            pytest.fail(f"{reason}; TORCHBEARER_BROWSER_TESTS=required", pytrace=False)
        pytest.skip(reason)


@pytest.fixture
def office(transactional_db):
    """The shared office, committed, so that the live server's requests see it."""
    return build_office()


@pytest.fixture
def world(transactional_db, media_root):
    """The access matrix's world (tests/app/access_matrix.py), committed: every kind of object."""
    return build_world()


@pytest.fixture
def open_browser(chromium, live_server, media_root, tmp_path, request):
    """``open_browser("staff", "phone")`` starts a Chromium with a phone (or "desktop") viewport.

    Each browser has its own profile, cookies and download folder (``browser.download_dir``).
    Screenshots go to ``var/screenshots/<test name>/``; a failed test leaves one more of each
    browser's last page.
    """
    screenshots = Screenshots(SCREENSHOTS / request.node.name.removeprefix("test_"))
    browsers = []

    def open_one(name, viewport):
        profile_dir = tmp_path / f"profile-{name}"
        download_dir = tmp_path / f"downloads-{name}"
        download_dir.mkdir()
        browser = Browser(
            start_chromium(viewport, profile_dir=profile_dir, download_dir=download_dir),
            name=name,
            base_url=live_server.url,
            screenshots=screenshots,
            download_dir=download_dir,
        )
        browsers.append(browser)
        return browser

    yield open_one

    call = getattr(request.node, "report_call", None)
    problems = []
    try:
        for browser in browsers:
            if call is not None and call.failed:
                browser.screenshot("failed")
            problems.extend(browser.console_problems())
    finally:
        for browser in browsers:
            browser.driver.quit()
    assert not problems, "The browser console reported problems:\n" + "\n".join(problems)
