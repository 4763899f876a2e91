"""The demo office's duty rotas: every branch's rota of the current month, made through the rota's
action as its secretary would make it — each zone patrolled by its holder, a colleague standing in
on some coming days, and the extended hours taken in turn by everyone in post."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from branches.kernel.periods import working_days
from branches.organisation.models import Branch
from branches.people.models import BranchRole, Person
from services.patrols import actions, selectors

STAND_IN_EVERY = 5  # one coming patrol in five goes to a colleague


def build_rotas(*, today=None):
    """Make this month's rota of every branch; returns how many duties were set."""
    today = today or timezone.localdate()
    month = today.replace(day=1)
    admin = get_user_model().objects.get(username="admin")
    people = list(Person.objects.filter(is_active=True).select_related("user").order_by("staff_number"))
    count = 0
    for branch in Branch.objects.order_by("number"):
        members = [person for person in people if person.branch_id == branch.pk]
        secretary = next((p.user for p in members if p.branch_role == BranchRole.SECRETARY and p.user), admin)
        grid = selectors.rota_month(branch, month)
        patrols, _extended = selectors.holders_proposal(grid)
        stand_ins = [person for person in members if person.is_party_member]
        for index, ((zone_id, day), holder) in enumerate(sorted(patrols.items(), key=lambda item: (item[0][1], item[0][0]))):
            others = [person for person in stand_ins if person.pk != holder.pk]
            if day > today and index % STAND_IN_EVERY == 0 and others:
                patrols[zone_id, day] = others[(day.day + zone_id) % len(others)]
        days = working_days(month, selectors.next_month(month) - datetime.timedelta(days=1))
        extended = {day: members[index % len(members)] for index, day in enumerate(days)}
        actions.save_rota(branch, month, patrols=patrols, extended=extended, by=secretary, today=today)
        count += len(patrols) + len(extended)
    return count
