"""A record's card and status badge, written in Python.

The review queue and "my records" show 25 cards of a dozen template tags and variables each,
which took 13 ms of the queue's page. As QuickSelect writes its options (branches.fields), a card
joins plain strings, each text escaped by the standard library's ``html.escape`` (which Django's
``escape`` wraps).
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe
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


@register.simple_tag
def status_badge(record):
    """The record's review status as a coloured badge."""
    css, icon = BADGES.get(record.status, WAITING_BADGE)
    return mark_safe(f'<span class="badge {css}"><i class="bi {icon}"></i> {escape(record.get_status_display())}</span>')  # noqa: S308


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
        disabled = " disabled" if own or record.status != ReviewStatus.SUBMITTED else ""
        checkbox = (
            f'<input class="form-check-input tb-check mt-1" type="checkbox" name="records" value="{record.slug}:{record.pk}" '
            f'form="bulk-review" aria-label="{escape(_("Select"))}"{disabled}>'
        )
    if own:
        own_badge = f'<span class="badge text-bg-light border">{escape(_("Your own: another reviewer approves it"))}</span>'
    about = [str(kind.label), f"{record.date:%Y-%m-%d}"]
    if show_person:
        about += [record.person.name, record.branch.name]
    if record.review_comment:
        danger = " text-danger" if returned else ""
        comment = f'<div class="small mt-1{danger}"><i class="bi bi-chat-left-text"></i> {escape(record.review_comment)}</div>'
    if returned and not show_person:
        edit = object_path("services:record-edit", record.pk, record.slug)
        correct = (
            f'<a class="btn btn-sm btn-outline-danger mt-2" href="{escape(edit)}"><i class="bi bi-pencil"></i> '
            f"{escape(_('Correct and resubmit'))}</a>"
        )
    return mark_safe(  # noqa: S308 (every text escaped here)
        f'<div class="list-group-item tb-record-card py-3{" tb-record-returned" if returned else ""}">'
        f'<div class="d-flex gap-3 align-items-start">{checkbox}'
        f'<i class="bi {kind.icon} fs-4 text-body-secondary" aria-hidden="true"></i><div class="flex-grow-1 min-w-0">'
        f'<div class="d-flex flex-wrap justify-content-between gap-1">'
        f'<a class="fw-semibold text-break" href="{escape(record.get_absolute_url())}">{escape(record.summary())}</a>'
        f'<span class="d-flex gap-1">{own_badge}{status_badge(record)}</span></div>'
        f'<div class="small text-body-secondary">{escape(" · ".join(about))}</div>{comment}{correct}</div></div></div>'
    )
