"""导师帮带: a mentor and a mentee, what they work on, how, and the log of their sessions."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from branches.kernel.audit import audit
from branches.kernel.paths import object_path
from branches.kernel.scope import ScopedQuerySet
from branches.people.models import Person

FOCUS_FIELDS = {
    "political_thought": _("Political thought"),
    "window_business": _("Window business"),
    "service_level": _("Service level"),
}


class PairingKind(models.TextChoices):
    OLD_WITH_NEW = "old_with_new", _("Old with new (老带新)")
    EXPERIENCED_WITH_YOUNG = "experienced_with_young", _("Experienced with young (蓝带青)")


class MentorshipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    ENDED_EARLY = "ended_early", _("Ended early")


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Not yet passed")


class MentorshipQuerySet(ScopedQuerySet):
    """The pair themselves, the mentee's branch's managers and the committee office."""

    branch_path = "mentee__branch"

    def visible_q(self, scope):
        # the mentees of the branches as a subquery, not a join: OR-ed with the pair's own ids,
        # a join made PostgreSQL join every pairing to every person before filtering (docs/PERFORMANCE.md)
        mentees = Person.objects.filter(branch__in=scope.managed_branch_ids).values("pk")
        visible = Q(mentee__in=mentees)
        if scope.person_id is not None:
            visible |= Q(mentor=scope.person_id) | Q(mentee=scope.person_id)
        return visible

    def active(self):
        return self.filter(status=MentorshipStatus.ACTIVE)

    def active_between(self, start, end):
        """The pairs that ran at some time from ``start`` to ``end``: the one definition of a pair
        active in a period (the figures, the raters' evidence, the conflicts of interest)."""
        return self.filter(Q(starts_on__lte=end), Q(ended_on__isnull=True) | Q(ended_on__gte=start))


def _one_active_mentor_per(focus):
    return models.UniqueConstraint(
        fields=["mentee"],
        condition=Q(status="active", **{f"covers_{focus}": True}),
        name=f"one_active_mentor_for_{focus}",
        violation_error_message=format_lazy(
            _("The mentee already has an active mentor for “{focus}”."), focus=FOCUS_FIELDS[focus]
        ),
    )


class Mentorship(models.Model):
    mentor = models.ForeignKey(
        "Person", verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="mentorships_given"
    )
    mentee = models.ForeignKey(
        "Person", verbose_name=_("mentee"), on_delete=models.PROTECT, related_name="mentorships_received"
    )
    kind = models.CharField(_("kind of pairing"), max_length=24, choices=PairingKind.choices)
    covers_political_thought = models.BooleanField(FOCUS_FIELDS["political_thought"], default=False)
    covers_window_business = models.BooleanField(FOCUS_FIELDS["window_business"], default=False)
    covers_service_level = models.BooleanField(FOCUS_FIELDS["service_level"], default=False)
    teaches_at_window = models.BooleanField(_("teaching at the window (教)"), default=True)
    practises_in_project = models.BooleanField(_("practising in a project (练)"), default=False)
    goals = models.TextField(_("goals"), max_length=2000)
    starts_on = models.DateField(_("starts on"))
    planned_end = models.DateField(_("planned end"))
    status = models.CharField(
        _("status"), max_length=12, choices=MentorshipStatus.choices, default=MentorshipStatus.ACTIVE
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended early"), max_length=300, blank=True)
    midterm_evaluation = models.TextField(_("mid-term evaluation"), blank=True, max_length=2000)
    midterm_rating = models.CharField(_("mid-term rating"), max_length=12, choices=Rating.choices, blank=True)
    final_evaluation = models.TextField(_("final evaluation"), blank=True, max_length=2000)
    final_rating = models.CharField(_("final rating"), max_length=12, choices=Rating.choices, blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last evaluated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentor pairing")
        verbose_name_plural = _("mentor pairings")
        ordering = ["status", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(mentor=F("mentee")),
                name="nobody_mentors_themselves",
                violation_error_message=_("Nobody can mentor themselves."),
            ),
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("starts_on")),
                name="mentorship_planned_end_after_start",
                violation_error_message=_("The planned end cannot be before the start."),
            ),
            models.CheckConstraint(
                condition=Q(covers_political_thought=True)
                | Q(covers_window_business=True)
                | Q(covers_service_level=True),
                name="mentorship_has_a_focus",
                violation_error_message=_("Choose at least one focus area."),
            ),
            models.CheckConstraint(
                condition=~Q(status="ended_early") | ~Q(end_reason=""),
                name="early_end_has_a_reason",
                violation_error_message=_("Say why the pairing ended early."),
            ),
            _one_active_mentor_per("political_thought"),
            _one_active_mentor_per("window_business"),
            _one_active_mentor_per("service_level"),
        ]
        # in the lists' order (status, newest first): their first page is read from the index
        # rather than sorted from every pair joined with its people (docs/PERFORMANCE.md)
        indexes = [models.Index(F("status"), F("starts_on").desc(), name="mentorship_status_idx")]

    def __str__(self):
        return f"{self.mentor} → {self.mentee}"

    def get_absolute_url(self):
        return object_path("branches:mentorship-detail", self.pk)

    @property
    def focus_labels(self):
        return [label for name, label in FOCUS_FIELDS.items() if getattr(self, f"covers_{name}")]

    @property
    def method_labels(self):
        labels = []
        if self.teaches_at_window:
            labels.append(_("Teach (教)"))
        if self.practises_in_project:
            labels.append(_("Practise (练)"))
        return labels

    def progress_percent(self, on=None):
        """How far through the planned period the pair is (100 once it has ended)."""
        if self.status != MentorshipStatus.ACTIVE:
            return 100
        on = on or timezone.localdate()
        total = (self.planned_end - self.starts_on).days or 1
        return max(0, min(100, round(100 * (on - self.starts_on).days / total)))

    def clean(self):
        if self.mentor_id and self.mentor_id == self.mentee_id:
            raise ValidationError({"mentee": _("Nobody can mentor themselves.")})
        if self.starts_on and self.planned_end and self.planned_end < self.starts_on:
            raise ValidationError({"planned_end": _("The planned end cannot be before the start.")})
        if not (self.covers_political_thought or self.covers_window_business or self.covers_service_level):
            raise ValidationError(_("Choose at least one focus area."))
        if not (self.teaches_at_window or self.practises_in_project):
            raise ValidationError(_("Choose at least one method: teach at the window or practise in a project."))
        if self.status == MentorshipStatus.ACTIVE and self.mentee_id and self.mentor_id != self.mentee_id:
            self._check_one_active_mentor_per_focus()

    def _check_one_active_mentor_per_focus(self):
        """The partial unique constraints, said with names (forms skip them: status is not a field)."""
        others = Mentorship.objects.active().filter(mentee=self.mentee_id).exclude(pk=self.pk).select_related("mentor")
        errors = []
        for other in others:
            for focus, label in FOCUS_FIELDS.items():
                name = f"covers_{focus}"
                if getattr(self, name) and getattr(other, name):
                    message = _("%(mentee)s already has an active mentor for “%(focus)s”: %(mentor)s.") % {
                        "mentee": self.mentee.name,
                        "focus": label,
                        "mentor": other.mentor.name,
                    }
                    errors.append(ValidationError(message, code="second_active_mentor"))
        if errors:
            raise ValidationError(errors)


class SessionMethod(models.TextChoices):
    TEACH = "teach", _("Teach at the window (教)")
    PRACTISE = "practise", _("Practise in a project (练)")


class MentorshipSession(models.Model):
    mentorship = models.ForeignKey(
        Mentorship, verbose_name=_("mentor pairing"), on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField(_("date"))
    method = models.CharField(_("method"), max_length=12, choices=SessionMethod.choices)
    content = models.TextField(_("content"), max_length=2000)
    hours = models.DecimalField(
        _("hours"),
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("8"))],
    )
    written_by = models.ForeignKey(
        "Person", verbose_name=_("written by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mentoring session")
        verbose_name_plural = _("mentoring sessions")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=Decimal("0.5")) & Q(hours__lte=Decimal("8")),
                name="session_hours_in_range",
                violation_error_message=_("A session lasts from 0.5 to 8 hours."),
            ),
        ]

    def __str__(self):
        return f"{self.mentorship} {self.date}"

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("The date cannot be in the future.")})
        if self.date and self.mentorship_id and self.date < self.mentorship.starts_on:
            raise ValidationError({"date": _("The session cannot be before the pairing started.")})


audit([Mentorship, MentorshipSession])
