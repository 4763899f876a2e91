"""Django admin of the notifications."""

from django.contrib import admin

from services.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "message", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["message", "recipient__username"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient"]
    readonly_fields = ["created_at"]
    date_hierarchy = "created_at"
