"""The organisation: the committee, its branches and party groups, the hall's areas and windows, and
the members' zones of responsibility over them."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches.kernel.audit import audit
from branches.kernel.paths import object_path
from branches.kernel.scope import Role, ScopedQuerySet, scope_for


class Committee(models.Model):
    """The organ party committee (机关党委), the root of the organisation."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)

    class Meta:
        verbose_name = _("party committee")
        verbose_name_plural = _("party committees")

    def __str__(self):
        return self.name


class BranchQuerySet(ScopedQuerySet):
    branch_path = "pk"


class Branch(models.Model):
    """A party branch (党支部), formed from the windows of one approval area."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("party committee"), on_delete=models.PROTECT, related_name="branches"
    )
    number = models.PositiveSmallIntegerField(
        _("number"), help_text=_("1 for the first party branch, 2 for the second, and so on.")
    )
    name = models.CharField(_("name"), max_length=100)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    areas = models.ManyToManyField(
        "HallArea", verbose_name=_("hall areas"), blank=True, related_name="branches"
    )

    objects = BranchQuerySet.as_manager()

    class Meta:
        verbose_name = _("party branch")
        verbose_name_plural = _("party branches")
        ordering = ["committee", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "number"],
                name="branch_number_unique_in_committee",
                violation_error_message=_("This committee already has a branch with this number."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="branch_number_positive",
                violation_error_message=_("The branch number starts at 1."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return object_path("branches:branch-detail", self.pk)

    @property
    def secretary(self):
        """The branch secretary, from prefetched members when available."""
        from branches.people.models import BranchRole

        for person in self.members.all():
            if person.branch_role == BranchRole.SECRETARY:
                return person
        return None


class GroupKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary group")
    MATTER = "matter", _("“One thing” matter group")
    PROJECT = "project", _("Project group")


class PartyGroupQuerySet(ScopedQuerySet):
    pass


class PartyGroup(models.Model):
    """A party group (党小组), formed per "one thing" matter or per project ("党小组建在项目上")."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("party branch"), on_delete=models.CASCADE, related_name="groups"
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        _("kind"), max_length=16, choices=GroupKind.choices, default=GroupKind.ORDINARY
    )
    serves = models.CharField(
        _("matter or project served"),
        max_length=200,
        blank=True,
        help_text=_("The cross-department matter or the project this group is formed around."),
    )
    leader = models.ForeignKey(
        "Person",
        verbose_name=_("group leader"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_groups",
    )

    objects = PartyGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("party group")
        verbose_name_plural = _("party groups")
        ordering = ["branch", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "name"],
                name="group_name_unique_in_branch",
                violation_error_message=_("This branch already has a group with this name."),
            ),
            models.CheckConstraint(
                condition=Q(kind="ordinary") | ~Q(serves=""),
                name="group_matter_or_project_named",
                violation_error_message=_(
                    "A matter or project group must name the matter or project it serves."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return object_path("group-page", self.pk)  # torchbearer/groups.py: it shows records too

    def is_overseen_by(self, scope):
        """Who opens the group's page (its members' records and to-dos): the group's leader, its
        branch's managers and the committee office."""
        return scope.sees_all or scope.can_manage_branch(self.branch_id) or self.pk in scope.led_group_ids

    def clean(self):
        if self.leader_id is None:
            return
        leader = self.leader
        if not leader.is_party_member:
            raise ValidationError(
                {"leader": _("The group leader must be a party member (full or probationary).")}
            )
        if self.branch_id and leader.branch_id != self.branch_id:
            raise ValidationError({"leader": _("The group leader must belong to the group's branch.")})


class HallArea(models.Model):
    """An approval area of the service hall, a group of windows (区域统一审批)."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    floor = models.SmallIntegerField(_("floor"), default=1)
    ordering = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("hall area")
        verbose_name_plural = _("hall areas")
        ordering = ["ordering", "code"]

    def __str__(self):
        return self.name


class BusinessLine(models.TextChoices):
    REAL_ESTATE = "real_estate", _("Real estate registration")
    COMMERCIAL = "commercial", _("Commercial registration")
    INVESTMENT = "investment", _("Investment project approval")
    SOCIAL_SECURITY = "social_security", _("Social security")
    HOUSING_FUND = "housing_fund", _("Housing provident fund")
    TAX = "tax", _("Taxation")
    MEDICAL = "medical", _("Medical insurance")
    CONSOLIDATED = "consolidated", _("Consolidated service")
    OTHER = "other", _("Other")


window_code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9-]{0,15}$",
    _("Use capital letters, digits and hyphens, for example A-01."),
)


class WindowQuerySet(models.QuerySet):
    """Windows are part of the hall everybody sees; changing them is for managers."""

    def visible_to(self, user):
        return self if scope_for(user).role is not Role.NONE else self.none()

    def manageable_by(self, user):
        scope = scope_for(user)
        if scope.manages_all:
            return self
        return self.filter(covering_branch__in=scope.managed_branch_ids)


class Window(models.Model):
    """A service window (counter) of the hall."""

    code = models.CharField(
        _("window code"),
        max_length=16,
        unique=True,
        validators=[window_code_validator],
        error_messages={"unique": _("Another window already has this code.")},
    )
    name = models.CharField(_("name"), max_length=100)
    business_line = models.CharField(_("business line"), max_length=20, choices=BusinessLine.choices)
    area = models.ForeignKey(
        HallArea, verbose_name=_("hall area"), on_delete=models.PROTECT, related_name="windows"
    )
    covering_branch = models.ForeignKey(
        Branch,
        verbose_name=_("covering branch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="windows",
        help_text=_("The party branch built on this window (支部建在窗口)."),
    )
    is_active = models.BooleanField(_("in service"), default=True)
    # Kept by branches.organisation.coverage: whether a current zone of a member in post holds the window,
    # as of the day ``zoned_as_of`` (None: to be worked out again before it is read).
    zoned = models.BooleanField(_("held by a current zone"), default=False, db_default=False, editable=False)
    zoned_as_of = models.DateField(_("zoned as of"), null=True, blank=True, editable=False)

    objects = WindowQuerySet.as_manager()

    class Meta:
        verbose_name = _("window")
        verbose_name_plural = _("windows")
        ordering = ["code"]
        indexes = [models.Index(fields=["area", "code"], name="window_area_code_idx")]

    def __str__(self):
        return f"{self.code} {self.name}"


class ResponsibilityZoneQuerySet(ScopedQuerySet):
    branch_path = "member__branch"

    def current(self, on):
        return self.filter(Q(starts_on__lte=on), Q(ends_on__isnull=True) | Q(ends_on__gte=on))


class ResponsibilityZone(models.Model):
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
    description = models.TextField(_("description"), blank=True, max_length=2000)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    # Kept by branches.organisation.coverage: whether the zone holds any window (the hall map lists those that do not)
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


audit(
    [Committee, Branch, PartyGroup, HallArea, Window, ResponsibilityZone],
    m2m_fields={Branch: ["areas"], ResponsibilityZone: ["windows"]},
)
