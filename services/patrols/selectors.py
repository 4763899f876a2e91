"""每日一巡: which zone was patrolled on which working day of a month, and the month's duty rota
(who patrols which zone, who serves extended hours)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from branches.kernel.periods import Period, working_days
from branches.kernel.scope import scope_for
from branches.organisation.models import ResponsibilityZone
from branches.people.models import Person
from services.patrols.models import (
    DutyRota,
    ExtendedHoursDuty,
    PatrolDuty,
    in_post,
    zone_in_force,
)
from services.records.models import Patrol, whose_records_q

#: How long after a duty its patrol may still be logged by the member the rota named.
DUTY_LOGGED_WITHIN = datetime.timedelta(days=31)


@dataclass
class ZoneMonth:
    zone: object
    cells: list  # per working day: "done", "found" (a finding), "missed", or "" (not yet, or outside the zone's time)
    on_duty: list = field(default_factory=list)  # per working day: the name the rota gives, or ""
    on_duty_today: str = ""  # the rota's name for today when it is not the zone's holder

    @property
    def missed(self):
        return self.cells.count("missed")

    def columns(self):
        """(cell, name on duty) per working day."""
        return zip(self.cells, self.on_duty or [""] * len(self.cells))


def month_period(year, month):
    start = datetime.date(year, month, 1)
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return Period(start, following - datetime.timedelta(days=1))


def patrol_plan(zones, period, today):
    """``(working days, [ZoneMonth])`` for ``zones`` (a page of them) over ``period``: one query
    for the patrols, whatever the number of zones and days."""
    days = working_days(period.start, period.end)
    found = {}
    patrols = Patrol.objects.filter(zone__in=[zone.pk for zone in zones], date__range=(period.start, period.end))
    for zone_id, date, problem in patrols.values_list("zone", "date", "found_problem"):
        found[zone_id, date] = found.get((zone_id, date), False) or problem
    rows = []
    for zone in zones:
        cells = []
        for day in days:
            if (zone.pk, day) in found:
                cells.append("found" if found[zone.pk, day] else "done")
            elif day < today and zone.starts_on <= day and (zone.ends_on is None or day <= zone.ends_on):
                cells.append("missed")
            else:
                cells.append("")
        rows.append(ZoneMonth(zone, cells))
    return days, rows


def zones_of_month(user, branch, period):
    """The zones of ``branch`` held during ``period`` by members in post, among those whose
    patrols the user may see (records.models.whose_records_q: a branch's managers and the
    committee all of them, a group leader their members', staff their own)."""
    zones = branch_zones_of_month(branch, period)
    scope = scope_for(user)
    if not scope.sees_all:
        zones = zones.filter(whose_records_q(scope, branch="member__branch", person="member"))
    return zones


def branch_zones_of_month(branch, period):
    """Every zone of ``branch`` held during ``period`` by a member in post: those asked to be
    patrolled (``models.zone_in_force`` says on which days)."""
    zones = ResponsibilityZone.objects.filter(member__branch=branch, member__is_active=True, starts_on__lte=period.end)
    return zones.exclude(ends_on__lt=period.start)


def zones_with_gaps(user, branch_id, today):
    """How many zones of the branch missed a working day's patrol this month, up to yesterday
    (those the plan shows with a gap): two queries."""
    this_month = Period(today.replace(day=1), today)
    zones = list(zones_of_month(user, branch_id, this_month).only("pk", "starts_on", "ends_on"))
    _days, rows = patrol_plan(zones, this_month, today)
    return sum(1 for row in rows if row.missed)


def add_duties(rows, days, today):
    """Name, in each row of the plan, who the rota puts on the zone each day: one query."""
    if not rows or not days:
        return rows
    duties = PatrolDuty.objects.filter(zone__in=[row.zone.pk for row in rows], date__range=(days[0], days[-1]))
    names = {(zone_id, date): name for zone_id, date, name in duties.values_list("zone", "date", "person__name")}
    for row in rows:
        row.on_duty = [names.get((row.zone.pk, day), "") for day in days]
        today_name = names.get((row.zone.pk, today), "")
        row.on_duty_today = today_name if today_name and today_name != row.zone.member.name else ""
    return rows


# -- The duty rota ------------------------------------------------------------------------------


def next_month(month):
    return datetime.date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def previous_month(month):
    return (month - datetime.timedelta(days=1)).replace(day=1)


@dataclass
class RotaDay:
    day: datetime.date
    cells: list  # per zone of the month: (zone, person on duty or None, whether the zone is in force)
    extended: object  # the person serving extended hours, or None


@dataclass
class RotaMonth:
    """A branch's rota of a month as the pages show it: every working day against every zone of the
    month, each cell the person on duty (or nobody yet)."""

    branch: object
    month: datetime.date
    days: list
    zones: list
    patrols: dict  # (zone id, day) -> person
    extended: dict  # day -> person
    rota: object = None  # the DutyRota, None while the month has none

    def in_force(self, zone, day):
        return zone_in_force(zone, day)

    def rows(self):
        return [
            RotaDay(
                day,
                [(zone, self.patrols.get((zone.pk, day)), self.in_force(zone, day)) for zone in self.zones],
                self.extended.get(day),
            )
            for day in self.days
        ]

    @property
    def is_empty(self):
        return not self.patrols and not self.extended


def rota_month(branch, month):
    """The rota of ``branch`` for the month starting on ``month``: four queries (the zones, the
    rota, its patrol duties, its extended-hours duties), whatever the size of the branch."""
    period = month_period(month.year, month.month)
    zones = list(branch_zones_of_month(branch, period).select_related("member").order_by("name", "pk"))
    rota = DutyRota.objects.filter(branch=branch, month=month).select_related("updated_by__person").first()
    patrols, extended = {}, {}
    if rota is not None:
        for duty in rota.patrols.select_related("person"):
            patrols[duty.zone_id, duty.date] = duty.person
        for duty in rota.extended_hours.select_related("person"):
            extended[duty.date] = duty.person
    return RotaMonth(branch, month, working_days(period.start, period.end), zones, patrols, extended, rota)


def rota_candidates(branch):
    """The people who may be put on the branch's rota: those in post, by name (one query). Zones
    are patrolled by the party members among them."""
    return list(
        Person.objects.filter(branch=branch, is_active=True)
        .only("pk", "name", "political_status", "branch_id", "is_active")
        .order_by("name", "pk")
    )


def holders_proposal(grid):
    """A new month's rota as a secretary would start it: each zone patrolled by its holder."""
    patrols = {(zone.pk, day): zone.member for day in grid.days for zone in grid.zones if grid.in_force(zone, day)}
    return patrols, {}


def copied_from_month_before(grid):
    """The month before's rota carried over weekday by weekday: each zone and the extended hours
    get, on every Monday, whoever had them on the month before's last Monday, and so on (two
    queries). Those no longer in post in the branch, and zones no longer in force, are left out."""
    before = {"rota__branch": grid.branch, "rota__month": previous_month(grid.month)}
    weekly = {}  # (zone id, or None for the extended hours; weekday) -> person; the latest of each weekday wins
    for duty in PatrolDuty.objects.filter(**before).select_related("person").order_by("date"):
        weekly[duty.zone_id, duty.date.weekday()] = duty.person
    for duty in ExtendedHoursDuty.objects.filter(**before).select_related("person").order_by("date"):
        weekly[None, duty.date.weekday()] = duty.person
    weekly = {key: person for key, person in weekly.items() if in_post(person, grid.branch.pk)}
    patrols = {
        (zone.pk, day): weekly[zone.pk, day.weekday()]
        for day in grid.days
        for zone in grid.zones
        if grid.in_force(zone, day) and (zone.pk, day.weekday()) in weekly
    }
    extended = {day: weekly[None, day.weekday()] for day in grid.days if (None, day.weekday()) in weekly}
    return patrols, extended


@dataclass(frozen=True)
class MyDuty:
    day: datetime.date
    zone: object = None  # the zone patrolled; None for extended hours

    @property
    def is_patrol(self):
        return self.zone is not None


def my_duties(person, today):
    """``(coming, earlier)``: the person's duties from today to the end of next month in date
    order, and this month's before today, latest first; two queries."""
    start, end = today.replace(day=1), next_month(next_month(today.replace(day=1))) - datetime.timedelta(days=1)
    patrols = PatrolDuty.objects.filter(person=person, date__range=(start, end)).select_related("zone").only(
        "date", "zone__name", "zone__id"
    )
    extended = ExtendedHoursDuty.objects.filter(person=person, date__range=(start, end)).only("date")
    duties = [MyDuty(duty.date, duty.zone) for duty in patrols] + [MyDuty(duty.date) for duty in extended]
    duties.sort(key=lambda duty: (duty.day, duty.zone is None, duty.zone.name if duty.zone else ""))
    coming = [duty for duty in duties if duty.day >= today]
    earlier = [duty for duty in reversed(duties) if duty.day < today]
    return coming, earlier


def months_without_rota(branch_id, today):
    """The months a branch's managers should have a rota for and do not: this month, and the next
    once this one is in its last week (one query)."""
    months = [today.replace(day=1)]
    if (today + datetime.timedelta(days=7)).month != today.month:
        months.append(next_month(months[0]))
    made = set(DutyRota.objects.filter(branch=branch_id, month__in=months).values_list("month", flat=True))
    return [month for month in months if month not in made]


def zones_to_patrol(person, today, *, also=None):
    """The zones ``person`` may log a patrol of: those they hold, and those the rota put them on in
    the last DUTY_LOGGED_WITHIN days (``also``: a zone to keep offering, an edited patrol's)."""
    recent = PatrolDuty.objects.filter(person=person, date__range=(today - DUTY_LOGGED_WITHIN, today)).values("zone")
    wanted = Q(member=person) | Q(pk__in=recent)
    if also is not None:
        wanted |= Q(pk=also)
    return ResponsibilityZone.objects.filter(wanted)
