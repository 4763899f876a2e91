"""Django admin of the brand and its practices."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from branches.brand.forms import MOST_PRACTICES
from branches.brand.models import Brand, BrandPractice


class BrandPracticeInline(admin.StackedInline):
    model = BrandPractice
    extra = 0
    max_num = MOST_PRACTICES


@admin.register(Brand)
class BrandAdmin(SimpleHistoryAdmin):
    list_display = ["name", "committee", "started_on"]
    inlines = [BrandPracticeInline]


@admin.register(BrandPractice)
class BrandPracticeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "pillar", "ordering", "brand"]
    list_filter = ["pillar"]
