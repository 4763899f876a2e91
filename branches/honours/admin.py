"""Django admin of honours."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from branches.honours.models import Honour


@admin.register(Honour)
class HonourAdmin(SimpleHistoryAdmin):
    list_display = ["year", "title", "level", "holder_name", "awarded_by"]
    list_display_links = ["year", "title"]
    list_select_related = ["committee", "branch", "person"]
    list_filter = ["level", "year"]
    search_fields = ["title", "awarded_by"]
    autocomplete_fields = ["branch", "person"]

    @admin.display(description=_("holder"))
    def holder_name(self, honour):
        return str(honour.holder)
