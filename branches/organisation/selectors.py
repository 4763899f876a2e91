"""The queries behind the organisation pages and tiles: branches side by side, head counts, the hall
map and its coverage. Each runs a fixed number of SQL queries."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
)
from django.utils import timezone

from branches.honours.models import Honour
from branches.kernel.queries import counts_by_branch
from branches.organisation import coverage as zone_coverage
from branches.organisation.models import (
    Branch,
    HallArea,
    PartyGroup,
    ResponsibilityZone,
    Window,
)
from branches.people.models import Person, PoliticalStatus
from branches.pledges.models import ServicePledge


@dataclass
class BranchFigures:
    """Headline figures of one branch, as read side by side on the committee dashboard."""

    branch: Branch
    people: int = 0
    party_members: int = 0
    probationary: int = 0
    in_development: int = 0
    groups: int = 0
    windows: int = 0
    windows_in_zones: int = 0
    pledges: int = 0


    def coverage_percent(self):
        if not self.windows:
            return None
        return round(100 * self.windows_in_zones / self.windows)


def branch_figures(branches, *, year):
    """Figures for each of ``branches`` (a page the caller holds already, with their brand and
    committee loaded), in one query: every count of the page's branches at once, through
    :func:`branches.kernel.queries.counts_by_branch`."""
    ids = [branch.pk for branch in branches]
    people = Person.objects.filter(branch__in=ids, is_active=True)
    windows = Window.objects.filter(covering_branch__in=ids, is_active=True)
    counts = counts_by_branch(
        {
            "people": (people, "branch"),
            "party_members": (people.party_members(), "branch"),
            "probationary": (people.filter(political_status=PoliticalStatus.PROBATIONARY), "branch"),
            "in_development": (
                people.filter(political_status__gte=PoliticalStatus.APPLICANT, political_status__lte=PoliticalStatus.CANDIDATE),
                "branch",
            ),
            "groups": (PartyGroup.objects.filter(branch__in=ids), "branch"),
            "windows": (windows, "covering_branch"),
            "windows_in_zones": (windows.alias(held=zone_coverage.held_on(timezone.localdate())).filter(held=True), "covering_branch"),
            # the year's pledges read from their index alone, which includes the person
            "pledges": (ServicePledge.objects.filter(person__branch__in=ids, year=year), "person__branch"),
        }
    )
    figures = []
    for branch in branches:
        item = BranchFigures(branch=branch)
        for name, by_branch in counts.items():
            setattr(item, name, by_branch.get(branch.pk, 0))
        figures.append(item)
    return figures


def head_counts(people):
    """How many of ``people`` (people in post) there are, party members, probationary and in
    development: one query. Counted on the status column, not the id, so that the partial index
    of the people in post by status (person_in_post_status_idx) answers it alone."""
    return people.aggregate(
        people=Count("*"),
        party_members=Count("political_status", filter=Q(political_status__in=PoliticalStatus.party_member_values())),
        probationary=Count("political_status", filter=Q(political_status=PoliticalStatus.PROBATIONARY)),
        in_development=Count(
            "political_status", filter=Q(political_status__gte=PoliticalStatus.APPLICANT, political_status__lte=PoliticalStatus.CANDIDATE)
        ),
    )


def organisation_totals(*, year, coverage):
    """The whole committee's people, groups, windows and pledges, summed in SQL (three queries);
    the windows from ``coverage``, the committee's ``coverage_summary()`` the page shows anyway."""
    totals = head_counts(Person.objects.filter(is_active=True))
    totals["groups"] = PartyGroup.objects.count()
    totals["windows"] = coverage.total - coverage.without_branch
    totals["windows_in_zones"] = coverage.covered
    totals["pledges"] = ServicePledge.objects.filter(year=year).count()
    return totals


def branch_detail(branch_id, queryset):
    """One branch with its groups, members, windows and brand, in a fixed number of queries."""
    members = Person.objects.filter(is_active=True).select_related("window", "group")
    return queryset.select_related("brand", "committee").prefetch_related(
        "areas",
        Prefetch("groups", queryset=PartyGroup.objects.select_related("leader").annotate(
            member_count=Count("members")
        )),
        Prefetch("members", queryset=members),
        Prefetch("windows", queryset=Window.objects.select_related("area")),
        Prefetch("honours", queryset=Honour.objects.order_by("-year")),
    ).get(pk=branch_id)


def branch_zones(branch):
    """The responsibility zones of the branch's members, current or ended, with their windows: two
    queries."""
    return (
        ResponsibilityZone.objects.filter(member__branch=branch)
        .select_related("member").prefetch_related("windows").order_by(F("ends_on").desc(nulls_first=True), "name")
    )


