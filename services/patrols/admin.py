"""Django admin of the duty rotas: the raw rows, for the committee office; secretaries keep their
branch's rota on its page (services/patrols/views.py: rota_edit)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from services.patrols.models import DutyRota, ExtendedHoursDuty, PatrolDuty


class PatrolDutyInline(admin.TabularInline):
    model = PatrolDuty
    autocomplete_fields = ["zone", "person"]
    extra = 0


class ExtendedHoursDutyInline(admin.TabularInline):
    model = ExtendedHoursDuty
    autocomplete_fields = ["person"]
    extra = 0


@admin.register(DutyRota)
class DutyRotaAdmin(SimpleHistoryAdmin):
    list_display = ["month", "branch", "updated_at", "updated_by"]
    list_filter = ["branch"]
    list_select_related = ["branch", "updated_by"]
    search_fields = ["branch__name"]
    autocomplete_fields = ["branch"]
    date_hierarchy = "month"
    readonly_fields = ["updated_at", "updated_by"]
    inlines = [PatrolDutyInline, ExtendedHoursDutyInline]


@admin.register(PatrolDuty)
class PatrolDutyAdmin(SimpleHistoryAdmin):
    list_display = ["date", "zone", "person", "rota"]
    list_select_related = ["zone", "person", "rota__branch"]
    search_fields = ["zone__name", "person__name"]
    autocomplete_fields = ["rota", "zone", "person"]
    date_hierarchy = "date"


@admin.register(ExtendedHoursDuty)
class ExtendedHoursDutyAdmin(SimpleHistoryAdmin):
    list_display = ["date", "person", "rota"]
    list_select_related = ["person", "rota__branch"]
    search_fields = ["person__name"]
    autocomplete_fields = ["rota", "person"]
    date_hierarchy = "date"
