"""A record's card and status badge, as the review queue, "my records" and a record's page show them."""

from django import template

from services.records.actions import is_author, may_review
from services.records.kinds import KINDS
from services.records.models import ReviewStatus

register = template.Library()

BADGES = {
    ReviewStatus.APPROVED: ("text-bg-success", "bi-check-circle"),
    ReviewStatus.RETURNED: ("text-bg-danger", "bi-arrow-counterclockwise"),
}
WAITING_BADGE = ("text-bg-warning", "bi-hourglass-split")


@register.inclusion_tag("records/includes/status_badge.html")
def status_badge(record):
    """The record's review status as a coloured badge."""
    css, icon = BADGES.get(record.status, WAITING_BADGE)
    return {"record": record, "css": css, "icon": icon}


@register.inclusion_tag("records/includes/record_card.html", takes_context=True)
def record_card(context, record, *, selectable=False, show_person=False):
    """A record as a line of a timeline: its summary (linked), status, kind, date and review comment.

    ``selectable``: with a checkbox for the review queue's bulk form, offered only where the user
    may review the record now (services.records.actions.may_review: never for its authors).
    ``show_person``: with the person and branch; otherwise a returned record offers to be
    corrected (the owner's view).
    """
    user = context["request"].user
    reviewable = selectable and may_review(user, record)
    css, icon = BADGES.get(record.status, WAITING_BADGE)
    return {
        "record": record,
        "kind": KINDS[record.slug],
        "selectable": selectable,
        "may_tick": reviewable and record.is_waiting,
        "own": selectable and record.is_waiting and is_author(user, record),
        "show_person": show_person,
        "css": css,
        "icon": icon,
    }

