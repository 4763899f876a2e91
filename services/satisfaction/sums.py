"""Keeping the sums of the satisfaction tallies (services.satisfaction.models): per window and year,
per month, recomputed from the tallies whenever one is saved or deleted."""

from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.db.models.signals import post_delete, post_save, pre_save

from branches.kernel.queries import insert_from
from branches.organisation.models import Committee
from services.satisfaction.models import (
    EvaluationSums,
    MonthSatisfaction,
    SatisfactionTally,
    WindowYearSatisfaction,
)


def refresh_satisfaction(cells):
    """Recompute the evaluation sums of the ``cells``, (month, window id or None) pairs, from the
    satisfaction tallies. Refreshes are few (a month's import, an edit in admin): they queue on the
    committee's row."""
    cells = set(cells)
    if not cells:
        return
    with transaction.atomic():
        list(Committee.objects.select_for_update(no_key=True).order_by("pk").values_list("pk", flat=True)[:1])
        for window_id, year in sorted({(window, month.year) for month, window in cells}, key=str):
            tallies = SatisfactionTally.objects.filter(window=window_id, month__year=year)
            _replace_channels(WindowYearSatisfaction, tallies, window_id=window_id, year=year)
        for month in sorted({month for month, _window in cells}):
            _replace_channels(MonthSatisfaction, SatisfactionTally.objects.filter(month=month), month=month)


def _replace_channels(model, tallies, **cell):
    """Make ``model``'s rows of the ``cell``, one per channel, the sums of ``tallies``."""
    sums = {name: Coalesce(Sum(name), 0) for name in EvaluationSums.SUMS}
    rows = {row["channel"]: row for row in tallies.order_by().values("channel").annotate(**sums)}
    model.objects.filter(**cell).exclude(channel__in=rows).delete()
    for channel, row in rows.items():
        model.objects.update_or_create(**cell, channel=channel, defaults={name: row[name] for name in EvaluationSums.SUMS})


def _satisfaction_before(sender, instance, raw=False, **kwargs):
    before = None if raw or instance.pk is None else sender.objects.filter(pk=instance.pk).values_list("month", "window").first()
    instance._evaluated_before = before


def _satisfaction_after(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_satisfaction({getattr(instance, "_evaluated_before", None) or (instance.month, instance.window_id), (instance.month, instance.window_id)})


def _satisfaction_deleted(sender, instance, **kwargs):
    refresh_satisfaction({(instance.month, instance.window_id)})


def connect():
    """Keep the sums on every save and delete of a tally (torchbearer.caches)."""
    pre_save.connect(_satisfaction_before, sender=SatisfactionTally, dispatch_uid="satisfaction-before")
    post_save.connect(_satisfaction_after, sender=SatisfactionTally, dispatch_uid="satisfaction-after")
    post_delete.connect(_satisfaction_deleted, sender=SatisfactionTally, dispatch_uid="satisfaction-delete")


@transaction.atomic
def rebuild():
    """Recompute every sum from the tallies, in the database (after a bulk load or a restore)."""
    WindowYearSatisfaction.objects.all().delete()
    MonthSatisfaction.objects.all().delete()
    evaluations = {f"{name}_": Sum(name) for name in EvaluationSums.SUMS}
    by_window = SatisfactionTally.objects.annotate(year_=ExtractYear("month")).order_by().values("window", "year_", "channel")
    insert_from(WindowYearSatisfaction, by_window.annotate(**evaluations))
    insert_from(MonthSatisfaction, SatisfactionTally.objects.order_by().values("month", "channel").annotate(**evaluations))
