"""The Django admin: the committee office's view on the raw data of the organisation."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Prefetch
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin
from import_export.forms import ExportForm

from branches.models import (
    Branch,
    BranchBrand,
    BranchRole,
    Committee,
    DevelopmentStep,
    HallArea,
    Honour,
    Lecture,
    LectureAttendance,
    LectureFeedback,
    LectureMaterial,
    LectureQuestion,
    Mentorship,
    MentorshipSession,
    Nomination,
    PartyGroup,
    Person,
    PoliticalStatus,
    Rater,
    RatingCriterion,
    RatingRound,
    ResponsibilityZone,
    RoundStatus,
    Score,
    ServicePledge,
    Studio,
    StudioMilestone,
    TemporaryPassword,
    Window,
)
from branches.models.people import validate_step_order
from branches.fields import ModelForm
from branches.kernel import personal
from branches.kernel.workbook import ExcelFormat
from branches.resources import PersonResource, WindowResource

admin.site.site_header = _("Torchbearer administration")
admin.site.site_title = _("Torchbearer")
admin.site.index_title = _("Raw data")

DEVELOPMENT_STAGES = [stage for stage, _label in DevelopmentStep.STAGES]


def check_development_steps(steps, *, birth_date=None):
    """One person's steps as (stage, date) pairs, recorded and new together.

    As in ``record_development_step``: the stages follow the party's order one at a time from the
    application on, the dates never go backwards and the minimum intervals hold. Two steps of the same stage are left to the
    model's unique constraint, which reports them on its own.
    """
    stages = sorted(stage for stage, _date in steps)
    if len(set(stages)) < len(stages):
        return
    for expected, stage in zip(DEVELOPMENT_STAGES, stages):
        if stage != expected:
            raise ValidationError(
                _("“%(stage)s” needs the step “%(missing)s” before it: steps follow the party's order one at a time."),
                params={"stage": PoliticalStatus(stage).label, "missing": PoliticalStatus(expected).label},
                code="step_missing",
            )
    validate_step_order(steps, birth_date=birth_date)


def raise_political_status(person):
    """Move the person's political status up to the highest development step recorded."""
    highest = person.development_steps.aggregate(highest=Max("stage"))["highest"]
    if highest is not None and highest > person.political_status:
        person.political_status = highest
        person.save(update_fields=["political_status", "updated_at"])


class RosterImportExportAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    """Import and export through the roster's resources, which work within the user's scope.

    The export writes every column of the roster, so that it reads back in; the plain export
    form also never builds a resource without the user, as the column-picking form does.
    """

    export_form_class = ExportForm
    formats = [ExcelFormat]  # every workbook is written and read by branches.kernel.workbook

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {"user": request.user}


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "founded_on"]
    search_fields = ["name", "short_name"]
    date_hierarchy = "founded_on"


class PartyGroupInline(admin.TabularInline):
    model = PartyGroup
    fields = ["name", "kind", "serves", "leader"]
    autocomplete_fields = ["leader"]
    extra = 0
    show_change_link = True


class BranchBrandInline(admin.StackedInline):
    model = BranchBrand
    fields = ["name", "slogan", "story", "logo"]


@admin.register(Branch)
class BranchAdmin(SimpleHistoryAdmin):
    list_display = ["number", "name", "committee", "secretary_name", "founded_on"]
    list_display_links = ["number", "name"]
    list_filter = ["committee"]
    search_fields = ["name", "committee__name"]
    autocomplete_fields = ["areas"]
    date_hierarchy = "founded_on"
    inlines = [BranchBrandInline, PartyGroupInline]

    def get_queryset(self, request):
        secretaries = Person.objects.filter(branch_role=BranchRole.SECRETARY)
        return (
            super()
            .get_queryset(request)
            .select_related("committee")
            .prefetch_related(Prefetch("members", queryset=secretaries, to_attr="secretaries"))
        )

    @admin.display(description=_("branch secretary"))
    def secretary_name(self, branch):
        return branch.secretaries[0].name if branch.secretaries else ""


@admin.register(BranchBrand)
class BranchBrandAdmin(SimpleHistoryAdmin):
    list_display = ["name", "branch", "slogan"]
    list_select_related = ["branch"]
    search_fields = ["name", "slogan", "branch__name"]
    autocomplete_fields = ["branch"]


