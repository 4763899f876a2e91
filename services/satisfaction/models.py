"""满意率: evaluation tallies (好差评) per month, window and channel; the rate is always computed.

The satisfaction rate is the share of evaluations that are not negative:
(positive + neutral) / all, the usual reading of 好差评 where 基本满意 still counts as satisfied.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches.kernel.audit import audit


class Channel(models.TextChoices):
    MOBILE = "mobile", _("Mobile")
    PC = "pc", _("PC")
    SELF_SERVICE = "self_service", _("Self-service kiosk")
    HALL = "hall", _("Hall")


class SatisfactionTally(models.Model):
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    window = models.ForeignKey(
        "branches.Window",
        verbose_name=_("window"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="satisfaction_tallies",
        help_text=_("Empty for the hall as a whole."),
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    positive = models.PositiveIntegerField(_("positive"), default=0)
    neutral = models.PositiveIntegerField(_("neutral"), default=0)
    negative = models.PositiveIntegerField(_("negative"), default=0)

    class Meta:
        verbose_name = _("satisfaction tally")
        verbose_name_plural = _("satisfaction tallies")
        ordering = ["-month", "window", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "window", "channel"],
                name="one_tally_per_month_window_channel",
                violation_error_message=_("This month, window and channel already have a tally."),
            ),
            models.UniqueConstraint(
                fields=["month", "channel"],
                condition=Q(window__isnull=True),
                name="one_hall_tally_per_month_channel",
                violation_error_message=_("This month and channel already have a hall tally."),
            ),
        ]
        indexes = [models.Index(fields=["month", "channel"], name="tally_month_channel_idx")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.window or '—'} {self.get_channel_display()}"

    @property
    def total(self):
        return self.positive + self.neutral + self.negative

    def clean(self):
        if self.month and self.month.day != 1:
            self.month = self.month.replace(day=1)
        if self.total == 0:
            raise ValidationError(_("A tally counts at least one evaluation."))


class EvaluationSums(models.Model):
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


audit([SatisfactionTally])
