"""One review workflow for every kind of record staff log, written once (over 400 lines: the
base record and its four kinds read best side by side, in one file).

A record is submitted by (or for) a staff member and belongs to that person's branch. The branch's
secretary or branch committee approves it or returns it with a comment; a returned record is
corrected and resubmitted. Approved records are locked: changing one needs a reason. Every change
is kept by django-simple-history. The transitions themselves live in ``services.records.actions``.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.kernel.audit import make_manager_class_once
from branches.kernel.paths import object_path
from branches.kernel.scope import ScopedQuerySet


class ReviewStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


def validate_not_in_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future")


def whose_records_q(scope, *, branch="branch", person="person"):
    """Who sees a person's records: their branch's managers, the leader of their group, the person
    (the committee office sees all). ``branch`` and ``person`` are the paths to them from the rows
    filtered: the records themselves, or the zones whose patrols the patrol plan shows."""
    visible = Q(**{f"{branch}__in": scope.managed_branch_ids}) | Q(**{f"{person}__in": scope.led_member_ids})
    if scope.person_id is not None:
        visible |= Q(**{person: scope.person_id})
    return visible


class RecordQuerySet(ScopedQuerySet):
    """Who sees a record: :func:`whose_records_q`.

    The committee office sees every record (``ScopedQuerySet.visible_to``); reviewing is for the
    committee administrator and the managers (secretary, branch committee) of the record's branch.
    """

    def visible_q(self, scope):
        return whose_records_q(scope)

    def approved(self):
        return self.filter(status=ReviewStatus.APPROVED)

    def waiting_for_review(self):
        return self.filter(status=ReviewStatus.SUBMITTED)

    def in_year(self, year):
        return self.filter(date__year=year)


class ReviewedRecord(models.Model):
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

    photos = GenericRelation("services.RecordPhoto", verbose_name=_("photos"))
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

    def needs_review(self):
        """Whether a reviewer must approve the record before it counts (see Patrol)."""
        return True


MIN_HOURS = Decimal("0.5")
MAX_HOURS = Decimal("16")


class ServiceKind(models.TextChoices):
    DOOR_TO_DOOR = "door_to_door", _("Door-to-door service")
    APPOINTMENT = "appointment", _("By-appointment service")
    EXTENDED_HOURS = "extended_hours", _("Extended-hours service")


class ServiceReason(models.TextChoices):
    """三特服务: why a service went beyond the window's normal way, when it did."""

    SPECIAL_REASON = "special_reason", _("Special reason (urgent or unusual matter)")
    SPECIAL_GROUP = "special_group", _("Special group (elderly, disabled, unable to come)")
    SPECIAL_PROJECT = "special_project", _("Special project (key project or enterprise)")


