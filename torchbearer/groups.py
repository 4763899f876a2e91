"""A party group's page (党小组): its members, their pledges and zones, what they logged and
patrolled in the period, the lectures they attended, and what the group leader should chase up.

It composes the organisation, pledges, lectures and records features, so it lives here rather
than in branches/ (which never reads services/). Open to the group's leader, the branch's
managers and the committee office (``PartyGroup.is_overseen_by``).
"""

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from branches.kernel import figures
from branches.kernel.forms import QuarterFilterForm
from branches.kernel.periods import Period, years_with_data
from branches.kernel.scope import get_object_for_user, scope_for
from branches.organisation.models import PartyGroup, ResponsibilityZone
from branches.people.models import Person
from branches.pledges.models import ServicePledge
from services.patrols import selectors as patrols
from services.records import selectors as records
from services.records.kinds import KINDS
from services.records.models import ReviewStatus


@dataclass
class Member:
    person: Person
    pledge: ServicePledge = None
    zones: list = field(default_factory=list)
    approved_by_kind: list = field(default_factory=list)  # [(kind, approved records of the period)]
    waiting: int = 0
    lectures_attended: int = 0
    logged_this_month: bool = False


@login_required
def group_page(request, pk):
    group = get_object_for_user(PartyGroup.objects.select_related("branch", "leader"), request.user, pk=pk)
    if not group.is_overseen_by(scope_for(request.user)):
        raise PermissionDenied
    form = QuarterFilterForm(request.GET or None, years=years_with_data())
    chosen = form.selected()
    period = chosen["period"]
    today = timezone.localdate()
    members = group_members(group, period, today)
    return render(
        request,
        "groups/group_page.html",
        {
            "group": group,
            "members": members,
            "kinds": list(KINDS.values()),
            "year_form": form,
            "year": chosen["year"],
            "quarter": chosen["quarter"],
            "quiet": [member for member in members if not member.logged_this_month],
            "missed_patrols": missed_patrols(members, today),
        },
    )


def group_members(group, period, today):
    """The group's active members with their pledge of the period's year, current zones, records
    of the period and lectures attended: a fixed number of queries, whatever the group's size."""
    people = list(Person.objects.filter(group=group, is_active=True).select_related("window").order_by("name"))
    ids = [person.pk for person in people]
    members = {person.pk: Member(person) for person in people}
    for pledge in ServicePledge.objects.filter(person__in=ids, year=period.start.year):
        members[pledge.person_id].pledge = pledge
    for zone in ResponsibilityZone.objects.current(today).filter(member__in=ids).select_related("member").order_by("name"):
        members[zone.member_id].zones.append(zone)
    counts = records.counts_by_person(ids, period)
    for member in members.values():
        of_kind = counts.get(member.person.pk, {})
        member.approved_by_kind = [
            (kind, of_kind.get(slug, {}).get(ReviewStatus.APPROVED, 0)) for slug, kind in KINDS.items()
        ]
        member.waiting = sum(statuses.get(ReviewStatus.SUBMITTED, 0) for statuses in of_kind.values())
    attended = figures.evaluate_per_person(["lectures_attended"], period, ids)["lectures_attended"]
    logged = records.people_who_logged(ids, Period(today.replace(day=1), today))
    for member in members.values():
        member.lectures_attended = attended.get(member.person.pk, 0)
        member.logged_this_month = member.person.pk in logged
    return list(members.values())


def missed_patrols(members, today):
    """``[(zone, [days])]``: the working days of this month up to yesterday on which a zone of
    the group was not patrolled (the patrol plan's rule, services.patrols.selectors)."""
    zones = [zone for member in members for zone in member.zones]
    days, rows = patrols.patrol_plan(zones, Period(today.replace(day=1), today), today)
    missed = []
    for row in rows:
        gaps = [day for day, cell in zip(days, row.cells) if cell == "missed"]
        if gaps:
            missed.append((row.zone, gaps))
    return missed


def leader_todo(scope, today):
    """``[(group, members with nothing logged this month, zones with a missed patrol)]`` of the
    groups the user leads, for their to-do list: the group page's two lists counted, without
    the rest of the page (four queries a group, on every dashboard of a leader)."""
    this_month = Period(today.replace(day=1), today)
    found = []
    for group in PartyGroup.objects.filter(pk__in=scope.led_group_ids).order_by("name"):
        ids = list(Person.objects.filter(group=group, is_active=True).values_list("pk", flat=True))
        quiet = len(set(ids) - records.people_who_logged(ids, this_month))
        zones = list(ResponsibilityZone.objects.current(today).filter(member__in=ids))
        _days, rows = patrols.patrol_plan(zones, this_month, today)
        found.append((group, quiet, sum(1 for row in rows if row.missed)))
    return found
