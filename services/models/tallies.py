"""Summary tables of the approved records and of the evaluations, for figures read at the scale
of a province.

A province holds two million records; summing them for every dashboard would take the better
part of a second. These tables hold the same sums per branch and month (and for the whole
committee, per month), per member and year, and per enterprise visited and year. They are never
typed into: ``services.tallies`` recomputes the cells a record touches from the records
themselves, in the same transaction as the change, so a figure is never stale after an approval
and never drifts; the evaluation sums per window and year and per month follow every import and
change of a satisfaction tally alike. ``manage.py rebuild_tallies`` recomputes them all.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from branches.models.base import ChoiceLabelsModel


class RecordSums(ChoiceLabelsModel):
    """What is summed of approved records of one kind (and subkind) in one month."""

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    kind = models.CharField(_("kind of record"), max_length=12)
    subkind = models.CharField(_("type"), max_length=24, blank=True)
    records = models.PositiveIntegerField(_("records"), default=0)
    hours = models.DecimalField(_("hours"), max_digits=12, decimal_places=1, default=0)
    persons_sent = models.PositiveIntegerField(_("person-times"), default=0)
    people_reached = models.PositiveIntegerField(_("people reached"), default=0)
    enterprises_reached = models.PositiveIntegerField(_("enterprises reached"), default=0)

    SUMS = ("records", "hours", "persons_sent", "people_reached", "enterprises_reached")

    class Meta:
        abstract = True


class BranchTally(RecordSums):
    branch = models.ForeignKey("branches.Branch", verbose_name=_("party branch"), on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("branch tally")
        verbose_name_plural = _("branch tallies")
        constraints = [
            models.UniqueConstraint(fields=["branch", "month", "kind", "subkind"], name="branch_tally_cell_unique"),
        ]
        indexes = [models.Index(fields=["month", "kind"], name="branch_tally_month_idx")]


class CommitteeTally(RecordSums):
    """The same sums over every branch."""

    class Meta:
        verbose_name = _("committee tally")
        verbose_name_plural = _("committee tallies")
        constraints = [
            models.UniqueConstraint(fields=["month", "kind", "subkind"], name="committee_tally_cell_unique"),
        ]


class MemberYearTally(ChoiceLabelsModel):
    """A member's approved service records of a year: the members who gave the most hours."""

    person = models.ForeignKey("branches.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    branch = models.ForeignKey("branches.Branch", verbose_name=_("party branch"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    services = models.PositiveIntegerField(_("service records"), default=0)
    hours = models.DecimalField(_("hours"), max_digits=10, decimal_places=1, default=0)

    class Meta:
        verbose_name = _("member's year")
        verbose_name_plural = _("members' years")
        constraints = [
            models.UniqueConstraint(fields=["person", "branch", "year"], name="member_year_unique"),
        ]
        indexes = [
            models.Index(fields=["year", "-hours"], name="member_year_hours_idx"),
            models.Index(fields=["branch", "year", "-hours"], name="member_year_branch_idx"),
        ]


class EnterpriseYearTally(ChoiceLabelsModel):
    """The door-to-door visits a branch paid an enterprise in a year: enterprises visited."""

    branch = models.ForeignKey("branches.Branch", verbose_name=_("party branch"), on_delete=models.CASCADE, related_name="+")
    enterprise = models.ForeignKey("services.Enterprise", verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    visits = models.PositiveIntegerField(_("visits"), default=0)

    class Meta:
        verbose_name = _("enterprise's year")
        verbose_name_plural = _("enterprises' years")
        constraints = [
            models.UniqueConstraint(fields=["branch", "enterprise", "year"], name="enterprise_year_unique"),
        ]
        indexes = [models.Index(fields=["year", "enterprise"], name="enterprise_year_idx")]


class EvaluationSums(ChoiceLabelsModel):
    positive = models.PositiveIntegerField(_("positive"), default=0)
    neutral = models.PositiveIntegerField(_("neutral"), default=0)
    negative = models.PositiveIntegerField(_("negative"), default=0)

    SUMS = ("positive", "neutral", "negative")

    class Meta:
        abstract = True


class WindowYearSatisfaction(EvaluationSums):
    """A window's (or the hall's) evaluations of a year per channel: the satisfaction per window."""

    window = models.ForeignKey("branches.Window", verbose_name=_("window"), on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    channel = models.CharField(_("channel"), max_length=16)

    class Meta:
        verbose_name = _("window's satisfaction of a year")
        verbose_name_plural = _("windows' satisfaction of a year")
        constraints = [
            models.UniqueConstraint(fields=["window", "year", "channel"], name="window_year_satisfaction_unique"),
            models.UniqueConstraint(fields=["year", "channel"], condition=models.Q(window__isnull=True), name="hall_year_satisfaction_unique"),
        ]
        indexes = [models.Index(fields=["year", "channel"], name="window_year_satisfaction_idx")]


class MonthSatisfaction(EvaluationSums):
    """Every window's and the hall's evaluations of a month per channel."""

    month = models.DateField(_("month"))
    channel = models.CharField(_("channel"), max_length=16)

    class Meta:
        verbose_name = _("month's satisfaction")
        verbose_name_plural = _("months' satisfaction")
        constraints = [models.UniqueConstraint(fields=["month", "channel"], name="month_satisfaction_unique")]
