"""Django admin of the rating rounds: their steps go through the actions; a round's setup changes only
while it is a draft, and nothing of a published round changes."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from branches.kernel.fields import ModelForm
from branches.kernel.messages import action_error_text
from branches.ratings import actions
from branches.ratings.models import (
    Nomination,
    Rater,
    RatingCriterion,
    RatingRound,
    RoundStatus,
    Score,
)


def _round_of(obj):
    if obj is None:
        return None
    return obj if isinstance(obj, RatingRound) else getattr(obj, "round", None) or obj.nomination.round


class RoundLockedMixin:
    """Read-only once the round has left the draft (setup) or is published (results)."""

    locked_from = (RoundStatus.PUBLISHED,)

    def _locked(self, obj):
        rating_round = _round_of(obj)
        return rating_round is not None and rating_round.status in self.locked_from

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._locked(obj)


SETUP_LOCKED = tuple(status for status in RoundStatus if status != RoundStatus.DRAFT)


class RatingCriterionInline(RoundLockedMixin, admin.TabularInline):
    model = RatingCriterion
    locked_from = SETUP_LOCKED
    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._locked(obj)


class RaterInline(RatingCriterionInline):
    model = Rater
    autocomplete_fields = ["person"]


def _run_step(modeladmin, request, queryset, step, done):
    for rating_round in queryset:
        try:
            getattr(actions, step)(rating_round, by=request.user)
        except (ValidationError, PermissionDenied) as error:
            modeladmin.message_user(request, f"{rating_round}: {action_error_text(error)}", level="ERROR")
        else:
            modeladmin.message_user(request, f"{rating_round}: {done}", level="SUCCESS")


@admin.action(description=_("Open nominations"))
def open_nominations_action(modeladmin, request, queryset):
    _run_step(modeladmin, request, queryset, "open_nominations", _("nominations are open."))


@admin.action(description=_("Open scoring"))
def open_scoring_action(modeladmin, request, queryset):
    _run_step(modeladmin, request, queryset, "open_scoring", _("scoring is open."))


@admin.action(description=_("Close scoring and compute the ranking"))
def close_scoring_action(modeladmin, request, queryset):
    _run_step(modeladmin, request, queryset, "close_scoring", _("scoring is closed."))


@admin.action(description=_("Publish"))
def publish_action(modeladmin, request, queryset):
    _run_step(modeladmin, request, queryset, "publish", _("published."))


@admin.register(RatingRound)
class RatingRoundAdmin(RoundLockedMixin, SimpleHistoryAdmin):
    list_display = ["title", "starts_on", "ends_on", "status", "quota_per_branch", "nomination_count"]
    list_filter = ["status"]
    search_fields = ["title"]
    date_hierarchy = "starts_on"
    readonly_fields = ["status", "created_by", "decided_at", "published_at", "created_at", "updated_at"]
    inlines = [RatingCriterionInline, RaterInline]
    actions = [open_nominations_action, open_scoring_action, close_scoring_action, publish_action]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(nomination_total=Count("nominations"))

    @admin.display(description=_("nominations"), ordering="nomination_total")
    def nomination_count(self, rating_round):
        return rating_round.nomination_total

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status != RoundStatus.DRAFT:
            fields += ["title", "starts_on", "ends_on", "quota_per_branch"]
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class RoundOpenForm(ModelForm):
    """Refuse rows added to a round past the given states (a published round never changes)."""

    locked_from = (RoundStatus.PUBLISHED,)

    def clean(self):
        cleaned = super().clean()
        rating_round = cleaned.get("round") or getattr(cleaned.get("nomination"), "round", None)
        if rating_round is not None and rating_round.status in self.locked_from:
            raise ValidationError(_("This round can no longer change."))
        return cleaned


class SetupForm(RoundOpenForm):
    locked_from = SETUP_LOCKED


@admin.register(RatingCriterion)
class RatingCriterionAdmin(RoundLockedMixin, SimpleHistoryAdmin):
    form = SetupForm
    locked_from = SETUP_LOCKED
    list_display = ["name", "weight", "round"]
    list_filter = ["round"]
    list_select_related = ["round"]
    search_fields = ["name", "round__title"]


@admin.register(Rater)
class RaterAdmin(RoundLockedMixin, SimpleHistoryAdmin):
    form = SetupForm
    locked_from = SETUP_LOCKED
    list_display = ["person", "round"]
    list_filter = ["round"]
    list_select_related = ["person", "round"]
    search_fields = ["person__name", "round__title"]
    autocomplete_fields = ["person"]


@admin.register(Nomination)
class NominationAdmin(RoundLockedMixin, SimpleHistoryAdmin):
    """Branches nominate on their page (quota, own branch); the admin corrects an open round."""

    form = RoundOpenForm
    list_display = ["person", "round", "branch", "post", "total", "selected"]
    list_filter = ["round", "branch", "selected"]
    list_select_related = ["person", "round", "branch"]
    search_fields = ["person__name", "post", "reason", "round__title"]
    autocomplete_fields = ["person", "window"]

    def get_readonly_fields(self, request, obj=None):
        computed = ["branch", "nominated_by", "total", "selected", "created_at"]
        return computed if obj is None else ["round", "person", *computed]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.branch_id = obj.person.branch_id
            obj.nominated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Score)
class ScoreAdmin(RoundLockedMixin, SimpleHistoryAdmin):
    """Raters score on their scoring page; a score is only looked at here once given."""

    form = RoundOpenForm
    list_display = ["nomination", "criterion", "rater", "value", "updated_at"]
    list_filter = ["nomination__round"]
    list_select_related = ["nomination__person", "nomination__round", "criterion", "rater"]
    search_fields = ["nomination__person__name", "rater__name"]
    autocomplete_fields = ["rater"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)
