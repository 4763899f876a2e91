"""The calendar's lecture lines, written in Python.

A year's calendar shows six lectures of each month and, with a month open, thirty more: a hundred
lines of a dozen template tags and variables each took 25 ms of the page. As Django's admin writes
the rows of its change lists, each line here is one ``format_html``.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

LINE = (
    '<div class="d-flex gap-2 align-items-start">'
    '<div class="text-center flex-shrink-0" style="min-width: 3rem">'
    '<div class="fw-semibold">{date}</div><div class="small text-body-secondary">{time}</div></div>'
    '<div class="min-w-0"><a class="fw-semibold text-break" href="{url}">{topic}</a>{badge}'
    '<div class="small text-body-secondary">{about}</div></div></div>'
)
ATTENDED = '<span class="badge text-bg-success ms-1" title="{}"><i class="bi bi-check-lg"></i> {}</span>'


@register.simple_tag
def lecture_line(lecture, attended):
    """A lecture's date and time, topic (linked), whether the user attended, theme, organiser and
    speakers; ``attended`` holds the ids of the lectures the user attended."""
    about = [lecture.get_theme_display(), lecture.branch.name if lecture.branch_id else _("Party committee")]
    if lecture.speaker_list:
        about.append("、".join(speaker.name for speaker in lecture.speaker_list))
    return format_html(
        LINE,
        date=lecture.date.strftime("%m-%d"),
        time=lecture.starts_at.strftime("%H:%M"),
        url=lecture.get_absolute_url(),
        topic=lecture.topic,
        badge=format_html(ATTENDED, _("You attended"), _("Attended")) if lecture.pk in attended else "",
        about=" · ".join(about),
    )
