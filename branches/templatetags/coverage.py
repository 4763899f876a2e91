"""The hall map's window cards, written in Python.

A page of the map shows 120 windows; through the template, each card's tags and variables took
10 ms of the page, and ``format_html`` per card still 5. As QuickSelect writes its options
(branches.fields), the cards join plain strings, each text escaped by the standard library's
``html.escape`` (which Django's ``escape`` wraps).
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

GAP = '<span class="text-danger"><i class="bi bi-exclamation-triangle"></i> {}</span>'


@register.simple_tag
def window_cards(items):
    """A card for each window of ``items`` (``selectors.WindowCoverage``): its code and name, the
    branch covering it and the members whose zone holds it, gaps in red."""
    no_branch, no_zone = GAP.format(escape(_("No branch"))), GAP.format(escape(_("No member's zone")))
    cards = []
    for item in items:
        window = item.window
        state = "tb-window-covered" if item.is_covered else "tb-window-gap"
        branch = f'<i class="bi bi-flag"></i> {escape(str(window.covering_branch))}' if item.has_branch else no_branch
        members = f'<i class="bi bi-person-check"></i> {escape("、".join(item.zone_members))}' if item.has_zone else no_zone
        cards.append(
            f'<div class="col"><div class="card h-100 tb-window {state}"><div class="card-body p-2 small">'
            f'<div class="fw-semibold">{escape(window.code)} <span class="fw-normal">{escape(window.name)}</span></div>'
            f"<div>{branch}</div><div>{members}</div></div></div></div>"
        )
    return mark_safe("".join(cards))  # noqa: S308 (every text escaped above)
