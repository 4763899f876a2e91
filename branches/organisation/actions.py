"""Keeping a branch's responsibility zones and party groups: the writes of the pages where a
branch's committee does it (and of the admin, which saves through the same model rules)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from branches.kernel.scope import scope_for
from branches.people.models import Person


@transaction.atomic
def save_zone(zone, *, windows, by):
    """Save ``zone`` (edited in memory) with its ``windows``; the coverage keeper follows the
    windows' change (torchbearer/caches.py)."""
    if not scope_for(by).can_manage_branch(zone.member.branch_id):
        raise PermissionDenied(_("You may not keep the zones of this branch."))
    zone.full_clean()
    zone.save()
    zone.windows.set(windows)
    return zone


@transaction.atomic
def save_group(group, *, members, by):
    """Save ``group`` (edited in memory) with exactly ``members`` among the people in post: those
    chosen join it (leaving their former group), those no longer chosen leave it; people who have
    left keep the group they had. Each person is saved, so that their history says so."""
    if not scope_for(by).can_manage_branch(group.branch_id):
        raise PermissionDenied(_("You may not keep the groups of this branch."))
    if any(person.branch_id != group.branch_id for person in members):
        raise ValidationError({"members": _("Members must belong to the group's branch.")}, code="other_branch")
    group.full_clean()
    group.save()
    chosen = {person.pk for person in members}
    for person in Person.objects.select_for_update(no_key=True, of=("self",)).filter(Q(pk__in=chosen) | Q(group=group, is_active=True)):
        wanted = group.pk if person.pk in chosen else None
        if person.group_id != wanted:
            person.group_id = wanted
            person._history_user = by
            person.save(update_fields=["group"])
    return group
