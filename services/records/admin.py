"""Django admin of the records staff log (with their history and photos) and of their summary
tables, which are read only: the records keep them."""

from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import ValidationError
from django.forms import ModelForm
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from services.records import actions
from services.records.models import (
    Patrol,
    PracticalDeed,
    ServiceActivity,
    ServiceRecord,
)
from services.records.photos import RecordPhoto
from services.records.tallies import (
    BranchTally,
    CommitteeTally,
    EnterpriseYearTally,
    MemberYearTally,
)


class RecordPhotoInline(GenericTabularInline):
    """A record's photos, as stored; they are attached by the record's own form
    (services.records.actions.attach_photos makes the thumbnail)."""

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


class RecordAdminForm(ModelForm):
    """The admin's record form holds the rules the record actions hold: a day's service hours."""

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        record = self.instance
        counted = actions.APPROVED if record.pk and record.is_approved else actions.LOGGED
        try:
            actions.check_daily_hours(record, counted=counted)
        except ValidationError as error:
            self._update_errors(error)


class RecordAdmin(SimpleHistoryAdmin):
    """Raw data of every record kind. The review fields are read only: reviews go through actions,
    and a record added here is logged through ``actions.submit``, as from the log form."""

    form = RecordAdminForm

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
        if change:
            super().save_model(request, obj, form, change)
        else:
            actions.submit(obj, by=request.user)


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


class TallyAdmin(admin.ModelAdmin):
    """The summary tables are derived from the records (services.records.tallies): to read, not to type into;
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
