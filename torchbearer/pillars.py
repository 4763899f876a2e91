"""The figures behind the pillar pages, computed in SQL from the apps' records."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, OuterRef, Q, Sum
from django.utils import timezone

from branches import passing_on, ratings, selectors
from branches.queries import count_of
from branches.models import (
    Branch,
    BranchBrand,
    DevelopmentStep,
    GroupKind,
    Honour,
    HonourLevel,
    Lecture,
    Mentorship,
    MentorshipSession,
    MentorshipStatus,
    PartyGroup,
    Person,
    ServicePledge,
    Studio,
    StudioMilestone,
)
from services import figures


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
    """Lectures held, speakers, attendances and the average score of a year: two queries, the
    attendances and scores summed from the counts each lecture keeps (branches.lecture_counts)."""
    lectures = lectures_of_year(year, branch=branch)
    figures = lectures.aggregate(held=Count("pk", distinct=True), speakers=Count("speakers", distinct=True))
    counts = lectures.aggregate(
        attendances=Sum("attendance_count", default=0),
        scores=Sum("feedback_count", default=0),
        score_total=Sum("feedback_total", default=0),
    )
    average = counts.pop("score_total") / counts["scores"] if counts["scores"] else None
    return {**figures, **counts, "average": average}


def lectures_of_year(year, *, branch=None):
    lectures = Lecture.objects.in_year(year)
    return lectures if branch is None else lectures.filter(branch=branch)


def pairs_of_year(year, *, branch=None):
    """The mentor pairs that ran at some time in ``year`` (and optionally mentored a branch's member)."""
    pairs = Mentorship.objects.active_between(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    return pairs if branch is None else pairs.filter(mentee__branch=branch)


def mentoring_figures(year, *, branch=None):
    pairs = Mentorship.objects.all()
    if branch is not None:
        pairs = pairs.filter(mentee__branch=branch)
    in_year = pairs_of_year(year, branch=branch)
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
    pairs = Mentorship.objects.visible_to(user).active_between(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    if branch is not None:
        pairs = pairs.filter(mentee__branch=branch)
    return list(
        pairs.select_related("mentor", "mentee", "mentee__branch")
        .annotate(session_count=count_of(MentorshipSession.objects.filter(mentorship=OuterRef("pk"))))
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


def brand_results(branch, year):
    """What a branch's brand has to show for a year: service, deeds, party days, the problem loop,
    lectures, demonstration posts and pledges, each from approved records, in ten queries."""
    return {
        "service": figures.service_figures(year, branch=branch),
        "deeds": figures.deed_figures(year, branch=branch),
        "activities": figures.activity_figures(year, branch=branch),
        "problems": figures.problem_figures(year, branch=branch),
        "lectures": Lecture.objects.in_year(year).filter(branch=branch).count(),
        "posts": ratings.selected_counts(year, branch=branch),
        "pledges": ServicePledge.objects.filter(person__branch=branch, year=year).count(),
    }


def coverage_day(year, today=None):
    """The day a year's coverage is read on: its last day, or today for the current year."""
    today = today or timezone.localdate()
    return min(today, datetime.date(year, 12, 31))


LEAD_BRANDS_SHOWN = 8
LEAD_SELECTED_SHOWN = 6
LEAD_HONOURS_SHOWN = 8


def lead_figures(year, *, branch=None, today=None):
    """领跑 Lead: the organisation, window coverage, brands, pledges, demonstration posts,
    membership development and honours of a year (and a branch), in a fixed number of queries."""
    today = today or timezone.localdate()
    branch_ids = [branch.pk] if branch is not None else None
    groups, people = PartyGroup.objects.all(), Person.objects.filter(is_active=True)
    pledges, brands = ServicePledge.objects.filter(year=year), BranchBrand.objects.all()
    if branch is not None:
        groups, people = groups.filter(branch=branch), people.filter(branch=branch)
        pledges, brands = pledges.filter(person__branch=branch), brands.filter(branch=branch)
    group_counts = dict(groups.order_by().values_list("kind").annotate(n=Count("pk")))
    organisation = selectors.head_counts(people)
    organisation["branches"] = Branch.objects.count() if branch is None else 1
    organisation["groups"] = sum(group_counts.values())
    organisation["groups_by_kind"] = [(kind, group_counts.get(kind.value, 0)) for kind in GroupKind]
    pledge_counts = pledges.aggregate(made=Count("pk"), displayed=Count("pk", filter=Q(displayed=True)))
    members = organisation["party_members"]
    pledge_counts["percent"] = round(100 * pledge_counts["made"] / members, 1) if members else None
    honours = Honour.objects.select_related("committee", "branch", "person")
    if branch is not None:
        honours = honours.filter(Q(branch=branch) | Q(person__branch=branch))
    return {
        "organisation": organisation,
        "coverage": selectors.coverage_summary(on=coverage_day(year, today), branch=branch),
        "brands": list(brands.select_related("branch").order_by("branch__number")[:LEAD_BRANDS_SHOWN]),
        "brand_count": brands.count(),
        "pledges": pledge_counts,
        "posts": ratings.selected_counts(year, branch=branch),
        "latest_selected": list(ratings.wall(year=year, branch=branch)[:LEAD_SELECTED_SHOWN]),
        "stages": DevelopmentStep.STAGES,
        "development": selectors.development_counts(branch_ids, year=year),
        "in_development": selectors.people_by_status(branch_ids),
        "due": people.filter(selectors.due_for_next_step_q(today)).count(),
        # one more than shown, to know whether to link to the rest (a province has hundreds a year)
        "honours": list(honours.filter(year=year).order_by("level", "title", "pk")[: LEAD_HONOURS_SHOWN + 1]),
        "honours_by_level": _honours_by_level(honours),
    }


def _honours_by_level(honours):
    counts = dict(honours.order_by().values_list("level").annotate(n=Count("pk")))
    return [(level, counts.get(level.value, 0)) for level in HonourLevel]
