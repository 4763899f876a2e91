"""The queries behind the organisation pages. Each runs a fixed number of SQL queries."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Prefetch, Q
from django.utils import timezone

from branches import coverage as zone_coverage
from branches.queries import CountedPaginator, counts_by_branch
from branches.models import (
    Branch,
    BranchRole,
    DevelopmentStep,
    HallArea,
    Honour,
    PartyGroup,
    Person,
    PoliticalStatus,
    ResponsibilityZone,
    ServicePledge,
    Window,
)
from branches.models.people import (
    LONGEST_PROBATION_YEARS,
    MINIMUM_WAITS,
    earliest_date_for,
    years_after,
    years_before,
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

    @property
    def coverage_percent(self):
        if not self.windows:
            return None
        return round(100 * self.windows_in_zones / self.windows)


def branch_figures(branches, *, year, refresh_coverage=True):
    """Figures for each of ``branches`` (a page the caller holds already, with their brand and
    committee loaded), in one query: every count of the page's branches at once, through
    :func:`branches.queries.counts_by_branch`.

    ``refresh_coverage=False`` when the caller has just refreshed the windows' coverage flags
    (:func:`coverage_summary` of today does), which saves the second, idle UPDATE.
    """
    ids = [branch.pk for branch in branches]
    if refresh_coverage:
        zone_coverage.refresh()
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
            "windows_in_zones": (windows.filter(zoned=True), "covering_branch"),
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

    A semi-join per area: joining every window in service and de-duplicating the areas took
    twice 4 ms at province scale, once to count the map's pages and once for the page.
    """
    windows = windows_in_service(branch=branch, area=area).filter(area=OuterRef("pk"))
    return HallArea.objects.filter(Exists(windows)).order_by("ordering", "code")


