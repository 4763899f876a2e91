"""The console watch that every browser test relies on notices what it is there to notice.

The other browser tests pass only while no page they visit reports a Content Security Policy
violation or a JavaScript error (the ``open_browser`` fixture checks when the test ends). These
tests break a page on purpose and look for the report, so that a silent console (a changed
logging capability, a policy no longer sent) cannot make those checks pass without looking.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser


def problems_soon(browser):
    """The console's problems, once there is at least one (the browser reports asynchronously)."""
    return browser.wait().until(lambda driver: browser.console_problems(), "the console reported nothing")


def test_it_notices_a_content_security_policy_violation(open_browser):
    browser = open_browser("anonymous", "phone")
    browser.visit(reverse("login"))
    browser.driver.execute_script(
        "var script = document.createElement('script');"
        "script.textContent = 'document.title = \"inline\"';"
        "document.body.appendChild(script);"
    )
    problems = problems_soon(browser)
    assert any("Content Security Policy" in problem for problem in problems), problems
    assert browser.driver.title != "inline"  # the policy blocked it, too
    browser.console.clear()


def test_it_notices_a_javascript_error(open_browser):
    browser = open_browser("anonymous", "phone")
    browser.visit(reverse("login"))
    browser.driver.execute_script("setTimeout(function () { throw new Error('deliberate'); });")
    problems = problems_soon(browser)
    assert any("deliberate" in problem for problem in problems), problems
    browser.console.clear()
