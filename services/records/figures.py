"""The figures of the records staff log, from approved records only.

They are read from the monthly tallies (``services.records.tallies``), kept in the same transaction
as every review: a period of whole months is the months' cells summed, whatever the number of
records. The registry (``branches.kernel.figures``) holds each figure once; the helpers below
serve the lists and charts that are not single figures (a branch's or a member's hours, the
trend of a year, the records waiting for review).
"""

import datetime
from collections import defaultdict
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.kernel.figures import HOURS, Figure, register
from branches.kernel.queries import counts_by_branch
from branches.people.models import Person
from services.records.kinds import KINDS
from services.records.models import (
    RECORD_MODELS,
    ActivityKind,
    PracticalDeed,
    ServiceKind,
    ServiceRecord,
)
from services.records.tallies import (
    BranchTally,
    CommitteeTally,
    EnterpriseYearTally,
    MemberYearTally,
)

DOOR = Q(subkind=ServiceKind.DOOR_TO_DOOR)
EXTENDED = Q(subkind=ServiceKind.EXTENDED_HOURS)
APPOINTMENT = Q(subkind=ServiceKind.APPOINTMENT)


def cells(period, *, branch=None, branch_ids=None):
    """The monthly tallies of approved records of the period's months: the committee's, or those
    of one branch (or of ``branch_ids``)."""
    if branch is None and branch_ids is None:
        tallies = CommitteeTally.objects.all()
    elif branch is not None:
        tallies = BranchTally.objects.filter(branch=branch)
    else:
        tallies = BranchTally.objects.filter(branch__in=branch_ids)
    return tallies.filter(month__gte=period.first_month, month__lte=period.last_month).order_by()


def list_link(slug, **filters):
    """The list of the approved records of a kind behind a figure, filtered as the figure counts."""

    def link(period, branch):
        query = {"status": "approved", "date_from": period.start.isoformat(), "date_to": period.end.isoformat(), **filters}
        if branch is not None:
            query["branch"] = branch.pk
        return f"{reverse('services:record-list', args=[slug])}?{urlencode(query)}"

    return link


# -- The figures of a period, for the office or a branch -------------------------------------------


def service(period, branch):
    """Door-to-door, by-appointment and extended-hours service, in one query over the tallies."""
    return cells(period, branch=branch).filter(kind="service").aggregate(
        service_hours=Sum("hours", default=Decimal("0")),
        service_records=Sum("records", default=0),
        extended_service_hours=Sum("hours", filter=EXTENDED, default=Decimal("0")),
        extended_services=Sum("records", filter=EXTENDED, default=0),
        door_to_door_visits=Sum("records", filter=DOOR, default=0),
        door_to_door_person_times=Sum("persons_sent", filter=DOOR, default=0),
        appointments=Sum("records", filter=APPOINTMENT, default=0),
    )


def enterprises(period, branch):
    """Its own source: a distinct count over the enterprises' years, which the pages that ask only
    for hours and visits (a span of years of a province's: 20 ms) should not pay for."""
    return {"door_to_door_enterprises": enterprises_visited(period, branch)}


def enterprises_visited(period, branch):
    """How many enterprises were visited door to door: from the yearly tallies for whole years,
    else from the records."""
    whole_years = period.start == datetime.date(period.start.year, 1, 1) and period.end == datetime.date(period.end.year, 12, 31)
    if whole_years:
        visited = EnterpriseYearTally.objects.filter(year__gte=period.start.year, year__lte=period.end.year)
    else:
        visited = ServiceRecord.objects.approved().filter(kind=ServiceKind.DOOR_TO_DOOR, date__range=(period.start, period.end))
    if branch is not None:
        visited = visited.filter(branch=branch)
    return visited.filter(enterprise__isnull=False).values("enterprise").distinct().count()


def deeds(period, branch):
    return cells(period, branch=branch).filter(kind="deed").aggregate(
        practical_deeds=Sum("records", default=0),
        deeds_for_masses=Sum("records", filter=Q(subkind="masses"), default=0),
        deeds_for_enterprises=Sum("records", filter=Q(subkind="enterprise"), default=0),
    )


def activities(period, branch):
    return cells(period, branch=branch).filter(kind="activity").aggregate(
        themed_party_days=Sum("records", default=0),
        people_reached=Sum("people_reached", default=0),
        enterprises_reached=Sum("enterprises_reached", default=0),
    )


def by_branch(period, branch_ids):
    """The figures of each of ``branch_ids`` side by side, in one grouped query over the tallies."""
    door, extended = Q(kind="service") & DOOR, Q(kind="service") & EXTENDED
    rows = (
        cells(period, branch_ids=branch_ids)
        .values("branch")
        .annotate(
            service_hours=Sum("hours", filter=Q(kind="service")),
            extended_service_hours=Sum("hours", filter=extended),
            door_to_door_visits=Sum("records", filter=door),
            door_to_door_person_times=Sum("persons_sent", filter=door),
            appointments=Sum("records", filter=Q(kind="service") & APPOINTMENT),
            practical_deeds=Sum("records", filter=Q(kind="deed")),
            deeds_for_masses=Sum("records", filter=Q(kind="deed", subkind="masses")),
            deeds_for_enterprises=Sum("records", filter=Q(kind="deed", subkind="enterprise")),
            themed_party_days=Sum("records", filter=Q(kind="activity")),
        )
    )
    figures = defaultdict(dict)
    for row in rows:
        branch_id = row.pop("branch")
        for key, value in row.items():
            figures[key][branch_id] = value or 0
    return figures


