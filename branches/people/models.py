"""People of the hall: staff, their political status and roles, the dated steps of their development
(whose rules are in ``development``), and temporary passwords."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.kernel.audit import audit
from branches.kernel.paths import object_path
from branches.kernel.queries import STAFF_NUMBER_PATTERN
from branches.kernel.scope import BranchRole, CommitteeRole, ScopedQuerySet
from branches.kernel.uploads import StoredFileField
from branches.kernel.validators import validate_id_number, validate_mobile_phone
from branches.people.development import PoliticalStatus, validate_step_order


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class PersonQuerySet(ScopedQuerySet):
    def party_members(self):
        return self.filter(political_status__in=PoliticalStatus.party_member_values())


staff_number_validator = RegexValidator(STAFF_NUMBER_PATTERN, _("Use letters, digits and hyphens only."))


class Person(models.Model):
    """A member of staff, party member or not."""

    staff_number = models.CharField(
        _("staff number"),
        max_length=20,
        unique=True,
        validators=[staff_number_validator],
        error_messages={"unique": _("Another person already has this staff number.")},
    )
    name = models.CharField(_("name"), max_length=40)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    branch = models.ForeignKey(
        "Branch", verbose_name=_("party branch"), on_delete=models.PROTECT, related_name="members"
    )
    group = models.ForeignKey(
        "PartyGroup",
        verbose_name=_("party group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    window = models.ForeignKey(
        "Window",
        verbose_name=_("window"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
    )
    title = models.CharField(_("job title"), max_length=60, blank=True)
    is_section_chief = models.BooleanField(_("section chief"), default=False)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    photo = StoredFileField(_("photo"), folder="people", accepts="images", blank=True)
    political_status = models.PositiveSmallIntegerField(
        _("political status"), choices=PoliticalStatus.choices, default=PoliticalStatus.MASSES
    )
    branch_role = models.CharField(
        _("branch role"), max_length=16, choices=BranchRole.choices, blank=True, default=""
    )
    committee_role = models.CharField(
        _("committee role"), max_length=16, choices=CommitteeRole.choices, blank=True, default=""
    )
    is_active = models.BooleanField(_("in post"), default=True)
    phone = models.CharField(
        _("phone"), max_length=20, blank=True, validators=[validate_mobile_phone]
    )
    id_number = models.CharField(
        _("ID number"), max_length=18, blank=True, validators=[validate_id_number]
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    # Kept by branches.people.stage_dates: the date of the step that brought the person to their
    # current stage (the development pipeline's order).
    stage_since = models.DateField(_("at this stage since"), null=True, blank=True, editable=False)
    # Kept by services.records.activity_dates: the date of the person's latest approved record of any
    # kind (a themed day taken part in included), for the members with no activity lately.
    last_active_on = models.DateField(_("last active on"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["branch__number", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch"],
                condition=Q(branch_role="secretary"),
                name="one_secretary_per_branch",
                violation_error_message=_("This branch already has a secretary."),
            ),
            models.CheckConstraint(
                condition=Q(branch_role="") | Q(political_status__gte=PoliticalStatus.PROBATIONARY),
                name="branch_role_needs_party_member",
                violation_error_message=_(
                    "Only party members (full or probationary) can hold a branch role."
                ),
            ),
            models.CheckConstraint(
                condition=Q(political_status__lte=PoliticalStatus.FULL),
                name="political_status_known",
                violation_error_message=_("Unknown political status."),
            ),
            models.UniqueConstraint(
                fields=["id_number"],
                condition=~Q(id_number=""),
                name="id_number_unique",
                violation_error_message=_("Another person already has this ID number."),
            ),
        ]
        indexes = [
            models.Index(fields=["branch", "political_status"], name="person_branch_status_idx"),
            models.Index(fields=["name"], name="person_name_idx"),
            # the organisation's head counts by status, read from the index alone (COUNT(*))
            models.Index(fields=["political_status"], condition=Q(is_active=True), name="person_in_post_status_idx"),
            # the people in post by branch, read from the index alone: the dashboards' head counts
            # of a page of branches, and the pledge board's counts per branch, which join a year's
            # pledges to all of it (the table itself is ten times wider)
            models.Index(fields=["branch"], include=["id"], condition=Q(is_active=True), name="person_in_post_branch_idx"),
            # the few who left the post: the hall map's zones to hand over start from them
            models.Index(fields=["id"], condition=Q(is_active=False), name="person_left_idx"),
            # the development pipeline, in its order: longest at the latest stage first
            models.Index(
                F("political_status").desc(), "stage_since", "name", "id",
                name="person_pipeline_idx",
                condition=Q(is_active=True, political_status__gte=PoliticalStatus.APPLICANT, political_status__lte=PoliticalStatus.PROBATIONARY),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return object_path("branches:person-detail", self.pk)

    @property
    def is_party_member(self):
        return self.political_status in PoliticalStatus.party_member_values()

    def clean(self):
        errors = {}
        if self.group_id and self.branch_id and self.group.branch_id != self.branch_id:
            errors["group"] = _("The party group must belong to the person's branch.")
        if self.id_number:
            self.id_number = self.id_number.upper()
        if self.id_number and self.birth_date and len(self.id_number) == 18:
            if self.id_number[6:14] != self.birth_date.strftime("%Y%m%d"):
                errors["birth_date"] = _("The birth date does not match the ID number.")
        if self.birth_date and self.birth_date > timezone.localdate():
            errors["birth_date"] = _("The birth date cannot be in the future.")
        if self.pk and not self.is_party_member:
            if self.led_groups.exists():
                errors["political_status"] = _(
                    "This person leads a party group; only party members can."
                )
            elif self.responsibility_zones.exists():
                errors["political_status"] = _(
                    "This person holds a responsibility zone; only party members can."
                )
        if errors:
            raise ValidationError(errors)


class DevelopmentStepQuerySet(ScopedQuerySet):
    branch_path = "person__branch"


class DevelopmentStep(models.Model):
    """One dated step of a person's way into the party (申请 → 积极分子 → 发展对象 → 预备 → 正式)."""

    STAGES = [choice for choice in PoliticalStatus.choices if choice[0] > PoliticalStatus.MASSES]

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="development_steps"
    )
    stage = models.PositiveSmallIntegerField(_("stage"), choices=STAGES)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = DevelopmentStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("development step")
        verbose_name_plural = _("development steps")
        ordering = ["person", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "stage"],
                name="development_stage_once_per_person",
                violation_error_message=_("This person already has this development step."),
            ),
            models.CheckConstraint(
                condition=Q(stage__gte=PoliticalStatus.APPLICANT, stage__lte=PoliticalStatus.FULL),
                name="development_stage_known",
                violation_error_message=_("Unknown development stage."),
            ),
        ]
        indexes = [
            # who reached a stage by a date (the to-do list's "due" counts), read without the table
            models.Index(fields=["stage", "date"], include=["person"], name="step_stage_date_idx"),
            # the steps of a year by stage (the funnels)
            models.Index(fields=["date", "stage"], name="step_date_stage_idx"),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_stage_display()} · {self.date}"

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("A development step cannot be dated in the future.")})
        if not (self.person_id and self.stage and self.date):
            return
        others = DevelopmentStep.objects.filter(person_id=self.person_id).exclude(pk=self.pk)
        validate_step_order(
            [(s.stage, s.date) for s in others] + [(self.stage, self.date)], birth_date=self.person.birth_date
        )


class TemporaryPassword(models.Model):
    """A password the committee office set for someone who forgot theirs: it must be changed at
    the next login (torchbearer.middleware.PasswordChangeRequiredMiddleware), then it goes."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("login account"), on_delete=models.CASCADE, related_name="+"
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("set by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    set_at = models.DateTimeField(_("set at"), auto_now=True)

    class Meta:
        verbose_name = _("temporary password")
        verbose_name_plural = _("temporary passwords")

    def __str__(self):
        return str(self.user)


class LargeText(models.Model):
    """A login that reads the app in large text (长者模式): bigger type and touch targets and stronger
    contrast, on every device it signs in on. The row is the choice: no row, the usual text."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("login account"), on_delete=models.CASCADE, related_name="+"
    )
    chosen_at = models.DateTimeField(_("chosen at"), auto_now=True)

    class Meta:
        verbose_name = _("large-text choice")
        verbose_name_plural = _("large-text choices")

    def __str__(self):
        return str(self.user)


audit([Person, DevelopmentStep, TemporaryPassword])