@dataclass
class WindowCoverage:
    window: Window
    zone_members: list

    @property
    def has_branch(self):
        return self.window.covering_branch_id is not None

    @property
    def has_zone(self):
        return bool(self.zone_members)

    @property
    def is_covered(self):
        return self.has_branch and self.has_zone


@dataclass
class AreaCoverage:
    area: object
    windows: list

    @property
    def covered(self):
        return sum(1 for item in self.windows if item.is_covered)

    @property
    def percent(self):
        return round(100 * self.covered / len(self.windows), 1) if self.windows else None


@dataclass
class CoverageSummary:
    total: int
    covered: int
    without_branch: int
    without_zone: int

    @property
    def percent(self):
        return round(100 * self.covered / self.total, 1) if self.total else None


@dataclass
class Coverage:
    """The hall map, and the first zones that cover nothing (``more_idle_zones`` when there are more)."""

    areas: list
    zones_without_windows: list
    zones_without_member: list
    more_idle_zones: bool = False


def windows_in_service(*, branch=None, area=None):
    windows = Window.objects.filter(is_active=True)
    if branch is not None:
        windows = windows.filter(covering_branch=branch)
    if area is not None:
        windows = windows.filter(area=area)
    return windows


def areas_in_service(*, branch=None, area=None):
    """The hall areas holding a window of :func:`windows_in_service`, in the hall's order.

    A semi-join per area: joining every window in service and de-duplicating the areas would be
    paid twice, once to count the map's pages and once for the page (docs/PERFORMANCE.md).
    """
    windows = windows_in_service(branch=branch, area=area).filter(area=OuterRef("pk"))
    return HallArea.objects.filter(Exists(windows)).order_by("ordering", "code")


def coverage_summary(*, on=None, branch=None, area=None):
    """How many windows in service are covered, and the gaps, in one query: from the windows' kept
    flags (``organisation.coverage``) where they are of the day, grouped by (held, built on)."""
    on = on or timezone.localdate()
    windows = windows_in_service(branch=branch, area=area).annotate(
        held=zone_coverage.held_on(on),
        built_on=ExpressionWrapper(Q(covering_branch__isnull=False), output_field=BooleanField()),
    )
    counts = windows.order_by().values_list("held", "built_on").annotate(n=Count("pk"))
    summary = CoverageSummary(total=0, covered=0, without_branch=0, without_zone=0)
    for is_zoned, built_on, n in counts:
        summary.total += n
        summary.covered += n if is_zoned and built_on else 0
        summary.without_branch += 0 if built_on else n
        summary.without_zone += 0 if is_zoned else n
    return summary


def window_coverage(*, on=None, branch=None, areas=None):
    """The hall map: each window in service of ``areas`` (all if None), area by area, with its
    covering branch and the members in post whose current zone holds it; and the zones that
    cover nothing (holding no window, or whose member has left the post), in four queries.

    The members are read as (window, name) rows: a page of the map holds hundreds of zones,
    which as model instances took longer to make than the rest of the map.
    """
    on = on or timezone.localdate()
    current_zones = ResponsibilityZone.objects.current(on)
    windows = windows_in_service(branch=branch).select_related("area", "covering_branch").order_by(
        "area__ordering", "area__code", "code"
    )
    if areas is not None:
        windows = windows.filter(area__in=areas)
    windows = list(windows)
    holders = defaultdict(set)
    links = (
        zone_coverage.holding_links(on)
        .filter(window__in=[window.pk for window in windows])
        .values_list("window", "responsibilityzone__member__name")
    )
    for window_id, name in links:
        holders[window_id].add(name)
    by_area = defaultdict(list)
    area_of = {}
    for window in windows:
        area_of[window.area_id] = window.area
        by_area[window.area_id].append(WindowCoverage(window=window, zone_members=sorted(holders[window.pk])))
    zones = current_zones.select_related("member")
    if branch is not None:
        zones = zones.filter(member__branch=branch)
    return Coverage(
        areas=[AreaCoverage(area=area_of[area_id], windows=items) for area_id, items in by_area.items()],
        **_idle_zones(zones),
    )


IDLE_ZONES_SHOWN = 20


def _idle_zones(zones):
    """The first zones holding no window, and of a member who left the post (a province has many)."""
    ordered = zones.order_by("member__branch__number", "name", "pk")
    # from the zones' kept flag (branches.organisation.coverage) and its partial index
    without_windows = list(ordered.filter(holds_windows=False, member__is_active=True)[: IDLE_ZONES_SHOWN + 1])
    without_member = list(ordered.filter(member__is_active=False)[: IDLE_ZONES_SHOWN + 1])
    return {
        "zones_without_windows": without_windows[:IDLE_ZONES_SHOWN],
        "zones_without_member": without_member[:IDLE_ZONES_SHOWN],
        "more_idle_zones": len(without_windows) > IDLE_ZONES_SHOWN or len(without_member) > IDLE_ZONES_SHOWN,
    }


