"""What members stand for in the hall: responsibility zones, pledges, and honours won."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from branches.models.base import ChoiceLabelsModel
from branches.scope import ScopedQuerySet


class ResponsibilityZoneQuerySet(ScopedQuerySet):
    branch_path = "member__branch"

    def current(self, on):
        return self.filter(Q(starts_on__lte=on), Q(ends_on__isnull=True) | Q(ends_on__gte=on))


class ResponsibilityZone(ChoiceLabelsModel):
    """A party member's zone of responsibility (党员责任区): some windows or part of the hall."""

    member = models.ForeignKey(
        "Person",
        verbose_name=_("party member"),
        on_delete=models.CASCADE,
        related_name="responsibility_zones",
    )
    name = models.CharField(_("name"), max_length=100)
    windows = models.ManyToManyField(
        "Window", verbose_name=_("windows"), blank=True, related_name="responsibility_zones"
    )
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    # Kept by branches.coverage: whether the zone holds any window (the hall map lists those that do not)
    holds_windows = models.BooleanField(_("holds windows"), default=False, db_default=False, editable=False)

    objects = ResponsibilityZoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("responsibility zone")
        verbose_name_plural = _("responsibility zones")
        ordering = ["member__branch__number", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="zone_ends_after_start",
                violation_error_message=_("The zone cannot end before it starts."),
            ),
        ]
        # the few zones holding no window, found without reading every zone's windows
        indexes = [models.Index(fields=["id"], condition=Q(holds_windows=False), name="zone_without_windows_idx")]

    def __str__(self):
        return self.name

    def clean(self):
        if self.member_id and not self.member.is_party_member:
            raise ValidationError(
                {"member": _("Only party members (full or probationary) can hold a responsibility zone.")}
            )


class ServicePledgeQuerySet(ScopedQuerySet):
    """A pledge on display at a window is for everyone signed in to read; the rest stays in the branch.

    A member keeps their own pledge; the branch's managers keep the branch's pledges.
    """

    branch_path = "person__branch"

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return super().visible_to(user)

    def visible_q(self, scope):
        return Q(displayed=True) | super().visible_q(scope)

    def manageable_q(self, scope):
        own = Q(person=scope.person_id) if scope.person_id is not None else Q(pk__in=[])
        return own | super().manageable_q(scope)


class ServicePledge(ChoiceLabelsModel):
    """A member's one-sentence service pledge (一句话服务承诺), displayed at the window."""

    person = models.ForeignKey(
        "Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="pledges"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    text = models.CharField(_("pledge"), max_length=80)
    displayed = models.BooleanField(_("displayed at the window"), default=True)

    objects = ServicePledgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("service pledge")
        verbose_name_plural = _("service pledges")
        ordering = ["-year", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year"],
                name="one_pledge_per_person_and_year",
                violation_error_message=_("This person already has a pledge for this year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="pledge_year_plausible",
                violation_error_message=_("The year must lie between 2000 and 2100."),
            ),
        ]
        # the person included: the pledges of a year counted per branch are read from the index alone
        indexes = [models.Index(fields=["year", "displayed"], include=["person"], name="pledge_year_displayed_idx")]

    def __str__(self):
        return self.text

    def clean(self):
        if self.person_id and not self.person.is_party_member:
            raise ValidationError(
                {"person": _("The one-sentence service pledge is made by party members (full or probationary).")}
            )


class HonourLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    MUNICIPAL = "municipal", _("Municipal")
    DISTRICT = "district", _("District")


class HonourQuerySet(models.QuerySet):
    """Honours are public: everyone signed in reads them; they are kept in Django admin."""

    def visible_to(self, user):
        return self if user.is_authenticated else self.none()


class Honour(ChoiceLabelsModel):
    """An honour won by the committee, a branch or a person."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1949), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=120)
    level = models.CharField(_("level"), max_length=12, choices=HonourLevel.choices)
    awarded_by = models.CharField(_("awarded by"), max_length=100, blank=True)
    committee = models.ForeignKey(
        "Committee",
        verbose_name=_("party committee"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="honours",
    )
    branch = models.ForeignKey(
        "Branch",
        verbose_name=_("party branch"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="honours",
    )
    person = models.ForeignKey(
        "Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="honours",
    )

    objects = HonourQuerySet.as_manager()

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(committee__isnull=False, branch__isnull=True, person__isnull=True)
                    | Q(committee__isnull=True, branch__isnull=False, person__isnull=True)
                    | Q(committee__isnull=True, branch__isnull=True, person__isnull=False)
                ),
                name="honour_has_exactly_one_holder",
                violation_error_message=_(
                    "An honour is held by exactly one of: the committee, a branch, a person."
                ),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1949, year__lte=2100),
                name="honour_year_plausible",
                violation_error_message=_("The year must lie between 1949 and 2100."),
            ),
        ]
        # in the lists' order, newest first: the dashboard's latest honours read eight entries
        indexes = [models.Index(F("year").desc(), "title", "id", name="honour_newest_idx")]

    def __str__(self):
        return f"{self.year} {self.title}"

    @property
    def holder(self):
        return self.committee or self.branch or self.person
