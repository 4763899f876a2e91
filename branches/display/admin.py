"""Django admin of the hall displays: read their list, rename or revoke them. A screen is issued
on the committee office's page (branches:display-issue), which shows the address to open."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from branches.display import actions
from branches.display.models import HallDisplay


@admin.action(description=_("Revoke the selected screens"))
def revoke_selected(modeladmin, request, queryset):
    try:
        for display in queryset:
            actions.revoke_display(display, by=request.user)
    except PermissionDenied as error:
        modeladmin.message_user(request, str(error), level="ERROR")
    else:
        modeladmin.message_user(request, _("The selected screens were revoked."), level="SUCCESS")


@admin.register(HallDisplay)
class HallDisplayAdmin(admin.ModelAdmin):
    list_display = ["name", "issued_at", "issued_by", "last_seen_at", "revoked_at"]
    list_select_related = ["issued_by"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name"]
    fields = ["name", "issued_by", "issued_at", "last_seen_at", "revoked_at"]
    readonly_fields = ["issued_by", "issued_at", "last_seen_at", "revoked_at"]
    actions = [revoke_selected]

    def has_add_permission(self, request):
        return False
