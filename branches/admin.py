"""Django admin of the app: the committee office's raw data, each feature's in its own
``admin.py``, registered when this module is imported (as Django does with every app's admin)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from branches.brand import admin as brand_admin  # noqa: F401
from branches.display import admin as display_admin  # noqa: F401
from branches.downloads import admin as downloads_admin  # noqa: F401
from branches.honours import admin as honours_admin  # noqa: F401
from branches.kernel.models import ImportRun
from branches.lectures import admin as lectures_admin  # noqa: F401
from branches.mentoring import admin as mentoring_admin  # noqa: F401
from branches.organisation import admin as organisation_admin  # noqa: F401
from branches.people import admin as people_admin  # noqa: F401
from branches.pledges import admin as pledges_admin  # noqa: F401
from branches.ratings import admin as ratings_admin  # noqa: F401


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """The imports the task worker wrote (branches.kernel.imports), read only: what was confirmed,
    by whom, and how it ended."""

    list_display = ["created_at", "owner", "file_name", "status", "finished_at"]
    list_select_related = ["owner"]
    list_filter = ["status"]
    fields = ["owner", "importer", "file_name", "details", "status", "message", "errors", "created_at", "finished_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.site_header = _("Torchbearer administration")
admin.site.site_title = _("Torchbearer")
admin.site.index_title = _("Raw data")
