"""Django admin of the problem loop: classes, problems, round-tables, measures."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from services.problems.models import Measure, Problem, ProblemClass, RoundTable


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