def per_person(period, person_ids):
    """The raters' evidence of each person: approved service hours and records, practical deeds."""
    figures = defaultdict(dict)
    services = (
        ServiceRecord.objects.approved()
        .filter(person__in=person_ids, date__range=(period.start, period.end))
        .values("person")
        .annotate(hours=Sum("hours"), count=Count("pk"))
    )
    for row in services:
        figures["service_hours"][row["person"]] = row["hours"]
        figures["service_records"][row["person"]] = row["count"]
    deeds = (
        PracticalDeed.objects.approved()
        .filter(person__in=person_ids, date__range=(period.start, period.end))
        .values("person")
        .annotate(count=Count("pk"))
    )
    for row in deeds:
        figures["practical_deeds"][row["person"]] = row["count"]
    return figures


register(
    Figure("service_hours", pgettext_lazy("figure with its unit beside it", "Service hours"), HOURS, source=service, by_branch=by_branch, per_person=per_person,
           link=list_link("service")),
    Figure("service_records", _("Service records"), source=service, per_person=per_person, link=list_link("service")),
    Figure("extended_service_hours", _("Extended-hours service"), HOURS, source=service, by_branch=by_branch,
           link=list_link("service", subkind=ServiceKind.EXTENDED_HOURS)),
    Figure("door_to_door_visits", _("Door-to-door visits"), source=service, by_branch=by_branch,
           link=list_link("service", subkind=ServiceKind.DOOR_TO_DOOR)),
    Figure("door_to_door_person_times", _("Door-to-door service (person-times)"), source=service, by_branch=by_branch,
           link=list_link("service", subkind=ServiceKind.DOOR_TO_DOOR)),
    Figure("door_to_door_enterprises", _("Enterprises visited door to door"), source=enterprises,
           link=list_link("service", subkind=ServiceKind.DOOR_TO_DOOR)),
    Figure("appointments", _("By-appointment services"), source=service, by_branch=by_branch,
           link=list_link("service", subkind=ServiceKind.APPOINTMENT)),
    Figure("deeds_for_masses", _("Practical deeds for the masses"), source=deeds, by_branch=by_branch,
           link=list_link("deed", subkind="masses"), means=_("Approved practical deeds done for people.")),
    Figure("deeds_for_enterprises", _("Practical deeds for enterprises"), source=deeds, by_branch=by_branch,
           link=list_link("deed", subkind="enterprise"), means=_("Approved practical deeds done for an enterprise.")),
    Figure("practical_deeds", _("Practical deeds"), source=deeds, by_branch=by_branch, per_person=per_person,
           link=list_link("deed")),
    Figure("themed_party_days", _("Themed party days"), source=activities, by_branch=by_branch, link=list_link("activity")),
    Figure("people_reached", _("People reached"), source=activities, link=list_link("activity"),
           means=_("People the themed party days reached, as their records say.")),
    Figure("enterprises_reached", _("Enterprises reached"), source=activities, link=list_link("activity"),
           means=_("Enterprises the themed party days reached, as their records say; deeds are counted apart.")),
)


# -- What the pages show besides single figures -----------------------------------------------------


def activities_by_kind(period, branch=None):
    """Themed party days (三服务) of each kind: ``[(kind, n)]``."""
    counted = dict(cells(period, branch=branch).filter(kind="activity").values_list("subkind").annotate(n=Sum("records")))
    return [(kind, counted.get(kind.value, 0)) for kind in ActivityKind]


def hours_by_member(year, *, branch=None, limit=10):
    """The members who gave the most approved service hours in the year."""
    years = MemberYearTally.objects.filter(year=year)
    if branch is not None:
        years = years.filter(branch=branch)
    return list(
        years.order_by("-hours", "person__name").values("person", "person__name", "branch", "branch__name", "hours", "services")[:limit]
    )


def waiting_parts(branch_ids=None):
    """The records waiting for review, one queryset per kind (of ``branch_ids``, or all), as
    parts for :func:`branches.kernel.queries.counts_by_branch`: counted per branch from the partial
    index of waiting records alone, without the rows."""
    parts = {}
    for model in RECORD_MODELS:
        records = model.objects.waiting_for_review()
        if branch_ids is not None:
            records = records.filter(branch__in=branch_ids)
        parts[model._meta.model_name] = (records, "branch")
    return parts


def total_waiting(counts):
    """Waiting records per branch over every kind, from the counts of :func:`waiting_parts`."""
    waiting = {}
    for model in RECORD_MODELS:
        for branch_id, n in counts[model._meta.model_name].items():
            waiting[branch_id] = waiting.get(branch_id, 0) + n
    return waiting


def waiting_by_branch(branch_ids=None):
    """Records waiting for review per branch (of ``branch_ids``, or all), over every kind, in one query."""
    return total_waiting(counts_by_branch(waiting_parts(branch_ids)))


def members_without_activity(since, *, branch=None, branch_ids=None):
    """Party members in post with no approved record of any kind dated on or after ``since``.

    Read from each member's ``last_active_on`` (kept by services.records.activity_dates), so a page
    of branches costs one index scan of their people whatever the size of the province.
    """
    members = Person.objects.party_members().filter(is_active=True)
    if branch is not None:
        members = members.filter(branch=branch)
    if branch_ids is not None:
        members = members.filter(branch__in=branch_ids)
    return members.filter(Q(last_active_on__isnull=True) | Q(last_active_on__lt=since))


def monthly_trend(period, *, branch=None):
    """Approved records of each kind per month of the period (a year): twelve rows, one query."""
    counted = defaultdict(dict)
    for month, kind, n in cells(period, branch=branch).values_list("month", "kind").annotate(n=Sum("records")):
        counted[kind][month.month] = n
    return [{"month": month, "counts": [counted[slug].get(month, 0) for slug in KINDS]} for month in range(1, 13)]
