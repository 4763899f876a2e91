"""Django admin of the satisfaction tallies and their sums (read only)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from services.records.admin import TallyAdmin
from services.satisfaction.models import (
    MonthSatisfaction,
    SatisfactionTally,
    WindowYearSatisfaction,
)


@admin.register(SatisfactionTally)
class SatisfactionTallyAdmin(SimpleHistoryAdmin):
    list_display = ["month", "window", "channel", "positive", "neutral", "negative"]
    list_filter = ["channel", "month"]
    list_select_related = ["window"]
    autocomplete_fields = ["window"]
    date_hierarchy = "month"


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
