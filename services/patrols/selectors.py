"""每日一巡: which zone was patrolled on which working day of a month."""

import datetime
from dataclasses import dataclass

from branches.kernel.periods import Period, working_days
from branches.organisation.models import ResponsibilityZone
from services.records.models import Patrol


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


def zones_with_gaps(branch_id, today):
    """How many current zones of the branch missed a working day's patrol this month, up to
    yesterday: two queries."""
    zones = list(ResponsibilityZone.objects.current(today).filter(member__branch=branch_id).only("pk", "starts_on", "ends_on"))
    _days, rows = patrol_plan(zones, Period(today.replace(day=1), today), today)
    return sum(1 for row in rows if row.missed)
