"""Every summary the app keeps beside the rows it summarises, and what keeps each in step.

A page at province scale cannot count two million records, or join every zone of the hall, each
time it is read; so a few figures are stored where they are read, and kept right by the writes.
This is the one list of them. Each keeper module:

* ``connect()``: connects the signals through which every save and delete of the rows it
  summarises (by an action, the admin, an import) updates the summary in the same transaction;
  called once, when the apps are ready (``torchbearer.apps``);
* ``rebuild()``: works the whole summary out again from the rows, for writers that go past the
  signals (a restore, the dataset generator's bulk COPY) and for ``manage.py rebuild_caches``.

No reader refreshes a summary before reading it. The one summary that depends on the day, the
windows' coverage flag, is read through ``organisation.coverage.held_on``, right on any day.
"""

from dataclasses import dataclass
from types import ModuleType

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