@admin.register(PartyGroup)
class PartyGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "branch", "kind", "serves", "leader"]
    list_select_related = ["branch", "leader"]
    list_filter = ["kind", "branch"]
    search_fields = ["name", "serves", "branch__name"]
    autocomplete_fields = ["branch", "leader"]


@admin.register(HallArea)
class HallAreaAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "floor", "ordering"]
    list_filter = ["floor"]
    search_fields = ["code", "name"]


@admin.register(Window)
class WindowAdmin(RosterImportExportAdmin):
    resource_classes = [WindowResource]
    list_display = ["code", "name", "business_line", "area", "covering_branch", "is_active"]
    list_select_related = ["area", "covering_branch"]
    list_filter = ["business_line", "area", "is_active", "covering_branch"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["covering_branch"]


class DevelopmentStepFormSet(BaseInlineFormSet):
    """Checks the person's whole sequence of steps: those kept, changed and added, not deleted."""

    def clean(self):
        super().clean()
        steps = []
        for form in self.forms:
            if form.instance.pk is None and not form.has_changed():
                continue
            if self._should_delete_form(form):
                continue
            stage, date = form.cleaned_data.get("stage"), form.cleaned_data.get("date")
            if stage is None or date is None:
                return
            steps.append((stage, date))
        check_development_steps(steps, birth_date=self.instance.birth_date)


class DevelopmentStepInline(admin.TabularInline):
    model = DevelopmentStep
    formset = DevelopmentStepFormSet
    fields = ["stage", "date", "note", "recorded_by", "created_at"]
    readonly_fields = ["recorded_by", "created_at"]
    extra = 0


class ServicePledgeInline(admin.TabularInline):
    model = ServicePledge
    fields = ["year", "text", "displayed"]
    extra = 0


@admin.register(Person)
class PersonAdmin(RosterImportExportAdmin):
    resource_classes = [PersonResource]
    list_display = [
        "staff_number",
        "name",
        "branch",
        "group",
        "window",
        "political_status",
        "branch_role",
        "committee_role",
        "is_active",
    ]
    list_display_links = ["staff_number", "name"]
    list_select_related = ["branch", "group", "window"]
    list_filter = [
        "branch",
        "political_status",
        "branch_role",
        "committee_role",
        "is_section_chief",
        "is_active",
        "gender",
    ]
    search_fields = ["staff_number", "name", "user__username"]
    autocomplete_fields = ["user", "branch", "group", "window"]
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "created_at"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "staff_number",
                    "name",
                    "user",
                    "branch",
                    "group",
                    "window",
                    "title",
                    "is_section_chief",
                    "gender",
                    "photo",
                    "is_active",
                ]
            },
        ),
        (_("Party membership"), {"fields": ["political_status", "branch_role", "committee_role"]}),
        (_("Personal data"), {"fields": list(personal.PERSONAL_FIELDS)}),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]
    inlines = [DevelopmentStepInline, ServicePledgeInline]

    def get_fieldsets(self, request, obj=None):
        """The personal data only for those who may see it (branches.kernel.personal)."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not personal.hidden_fields(request.user, obj):
            return fieldsets
        return [(name, options) for name, options in fieldsets if options["fields"] != list(personal.PERSONAL_FIELDS)]

    def get_object(self, request, object_id, from_field=None):
        """On a save, lock the person, as record_development_step does, so that a step recorded
        elsewhere meanwhile cannot slip past the check of the whole sequence."""
        person = super().get_object(request, object_id, from_field)
        if person is not None and request.method == "POST":
            person = Person.objects.select_for_update().get(pk=person.pk)
        return person

    def save_formset(self, request, form, formset, change):
        if formset.model is DevelopmentStep:
            for step_form in formset.extra_forms:
                step_form.instance.recorded_by = request.user
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        raise_political_status(form.instance)


class DevelopmentStepForm(ModelForm):
    """A single step, checked against the person's other recorded steps."""

    class Meta:
        model = DevelopmentStep
        fields = ["person", "stage", "date", "note"]

    def clean(self):
        cleaned_data = super().clean()
        person = self.instance.person if self.instance.pk else cleaned_data.get("person")
        stage, date = cleaned_data.get("stage"), cleaned_data.get("date")
        if person is None or stage is None or date is None:
            return cleaned_data
        person = Person.objects.select_for_update().get(pk=person.pk)
        others = person.development_steps.exclude(pk=self.instance.pk)
        check_development_steps(
            [(step.stage, step.date) for step in others] + [(stage, date)], birth_date=person.birth_date
        )
        return cleaned_data


