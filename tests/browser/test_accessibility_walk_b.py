"""The other half of the roles of test_accessibility_walk_a.py (which says what the walk checks)."""

import pytest

from tests.browser.accessibility import walk

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("column", ["sec_a", "staff", "member"])
def test_every_page_passes_axe(column, world, open_browser, tally):
    found = walk(world, open_browser(column, "desktop"), column, tally)
    assert found.pages, f"{column} opens no page"
    assert not found.problems, "\n".join(found.problems)
