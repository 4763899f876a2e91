"""统办制 investment projects and 联办事项 joint items: how much faster approval became.

A speed-up is always computed (``1 - actual / baseline``), never typed in; a baseline of zero
days is rejected, since nothing can be faster than it.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from branches.kernel.audit import audit
from branches.kernel.scope import Role, ScopedQuerySet, scope_for

DAYS = {"max_digits": 6, "decimal_places": 1, "validators": [MinValueValidator(Decimal("0"))]}


def speedup(baseline, actual):
    """1 − actual / baseline as a fraction, or None when either is missing."""
    if baseline is None or actual is None or not baseline:
        return None
    return 1 - Decimal(actual) / Decimal(baseline)


class InvestmentProjectQuerySet(ScopedQuerySet):
    """Everyone signed in reads the projects; the managers of the team leader's branch keep them."""

    branch_path = "team_leader__branch"

    def visible_to(self, user):
        return self if scope_for(user).role is not Role.NONE else self.none()


class JointItemQuerySet(ScopedQuerySet):
    """Everyone signed in reads the joint items, held for the whole office; the committee
    administrator alone keeps them."""

    def visible_to(self, user):
        return self if scope_for(user).role is not Role.NONE else self.none()

    def manageable_q(self, scope):
        return Q(pk__in=[])


class InvestmentProject(models.Model):
    """An enterprise's investment project, approved by one team led by a party-member section chief."""

    name = models.CharField(_("project"), max_length=150)
    enterprise = models.ForeignKey(
        "services.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="projects"
    )
    team_leader = models.ForeignKey(
        "branches.Person", verbose_name=_("team leader"), on_delete=models.PROTECT, related_name="projects_led"
    )
    team = models.ManyToManyField("branches.Person", verbose_name=_("team"), related_name="projects", blank=True)
    started_on = models.DateField(_("started on"))
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    baseline_days = models.DecimalField(_("baseline days"), **DAYS)
    actual_days = models.DecimalField(_("actual days"), null=True, blank=True, **DAYS)

    objects = InvestmentProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(baseline_days__gt=0),
                name="project_baseline_positive",
                violation_error_message=_("The baseline must be more than zero days."),
            ),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True) | Q(approved_on__gte=F("started_on")),
                name="project_approved_after_start",
                violation_error_message=_("A project cannot be approved before it started."),
            ),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True, actual_days__isnull=True)
                | Q(approved_on__isnull=False, actual_days__isnull=False),
                name="approved_project_has_actual_days",
                violation_error_message=_("An approved project has its actual days, and only then."),
            ),
        ]
        indexes = [models.Index(fields=["approved_on"], name="project_approved_idx")]

    def __str__(self):
        return self.name

    @property
    def speedup(self):
        return speedup(self.baseline_days, self.actual_days)

    def clean(self):
        if self.team_leader_id is not None:
            leader = self.team_leader
            if not (leader.is_party_member and leader.is_section_chief):
                raise ValidationError(
                    {"team_leader": _("The team leader must be a party member and a section chief.")}
                )
        if self.baseline_days is not None and self.baseline_days <= 0:
            raise ValidationError({"baseline_days": _("The baseline must be more than zero days.")})
        if self.approved_on and self.started_on and self.approved_on < self.started_on:
            raise ValidationError({"approved_on": _("A project cannot be approved before it started.")})
        if (self.approved_on is None) != (self.actual_days is None):
            raise ValidationError(_("An approved project has its actual days, and only then."))


class ProjectMilestone(models.Model):
    project = models.ForeignKey(
        InvestmentProject, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("milestone"), max_length=150)

    class Meta:
        verbose_name = _("project milestone")
        verbose_name_plural = _("project milestones")
        ordering = ["date"]

    def __str__(self):
        return self.title


class JointItem(models.Model):
    """联办事项: a "one thing" handled jointly by several departments."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    departments = models.CharField(_("departments"), max_length=300, help_text=_("Separate them with “、”."))
    launched_on = models.DateField(_("launched on"))
    baseline_days = models.DecimalField(_("baseline days"), **DAYS)
    current_days = models.DecimalField(_("current days"), **DAYS)

    objects = JointItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("joint-handling item")
        verbose_name_plural = _("joint-handling items")
        ordering = ["-launched_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(baseline_days__gt=0),
                name="joint_item_baseline_positive",
                violation_error_message=_("The baseline must be more than zero days."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def speedup(self):
        return speedup(self.baseline_days, self.current_days)

    @property
    def department_list(self):
        return [name.strip() for name in self.departments.replace(",", "、").split("、") if name.strip()]

    def clean(self):
        if self.baseline_days is not None and self.baseline_days <= 0:
            raise ValidationError({"baseline_days": _("The baseline must be more than zero days.")})


audit([InvestmentProject, ProjectMilestone, JointItem], m2m_fields={InvestmentProject: ["team"]})
