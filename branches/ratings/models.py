"""党员示范岗评选: rating rounds, their weighted criteria, appointed raters, nominations and scores.

A round moves only forward (draft → nominating → scoring → decided → published); the moves are
the functions in ``branches.ratings.actions``, which lock the round and refuse a published one.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from branches.kernel.audit import audit
from branches.kernel.paths import object_path
from branches.kernel.scope import ScopedQuerySet, scope_for


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NOMINATING = "nominating", _("Nominating")
    SCORING = "scoring", _("Scoring")
    DECIDED = "decided", _("Decided")
    PUBLISHED = "published", _("Published")

    @classmethod
    def order(cls):
        return list(cls)


class RatingRoundQuerySet(models.QuerySet):
    """Everyone signed in sees rounds once they are open; drafts are for the committee office."""

    def visible_to(self, user):
        scope = scope_for(user)
        if scope.sees_all:
            return self
        if not user.is_authenticated:
            return self.none()
        return self.exclude(status=RoundStatus.DRAFT)

    def manageable_by(self, user):
        return self if scope_for(user).manages_all else self.none()

    def published(self):
        return self.filter(status=RoundStatus.PUBLISHED)


class RatingRound(models.Model):
    title = models.CharField(_("title"), max_length=100)
    starts_on = models.DateField(_("period starts on"))
    ends_on = models.DateField(_("period ends on"))
    status = models.CharField(_("status"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    quota_per_branch = models.PositiveSmallIntegerField(
        _("nominations per branch"), default=3, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    description = models.TextField(_("description"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    decided_at = models.DateTimeField(_("selection confirmed at"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RatingRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("rating round")
        verbose_name_plural = _("rating rounds")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="rating_round_ends_after_start",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(quota_per_branch__gte=1),
                name="rating_round_quota_positive",
                violation_error_message=_("Each branch may nominate at least one member."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=RoundStatus.values),
                name="rating_round_status_known",
                violation_error_message=_("Unknown round status."),
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_on"], name="rating_round_status_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return object_path("branches:rating-round-detail", self.pk)

    @property
    def is_published(self):
        return self.status == RoundStatus.PUBLISHED

    @property
    def shows_totals(self):
        return self.status in (RoundStatus.DECIDED, RoundStatus.PUBLISHED)

    def timeline(self):
        """Each status with whether the round has reached it, for the status timeline."""
        order = RoundStatus.order()
        reached = order.index(RoundStatus(self.status))
        return [
            {"status": status, "label": status.label, "done": index < reached, "current": index == reached}
            for index, status in enumerate(order)
        ]


class RatingCriterion(models.Model):
    round = models.ForeignKey(RatingRound, verbose_name=_("rating round"), on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=60)
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    ordering = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("rating criterion")
        verbose_name_plural = _("rating criteria")
        ordering = ["round", "ordering", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "name"],
                name="criterion_name_unique_in_round",
                violation_error_message=_("This round already has a criterion with this name."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100),
                name="criterion_weight_in_range",
                violation_error_message=_("A weight lies between 1 and 100."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.weight}%)"


class Rater(models.Model):
    round = models.ForeignKey(RatingRound, verbose_name=_("rating round"), on_delete=models.CASCADE, related_name="raters")
    person = models.ForeignKey(
        "Person", verbose_name=_("rater"), on_delete=models.PROTECT, related_name="rating_appointments"
    )

    class Meta:
        verbose_name = _("rater")
        verbose_name_plural = _("raters")
        ordering = ["round", "person__branch__number", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"],
                name="rater_once_per_round",
                violation_error_message=_("This person is already a rater of this round."),
            ),
        ]

    def __str__(self):
        return f"{self.round} · {self.person}"


class NominationQuerySet(ScopedQuerySet):
    """The nominee, their branch's managers and the committee office."""

    def visible_q(self, scope):
        visible = Q(branch__in=scope.managed_branch_ids)
        if scope.person_id is not None:
            visible |= Q(person=scope.person_id)
        return visible

    def selected(self):
        return self.filter(selected=True, round__status=RoundStatus.PUBLISHED)

    def ranked(self):
        return self.order_by(F("total").desc(nulls_last=True), "branch__number", "person__name", "pk")


class Nomination(models.Model):
    round = models.ForeignKey(
        RatingRound, verbose_name=_("rating round"), on_delete=models.CASCADE, related_name="nominations"
    )
    person = models.ForeignKey(
        "Person", verbose_name=_("nominee"), on_delete=models.PROTECT, related_name="nominations"
    )
    branch = models.ForeignKey(
        "Branch", verbose_name=_("party branch"), on_delete=models.PROTECT, related_name="nominations", editable=False
    )
    window = models.ForeignKey(
        "Window", verbose_name=_("window"), on_delete=models.SET_NULL, null=True, blank=True, related_name="nominations"
    )
    post = models.CharField(_("post"), max_length=100, help_text=_("The post or window the member serves at."))
    reason = models.TextField(_("reason"), max_length=2000)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    total = models.DecimalField(
        _("weighted score"), max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )
    selected = models.BooleanField(_("selected"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["round", "branch__number", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"],
                name="nomination_once_per_round",
                violation_error_message=_("This member is already nominated in this round."),
            ),
        ]
        indexes = [
            models.Index(fields=["round", "branch"], name="nomination_round_branch_idx"),
            models.Index(fields=["selected", "round"], name="nomination_selected_idx"),
        ]

    def __str__(self):
        return f"{self.round} · {self.person}"


class Score(models.Model):
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="scores"
    )
    rater = models.ForeignKey("Person", verbose_name=_("rater"), on_delete=models.PROTECT, related_name="scores_given")
    criterion = models.ForeignKey(
        RatingCriterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="scores"
    )
    value = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(0), MaxValueValidator(100)])
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["nomination", "criterion", "rater"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "rater", "criterion"],
                name="score_once_per_rater_and_criterion",
                violation_error_message=_("This rater has already scored this criterion for this nominee."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0, value__lte=100),
                name="score_value_in_range",
                violation_error_message=_("A score lies between 0 and 100."),
            ),
        ]

    def __str__(self):
        return f"{self.nomination} · {self.criterion.name} · {self.value}"


audit([RatingRound, RatingCriterion, Rater, Nomination, Score])
