"""The calendar's lecture lines, one ``format_html`` each: a year's calendar shows a hundred, and a
template included per line would weigh on the page (docs/PERFORMANCE.md)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

LINE = (
    '<div class="d-flex gap-2 align-items-start">'
    '<div class="text-center flex-shrink-0" style="min-width: 3rem">'
    '<div class="fw-semibold">{}</div><div class="small text-body-secondary">{}</div></div>'
    '<div class="min-w-0"><a class="fw-semibold text-break" href="{}">{}</a>{}'
    '<div class="small text-body-secondary">{}</div></div></div>'
)
ATTENDED = '<span class="badge text-bg-success ms-1" title="{}"><i class="bi bi-check-lg"></i> {}</span>'


@register.simple_tag
def lecture_line(lecture, attended):
    """A lecture's date and time, topic (linked), whether the user attended, theme, organiser and
    speakers; ``attended`` holds the ids of the lectures the user attended."""
    about = [str(lecture.get_theme_display()), lecture.branch.name if lecture.branch_id else _("Party committee")]
    if lecture.speaker_list:
        about.append("、".join(speaker.name for speaker in lecture.speaker_list))
    badge = format_html(ATTENDED, _("You attended"), _("Attended")) if lecture.pk in attended else ""
    return format_html(
        LINE,
        f"{lecture.date:%m-%d}",
        f"{lecture.starts_at:%H:%M}",
        lecture.get_absolute_url(),
        lecture.topic,
        badge,
        " · ".join(about),
    )
