"""问题闭环: problems found in the hall, the round-tables that decide measures, the classes solved.

A problem moves found → discussed → in progress → resolved → verified, one step at a time
(the transitions live in ``services.problems.actions``); a verified problem may be filed under a
problem class, the rule adopted so that one small fix solves a whole kind of difficulty.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.kernel.audit import audit
from branches.kernel.paths import object_path
from branches.kernel.scope import ScopedQuerySet


class ProblemSource(models.TextChoices):
    PATROL = "patrol", _("Daily patrol")
    WINDOW = "window", _("At a window")
    COMPLAINT = "complaint", _("Complaint")
    OTHER = "other", _("Other")


class ProblemStatus(models.TextChoices):
    FOUND = "found", _("Found")
    DISCUSSED = "discussed", _("Discussed")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    VERIFIED = "verified", _("Verified")


PROBLEM_ORDER = list(ProblemStatus.values)
OPEN_STATUSES = [ProblemStatus.FOUND, ProblemStatus.DISCUSSED, ProblemStatus.IN_PROGRESS]


class ProblemClass(models.Model):
    """A class of problems solved for good by one rule (从一件小事解决一类难题)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    rule = models.TextField(_("rule adopted"), max_length=2000)
    adopted_on = models.DateField(_("adopted on"))

    class Meta:
        verbose_name = _("problem class")
        verbose_name_plural = _("problem classes")
        ordering = ["adopted_on", "name"]

    def __str__(self):
        return self.name


class ProblemQuerySet(ScopedQuerySet):
    """The loop is open to everyone in the hall; the responsible branch's managers run it."""

    def visible_q(self, scope):
        return Q() if scope.person_id is not None else Q(pk__in=[])

    def open(self):
        # named rather than "not resolved or verified", so that the status index finds them
        return self.filter(status__in=OPEN_STATUSES)


class Problem(models.Model):
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), max_length=4000)
    source = models.CharField(_("source"), max_length=12, choices=ProblemSource.choices)
    patrol = models.OneToOneField(
        "services.Patrol",
        verbose_name=_("patrol"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="problem",
    )
    window = models.ForeignKey(
        "branches.Window", verbose_name=_("window"), on_delete=models.SET_NULL, null=True, blank=True
    )
    branch = models.ForeignKey(
        "branches.Branch",
        verbose_name=_("responsible branch"),
        on_delete=models.PROTECT,
        related_name="problems",
    )
    found_on = models.DateField(_("found on"))
    reported_by = models.ForeignKey(
        "branches.Person",
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="problems_reported",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ProblemStatus.choices, default=ProblemStatus.FOUND
    )
    resolution = models.TextField(_("how it was resolved"), blank=True, max_length=4000)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        "branches.Person",
        verbose_name=_("resolved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="problems_resolved",
    )
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    problem_class = models.ForeignKey(
        ProblemClass,
        verbose_name=_("problem class"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="problems",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ProblemQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["-found_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=F("found_on")),
                name="problem_resolved_after_found",
                violation_error_message=_("A problem cannot be resolved before it was found."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["resolved", "verified"]) | Q(resolved_on__isnull=False),
                name="resolved_problem_has_a_date",
                violation_error_message=_("A resolved problem has the date it was resolved."),
            ),
            models.CheckConstraint(
                condition=~Q(status="verified") | Q(verified_on__isnull=False),
                name="verified_problem_has_a_date",
                violation_error_message=_("A verified problem has the date it was verified."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "found_on"], name="problem_status_idx"),
            models.Index(fields=["branch", "status"], name="problem_branch_status_idx"),
            models.Index(fields=["-found_on", "-id"], name="problem_newest"),
            models.Index(fields=["resolved_on"], name="problem_resolved_idx"),
            models.Index(fields=["verified_on"], name="problem_verified_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return object_path("services:problem-detail", self.pk)

    @property
    def days_to_resolve(self):
        if self.resolved_on is None:
            return None
        return (self.resolved_on - self.found_on).days

    def clean(self):
        if self.found_on and self.found_on > timezone.localdate():
            raise ValidationError({"found_on": _("The date cannot be in the future.")})


class RoundTable(models.Model):
    """议事厅圆桌会: a meeting that discusses problems and decides measures."""

    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=150)
    branch = models.ForeignKey(
        "branches.Branch",
        verbose_name=_("organising branch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="round_tables",
    )
    attendees = models.ManyToManyField("branches.Person", verbose_name=_("attendees"), related_name="round_tables")
    problems = models.ManyToManyField(Problem, verbose_name=_("problems discussed"), related_name="round_tables")
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("round-table meeting")
        verbose_name_plural = _("round-table meetings")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"


class MeasureQuerySet(models.QuerySet):
    def overdue(self, on=None):
        return self.filter(done_on__isnull=True, deadline__lt=on or timezone.localdate())


class Measure(models.Model):
    """A measure the round-table decided for a problem, with its owner and deadline."""

    round_table = models.ForeignKey(
        RoundTable, verbose_name=_("round-table meeting"), on_delete=models.CASCADE, related_name="measures"
    )
    problem = models.ForeignKey(Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="measures")
    description = models.TextField(_("measure"), max_length=2000)
    owner = models.ForeignKey(
        "branches.Person", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="measures_owned"
    )
    deadline = models.DateField(_("deadline"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["done_on", "deadline"], name="measure_open_deadline_idx")]

    def __str__(self):
        return self.description[:40]

    @property
    def is_overdue(self):
        return self.done_on is None and self.deadline < timezone.localdate()


audit([ProblemClass, Problem, RoundTable, Measure], m2m_fields={RoundTable: ["attendees", "problems"]})
