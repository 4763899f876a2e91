"""A record's history as people read it: who changed what, when, and why."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext

from branches.kernel.models import choice_labels

UNCOMPARED_FIELDS = {"id", "created_at", "updated_at", "submitted_at", "reviewed_at"}


@dataclass
class Change:
    when: object
    who: object
    kind: str  # "+" created, "~" changed
    reason: str
    fields: list  # (label, old, new)
    status: str


def record_changes(record):
    """Every saved version of the record, newest first, with the fields that changed in each.

    A bounded number of queries: the versions with their users, then one per kind of object
    behind the changed foreign keys.
    """
    versions = list(record.history.select_related("history_user__person").order_by("history_date", "history_id"))
    model = type(record)
    pending = []
    previous = None
    for version in versions:
        changed = []
        if previous is not None:
            for field in _compared(model):
                old, new = getattr(previous, field.attname), getattr(version, field.attname)
                if old != new:
                    changed.append((field, old, new))
        pending.append((version, changed))
        previous = version
    names = _foreign_key_names(changed for _, changed in pending)
    changes = []
    for version, changed in pending:
        changes.append(
            Change(
                when=version.history_date,
                who=version.history_user,
                kind=version.history_type,
                reason=version.history_change_reason or "",
                status=model(status=version.status).get_status_display(),
                fields=[
                    (field.verbose_name, _display(field, old, names), _display(field, new, names))
                    for field, old, new in changed
                ],
            )
        )
    return list(reversed(changes))


def _compared(model):
    """The record's fields that say something to a reader, the review fields included.

    (django-simple-history's own ``diff_against`` leaves non-editable fields out, but the status,
    reviewer and comment are what a record's history is mostly about.)
    """
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in UNCOMPARED_FIELDS and not field.primary_key
    ]


def _foreign_key_names(changed_lists):
    wanted = {}
    for changed in changed_lists:
        for field, old, new in changed:
            if isinstance(field, models.ForeignKey):
                wanted.setdefault(field.related_model, set()).update(v for v in (old, new) if v)
    return {related: _names(related, ids) for related, ids in wanted.items()}


def _names(related, ids):
    """What to call each object; a login account by the name of its person."""
    if related is get_user_model():
        users = related.objects.select_related("person").in_bulk(ids)
        return {pk: getattr(getattr(user, "person", None), "name", user.get_username()) for pk, user in users.items()}
    return {pk: str(obj) for pk, obj in related.objects.in_bulk(ids).items()}


def _display(field, value, names):
    if value in (None, ""):
        return "—"
    if isinstance(field, models.ForeignKey):
        return names.get(field.related_model, {}).get(value, value)
    if field.choices:
        return choice_labels(field).get(value, value)
    if isinstance(field, models.BooleanField):
        return gettext("Yes") if value else gettext("No")
    return value
