"""A record's history as people read it: who changed what, when, and why."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext


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

    Two queries: the versions with their users, then the names behind changed foreign keys.
    """
    versions = list(record.history.select_related("history_user").order_by("history_date", "history_id"))
    model = type(record)
    pending = []
    previous = None
    for version in versions:
        changed = []
        if previous is not None:
            for change in version.diff_against(previous).changes:
                field = model._meta.get_field(change.field)
                changed.append((field, change.old, change.new))
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


def _foreign_key_names(changed_lists):
    wanted = {}
    for changed in changed_lists:
        for field, old, new in changed:
            if isinstance(field, models.ForeignKey):
                wanted.setdefault(field.related_model, set()).update(v for v in (old, new) if v)
    return {
        related: {pk: str(obj) for pk, obj in related.objects.in_bulk(ids).items()}
        for related, ids in wanted.items()
    }


def _display(field, value, names):
    if value in (None, ""):
        return "—"
    if isinstance(field, models.ForeignKey):
        return names.get(field.related_model, {}).get(value, value)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, models.BooleanField):
        return gettext("Yes") if value else gettext("No")
    return value
