"""每日一巡: which zone was patrolled on which working day of a month."""

import datetime
from dataclasses import dataclass

from branches.kernel.periods import Period, working_days
from branches.kernel.scope import scope_for
from branches.organisation.models import ResponsibilityZone
from services.records.models import Patrol, whose_records_q


@dataclass
class ZoneMonth:
    zone: object
    cells: list  # per working day: "done", "found" (a finding), "missed", or "" (not yet, or outside the zone's time)

    @property
    def missed(self):
        return self.cells.count("missed")


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
    zones = ResponsibilityZone.objects.filter(member__branch=branch, member__is_active=True, starts_on__lte=period.end)
    scope = scope_for(user)
    if not scope.sees_all:
        zones = zones.filter(whose_records_q(scope, branch="member__branch", person="member"))
    return zones.exclude(ends_on__lt=period.start)


def zones_with_gaps(user, branch_id, today):
    """How many zones of the branch missed a working day's patrol this month, up to yesterday
    (those the plan shows with a gap): two queries."""
    this_month = Period(today.replace(day=1), today)
    zones = list(zones_of_month(user, branch_id, this_month).only("pk", "starts_on", "ends_on"))
    _days, rows = patrol_plan(zones, this_month, today)
    return sum(1 for row in rows if row.missed)
