"""工作室: studios led by one member that take on difficult cases, and the firsts they achieved."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from branches.kernel.audit import audit
from branches.kernel.paths import object_path
from branches.kernel.scope import ScopedQuerySet


class StudioQuerySet(ScopedQuerySet):
    """Studios are public to everyone in the hall. The committee administrator keeps every studio's
    cases and firsts; the managers of the leader's branch (its secretary and branch committee) keep
    their studio's."""

    branch_path = "leader__branch"

    def visible_q(self, scope):
        return models.Q()


class StudioPartQuerySet(StudioQuerySet):
    """A studio's milestones and cases: public, and kept by whoever keeps the studio."""

    branch_path = "studio__leader__branch"


class Studio(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    leader = models.ForeignKey(
        "branches.Person", verbose_name=_("leader"), on_delete=models.PROTECT, related_name="studios_led"
    )
    members = models.ManyToManyField("branches.Person", verbose_name=_("members"), related_name="studios", blank=True)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)

    objects = StudioQuerySet.as_manager()

    class Meta:
        verbose_name = _("studio")
        verbose_name_plural = _("studios")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return object_path("services:studio-detail", self.pk)

    def clean(self):
        if self.leader_id and not self.leader.is_party_member:
            raise ValidationError({"leader": _("A studio is led by a party member.")})


class StudioMilestone(models.Model):
    """A first the studio achieved, e.g. the city's first all-online business licence."""

    studio = models.ForeignKey(
        Studio, verbose_name=_("studio"), on_delete=models.CASCADE, related_name="milestones"
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), blank=True, max_length=2000)

    objects = StudioPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["-date"]

    def __str__(self):
        return self.title


class CaseKind(models.TextChoices):
    INVESTMENT_PROJECT = "investment_project", _("Investment project")
    DIFFICULT_APPROVAL = "difficult_approval", _("Difficult approval (疑难件)")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Case(models.Model):
    studio = models.ForeignKey(
        Studio, verbose_name=_("studio"), on_delete=models.PROTECT, related_name="cases"
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

    objects = StudioPartQuerySet.as_manager()

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


audit([Studio, StudioMilestone, Case], m2m_fields={Studio: ["members"]})