@admin.register(TemporaryPassword)
class TemporaryPasswordAdmin(SimpleHistoryAdmin):
    """Who was given a temporary password, by whom and when; set on the person's page in the app."""

    list_display = ["user", "set_by", "set_at"]
    list_select_related = ["user", "set_by"]
    readonly_fields = ["user", "set_by", "set_at"]

    def has_add_permission(self, request):
        return False


@admin.register(DevelopmentStep)
class DevelopmentStepAdmin(SimpleHistoryAdmin):
    """Steps one at a time; deleting is only for a person's latest step, so no gap opens."""

    form = DevelopmentStepForm
    list_display = ["person", "person__branch", "stage", "date", "recorded_by"]
    list_select_related = ["person", "person__branch", "recorded_by"]
    list_filter = ["stage", "person__branch"]
    search_fields = ["person__name", "person__staff_number", "note"]
    autocomplete_fields = ["person"]
    date_hierarchy = "date"
    actions = None

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["recorded_by", "created_at"]
        return ["person", "recorded_by", "created_at"]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.person.development_steps.filter(stage__gt=obj.stage).exists():
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
        raise_political_status(obj.person)


@admin.register(ResponsibilityZone)
class ResponsibilityZoneAdmin(SimpleHistoryAdmin):
    list_display = ["name", "member", "member__branch", "starts_on", "ends_on"]
    list_select_related = ["member", "member__branch"]
    list_filter = ["member__branch"]
    search_fields = ["name", "member__name", "member__staff_number"]
    autocomplete_fields = ["member", "windows"]
    date_hierarchy = "starts_on"


@admin.register(ServicePledge)
class ServicePledgeAdmin(SimpleHistoryAdmin):
    list_display = ["text", "person", "person__branch", "year", "displayed"]
    list_select_related = ["person", "person__branch"]
    list_filter = ["year", "displayed", "person__branch"]
    search_fields = ["text", "person__name", "person__staff_number"]
    autocomplete_fields = ["person"]


@admin.register(Honour)
class HonourAdmin(SimpleHistoryAdmin):
    list_display = ["year", "title", "level", "holder_name", "awarded_by"]
    list_display_links = ["year", "title"]
    list_select_related = ["committee", "branch", "person"]
    list_filter = ["level", "year"]
    search_fields = ["title", "awarded_by"]
    autocomplete_fields = ["branch", "person"]

    @admin.display(description=_("holder"))
    def holder_name(self, honour):
        return str(honour.holder)


class LectureAttendanceInline(admin.TabularInline):
    model = LectureAttendance
    autocomplete_fields = ["person"]
    extra = 0


class LectureQuestionInline(admin.StackedInline):
    model = LectureQuestion
    autocomplete_fields = ["answered_by"]
    extra = 0


class LectureMaterialInline(admin.TabularInline):
    model = LectureMaterial
    readonly_fields = ["uploaded_by", "created_at"]
    extra = 0


