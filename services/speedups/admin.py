"""Django admin of investment projects and joint-handling items."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from services.speedups.models import InvestmentProject, JointItem, ProjectMilestone


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
