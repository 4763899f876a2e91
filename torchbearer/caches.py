"""Every summary the app keeps beside the rows it summarises, and what keeps each in step.

A page at province scale cannot count two million records, or join every zone of the hall, each
time it is read; so a few figures are stored where they are read, and kept right by the writes.
This is the one list of them. Each keeper module:

* ``connect()``: connects the signals through which every save and delete of the rows it
  summarises (by an action, the admin, an import) updates the summary in the same transaction;
  called once, when the apps are ready (``torchbearer.apps``);
* ``rebuild()``: works the whole summary out again from the rows, for writers that go past the
  signals (a restore, the dataset generator's bulk COPY) and for ``manage.py rebuild_caches``;
* ``agrees()``, where a rebuild alone cannot tell (coverage leaves the flags of the day as they
  are): whether the summary as read equals its rows, for ``rebuild_caches --check``.

No reader refreshes a summary before reading it. The one summary that depends on the day, the
windows' coverage flag, is read through ``organisation.coverage.held_on``, right on any day.
"""

from collections import Counter
from dataclasses import dataclass
from types import ModuleType

from django.apps import apps
from django.db import transaction

from branches.lectures import counts as lecture_counts
from branches.organisation import coverage
from branches.people import stage_dates
from services.records import activity_dates, tallies
from services.satisfaction import sums as satisfaction_sums


@dataclass(frozen=True)
class Cache:
    name: str
    holds: tuple  # "app_label.Model.field", or "app_label.Model" for a whole summary table
    from_rows: str  # what it summarises
    keeper: ModuleType


CACHES = (
    Cache(
        "coverage",
        ("branches.Window.zoned", "branches.Window.zoned_as_of", "branches.ResponsibilityZone.holds_windows"),
        "responsibility zones, their windows and members",
        coverage,
    ),
    Cache(
        "lecture_counts",
        ("branches.Lecture.attendance_count", "branches.Lecture.feedback_count", "branches.Lecture.feedback_total"),
        "attendance registers and feedback scores",
        lecture_counts,
    ),
    Cache("stage_dates", ("branches.Person.stage_since",), "development steps", stage_dates),
    Cache(
        "tallies",
        ("services.BranchTally", "services.CommitteeTally", "services.MemberYearTally", "services.EnterpriseYearTally"),
        "approved records of the four kinds",
        tallies,
    ),
    Cache("activity_dates", ("branches.Person.last_active_on",), "approved records of the four kinds", activity_dates),
    Cache(
        "satisfaction_sums",
        ("services.WindowYearSatisfaction", "services.MonthSatisfaction"),
        "monthly satisfaction tallies",
        satisfaction_sums,
    ),
)


def connect():
    for cache in CACHES:
        cache.keeper.connect()


def rebuild(names=None):
    """Work the named summaries (all of them for None) out again from their rows, in this order:
    the tallies before the members' dates, as a restore always did."""
    for cache in CACHES:
        if names is None or cache.name in names:
            cache.keeper.rebuild()


def differences(names=None):
    """The names of the summaries (all of them for None) whose kept values differ from what a
    rebuild works out: after a load test, a failover, a restore. The rebuild is rolled back, but
    holds the summaries' rows until then: run it when the office is quiet."""
    chosen = [cache for cache in CACHES if names is None or cache.name in names]
    own_check = {cache.name for cache in chosen if hasattr(cache.keeper, "agrees")}
    differing = {cache.name for cache in chosen if cache.name in own_check and not cache.keeper.agrees()}
    compared = [cache for cache in chosen if cache.name not in own_check]
    with transaction.atomic():
        kept = {cache.name: _values(cache) for cache in compared}
        rebuild([cache.name for cache in compared])
        rebuilt = {cache.name: _values(cache) for cache in compared}
        transaction.set_rollback(True)
    differing |= {cache.name for cache in compared if kept[cache.name] != rebuilt[cache.name]}
    return [cache.name for cache in chosen if cache.name in differing]


def _values(cache):
    """What ``cache`` holds, comparable: a summary table's rows without their ids (a rebuild makes
    new ones), a kept column's values by row."""
    values = {}
    for held in cache.holds:
        app_label, model_name, *field = held.split(".")
        model = apps.get_model(app_label, model_name)
        if field:
            values[held] = Counter(model._default_manager.values_list("pk", *field))
        else:
            columns = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
            values[held] = Counter(model._default_manager.values_list(*columns))
    return values