@admin.register(Lecture)
class LectureAdmin(SimpleHistoryAdmin):
    list_display = ["date", "topic", "theme", "branch", "attendee_count"]
    list_filter = ["theme", "branch"]
    list_select_related = ["branch"]
    search_fields = ["topic", "summary"]
    autocomplete_fields = ["branch", "speakers"]
    date_hierarchy = "date"
    readonly_fields = ["check_in_code", "created_by", "created_at", "updated_at"]
    inlines = [LectureAttendanceInline, LectureQuestionInline, LectureMaterialInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(attendees=Count("attendances"))

    @admin.display(description=_("attendees"), ordering="attendees")
    def attendee_count(self, lecture):
        return lecture.attendees


@admin.register(LectureFeedback)
class LectureFeedbackAdmin(SimpleHistoryAdmin):
    list_display = ["lecture", "person", "score", "created_at"]
    list_filter = ["score"]
    list_select_related = ["lecture", "person"]
    search_fields = ["lecture__topic", "person__name", "remark"]
    autocomplete_fields = ["lecture", "person"]


class MentorshipSessionInline(admin.TabularInline):
    model = MentorshipSession
    autocomplete_fields = ["written_by"]
    extra = 0


@admin.register(Mentorship)
class MentorshipAdmin(SimpleHistoryAdmin):
    list_display = ["mentor", "mentee", "kind", "starts_on", "planned_end", "status", "final_rating"]
    list_filter = ["status", "kind", "mentee__branch"]
    list_select_related = ["mentor", "mentee"]
    search_fields = ["mentor__name", "mentee__name", "goals"]
    autocomplete_fields = ["mentor", "mentee"]
    date_hierarchy = "starts_on"
    readonly_fields = ["evaluated_by", "created_at", "updated_at"]
    inlines = [MentorshipSessionInline]


class StudioMilestoneInline(admin.TabularInline):
    model = StudioMilestone
    extra = 0


@admin.register(Studio)
class StudioAdmin(SimpleHistoryAdmin):
    list_display = ["name", "leader", "founded_on"]
    list_select_related = ["leader"]
    search_fields = ["name", "leader__name"]
    autocomplete_fields = ["leader", "members"]
    inlines = [StudioMilestoneInline]


@admin.register(LectureAttendance)
class LectureAttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["lecture", "person", "method", "checked_in_at"]
    list_filter = ["method"]
    list_select_related = ["lecture", "person"]
    search_fields = ["lecture__topic", "person__name"]
    autocomplete_fields = ["lecture", "person"]


@admin.register(LectureQuestion)
class LectureQuestionAdmin(admin.ModelAdmin):
    list_display = ["question", "lecture", "asked_by", "answered_by"]
    list_select_related = ["lecture", "answered_by"]
    search_fields = ["question", "answer", "lecture__topic"]
    autocomplete_fields = ["lecture", "answered_by"]


@admin.register(LectureMaterial)
class LectureMaterialAdmin(admin.ModelAdmin):
    list_display = ["title", "lecture", "uploaded_by", "created_at"]
    list_select_related = ["lecture", "uploaded_by"]
    search_fields = ["title", "lecture__topic"]
    autocomplete_fields = ["lecture"]
    readonly_fields = ["uploaded_by", "created_at"]


@admin.register(MentorshipSession)
class MentorshipSessionAdmin(SimpleHistoryAdmin):
    list_display = ["mentorship", "date", "method", "hours", "written_by"]
    list_filter = ["method"]
    list_select_related = ["mentorship__mentor", "mentorship__mentee", "written_by"]
    search_fields = ["content", "mentorship__mentor__name", "mentorship__mentee__name"]
    autocomplete_fields = ["mentorship", "written_by"]
    date_hierarchy = "date"


@admin.register(StudioMilestone)
class StudioMilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["date", "title", "studio"]
    list_select_related = ["studio"]
    search_fields = ["title", "studio__name"]
    autocomplete_fields = ["studio"]
    date_hierarchy = "date"


# 党员示范岗评选. The round's steps go through branches.actions (admin actions below); its setup
# changes only while it is a draft, and nothing of a published round changes here.


def _round_of(obj):
    if obj is None:
        return None
    return obj if isinstance(obj, RatingRound) else getattr(obj, "round", None) or obj.nomination.round


class RoundLockedMixin:
    """Read-only once the round has left the draft (setup) or is published (results)."""

    locked_from = (RoundStatus.PUBLISHED,)

    def _locked(self, obj):
        rating_round = _round_of(obj)
        return rating_round is not None and rating_round.status in self.locked_from

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._locked(obj)


SETUP_LOCKED = tuple(status for status in RoundStatus if status != RoundStatus.DRAFT)


class RatingCriterionInline(RoundLockedMixin, admin.TabularInline):
    model = RatingCriterion
    locked_from = SETUP_LOCKED
    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._locked(obj)


class RaterInline(RatingCriterionInline):
    model = Rater
    autocomplete_fields = ["person"]


def _run_step(modeladmin, request, queryset, step, done):
    from branches import actions

    for rating_round in queryset:
        try:
            getattr(actions, step)(rating_round, by=request.user)
        except (ValidationError, PermissionDenied) as error:
            message = "; ".join(getattr(error, "messages", [str(error)]))
            modeladmin.message_user(request, f"{rating_round}: {message}", level="ERROR")
        else:
            modeladmin.message_user(request, f"{rating_round}: {done}", level="SUCCESS")


@admin.action(description=_("Open nominations"))
def open_nominations_action(modeladmin, request, queryset):
    _run_step(modeladmin, request, queryset, "open_nominations", _("nominations are open."))


@admin.action(description=_("Open scoring"))
def open_scoring_action(modeladmin, request, queryset):
    _run_step(modeladmin, request, queryset, "open_scoring", _("scoring is open."))


@admin.action(description=_("Close scoring and compute the ranking"))
def close_scoring_action(modeladmin, request, queryset):
    _run_step(modeladmin, request, queryset, "close_scoring", _("scoring is closed."))


@admin.action(description=_("Publish"))
def publish_action(modeladmin, request, queryset):
    _run_step(modeladmin, request, queryset, "publish", _("published."))


@admin.register(RatingRound)
class RatingRoundAdmin(RoundLockedMixin, SimpleHistoryAdmin):
    list_display = ["title", "starts_on", "ends_on", "status", "quota_per_branch", "nomination_count"]
    list_filter = ["status"]
    search_fields = ["title"]
    date_hierarchy = "starts_on"
    readonly_fields = ["status", "created_by", "decided_at", "published_at", "created_at", "updated_at"]
    inlines = [RatingCriterionInline, RaterInline]
    actions = [open_nominations_action, open_scoring_action, close_scoring_action, publish_action]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(nomination_total=Count("nominations"))

    @admin.display(description=_("nominations"), ordering="nomination_total")
    def nomination_count(self, rating_round):
        return rating_round.nomination_total

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status != RoundStatus.DRAFT:
            fields += ["title", "starts_on", "ends_on", "quota_per_branch"]
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class RoundOpenForm(ModelForm):
    """Refuse rows added to a round past the given states (a published round never changes)."""

    locked_from = (RoundStatus.PUBLISHED,)

    def clean(self):
        cleaned = super().clean()
        rating_round = cleaned.get("round") or getattr(cleaned.get("nomination"), "round", None)
        if rating_round is not None and rating_round.status in self.locked_from:
            raise ValidationError(_("This round can no longer change."))
        return cleaned


class SetupForm(RoundOpenForm):
    locked_from = SETUP_LOCKED


@admin.register(RatingCriterion)
class RatingCriterionAdmin(RoundLockedMixin, SimpleHistoryAdmin):
    form = SetupForm
    locked_from = SETUP_LOCKED
    list_display = ["name", "weight", "round"]
    list_filter = ["round"]
    list_select_related = ["round"]
    search_fields = ["name", "round__title"]


@admin.register(Rater)
class RaterAdmin(RoundLockedMixin, SimpleHistoryAdmin):
    form = SetupForm
    locked_from = SETUP_LOCKED
    list_display = ["person", "round"]
    list_filter = ["round"]
    list_select_related = ["person", "round"]
    search_fields = ["person__name", "round__title"]
    autocomplete_fields = ["person"]


@admin.register(Nomination)
class NominationAdmin(RoundLockedMixin, SimpleHistoryAdmin):
    """Branches nominate on their page (quota, own branch); the admin corrects an open round."""

    form = RoundOpenForm
    list_display = ["person", "round", "branch", "post", "total", "selected"]
    list_filter = ["round", "branch", "selected"]
    list_select_related = ["person", "round", "branch"]
    search_fields = ["person__name", "post", "reason", "round__title"]
    autocomplete_fields = ["person", "window"]

    def get_readonly_fields(self, request, obj=None):
        computed = ["branch", "nominated_by", "total", "selected", "created_at"]
        return computed if obj is None else ["round", "person", *computed]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.branch_id = obj.person.branch_id
            obj.nominated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Score)
class ScoreAdmin(RoundLockedMixin, SimpleHistoryAdmin):
    """Raters score on their scoring page; a score is only looked at here once given."""

    form = RoundOpenForm
    list_display = ["nomination", "criterion", "rater", "value", "updated_at"]
    list_filter = ["nomination__round"]
    list_select_related = ["nomination__person", "nomination__round", "criterion", "rater"]
    search_fields = ["nomination__person__name", "rater__name"]
    autocomplete_fields = ["rater"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)
