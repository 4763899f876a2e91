"""Django admin of lectures, their registers, questions, materials and feedback."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from branches.lectures.models import (
    Lecture,
    LectureAttendance,
    LectureFeedback,
    LectureMaterial,
    LectureQuestion,
)


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