def coverage_summary(*, on=None, branch=None, area=None):
    """How many windows in service are covered, and the gaps, in two queries.

    Today's from the windows' kept flags (branches.coverage); another day's worked out from
    the zones, grouped by (zoned, built on) so that the EXISTS runs once per window.
    """
    today = timezone.localdate()
    if on is None or on == today:
        zone_coverage.refresh(today)
        held = F("zoned")
    else:
        held = zone_coverage.zoned(on)
    windows = windows_in_service(branch=branch, area=area).annotate(
        held=held,
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
    # from the zones' kept flag (branches.coverage) and its partial index
    without_windows = list(ordered.filter(holds_windows=False, member__is_active=True)[: IDLE_ZONES_SHOWN + 1])
    without_member = list(ordered.filter(member__is_active=False)[: IDLE_ZONES_SHOWN + 1])
    return {
        "zones_without_windows": without_windows[:IDLE_ZONES_SHOWN],
        "zones_without_member": without_member[:IDLE_ZONES_SHOWN],
        "more_idle_zones": len(without_windows) > IDLE_ZONES_SHOWN or len(without_member) > IDLE_ZONES_SHOWN,
    }


def development_counts(branch_ids, *, year):
    """How many development steps of each stage were taken in ``year`` (None: all branches)."""
    steps = DevelopmentStep.objects.filter(date__year=year)
    if branch_ids is not None:
        steps = steps.filter(person__branch__in=branch_ids)
    counts = dict(steps.order_by().values_list("stage").annotate(n=Count("*")))
    return {stage: counts.get(stage, 0) for stage, _label in DevelopmentStep.STAGES}


def secretary_of(branch_id):
    return Person.objects.filter(branch_id=branch_id, branch_role=BranchRole.SECRETARY).first()


IN_DEVELOPMENT = [
    PoliticalStatus.APPLICANT,
    PoliticalStatus.ACTIVIST,
    PoliticalStatus.CANDIDATE,
    PoliticalStatus.PROBATIONARY,
]


def development_by_year(branch_ids, *, first_year, last_year):
    """Steps taken per year and stage, newest year first: ``[(year, {stage: n})]``, one query."""
    steps = DevelopmentStep.objects.filter(date__year__gte=first_year, date__year__lte=last_year)
    if branch_ids is not None:
        steps = steps.filter(person__branch__in=branch_ids)
    # a count per year in a column of its own: grouping by EXTRACT(YEAR), a numeric in PostgreSQL
    # slow to compute and to hash, took twice as long to run over a province's 30,000 steps
    years = range(last_year, first_year - 1, -1)
    rows = steps.order_by().values("stage").annotate(**{f"in_{year}": Count("date", filter=Q(date__year=year)) for year in years})
    by_stage = {row["stage"]: row for row in rows}
    return [
        (year, {stage: by_stage[stage][f"in_{year}"] if stage in by_stage else 0 for stage, _label in DevelopmentStep.STAGES})
        for year in years
    ]


def people_by_status(branch_ids):
    """How many people in post stand at each development stage now: ``{status: n}``, one query."""
    people = Person.objects.filter(is_active=True, political_status__in=IN_DEVELOPMENT)
    if branch_ids is not None:
        people = people.filter(branch__in=branch_ids)
    counts = dict(people.values_list("political_status").annotate(n=Count("*")).order_by())
    return {status: counts.get(status, 0) for status in IN_DEVELOPMENT}


def due_for_next_step_q(today):
    """People at a stage with a minimum wait (activists, probationary members) whose wait is over.

    Each wait counts from the step of the stage just before (MINIMUM_WAITS), the person's
    current stage: its date is the person's ``stage_since``, which the pipeline's index holds.
    """
    due = Q(pk__in=[])
    for wait in MINIMUM_WAITS.values():
        due |= Q(political_status=wait.after, stage_since__lte=years_before(today, wait.years))
    return due


@dataclass
class PipelineEntry:
    """One person on the way into the party: their steps so far and what comes next, and when."""

    person: Person
    steps: dict
    today: datetime.date

    @property
    def stage(self):
        return PoliticalStatus(self.person.political_status)

    @property
    def next_stage(self):
        return PoliticalStatus(self.person.political_status + 1)

    @property
    def since(self):
        return self.steps.get(self.person.political_status)

    @property
    def earliest(self):
        """The first day the next step may be taken, or None when the rules set no wait."""
        return earliest_date_for(self.next_stage, self.steps)

    @property
    def has_minimum_wait(self):
        return self.next_stage in MINIMUM_WAITS

    @property
    def is_due(self):
        """The minimum wait before the next step is over (stages without one are never "due")."""
        return self.earliest is not None and self.earliest <= self.today

    @property
    def days_at_stage(self):
        return (self.today - self.since).days if self.since else None

    @property
    def probation_overrun(self):
        """A probation past one year and the longest extension of one more."""
        return (
            self.stage == PoliticalStatus.PROBATIONARY
            and self.since is not None
            and years_after(self.since, LONGEST_PROBATION_YEARS) < self.today
        )

    def dates(self):
        return [self.steps.get(stage) for stage, _label in DevelopmentStep.STAGES]


def pipeline_people(queryset, *, stage=None, due_only=False, today=None):
    """People in development from ``queryset`` (already scoped), longest at their stage first.

    In the order of ``Person.stage_since`` (kept by branches.stage_dates), which an index holds;
    wrap a page of it with :func:`pipeline_entries`.
    """
    today = today or timezone.localdate()
    people = queryset.filter(is_active=True, political_status__in=IN_DEVELOPMENT).select_related("branch", "group")
    if stage is not None:
        people = people.filter(political_status=stage)
    if due_only:
        people = people.filter(due_for_next_step_q(today))
    return people.order_by("-political_status", "stage_since", "name", "pk")


def pipeline_entries(people, *, today=None):
    """Entries for a page of people, their steps in one query."""
    today = today or timezone.localdate()
    people = list(people)
    steps = defaultdict(dict)
    for person_id, stage, date in DevelopmentStep.objects.filter(person__in=people).values_list(
        "person", "stage", "date"
    ):
        steps[person_id][stage] = date
    return [PipelineEntry(person=person, steps=steps[person.pk], today=today) for person in people]


PLEDGE_ORDER = ("person__branch__number", "person__branch", "person__window__code", "person__name", "pk")


def pledge_board_page(pledges, *, page_number, per_page):
    """A page of ``pledges`` (scoped and filtered) in the board's order, branch by branch.

    Sorting a province's 18,000 pledges of a year, joined with their people, branches and
    windows, to show 24 took 37 ms. The pledges are counted per branch instead (which gives the
    total); the branches whose pledges fall on the page are worked out from those counts, and
    only their pledges are sorted. Three queries: the counts are grouped by branch alone and put
    in the branches' order afterwards, as sorting the 18,000 joined rows by branch number to
    group them took half the counting's time.
    """
    n_of_branch = dict(pledges.order_by().values_list("person__branch").annotate(n=Count("*")))
    in_order = Branch.objects.order_by("number", "pk").values_list("pk", flat=True)
    counts = [(branch_id, n_of_branch[branch_id]) for branch_id in in_order if branch_id in n_of_branch]
    paginator = CountedPaginator([], per_page, count=sum(n_of_branch.values()))
    page = paginator.page(paginator.get_page(page_number).number)
    start, end = (page.number - 1) * per_page, page.number * per_page
    shown, skipped, seen = [], None, 0
    for branch_id, n in counts:
        if seen + n > start and seen < end:
            shown.append(branch_id)
            skipped = start - seen if skipped is None else skipped
        seen += n
    rows = pledges.filter(person__branch__in=shown).order_by(*PLEDGE_ORDER) if shown else pledges.none()
    page.object_list = list(rows[skipped or 0 : (skipped or 0) + per_page])
    return page
