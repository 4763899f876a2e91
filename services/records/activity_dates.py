"""Keeping ``Person.last_active_on``: the date of a person's latest approved record of any kind.

The dashboards count, branch by branch, the party members with no approved activity in the
current quarter. Asked of the records, that is five look-ups per member (their service records,
deeds, themed days logged and taken part in, patrols), for each of the twenty branches of a
dashboard page (docs/PERFORMANCE.md). Kept on the person, it is a date compared.

A record approved moves its people's date later where it is earlier. It is worked out again from
the records, in the same transaction, whenever an approved record is changed or deleted (for its
person, where it counted before, and a themed day's participants) and whenever
a themed day's participants change; and whenever the person is saved, since a person saved
whole writes back the date it was loaded with, which an approval since then may have made old.
Rows written in bulk (the dataset generator, a restore) are worked out by :func:`rebuild`. A
member was active on or after a day exactly when this date is on or after it.
"""

import datetime

from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, NullIf
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from branches.people.models import Person
from services.records.models import (
    Patrol,
    PracticalDeed,
    ReviewStatus,
    ServiceActivity,
    ServiceRecord,
)

NEVER = datetime.date(1, 1, 1)
RECORDS = (ServiceRecord, PracticalDeed, ServiceActivity, Patrol)
PARTICIPANTS = ServiceActivity.participants.through


def _latest(records):
    latest = records.filter(status=ReviewStatus.APPROVED).order_by("-date").values("date")[:1]
    return Coalesce(Subquery(latest), Value(NEVER))


def _last_active_on():
    """The latest date over every kind; NEVER stands in for none, since SQLite's MAX() of
    several values is NULL as soon as one is."""
    dates = [_latest(model.objects.filter(person=OuterRef("pk"))) for model in RECORDS]
    dates.append(_latest(ServiceActivity.objects.filter(participants=OuterRef("pk"))))
    return NullIf(Greatest(*dates), Value(NEVER))


def refresh(person_ids):
    person_ids = {pk for pk in person_ids if pk is not None}
    if person_ids:
        Person.objects.filter(pk__in=sorted(person_ids)).update(last_active_on=_last_active_on())


def rebuild():
    Person.objects.update(last_active_on=_last_active_on())


def _participants(activity):
    return set(PARTICIPANTS.objects.filter(serviceactivity=activity.pk).values_list("person_id", flat=True))


def _record_saved(sender, instance, raw=False, **kwargs):
    """Only an approved record counts: one waiting or returned, and not approved before the save
    (as services.records.tallies remembered it), changes no date, and its person's row is left unlocked
    (logging a record must not wait for an approval in the branch, nor hold up one)."""
    if raw:
        return
    before = getattr(instance, "_counted_before", None)
    if instance.status != ReviewStatus.APPROVED and before is None:
        return
    people = {instance.person_id}
    if sender is ServiceActivity:
        people |= _participants(instance)
    if before is None:  # approved now, not before: the people's latest date can only move later
        _move_later(people, instance.date)
        return
    people.add(before.person_id)
    refresh(people)


def _move_later(person_ids, day):
    """``day`` as the people's last active date where theirs is earlier (or none)."""
    Person.objects.filter(pk__in=sorted(person_ids)).filter(
        Q(last_active_on__isnull=True) | Q(last_active_on__lt=day)
    ).update(last_active_on=day)


def _remember_participants(sender, instance, **kwargs):
    """Before a themed day is deleted: its participants' links go with it."""
    instance._participants_before = _participants(instance)


def _record_deleted(sender, instance, **kwargs):
    refresh({instance.person_id} | getattr(instance, "_participants_before", set()))


def _participants_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear":
        instance._participants_before = {instance.pk} if reverse else _participants(instance)
    elif action == "post_clear":
        refresh(instance._participants_before)
    elif action in ("post_add", "post_remove"):
        refresh([instance.pk] if reverse else pk_set)


def _person_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        refresh([instance.pk])


def connect():
    """Called once the apps are ready (torchbearer.caches), after the tallies."""
    for model in RECORDS:
        name = model.__name__
        post_save.connect(_record_saved, sender=model, dispatch_uid=f"activity-date-saved-{name}")
        post_delete.connect(_record_deleted, sender=model, dispatch_uid=f"activity-date-deleted-{name}")
    pre_delete.connect(_remember_participants, sender=ServiceActivity, dispatch_uid="activity-date-participants")
    m2m_changed.connect(_participants_changed, sender=PARTICIPANTS, dispatch_uid="activity-date-took-part")
    post_save.connect(_person_saved, sender=Person, dispatch_uid="activity-date-person-saved")
