"""Django admin of the enterprises served."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from services.enterprises.models import Enterprise


@admin.register(Enterprise)
class EnterpriseAdmin(SimpleHistoryAdmin):
    list_display = ["name", "credit_code", "created_at"]
    search_fields = ["name", "credit_code"]
    readonly_fields = ["created_at"]
    date_hierarchy = "created_at"
