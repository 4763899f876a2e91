"""Django admin of the organisation: the committee, branches, groups, hall areas, windows, zones."""

from django.contrib import admin
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from branches.kernel.rosters import RosterImportExportAdmin
from branches.organisation.models import (
    Branch,
    Committee,
    HallArea,
    PartyGroup,
    ResponsibilityZone,
    Window,
)
from branches.organisation.resources import WindowResource
from branches.people.models import BranchRole, Person


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


@admin.register(Branch)
class BranchAdmin(SimpleHistoryAdmin):
    list_display = ["number", "name", "committee", "secretary_name", "founded_on"]
    list_display_links = ["number", "name"]
    list_filter = ["committee"]
    search_fields = ["name", "committee__name"]
    autocomplete_fields = ["areas"]
    date_hierarchy = "founded_on"
    inlines = [PartyGroupInline]

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


@admin.register(ResponsibilityZone)
class ResponsibilityZoneAdmin(SimpleHistoryAdmin):
    list_display = ["name", "member", "member__branch", "starts_on", "ends_on"]
    list_select_related = ["member", "member__branch"]
    list_filter = ["member__branch"]
    search_fields = ["name", "member__name", "member__staff_number"]
    autocomplete_fields = ["member", "windows"]
    date_hierarchy = "starts_on"
