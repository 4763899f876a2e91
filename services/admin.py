"""The Django admin for the outward side: enterprises, records (with their history), notifications."""

from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from services import actions
from services.models import (
    BranchTally,
    Case,
    CommitteeTally,
    EnterpriseYearTally,
    MemberYearTally,
    MonthSatisfaction,
    InvestmentProject,
    JointItem,
    Measure,
    Problem,
    ProblemClass,
    ProjectMilestone,
    RoundTable,
    SatisfactionTally,
    Enterprise,
    Notification,
    Patrol,
    PracticalDeed,
    RecordPhoto,
    ServiceActivity,
    ServiceRecord,
    WindowYearSatisfaction,
)


@admin.register(Enterprise)
class EnterpriseAdmin(SimpleHistoryAdmin):
    list_display = ["name", "credit_code", "created_at"]
    search_fields = ["name", "credit_code"]
    readonly_fields = ["created_at"]
    date_hierarchy = "created_at"


class RecordPhotoInline(GenericTabularInline):
    """A record's photos, as stored; they are attached by the record's own form
    (services.actions.attach_photos makes the thumbnail)."""

    model = RecordPhoto
    fields = ["image", "thumbnail", "uploaded_by", "created_at"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.action(description=_("Approve the selected records"))
def approve_selected(modeladmin, request, queryset):
    done, problems = actions.review_many(queryset, by=request.user, decision="approve")
    modeladmin.message_user(request, _("%(count)s record(s) approved.") % {"count": done})
    for problem in problems:
        modeladmin.message_user(request, problem, level=messages.WARNING)


class RecordAdmin(SimpleHistoryAdmin):
    """Raw data of every record kind. The review fields are read only: reviews go through actions."""

    list_filter = ["status", "branch"]
    search_fields = ["person__name", "person__staff_number"]
    autocomplete_fields = ["person"]
    list_select_related = ["person", "branch"]
    date_hierarchy = "date"
    readonly_fields = [
        "branch", "status", "submitted_at", "reviewed_by", "reviewed_at", "review_comment",
        "created_at", "updated_at",
    ]
    inlines = [RecordPhotoInline]
    actions = [approve_selected]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.branch_id = obj.person.branch_id
        super().save_model(request, obj, form, change)


@admin.register(ServiceRecord)
class ServiceRecordAdmin(RecordAdmin):
    list_display = ["date", "person", "branch", "kind", "served_name", "enterprise", "hours", "persons_sent", "status"]
    list_filter = ["status", "kind", "reason", "branch"]
    search_fields = RecordAdmin.search_fields + ["served_name", "enterprise__name", "enterprise__credit_code"]
    autocomplete_fields = ["person", "enterprise"]
    list_select_related = ["person", "branch", "enterprise"]


@admin.register(PracticalDeed)
class PracticalDeedAdmin(RecordAdmin):
    list_display = ["date", "person", "branch", "beneficiary", "beneficiary_name", "enterprise", "status"]
    list_filter = ["status", "beneficiary", "branch"]
    search_fields = RecordAdmin.search_fields + ["description", "beneficiary_name", "enterprise__name"]
    autocomplete_fields = ["person", "enterprise"]
    list_select_related = ["person", "branch", "enterprise"]


@admin.register(ServiceActivity)
class ServiceActivityAdmin(RecordAdmin):
    list_display = ["date", "title", "kind", "person", "branch", "people_reached", "enterprises_reached", "status"]
    list_filter = ["status", "kind", "branch"]
    search_fields = RecordAdmin.search_fields + ["title", "place"]
    autocomplete_fields = ["person", "participants"]


@admin.register(Patrol)
class PatrolAdmin(RecordAdmin):
    list_display = ["date", "person", "branch", "zone", "found_problem", "status"]
    list_filter = ["status", "found_problem", "branch"]
    search_fields = RecordAdmin.search_fields + ["findings", "zone__name"]
    autocomplete_fields = ["person", "zone"]
    list_select_related = ["person", "branch", "zone"]


@admin.register(RecordPhoto)
class RecordPhotoAdmin(SimpleHistoryAdmin):
    list_display = ["image", "content_type", "object_id", "uploaded_by", "created_at"]
    list_filter = ["content_type"]
    list_select_related = ["content_type", "uploaded_by"]
    readonly_fields = ["image", "thumbnail", "created_at"]

    def has_add_permission(self, request):
        return False  # photos are attached by a record's own form, which makes the thumbnail
    raw_id_fields = ["uploaded_by"]
    date_hierarchy = "created_at"


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "message", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["message", "recipient__username"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient"]
    readonly_fields = ["created_at"]
    date_hierarchy = "created_at"


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ["title", "studio", "kind", "enterprise", "opened_on", "closed_on", "status"]
    list_filter = ["status", "kind", "studio"]
    list_select_related = ["studio", "enterprise"]
    search_fields = ["title", "description", "enterprise__name", "enterprise__credit_code"]
    autocomplete_fields = ["studio", "enterprise"]
    date_hierarchy = "opened_on"


class MeasureInline(admin.TabularInline):
    model = Measure
    autocomplete_fields = ["problem", "owner"]
    extra = 0


@admin.register(ProblemClass)
class ProblemClassAdmin(SimpleHistoryAdmin):
    list_display = ["name", "adopted_on"]
    search_fields = ["name", "rule"]
    date_hierarchy = "adopted_on"


@admin.register(Problem)
class ProblemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "branch", "source", "found_on", "status", "resolved_on", "problem_class"]
    list_filter = ["status", "source", "branch", "problem_class"]
    list_select_related = ["branch", "problem_class"]
    search_fields = ["title", "description", "resolution"]
    autocomplete_fields = ["branch", "window", "reported_by", "resolved_by", "problem_class"]
    raw_id_fields = ["patrol", "verified_by"]
    date_hierarchy = "found_on"
    readonly_fields = ["created_at"]


@admin.register(RoundTable)
class RoundTableAdmin(SimpleHistoryAdmin):
    list_display = ["date", "title", "branch"]
    list_select_related = ["branch"]
    search_fields = ["title", "notes"]
    autocomplete_fields = ["branch", "attendees", "problems"]
    date_hierarchy = "date"
    inlines = [MeasureInline]


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["description", "problem", "owner", "deadline", "done_on"]
    list_filter = ["done_on"]
    list_select_related = ["problem", "owner"]
    search_fields = ["description", "problem__title", "owner__name"]
    autocomplete_fields = ["round_table", "problem", "owner"]
    date_hierarchy = "deadline"


class ProjectMilestoneInline(admin.TabularInline):
    model = ProjectMilestone
    extra = 0


@admin.register(InvestmentProject)
class InvestmentProjectAdmin(SimpleHistoryAdmin):
    list_display = ["name", "enterprise", "team_leader", "started_on", "approved_on", "baseline_days", "actual_days"]
    list_select_related = ["enterprise", "team_leader"]
    search_fields = ["name", "enterprise__name"]
    autocomplete_fields = ["enterprise", "team_leader", "team"]
    date_hierarchy = "started_on"
    inlines = [ProjectMilestoneInline]


@admin.register(ProjectMilestone)
class ProjectMilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["date", "title", "project"]
    list_select_related = ["project"]
    search_fields = ["title", "project__name"]
    autocomplete_fields = ["project"]


@admin.register(JointItem)
class JointItemAdmin(SimpleHistoryAdmin):
    list_display = ["name", "departments", "launched_on", "baseline_days", "current_days"]
    search_fields = ["name", "departments"]
    date_hierarchy = "launched_on"


@admin.register(SatisfactionTally)
class SatisfactionTallyAdmin(SimpleHistoryAdmin):
    list_display = ["month", "window", "channel", "positive", "neutral", "negative"]
    list_filter = ["channel", "month"]
    list_select_related = ["window"]
    autocomplete_fields = ["window"]
    date_hierarchy = "month"


class TallyAdmin(admin.ModelAdmin):
    """The summary tables are derived from the records (services.tallies): to read, not to type into;
    ``manage.py rebuild_tallies`` recomputes them."""

    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BranchTally)
