"""The audit history: every change to an audited model is kept, with who made it and when.

django-simple-history (the established package for it, already behind the record history) adds
a historical table per audited model; admins read it from each object's "History" page in
Django admin. The apps list what they audit at the end of their ``models`` package: people and
the organisation, the rating rounds, and every input of the pillar pages and the annual report.
Rows written in bulk (the dataset generator) bypass it by design.
"""

import simple_history
from django.utils.functional import cached_property
from simple_history.manager import HistoryDescriptor

# updated_at says when; the rest are worked out from rows whose history is kept (the zones, the
# lectures' registers and scores, the development steps, the records)
UNAUDITED_FIELDS = (
    "updated_at", "zoned", "zoned_as_of", "holds_windows", "attendance_count", "feedback_count", "feedback_total", "stage_since", "last_active_on",
)


class OneManagerClass(HistoryDescriptor):
    """simple-history's ``instance.history``, with its manager class made once per model.

    simple-history 3.13 makes the class anew (``from_queryset``: a walk of the queryset's members)
    at every access, and it reaches it to write each historical row: 40 % of the time a test's
    office took to build, and 1 ms of every audited save."""

    @cached_property
    def manager_with_queryset(self):
        return self.manager_class.from_queryset(self.queryset_class)

    def __get__(self, instance, owner):
        return self.manager_with_queryset(self.model, instance)


def audit(models, *, m2m_fields=None):
    """Keep the history of each of ``models``; ``m2m_fields`` maps a model to the relations kept too."""
    m2m_fields = m2m_fields or {}
    for model in models:
        names = {field.name for field in model._meta.local_fields}
        simple_history.register(
            model,
            excluded_fields=[name for name in UNAUDITED_FIELDS if name in names],
            m2m_fields=m2m_fields.get(model, []),
        )
        make_manager_class_once(model)


def make_manager_class_once(model):
    """Give ``model``'s history the :class:`OneManagerClass` (for a model audited by a
    ``HistoricalRecords`` field of its own, like the records)."""
    kept = model.__dict__["history"]
    model.history = OneManagerClass(kept.model, manager=kept.manager_class, queryset=kept.queryset_class)
