"""The four pillar pages: each composes the figures of a year (and a branch) from the registry
(``branches.kernel.figures``) and the lists its features' selectors give; none computes a figure."""

import datetime
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from branches.brand.selectors import since_the_brand_began
from branches.honours.models import Honour, HonourLevel
from branches.kernel import figures
from branches.kernel.forms import PeriodFilterForm
from branches.kernel.periods import Period, years_with_data
from branches.lectures.models import Lecture
from branches.lectures.selectors import calendar_months
from branches.mentoring.selectors import pairs_for_page
from branches.organisation import selectors as organisation
from branches.organisation.models import Branch, GroupKind, PartyGroup
from branches.people import selectors as people
from branches.people.figures import DEVELOPMENT_STEPS
from branches.people.models import Person
from branches.pledges.models import BranchBrand
from branches.ratings.selectors import wall
from services.records import figures as records
from services.records.selectors import recent_photos
from services.satisfaction import figures as satisfaction
from services.studios.selectors import studios_for_page
from torchbearer.replica import reads_figures

BRANCHES_PER_PAGE = 20
LOWEST_WINDOWS = 8  # the windows with the lowest satisfaction shown on the 服务 page
LEAD_BRANDS_SHOWN = 8
LEAD_SELECTED_SHOWN = 6
LEAD_HONOURS_SHOWN = 8

LEAD = ["pledges_made", "pledges_displayed", "demonstration_posts_selected"]
PASS_ON = [
    "lectures_held", "lecture_speakers", "lecture_attendances", "lecture_average_score",
    "active_mentorships", "pairs_old_with_new", "pairs_experienced_with_young", "mentoring_sessions",
]
DEDICATE = [
    "deeds_for_masses", "deeds_for_enterprises", "themed_party_days", "people_reached", "enterprises_reached",
    "service_hours", "extended_service_hours",
]
SERVE = [
    "extended_service_hours", "door_to_door_visits", "door_to_door_person_times", "door_to_door_enterprises",
    "appointments", "satisfaction_rate", "investment_projects", "investment_projects_average_speedup", "joint_items",
    "joint_items_average_speedup",
    "problems_open", "overdue_measures", "problems_resolved", "problem_classes",
]
# The record kinds whose photos each pillar shows in its strip: the themed party days members go
# out on together (领跑, 传承), the deeds and days of 奉献, the services and patrols of 服务.
PHOTO_KINDS = {
    "lead": ["activity"],
    "pass_on": ["activity"],
    "dedicate": ["deed", "activity"],
    "serve": ["service", "patrol"],
}
PHOTOS_SHOWN = 12
#: What each pillar page adds up since the brand began (the day the committee office sets): one
#: source of figures a page (branches.kernel.figures), for a branch's page is cheap and this adds
#: to each.
SINCE_THE_START = {
    "lead": ["applications_submitted", "new_activists", "new_party_members"],  # posts: in their own card
    "pass_on": ["lectures_held", "lecture_attendances"],
    "dedicate": ["deeds_for_masses", "deeds_for_enterprises"],  # the seed's 351 and 213
    "serve": ["door_to_door_person_times", "extended_service_hours"],
}


def since_the_start(pillar, year, branch):
    """The pillar's running totals from the day the brand began to the end of ``year``; None for a
    year before the brand began."""
    period = since_the_brand_began(year)
    if period.start > period.end:
        return None
    return {"start": period.start, "tiles": list(figures.tiles(SINCE_THE_START[pillar], period, branch).values())}


def _filters(request):
    form = PeriodFilterForm(request.GET or None, years=years_with_data())
    chosen = form.selected()
    return form, chosen["year"], chosen["branch"]


def _photos(request, pillar, year, branch):
    """The strip of a pillar's newest photos: of the year and branch, of records the user may see."""
    return recent_photos(request.user, period=Period.year(year), branch=branch, kinds=PHOTO_KINDS[pillar], limit=PHOTOS_SHOWN)


@login_required
@reads_figures
def lead(request):
    """领跑 Lead: organisation, window coverage, brands, pledges, demonstration posts, membership
    development and honours of a year."""
    form, year, branch = _filters(request)
    query = {"year": year, **({"branch": branch.pk} if branch else {})}
    return render(
        request,
        "pillars/lead.html",
        {
            "filter_form": form,
            "year": year,
            "branch": branch,
            "since_the_start": since_the_start("lead", year, branch),
            "lead": lead_page(year, branch=branch),
            "photos": _photos(request, "lead", year, branch),
            "honours_shown": LEAD_HONOURS_SHOWN,
            "query": urlencode(query),
            "branch_query": urlencode({"branch": branch.pk}) if branch else "",
        },
    )


@login_required
@reads_figures
def pass_on(request):
    """传承 Pass on: the lecture calendar, mentor pairings and studios of a year."""
    form, year, branch = _filters(request)
    lectures = Lecture.objects.all() if branch is None else Lecture.objects.filter(branch=branch)
    return render(
        request,
        "pillars/pass_on.html",
        {
            "filter_form": form,
            "year": year,
            "branch": branch,
            "since_the_start": since_the_start("pass_on", year, branch),
            "figures": figures.tiles(PASS_ON, Period.year(year), branch),
            "months": calendar_months(lectures, year),
            "pairs": pairs_for_page(request.user, Period.year(year), branch=branch),
            "studios": studios_for_page(year, branch=branch),
            "photos": _photos(request, "pass_on", year, branch),
        },
    )


