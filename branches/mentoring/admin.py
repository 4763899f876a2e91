"""Django admin of mentor pairings and their sessions."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from branches.mentoring.models import Mentorship, MentorshipSession


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


@admin.register(MentorshipSession)
class MentorshipSessionAdmin(SimpleHistoryAdmin):
    list_display = ["mentorship", "date", "method", "hours", "written_by"]
    list_filter = ["method"]
    list_select_related = ["mentorship__mentor", "mentorship__mentee", "written_by"]
    search_fields = ["content", "mentorship__mentor__name", "mentorship__mentee__name"]
    autocomplete_fields = ["mentorship", "written_by"]
    date_hierarchy = "date"
