"""The hall map's window cards, one ``format_html`` each: a page of the map shows 120 windows, and a
template included per card would weigh on the page (docs/PERFORMANCE.md)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

register = template.Library()

CARD = (
    '<div class="col"><div class="card h-100 tb-window {}"><div class="card-body p-2 small">'
    '<div class="fw-semibold">{} <span class="fw-normal">{}</span></div><div>{}</div><div>{}</div></div></div></div>'
)
GAP = '<span class="text-danger"><i class="bi bi-exclamation-triangle"></i> {}</span>'


@register.simple_tag
def window_cards(items):
    """A card for each window of ``items`` (``selectors.WindowCoverage``): its code and name, the
    branch covering it and the members whose zone holds it, gaps in red."""
    no_branch, no_zone = format_html(GAP, _("No branch")), format_html(GAP, _("No member's zone"))
    return format_html_join("", CARD, (_card(item, no_branch, no_zone) for item in items))


def _card(item, no_branch, no_zone):
    window = item.window
    if item.has_branch:
        branch = format_html('<i class="bi bi-flag"></i> {}', window.covering_branch)
    else:
        branch = no_branch
    if item.has_zone:
        members = format_html('<i class="bi bi-person-check"></i> {}', "、".join(item.zone_members))
    else:
        members = no_zone
    state = "tb-window-covered" if item.is_covered else "tb-window-gap"
    return state, window.code, window.name, branch, members
