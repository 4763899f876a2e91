"""The political statuses in the party's order, and its rules for developing members: the order of
the steps and their minimum intervals."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class PoliticalStatus(models.IntegerChoices):
    """Political status in the order of the party's rules; each step up is a development step."""

    MASSES = 0, _("Masses")
    APPLICANT = 1, _("Applicant for membership")
    ACTIVIST = 2, _("Activist")
    CANDIDATE = 3, _("Development candidate")
    PROBATIONARY = 4, _("Probationary member")
    FULL = 5, _("Full member")

    @classmethod
    def party_member_values(cls):
        return [cls.PROBATIONARY, cls.FULL]


def years_after(day, years):
    """The same calendar day ``years`` later; a 29 February lands on 1 March of a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, month=3, day=1)


def years_before(day, years):
    """The latest date from which ``years_after(date, years)`` has come by ``day``."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class MinimumWait:
    """How long a person stays at ``after`` before the next step may be taken, and why."""

    after: int
    years: int
    reason: str


# The minimum intervals of the party's rules for developing members (《中国共产党发展党员工作细则》):
# an activist is trained and observed "一年以上" before becoming a development candidate, which in
# Chinese rules includes the year itself (以上 counts the number named): at least one year, so the
# step may be taken on the same calendar day a year later; and a probationary member serves a
# probationary period of one year.
MINIMUM_WAITS = {
    PoliticalStatus.CANDIDATE: MinimumWait(
        PoliticalStatus.ACTIVIST,
        1,
        _("an activist is trained and observed for at least one year before becoming a development candidate"),
    ),
    PoliticalStatus.FULL: MinimumWait(
        PoliticalStatus.PROBATIONARY, 1, _("the probationary period lasts one year")
    ),
}


MINIMUM_APPLICATION_AGE = 18


# The probationary period may be extended once, by at most a year; beyond that it has overrun.
LONGEST_PROBATION_YEARS = 2


def earliest_date_for(stage, step_dates):
    """The first day ``stage`` may be recorded, given the dates of the earlier steps (None: no wait)."""
    wait = MINIMUM_WAITS.get(stage)
    if wait is None or wait.after not in step_dates:
        return None
    return years_after(step_dates[wait.after], wait.years)


def validate_step_order(steps, *, birth_date=None):
    """One person's (stage, date) steps: dates never go backwards and the minimum intervals hold.

    An application needs the applicant to be 18 years old that day, when the birth date is known.
    """
    ordered = sorted(steps)
    for (earlier_stage, earlier_date), (later_stage, later_date) in zip(ordered, ordered[1:]):
        if later_date < earlier_date:
            raise ValidationError(
                _("“%(later)s” (%(later_date)s) cannot come before “%(earlier)s” (%(earlier_date)s)."),
                params={
                    "later": PoliticalStatus(later_stage).label,
                    "later_date": later_date,
                    "earlier": PoliticalStatus(earlier_stage).label,
                    "earlier_date": earlier_date,
                },
                code="step_order",
            )
    dates = dict(ordered)
    for stage, date in ordered:
        earliest = earliest_date_for(stage, dates)
        if earliest is not None and date < earliest:
            wait = MINIMUM_WAITS[stage]
            raise ValidationError(
                _(
                    "“%(stage)s” can be recorded on %(earliest)s at the earliest, not %(date)s: "
                    "%(reason)s (“%(after)s” on %(after_date)s)."
                ),
                params={
                    "stage": PoliticalStatus(stage).label,
                    "earliest": earliest,
                    "date": date,
                    "reason": wait.reason,
                    "after": PoliticalStatus(wait.after).label,
                    "after_date": dates[wait.after],
                },
                code="minimum_interval",
            )
    applied_on = dates.get(PoliticalStatus.APPLICANT)
    if birth_date and applied_on and applied_on < years_after(birth_date, MINIMUM_APPLICATION_AGE):
        raise ValidationError(
            _("An application for membership needs the applicant to be %(age)s; this person was not yet on %(date)s."),
            params={"age": MINIMUM_APPLICATION_AGE, "date": applied_on},
            code="too_young",
        )


#: The stages a development step records, in the party's order (申请 → 积极分子 → 发展对象 → 预备党员 → 正式党员).
DEVELOPMENT_STAGES = [status for status in PoliticalStatus if status > PoliticalStatus.MASSES]


def check_development_steps(steps, *, birth_date=None):
    """A person's whole record of steps as (stage, date) pairs, when it is edited as a whole (the
    admin): the stages follow the party's order one at a time from the application on, and
    :func:`validate_step_order` holds. Two steps of the same stage are left to the model's unique
    constraint, which reports them on its own. One step at a time goes through
    ``people.actions.record_development_step``, which checks the step after the current stage.
    """
    stages = sorted(stage for stage, _date in steps)
    if len(set(stages)) < len(stages):
        return
    for expected, stage in zip(DEVELOPMENT_STAGES, stages):
        if stage != expected:
            raise ValidationError(
                _("“%(stage)s” needs the step “%(missing)s” before it: steps follow the party's order one at a time."),
                params={"stage": PoliticalStatus(stage).label, "missing": PoliticalStatus(expected).label},
                code="step_missing",
            )
    validate_step_order(steps, birth_date=birth_date)
