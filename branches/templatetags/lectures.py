"""The calendar's lecture lines, written in Python.

A year's calendar shows six lectures of each month and, with a month open, thirty more: a hundred
lines of a dozen template tags and variables each took 25 ms of the page, and ``format_html``
per line still 8. As QuickSelect writes its options (branches.fields), the lines join plain
strings, each text escaped by the standard library's ``html.escape`` (which Django's ``escape``
wraps).
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def lecture_line(lecture, attended):
    """A lecture's date and time, topic (linked), whether the user attended, theme, organiser and
    speakers; ``attended`` holds the ids of the lectures the user attended."""
    about = [str(lecture.get_theme_display()), lecture.branch.name if lecture.branch_id else _("Party committee")]
    if lecture.speaker_list:
        about.append("、".join(speaker.name for speaker in lecture.speaker_list))
    badge = ""
    if lecture.pk in attended:
        badge = (
            f'<span class="badge text-bg-success ms-1" title="{escape(_("You attended"))}">'
            f'<i class="bi bi-check-lg"></i> {escape(_("Attended"))}</span>'
        )
    return mark_safe(  # noqa: S308 (every text escaped here)
        '<div class="d-flex gap-2 align-items-start">'
        '<div class="text-center flex-shrink-0" style="min-width: 3rem">'
        f'<div class="fw-semibold">{lecture.date:%m-%d}</div>'
        f'<div class="small text-body-secondary">{lecture.starts_at:%H:%M}</div></div>'
        f'<div class="min-w-0"><a class="fw-semibold text-break" href="{escape(lecture.get_absolute_url())}">'
        f"{escape(lecture.topic)}</a>{badge}"
        f'<div class="small text-body-secondary">{escape(" · ".join(about))}</div></div></div>'
    )
