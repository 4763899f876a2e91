"""The Django admin for the enterprises the hall serves."""

from django.contrib import admin

from services.models import Enterprise


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "created_at"]
    search_fields = ["name", "credit_code"]
    readonly_fields = ["created_at"]
    date_hierarchy = "created_at"
