"""The figures behind the pillar pages, computed in SQL from the apps' records."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone

from branches import passing_on
from branches.models import (
    Lecture,
    LectureAttendance,
    LectureFeedback,
    Mentorship,
    MentorshipSession,
    MentorshipStatus,
    Studio,
    StudioMilestone,
)


@dataclass
class Month:
    number: int
    lectures: int
    flagged: bool  # a month that has passed without a lecture


def lecture_calendar(year, *, branch=None, today=None):
    """Lectures per month of the year; a past month without any lecture is flagged."""
    lectures = Lecture.objects.all() if branch is None else Lecture.objects.filter(branch=branch)
    return [
        Month(month.number, month.count, month.flagged)
        for month in passing_on.calendar_months(lectures, year, today=today)
    ]


def lecture_figures(year, *, branch=None):
    lectures = Lecture.objects.in_year(year)
    if branch is not None:
        lectures = lectures.filter(branch=branch)
    figures = lectures.aggregate(held=Count("pk", distinct=True), speakers=Count("speakers", distinct=True))
    attendance = LectureAttendance.objects.filter(lecture__in=lectures.values("pk")).aggregate(
        attendances=Count("pk"), attendees=Count("person", distinct=True)
    )
    feedback = LectureFeedback.objects.filter(lecture__in=lectures.values("pk")).aggregate(
        average=Avg("score"), scores=Count("pk")
    )
    return {**figures, **attendance, **feedback}


def mentoring_figures(year, *, branch=None):
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    pairs = Mentorship.objects.all()
    if branch is not None:
        pairs = pairs.filter(mentee__branch=branch)
    in_year = pairs.filter(Q(starts_on__lte=end), Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    figures = in_year.aggregate(
        pairs=Count("pk"),
        old_with_new=Count("pk", filter=Q(kind="old_with_new")),
        experienced_with_young=Count("pk", filter=Q(kind="experienced_with_young")),
        completed=Count("pk", filter=Q(status=MentorshipStatus.COMPLETED, ended_on__year=year)),
    )
    sessions = MentorshipSession.objects.filter(mentorship__in=pairs.values("pk"), date__year=year).aggregate(
        sessions=Count("pk"), hours=Sum("hours")
    )
    return {**figures, **sessions}


def pairs_for_page(user, year, *, branch=None, limit=12):
    """The pairs of the year the user may see, with their session counts: one query."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    pairs = Mentorship.objects.visible_to(user).filter(
        Q(starts_on__lte=end), Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )
    if branch is not None:
        pairs = pairs.filter(mentee__branch=branch)
    return list(
        pairs.select_related("mentor", "mentee", "mentee__branch")
        .annotate(session_count=Count("sessions"))
        .order_by("status", "-starts_on")[:limit]
    )


def studios_for_page(year, *, branch=None):
    """Each studio with its open cases, cases closed in the year and the year's milestones."""
    studios = Studio.objects.select_related("leader").annotate(
        open_cases=Count("cases", filter=Q(cases__status="open"), distinct=True),
        closed_in_year=Count("cases", filter=Q(cases__closed_on__year=year), distinct=True),
        opened_in_year=Count("cases", filter=Q(cases__opened_on__year=year), distinct=True),
    )
    if branch is not None:
        studios = studios.filter(leader__branch=branch)
    studios = list(studios)
    milestones = {}
    for milestone in StudioMilestone.objects.filter(studio__in=[s.pk for s in studios], date__year=year):
        milestones.setdefault(milestone.studio_id, []).append(milestone)
    for studio in studios:
        studio.year_milestones = milestones.get(studio.pk, [])
    return studios


FIRST_YEAR = 2015  # the hall's brand work began around then (全国十佳行政服务大厅, 2015)


def years_with_data():
    """Years a page can show: from the brand's first year to this one, newest first (no query)."""
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


def record_filter_query(year, branch, **extra):
    """The record lists' query string for the approved records of a year (and branch)."""
    query = {"status": "approved", "date_from": f"{year}-01-01", "date_to": f"{year}-12-31", **extra}
    if branch is not None:
        query["branch"] = branch.pk
    return urlencode(query)
