"""axe-core over every page of the access matrix, as every role that may open it, at 1366 px (an
office PC) and at 375 px (a phone, where no page may scroll sideways). The machinery, and what is
left out with why: tests/browser/accessibility.py. The roles are walked in two files, this one and
test_accessibility_walk_b.py, so that pytest-xdist runs the halves side by side."""

import pytest

from tests.app.test_access_matrix import MATRIX
from tests.browser.accessibility import ALLOWED, NOT_PAGES, walk

pytestmark = pytest.mark.browser


def test_what_the_walk_leaves_out_is_in_the_matrix():
    assert set(NOT_PAGES) <= set(MATRIX), sorted(set(NOT_PAGES) - set(MATRIX))
    assert {key for _, key in ALLOWED} <= set(MATRIX), sorted({key for _, key in ALLOWED} - set(MATRIX))


@pytest.mark.parametrize("column", ["admin", "sec_b", "leader", "anon"])
def test_every_page_passes_axe(column, world, open_browser, tally):
    found = walk(world, open_browser(column, "desktop"), column, tally)
    assert found.pages, f"{column} opens no page"
    assert not found.problems, "\n".join(found.problems)
