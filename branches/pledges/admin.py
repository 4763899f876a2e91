"""Django admin of pledges and brands."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from branches.pledges.models import BranchBrand, ServicePledge


@admin.register(BranchBrand)
class BranchBrandAdmin(SimpleHistoryAdmin):
    list_display = ["name", "branch", "slogan"]
    list_select_related = ["branch"]
    search_fields = ["name", "slogan", "branch__name"]
    autocomplete_fields = ["branch"]


@admin.register(ServicePledge)
class ServicePledgeAdmin(SimpleHistoryAdmin):
    list_display = ["text", "person", "person__branch", "year", "displayed"]
    list_select_related = ["person", "person__branch"]
    list_filter = ["year", "displayed", "person__branch"]
    search_fields = ["text", "person__name", "person__staff_number"]
    autocomplete_fields = ["person"]
