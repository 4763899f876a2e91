"""疑难件: difficult cases and investment projects a studio takes on for an enterprise."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from branches.models.base import ChoiceLabelsModel


class CaseKind(models.TextChoices):
    INVESTMENT_PROJECT = "investment_project", _("Investment project")
    DIFFICULT_APPROVAL = "difficult_approval", _("Difficult approval (疑难件)")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Case(ChoiceLabelsModel):
    studio = models.ForeignKey(
        "branches.Studio", verbose_name=_("studio"), on_delete=models.PROTECT, related_name="cases"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=CaseKind.choices)
    title = models.CharField(_("title"), max_length=150)
    enterprise = models.ForeignKey(
        "services.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    description = models.TextField(_("description"), blank=True, max_length=4000)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    outcome = models.TextField(_("outcome"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["status", "-opened_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="case_closes_after_opening",
                violation_error_message=_("A case cannot close before it opened."),
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True) | Q(status="closed", closed_on__isnull=False),
                name="closed_case_has_a_date",
                violation_error_message=_("A closed case has a closing date; an open one has none."),
            ),
        ]
        indexes = [models.Index(fields=["studio", "status"], name="case_studio_status_idx")]

    def __str__(self):
        return self.title

    def clean(self):
        if self.status == CaseStatus.CLOSED and not self.closed_on:
            raise ValidationError({"closed_on": _("Give the date the case was closed.")})
        if self.status == CaseStatus.OPEN and self.closed_on:
            raise ValidationError({"status": _("A case with a closing date is closed.")})
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            raise ValidationError({"closed_on": _("A case cannot close before it opened.")})
