"""Django admin of studios, their firsts and their cases."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from services.studios.models import Case, Studio, StudioMilestone


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


@admin.register(StudioMilestone)
class StudioMilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["date", "title", "studio"]
    list_select_related = ["studio"]
    search_fields = ["title", "studio__name"]
    autocomplete_fields = ["studio"]
    date_hierarchy = "date"


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ["title", "studio", "kind", "enterprise", "opened_on", "closed_on", "status"]
    list_filter = ["status", "kind", "studio"]
    list_select_related = ["studio", "enterprise"]
    search_fields = ["title", "description", "enterprise__name", "enterprise__credit_code"]
    autocomplete_fields = ["studio", "enterprise"]
    date_hierarchy = "opened_on"