class BranchTallyAdmin(TallyAdmin):
    list_display = ["branch", "month", "kind", "subkind", "records", "hours", "persons_sent"]
    list_select_related = ["branch"]
    list_filter = ["kind"]
    date_hierarchy = "month"


@admin.register(CommitteeTally)
class CommitteeTallyAdmin(TallyAdmin):
    list_display = ["month", "kind", "subkind", "records", "hours", "persons_sent", "people_reached"]
    list_filter = ["kind"]
    date_hierarchy = "month"


@admin.register(MemberYearTally)
class MemberYearTallyAdmin(TallyAdmin):
    list_display = ["person", "branch", "year", "services", "hours"]
    list_select_related = ["person", "branch"]
    list_filter = ["year"]


@admin.register(EnterpriseYearTally)
class EnterpriseYearTallyAdmin(TallyAdmin):
    list_display = ["enterprise", "branch", "year", "visits"]
    list_select_related = ["enterprise", "branch"]
    list_filter = ["year"]


@admin.register(WindowYearSatisfaction)
class WindowYearSatisfactionAdmin(TallyAdmin):
    list_display = ["window", "year", "channel", "positive", "neutral", "negative"]
    list_select_related = ["window"]
    list_filter = ["year", "channel"]


@admin.register(MonthSatisfaction)
class MonthSatisfactionAdmin(TallyAdmin):
    list_display = ["month", "channel", "positive", "neutral", "negative"]
    list_filter = ["channel"]
    date_hierarchy = "month"