class ServiceRecord(ReviewedRecord):
    """上门 / 预约 / 延时服务: service outside the window's normal way, for a reason."""

    slug = "service"

    kind = models.CharField(_("kind of service"), max_length=16, choices=ServiceKind.choices)
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(MIN_HOURS), MaxValueValidator(MAX_HOURS)],
        help_text=_("Time spent, in hours (0.5 to 16)."),
    )
    enterprise = models.ForeignKey(
        "services.Enterprise",
        verbose_name=_("enterprise served"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_records",
    )
    served_name = models.CharField(
        _("person served"),
        max_length=100,
        blank=True,
        help_text=_("Who was served, when it was not an enterprise."),
    )
    persons_sent = models.PositiveSmallIntegerField(
        _("persons sent"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("How many staff went (人次)."),
    )
    reason = models.CharField(
        _("reason"),
        max_length=16,
        choices=ServiceReason.choices,
        blank=True,
        help_text=_("Only when one of the 三特 applies; a routine visit leaves it empty."),
    )
    description = models.TextField(_("what was done"), blank=True, max_length=2000)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)

    class Meta(ReviewedRecord.Meta):
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        constraints = ReviewedRecord.Meta.constraints + [
            models.CheckConstraint(
                condition=Q(hours__gte=MIN_HOURS) & Q(hours__lte=MAX_HOURS),
                name="service_hours_in_range",
                violation_error_message=_("Hours must be between 0.5 and 16."),
            ),
            models.CheckConstraint(
                condition=Q(persons_sent__gte=1),
                name="service_persons_sent_positive",
                violation_error_message=_("At least one person was sent."),
            ),
            models.CheckConstraint(
                condition=Q(enterprise__isnull=False) | ~Q(served_name=""),
                name="service_has_someone_served",
                violation_error_message=_("Name the enterprise or the person served."),
            ),
        ]
        indexes = ReviewedRecord.Meta.indexes + [
            models.Index(fields=["kind", "status", "date"], name="service_kind_st_dt"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.served}"

    @property
    def served(self):
        return self.enterprise.name if self.enterprise is not None else self.served_name

    def summary(self):
        hours = _("%(hours)s h") % {"hours": format(Decimal(self.hours).normalize(), "f")}
        return f"{self.get_kind_display()} · {self.served} · {hours}"

    def clean(self):
        if self.enterprise is None and not self.served_name.strip():
            raise ValidationError(
                {"served_name": ValidationError(_("Name the enterprise or the person served."), code="nobody_served")}
            )


class Beneficiary(models.TextChoices):
    MASSES = "masses", _("For the masses")
    ENTERPRISE = "enterprise", _("For an enterprise")


class PracticalDeed(ReviewedRecord):
    """百名党员办实事: a practical deed done for the masses or for an enterprise."""

    slug = "deed"

    beneficiary = models.CharField(_("done for"), max_length=16, choices=Beneficiary.choices)
    enterprise = models.ForeignKey(
        "services.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practical_deeds",
    )
    beneficiary_name = models.CharField(
        _("who benefited"),
        max_length=100,
        blank=True,
        help_text=_("The person or group helped, when it was not an enterprise."),
    )
    description = models.TextField(_("what was done"), max_length=2000)
    result = models.CharField(_("result"), max_length=200, blank=True)

    class Meta(ReviewedRecord.Meta):
        verbose_name = _("practical deed")
        verbose_name_plural = _("practical deeds")
        constraints = ReviewedRecord.Meta.constraints + [
            models.CheckConstraint(
                condition=~Q(beneficiary="enterprise") | Q(enterprise__isnull=False),
                name="deed_for_enterprise_names_it",
                violation_error_message=_("A deed for an enterprise names the enterprise."),
            ),
        ]
        indexes = ReviewedRecord.Meta.indexes + [
            models.Index(fields=["beneficiary", "status", "date"], name="deed_benef_st_dt"),
        ]

    def __str__(self):
        return self.summary()

    def summary(self):
        who = self.enterprise.name if self.enterprise is not None else self.beneficiary_name
        text = self.description if len(self.description) <= 30 else self.description[:29] + "…"
        return f"{self.get_beneficiary_display()}{' · ' + who if who else ''} · {text}"

    def clean(self):
        if self.beneficiary == Beneficiary.ENTERPRISE and self.enterprise is None:
            raise ValidationError(
                {"enterprise": _("A deed for an enterprise names the enterprise.")},
                code="enterprise_missing",
            )
        if self.beneficiary == Beneficiary.MASSES:
            self.enterprise = None


class ActivityKind(models.TextChoices):
    INTO_COMMUNITIES = "into_communities", _("Into the communities (政入社区)")
    ENTERPRISE_SQUAD = "enterprise_squad", _("Enterprise support squad (助企小分队)")
    PUBLIC_BENEFIT = "public_benefit", _("Public-benefit service group (惠民服务团)")


class ServiceActivity(ReviewedRecord):
    """三服务 themed party day: members go out together; ``person`` is who logged it."""

    slug = "activity"

    kind = models.CharField(_("kind of activity"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=120)
    place = models.CharField(_("place"), max_length=120)
    participants = models.ManyToManyField(
        "branches.Person",
        verbose_name=_("participants"),
        blank=True,
        related_name="service_activities",
    )
    people_reached = models.PositiveIntegerField(
        _("people reached"), default=0, validators=[MaxValueValidator(100_000)]
    )
    enterprises_reached = models.PositiveIntegerField(
        _("enterprises reached"), default=0, validators=[MaxValueValidator(10_000)]
    )
    description = models.TextField(_("description"), blank=True, max_length=2000)

    class Meta(ReviewedRecord.Meta):
        verbose_name = _("themed party day")
        verbose_name_plural = _("themed party days")
        indexes = ReviewedRecord.Meta.indexes + [
            models.Index(fields=["kind", "status", "date"], name="activity_kind_st_dt"),
        ]

    def __str__(self):
        return self.title

    def summary(self):
        return f"{self.get_kind_display()} · {self.title}"


class Patrol(ReviewedRecord):
    """每日一巡: a party member's daily walk through their zone; findings feed the problem loop."""

    slug = "patrol"

    zone = models.ForeignKey(
        "branches.ResponsibilityZone",
        verbose_name=_("responsibility zone"),
        on_delete=models.PROTECT,
        related_name="patrols",
    )
    findings = models.TextField(
        _("findings"), max_length=2000, help_text=_("What you saw; write “正常” when all was well.")
    )
    found_problem = models.BooleanField(_("found a problem"), default=False)

    class Meta(ReviewedRecord.Meta):
        verbose_name = _("daily patrol")
        verbose_name_plural = _("daily patrols")
        constraints = ReviewedRecord.Meta.constraints + [
            models.UniqueConstraint(
                fields=["person", "zone", "date"],
                name="one_patrol_per_zone_and_day",
                violation_error_message=_("This zone's patrol for that day is already logged."),
            ),
        ]

    def __str__(self):
        return self.summary()

    def summary(self):
        flag = " ⚠" if self.found_problem else ""
        return f"{self.zone.name}{flag}"

    def needs_review(self):
        """A patrol that found nothing is recorded and counted at once: a reviewer has nothing to
        decide, and a branch's daily patrols would otherwise bury the records that need one."""
        return self.found_problem

    def clean(self):
        if self.zone_id and self.person_id and self.zone.member_id != self.person_id:
            # not the zone's holder: the duty rota (services.patrols) must put them on it that day
            if not self.zone.patrol_duties.filter(date=self.date, person=self.person_id).exists():
                raise ValidationError(
                    {"zone": _("You can only patrol your own responsibility zone, or one the duty rota gives you that day.")},
                    code="not_own_zone",
                )
        others = Patrol.objects.filter(person=self.person_id, zone=self.zone_id, date=self.date).exclude(pk=self.pk)
        if self.zone_id and self.date and others.exists():
            raise ValidationError(_("This zone's patrol for that day is already logged."), code="duplicate_patrol")


RECORD_MODELS = [ServiceRecord, PracticalDeed, ServiceActivity, Patrol]
for model in RECORD_MODELS:
    make_manager_class_once(model)
