"""The queries behind the organisation pages. Each runs a fixed number of SQL queries."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from branches.models import (
    Branch,
    BranchRole,
    DevelopmentStep,
    Honour,
    PartyGroup,
    Person,
    PoliticalStatus,
    ResponsibilityZone,
    ServicePledge,
    Window,
)


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
    by_status: dict = field(default_factory=dict)

    @property
    def coverage_percent(self):
        if not self.windows:
            return None
        return round(100 * self.windows_in_zones / self.windows)


def branch_figures(branches, *, year):
    """Figures for each branch of ``branches`` (a queryset), in five grouped queries."""
    branches = list(branches.select_related("brand", "committee"))
    ids = [branch.pk for branch in branches]
    figures = {branch.pk: BranchFigures(branch=branch) for branch in branches}

    status_rows = (
        Person.objects.filter(branch__in=ids, is_active=True)
        .values("branch", "political_status")
        .annotate(n=Count("pk"))
    )
    for row in status_rows:
        item = figures[row["branch"]]
        item.by_status[row["political_status"]] = row["n"]
        item.people += row["n"]
        if row["political_status"] in PoliticalStatus.party_member_values():
            item.party_members += row["n"]
        if row["political_status"] == PoliticalStatus.PROBATIONARY:
            item.probationary += row["n"]
        if PoliticalStatus.APPLICANT <= row["political_status"] <= PoliticalStatus.CANDIDATE:
            item.in_development += row["n"]

    for row in PartyGroup.objects.filter(branch__in=ids).values("branch").annotate(n=Count("pk")):
        figures[row["branch"]].groups = row["n"]

    today = timezone.localdate()
    covered = ResponsibilityZone.objects.current(today).values("windows")
    window_rows = (
        Window.objects.filter(covering_branch__in=ids, is_active=True)
        .values("covering_branch")
        .annotate(n=Count("pk"), in_zones=Count("pk", filter=Q(pk__in=covered)))
    )
    for row in window_rows:
        figures[row["covering_branch"]].windows = row["n"]
        figures[row["covering_branch"]].windows_in_zones = row["in_zones"]

    pledge_rows = (
        ServicePledge.objects.filter(person__branch__in=ids, year=year)
        .values("person__branch")
        .annotate(n=Count("pk"))
    )
    for row in pledge_rows:
        figures[row["person__branch"]].pledges = row["n"]

    return [figures[branch.pk] for branch in branches]


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


def people_for_directory(queryset):
    return queryset.select_related("branch", "group", "window")


def person_detail(person_id, queryset):
    return (
        queryset.select_related("branch", "group", "window", "window__area", "user")
        .prefetch_related(
            Prefetch("development_steps", queryset=DevelopmentStep.objects.order_by("stage")),
            Prefetch("pledges", queryset=ServicePledge.objects.order_by("-year")),
            Prefetch(
                "responsibility_zones",
                queryset=ResponsibilityZone.objects.prefetch_related("windows").order_by("-starts_on"),
            ),
            Prefetch("honours", queryset=Honour.objects.order_by("-year")),
            Prefetch("led_groups", queryset=PartyGroup.objects.order_by("name")),
        )
        .get(pk=person_id)
    )


def current_pledge(person, year):
    for pledge in person.pledges.all():
        if pledge.year == year:
            return pledge
    return None


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


@dataclass
class Coverage:
    areas: list
    total: int
    covered: int
    without_branch: int
    without_zone: int
    zones_without_windows: list

    @property
    def percent(self):
        if not self.total:
            return None
        return round(100 * self.covered / self.total, 1)


def window_coverage(*, on=None, branch=None):
    """Which branch and which member's zone covers each window in service, area by area.

    A window counts as covered when a branch is built on it and a current responsibility zone
    of a party member holds it ("无缝隙、全覆盖").
    """
    on = on or timezone.localdate()
    current_zones = ResponsibilityZone.objects.current(on).select_related("member")
    windows = (
        Window.objects.filter(is_active=True)
        .select_related("area", "covering_branch")
        .prefetch_related(Prefetch("responsibility_zones", queryset=current_zones, to_attr="current_zones"))
        .order_by("area__ordering", "area__code", "code")
    )
    if branch is not None:
        windows = windows.filter(covering_branch=branch)
    by_area = defaultdict(list)
    areas = {}
    for window in windows:
        members = sorted({zone.member.name for zone in window.current_zones})
        areas[window.area_id] = window.area
        by_area[window.area_id].append(WindowCoverage(window=window, zone_members=members))
    items = [item for area_items in by_area.values() for item in area_items]
    idle_zones = current_zones.filter(windows__isnull=True)
    if branch is not None:
        idle_zones = idle_zones.filter(member__branch=branch)
    return Coverage(
        areas=[AreaCoverage(area=areas[area_id], windows=by_area[area_id]) for area_id in by_area],
        total=len(items),
        covered=sum(1 for item in items if item.is_covered),
        without_branch=sum(1 for item in items if not item.has_branch),
        without_zone=sum(1 for item in items if not item.has_zone),
        zones_without_windows=list(idle_zones),
    )


def development_counts(branch_ids, *, year):
    """How many development steps of each stage were taken in ``year`` (None: all branches)."""
    steps = DevelopmentStep.objects.filter(date__year=year)
    if branch_ids is not None:
        steps = steps.filter(person__branch__in=branch_ids)
    counts = dict(steps.values_list("stage").annotate(n=Count("pk")))
    return {stage: counts.get(stage, 0) for stage, _label in DevelopmentStep.STAGES}


def secretary_of(branch_id):
    return Person.objects.filter(branch_id=branch_id, branch_role=BranchRole.SECRETARY).first()
