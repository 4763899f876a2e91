"""What each role's dashboard shows, built on the apps' selectors."""

from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.utils import timezone

from branches import selectors
from branches.queries import counts_by_branch
from branches.models import Branch, DevelopmentStep, Honour, Lecture, Mentorship, Person, PoliticalStatus
from services import figures as service_figures
from services import selectors as service_selectors
from services.models import PracticalDeed, ServiceRecord


BRANCHES_PER_PAGE = 20


def committee_dashboard(*, year, quarter=None, page_number=None):
    """Every branch side by side, a page of branches at a time (a province has a thousand), with
    the committee's totals over all of them."""
    branches = Branch.objects.select_related("brand", "committee").order_by("number", "pk")
    page = Paginator(branches, BRANCHES_PER_PAGE).get_page(page_number)
    shown = list(page.object_list)
    coverage = selectors.coverage_summary()
    return {
        "page": page,
        "service_rows": service_by_branch(shown, year=year, quarter=quarter),
        "trend": service_figures.monthly_trend(year),
        "figures": selectors.branch_figures(shown, year=year, refresh_coverage=False),
        "totals": selectors.organisation_totals(year=year, coverage=coverage),
        "coverage": coverage,
        "development": selectors.development_counts(None, year=year),
        "stages": DevelopmentStep.STAGES,
        "honours": Honour.objects.select_related("committee", "branch", "person").order_by("-year", "title")[:8],
    }


def branch_dashboard(branch_id, *, year, quarter=None):
    branch = Branch.objects.select_related("brand", "committee").get(pk=branch_id)
    summary = selectors.coverage_summary(branch=branch)
    figures = selectors.branch_figures([branch], year=year, refresh_coverage=False)[0]
    quiet = list(
        service_figures.members_without_activity(service_figures.quarter_start(timezone.localdate()), branch=branch)
        .order_by("name")
        .only("pk", "name", "branch_id")
    )
    return {
        "service_rows": service_by_branch([branch], year=year, quarter=quarter, quiet={branch.pk: len(quiet)}),
        "trend": service_figures.monthly_trend(year, branch=branch),
        "quiet_members": quiet,
        "branch": branch,
        "figures": figures,
        "summary": summary,
        "coverage": selectors.window_coverage(branch=branch),
        "development": selectors.development_counts([branch_id], year=year),
        "stages": DevelopmentStep.STAGES,
        "pipeline": Person.objects.filter(branch=branch_id, political_status__in=[
            PoliticalStatus.APPLICANT,
            PoliticalStatus.ACTIVIST,
            PoliticalStatus.CANDIDATE,
            PoliticalStatus.PROBATIONARY,
        ])
        .select_related("group")
        .order_by("-political_status", "name"),
    }


def staff_dashboard(person, *, year, quarter=None):
    person = selectors.person_detail(person.pk, Person.objects.all())
    return {
        "person": person,
        "pledge": selectors.current_pledge(person, year),
        "record_counts": service_selectors.my_record_counts(person),
        "my_year": my_year(person, year=year, quarter=quarter),
    }


def service_by_branch(branches, *, year, quarter=None, quiet=None):
    """Each of ``branches`` (a list) at a glance for the year (or quarter): waiting records,
    approved service, lectures, pairs, and the members with no approved activity in the current
    quarter (``quiet``, when counted already: ``{branch id: n}``). Two queries: the service from
    the tallies, and every count at once."""
    ids = [branch.pk for branch in branches]
    hours, deeds = service_figures.hours_by_branch(year, quarter=quarter, branch_ids=ids)
    start, end = service_figures.period_dates(year, quarter)
    parts = {
        **service_figures.waiting_parts(ids),
        "lectures": (Lecture.objects.filter(date__range=(start, end), branch__in=ids), "branch"),
        "pairs": (Mentorship.objects.active().filter(mentee__branch__in=ids), "mentee__branch"),
    }
    if quiet is None:
        quarter_start = service_figures.quarter_start(timezone.localdate())
        parts["quiet"] = (service_figures.members_without_activity(quarter_start, branch_ids=ids), "branch")
    counts = counts_by_branch(parts)
    waiting = service_figures.total_waiting(counts)
    lectures, pairs = counts["lectures"], counts["pairs"]
    quiet = counts["quiet"] if quiet is None else quiet
    return [
        {
            "branch": branch,
            "waiting": waiting.get(branch.pk, 0),
            "hours": hours.get(branch.pk) or 0,
            "deeds": deeds.get(branch.pk, 0),
            "lectures": lectures.get(branch.pk, 0),
            "pairs": pairs.get(branch.pk, 0),
            "quiet": quiet.get(branch.pk, 0),
        }
        for branch in branches
    ]


def my_year(person, *, year, quarter=None):
    """A staff member's own year (or quarter): approved service hours and deeds, lectures, pairings."""
    period = {"date__range": service_figures.period_dates(year, quarter)}
    service = ServiceRecord.objects.approved().filter(person=person, **period).aggregate(
        hours=Sum("hours", default=0), services=Count("pk")
    )
    return {
        **service,
        "deeds": PracticalDeed.objects.approved().filter(person=person, **period).count(),
        "lectures_attended": person.lecture_attendances.filter(lecture__date__range=period["date__range"]).count(),
        "lectures_given": person.lectures_given.filter(**period).count(),
        "pairings": Mentorship.objects.active().filter(Q(mentor=person) | Q(mentee=person)).count(),
    }
