"""One review workflow for every kind of record staff log, written once.

A record is submitted by (or for) a staff member and belongs to that person's branch. The branch's
secretary or branch committee approves it or returns it with a comment; a returned record is
corrected and resubmitted. Approved records are locked: changing one needs a reason. Every change
is kept by django-simple-history. The transitions themselves live in ``services.actions``.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models.base import ChoiceLabelsModel
from branches.paths import object_path
from branches.scope import ScopedQuerySet


class ReviewStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


def validate_not_in_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future")


class RecordQuerySet(ScopedQuerySet):
    """Who sees a record: its branch's managers, the leader of its person's group, the person.

    The committee office sees every record (``ScopedQuerySet.visible_to``); reviewing is for the
    committee administrator and the managers (secretary, branch committee) of the record's branch.
    """

    def visible_q(self, scope):
        visible = Q(branch__in=scope.managed_branch_ids) | Q(person__in=scope.led_member_ids)
        if scope.person_id is not None:
            visible |= Q(person=scope.person_id)
        return visible

    def approved(self):
        return self.filter(status=ReviewStatus.APPROVED)

    def waiting_for_review(self):
        return self.filter(status=ReviewStatus.SUBMITTED)

    def in_year(self, year):
        return self.filter(date__year=year)


class ReviewedRecord(ChoiceLabelsModel):
    """What every kind of record has: who, which branch, when, and where it stands in review."""

    person = models.ForeignKey(
        "branches.Person",
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="%(class)s_records",
    )
    branch = models.ForeignKey(
        "branches.Branch",
        verbose_name=_("party branch"),
        on_delete=models.PROTECT,
        related_name="%(class)s_records",
        editable=False,
    )
    date = models.DateField(_("date"), validators=[validate_not_in_future])
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ReviewStatus.choices,
        default=ReviewStatus.SUBMITTED,
        editable=False,
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, editable=False)
    # Who logged it (or last sent it back to review by changing it): never its reviewer.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, editable=False)
    review_comment = models.TextField(_("review comment"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    photos = GenericRelation("services.RecordPhoto")
    history = HistoricalRecords(inherit=True, excluded_fields=["updated_at"])

    objects = RecordQuerySet.as_manager()

    slug = None  # the record kind in URLs: "service", "deed", "activity", "patrol"

    class Meta:
        abstract = True
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["branch", "status", "date"], name="%(class)s_br_st_dt"),
            models.Index(fields=["person", "date"], name="%(class)s_person_dt"),
            models.Index(fields=["status", "date"], name="%(class)s_st_dt"),
            models.Index(fields=["-date", "-id"], name="%(class)s_newest"),
            # The records waiting for review are a few of millions: their own small indexes.
            models.Index(fields=["branch"], include=["person"], condition=Q(status="submitted"), name="%(class)s_waiting_br"),
            models.Index(fields=["-date", "-submitted_at"], condition=Q(status="submitted"), name="%(class)s_waiting_new"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(reviewed_at__isnull=False),
                name="%(class)s_approved_is_reviewed",
                violation_error_message=_("An approved record needs its reviewer and review time."),
            ),
        ]

    def get_absolute_url(self):
        return object_path("services:record-detail", self.pk, self.slug)

    @property
    def version(self):
        """The version a reviewer saw: the moment of the record's last save, which every change
        moves on (a review form carries it, and an approval of another version is refused)."""
        return self.updated_at.isoformat() if self.updated_at else ""

    @property
    def is_approved(self):
        return self.status == ReviewStatus.APPROVED

    @property
    def is_returned(self):
        return self.status == ReviewStatus.RETURNED

    @property
    def is_waiting(self):
        return self.status == ReviewStatus.SUBMITTED

    def summary(self):
        """One line saying what was done, for lists and notifications."""
        raise NotImplementedError
