"""Keeping a branch's duty rota: the one write of the rota page (and of the demo)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from branches.kernel.scope import scope_for
from branches.organisation.models import Branch, ResponsibilityZone
from branches.people.models import Person
from services.patrols.models import DutyRota, ExtendedHoursDuty, PatrolDuty
from services.patrols.selectors import next_month, previous_month

#: A rota is kept from the month before (to put right who really stood in) to this many months ahead.
MONTHS_AHEAD = 3


def keepable_months(today):
    """The first days of the months whose rota can be kept on ``today``."""
    months = [previous_month(today.replace(day=1))]
    for _step in range(MONTHS_AHEAD + 1):
        months.append(next_month(months[-1]))
    return months


def check_month(month, today):
    """Refuse a month whose rota cannot be kept on ``today``."""
    if not isinstance(month, datetime.date) or month not in keepable_months(today):
        raise ValidationError(
            _("A rota can be kept from last month to %(months)s months ahead.") % {"months": MONTHS_AHEAD},
            code="month_out_of_reach",
        )


def may_keep_rota(user, branch):
    return scope_for(user).can_manage_branch(branch.pk)


@transaction.atomic
def save_rota(branch, month, *, patrols, extended, by, today=None):
    """Make the rota of ``branch`` for the month starting on ``month`` exactly this: ``patrols``
    maps ``(zone, day)`` to the party member patrolling the zone that day, ``extended`` maps a day
    to the person serving extended hours (zones and people as objects or ids); a cell left out or
    None has nobody.

    All or nothing: every cell is checked with the duties' own rules (``PatrolDuty.breaches``) and one
    refusal lists every cell wrong. Only what changed is written, so that the history shows the
    changes; a month left without duties has no rota. Returns the rota (unsaved when emptied).
    """
    if not may_keep_rota(by, branch):
        raise PermissionDenied(_("You may not keep the duty rota of this branch."))
    check_month(month, today or timezone.localdate())
    patrols = {(_pk(zone), day): _pk(person) for (zone, day), person in patrols.items() if person is not None}
    extended = {day: _pk(person) for day, person in extended.items() if person is not None}
    zones = ResponsibilityZone.objects.select_related("member").in_bulk({zone for zone, _day in patrols})
    people = Person.objects.in_bulk({*patrols.values(), *extended.values()})
    if not set(zones) >= {zone for zone, _day in patrols} or not set(people) >= {*patrols.values(), *extended.values()}:
        raise ValidationError(_("A zone or a person of the rota does not exist."), code="unknown")

    # The branch's row is locked first: two managers saving a month that has no rota yet would
    # both create it (and the second meet the database's one rota per month) with nothing to lock.
    list(Branch.objects.select_for_update(no_key=True).filter(pk=_pk(branch)).order_by().values_list("pk", flat=True))
    rota = DutyRota.objects.select_for_update().filter(branch=branch, month=month).first()
    if rota is None:
        if not patrols and not extended:
            return DutyRota(branch=branch, month=month)
        rota = DutyRota(branch=branch, month=month, updated_by=by)
        rota._history_user = by
        rota.save()
    wanted_patrols = {
        (zone, day): PatrolDuty(rota=rota, zone=zones[zone], date=day, person=people[person])
        for (zone, day), person in patrols.items()
    }
    wanted_extended = {day: ExtendedHoursDuty(rota=rota, date=day, person=people[person]) for day, person in extended.items()}
    errors = []
    for duty in [*wanted_patrols.values(), *wanted_extended.values()]:
        place = duty.zone.name if isinstance(duty, PatrolDuty) else _("extended hours")
        errors += [
            _("%(day)s, %(place)s: %(message)s") % {"day": f"{duty.date:%m-%d}", "place": place, "message": message}
            for messages in duty.breaches().values()
            for message in messages
        ]
    if errors:
        raise ValidationError(errors, code="bad_cells")

    _replace(PatrolDuty, {(duty.zone_id, duty.date): duty for duty in rota.patrols.all()}, wanted_patrols, by)
    _replace(ExtendedHoursDuty, {duty.date: duty for duty in rota.extended_hours.all()}, wanted_extended, by)
    rota._history_user = by
    if not wanted_patrols and not wanted_extended:
        rota.delete()
        return rota
    rota.updated_by = by
    rota.save()
    return rota


def _pk(obj):
    return getattr(obj, "pk", obj)


def _replace(model, stored, wanted, by):
    """Turn the ``stored`` duties into the ``wanted`` ones (both by cell): delete, change and add
    only what differs, each with its history."""
    for key, duty in stored.items():
        if key not in wanted:
            duty._history_user = by
            duty.delete()
    changed = []
    for key, duty in wanted.items():
        if key in stored and stored[key].person_id != duty.person_id:
            stored[key].person = duty.person
            changed.append(stored[key])
    if changed:
        bulk_update_with_history(changed, model, ["person"], default_user=by)
    added = [duty for key, duty in wanted.items() if key not in stored]
    if added:
        bulk_create_with_history(added, model, default_user=by)
