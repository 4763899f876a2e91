"""A record's card and status badge, written in Python.

The review queue and "my records" show 25 cards of a dozen template tags and variables each,
which took 13 ms of the queue's page; as Django's admin writes the rows of its change lists, each
card here is a few ``format_html``.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from branches.paths import object_path
from services.kinds import KINDS
from services.models import ReviewStatus

register = template.Library()

BADGES = {
    ReviewStatus.APPROVED: ("text-bg-success", "bi-check-circle"),
    ReviewStatus.RETURNED: ("text-bg-danger", "bi-arrow-counterclockwise"),
}
WAITING_BADGE = ("text-bg-warning", "bi-hourglass-split")

CARD = (
    '<div class="list-group-item tb-record-card py-3{returned}"><div class="d-flex gap-3 align-items-start">'
    '{checkbox}<i class="bi {icon} fs-4 text-body-secondary" aria-hidden="true"></i><div class="flex-grow-1 min-w-0">'
    '<div class="d-flex flex-wrap justify-content-between gap-1"><a class="fw-semibold text-break" href="{url}">{summary}</a>'
    '<span class="d-flex gap-1">{own}{badge}</span></div>'
    '<div class="small text-body-secondary">{about}</div>{comment}{correct}</div></div></div>'
)


@register.simple_tag
def status_badge(record):
    """The record's review status as a coloured badge."""
    css, icon = BADGES.get(record.status, WAITING_BADGE)
    return format_html('<span class="badge {}"><i class="bi {}"></i> {}</span>', css, icon, record.get_status_display())


@register.simple_tag
def record_card(record, *, selectable=False, show_person=False, person_id=None):
    """A record as a line of a timeline: its summary (linked), status, kind, date and review comment.

    ``selectable``: with a checkbox for the review queue's bulk form, disabled for the reviewer's own
    records (``person_id``) and for records not waiting. ``show_person``: with the person and branch;
    otherwise a returned record offers to be corrected (the owner's view).
    """
    kind = KINDS[record.slug]
    returned = record.status == ReviewStatus.RETURNED
    own = selectable and record.person_id == person_id
    checkbox = own_badge = comment = correct = ""
    if selectable:
        checkbox = format_html(
            '<input class="form-check-input tb-check mt-1" type="checkbox" name="records" value="{}:{}" '
            'form="bulk-review" aria-label="{}"{}>',
            record.slug,
            record.pk,
            _("Select"),
            " disabled" if own or record.status != ReviewStatus.SUBMITTED else "",
        )
    if own:
        own_badge = format_html('<span class="badge text-bg-light border">{}</span>', _("Your own: another reviewer approves it"))
    about = [str(kind.label), record.date.strftime("%Y-%m-%d")]
    if show_person:
        about += [record.person.name, record.branch.name]
    if record.review_comment:
        comment = format_html(
            '<div class="small mt-1{}"><i class="bi bi-chat-left-text"></i> {}</div>',
            " text-danger" if returned else "",
            record.review_comment,
        )
    if returned and not show_person:
        correct = format_html(
            '<a class="btn btn-sm btn-outline-danger mt-2" href="{}"><i class="bi bi-pencil"></i> {}</a>',
            object_path("services:record-edit", record.pk, record.slug),
            _("Correct and resubmit"),
        )
    return format_html(
        CARD,
        returned=" tb-record-returned" if returned else "",
        checkbox=checkbox,
        icon=kind.icon,
        url=record.get_absolute_url(),
        summary=record.summary(),
        own=own_badge,
        badge=status_badge(record),
        about=" · ".join(about),
        comment=comment,
        correct=correct,
    )