@login_required
@reads_figures
def dedicate(request):
    """奉献 Dedicate: practical deeds, themed party days and service hours per member and branch."""
    form, year, branch = _filters(request)
    period = Period.year(year)
    branches = Branch.objects.order_by("number", "pk") if branch is None else Branch.objects.filter(pk=branch.pk)
    page = Paginator(branches, BRANCHES_PER_PAGE).get_page(request.GET.get("page"))
    by_branch = figures.evaluate_by_branch(["service_hours", "practical_deeds"], period, [b.pk for b in page])
    return render(
        request,
        "pillars/dedicate.html",
        {
            "filter_form": form,
            "year": year,
            "branch": branch,
            "since_the_start": since_the_start("dedicate", year, branch),
            "figures": figures.tiles(DEDICATE, period, branch),
            "by_kind": records.activities_by_kind(period, branch),
            "page": page,
            "branch_rows": [
                (b, by_branch["service_hours"].get(b.pk, 0), by_branch["practical_deeds"].get(b.pk, 0)) for b in page
            ],
            "members": records.hours_by_member(year, branch=branch),
            "photos": _photos(request, "dedicate", year, branch),
        },
    )


@login_required
@reads_figures
def serve(request):
    """服务 Serve: service given, speed-ups, the problem loop and satisfaction of a year."""
    form, year, branch = _filters(request)
    windows = satisfaction.satisfaction_by_window(year, branch=branch)[:LOWEST_WINDOWS]
    channels = satisfaction.satisfaction_by_channel(year, branch=branch)
    return render(
        request,
        "pillars/serve.html",
        {
            "filter_form": form,
            "year": year,
            "branch": branch,
            "since_the_start": since_the_start("serve", year, branch),
            "figures": figures.tiles(SERVE, Period.year(year), branch),
            "satisfaction": satisfaction.total_of(channels),
            "channels": channels,
            "windows": satisfaction.with_window_names(windows),
            "photos": _photos(request, "serve", year, branch),
        },
    )


def coverage_day(year, today=None):
    """The day a year's coverage is read on: its last day, or today for the current year."""
    today = today or timezone.localdate()
    return min(today, datetime.date(year, 12, 31))


def lead_page(year, *, branch=None, today=None):
    """领跑 Lead: the organisation, window coverage, brands, pledges, demonstration posts,
    membership development and honours of a year (and a branch), in a fixed number of queries."""
    today = today or timezone.localdate()
    branch_ids = [branch.pk] if branch is not None else None
    groups, in_post, brands = PartyGroup.objects.all(), Person.objects.filter(is_active=True), BranchBrand.objects.all()
    if branch is not None:
        groups, in_post, brands = groups.filter(branch=branch), in_post.filter(branch=branch), brands.filter(branch=branch)
    group_counts = dict(groups.order_by().values_list("kind").annotate(n=Count("pk")))
    head_counts = organisation.head_counts(in_post)
    head_counts["branches"] = Branch.objects.count() if branch is None else 1
    head_counts["groups"] = sum(group_counts.values())
    head_counts["groups_by_kind"] = [(kind, group_counts.get(kind.value, 0)) for kind in GroupKind]
    tiles = figures.tiles(LEAD + list(DEVELOPMENT_STEPS), Period.year(year), branch)
    members = head_counts["party_members"]
    made = tiles["pledges_made"].value
    honours = Honour.objects.select_related("committee", "branch", "person")
    if branch is not None:
        honours = honours.filter(Q(branch=branch) | Q(person__branch=branch))
    return {
        "organisation": head_counts,
        "coverage": organisation.coverage_summary(on=coverage_day(year, today), branch=branch),
        "brands": list(brands.select_related("branch").order_by("branch__number")[:LEAD_BRANDS_SHOWN]),
        "brand_count": brands.count(),
        "figures": tiles,
        "posts_since_the_start": figures.tiles(["demonstration_posts_selected"], since_the_brand_began(year), branch)[
            "demonstration_posts_selected"
        ],
        "pledged_percent": round(100 * made / members, 1) if members else None,
        "latest_selected": list(wall(year=year, branch=branch)[:LEAD_SELECTED_SHOWN]),
        "development": [tiles[key] for key in DEVELOPMENT_STEPS],
        "in_development": people.people_by_status(branch_ids),
        "due": in_post.filter(people.due_for_next_step_q(today)).count(),
        # one more than shown, to know whether to link to the rest (a province has hundreds a year)
        "honours": list(honours.filter(year=year).order_by("level", "title", "pk")[: LEAD_HONOURS_SHOWN + 1]),
        "honours_by_level": _honours_by_level(honours),
    }


def _honours_by_level(honours):
    counted = dict(honours.order_by().values_list("level").annotate(n=Count("pk")))
    return [(level, counted.get(level.value, 0)) for level in HonourLevel]
