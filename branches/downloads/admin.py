"""Django admin of prepared files: read only, to see what was asked and what failed (the file
itself is its owner's, on their page)."""

from django.contrib import admin

from branches.downloads.models import PreparedFile


@admin.register(PreparedFile)
class PreparedFileAdmin(admin.ModelAdmin):
    list_display = ["created_at", "owner", "path", "status", "finished_at"]
    list_select_related = ["owner"]
    list_filter = ["status"]
    fields = ["owner", "path", "language", "status", "file_name", "created_at", "finished_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
