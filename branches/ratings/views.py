"""党员示范岗评选: rating rounds, nominations, the raters' scoring, the committee's decision, the wall."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, OuterRef, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from branches.kernel.fields import whole_number
from branches.kernel.messages import (
    action_error_text,
    add_action_error,
    attempt,
    attempt_and_report,
    report_action_error,
)
from branches.kernel.periods import years_with_data
from branches.kernel.queries import count_of
from branches.kernel.scope import get_object_for_user, scope_for
from branches.ratings import actions
from branches.ratings.forms import (
    CriterionFormSet,
    NominationForm,
    RatingRoundForm,
    WallFilterForm,
)
from branches.ratings.models import Nomination, RatingRound, RoundStatus, Score
from branches.ratings.selectors import attach_evidence, wall

PAGE_SIZE = 20
NOMINATIONS_PER_PAGE = 50  # a province's round holds a few thousand
WALL_CARDS_PER_PAGE = 24
STEPS = {
    "open-nominations": (actions.open_nominations, gettext_lazy("Nominations are open.")),
    "open-scoring": (actions.open_scoring, gettext_lazy("Scoring is open.")),
    "close-scoring": (actions.close_scoring, gettext_lazy("Scoring is closed; the ranking is computed.")),
    "publish": (actions.publish, gettext_lazy("The results are published.")),
}


def _round(request, pk, queryset=None):
    return get_object_for_user(queryset if queryset is not None else RatingRound.objects.all(), request.user, pk=pk)


def _is_rater(user, rating_round):
    person_id = scope_for(user).person_id
    return person_id is not None and rating_round.raters.filter(person=person_id).exists()


@login_required
def rating_round_list(request):
    rounds = (
        RatingRound.objects.visible_to(request.user)
        .annotate(nomination_total=count_of(Nomination.objects.filter(round=OuterRef("pk"))))
        .order_by("-starts_on", "-pk")
    )
    page = Paginator(rounds, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "ratings/rating_round_list.html",
        {"page": page, "can_create": actions.may_run_rating(request.user)},
    )


@login_required
def rating_round_detail(request, pk):
    rating_round = _round(request, pk)
    scope = scope_for(request.user)
    nominations = Nomination.objects.filter(round=rating_round)
    if not (scope.sees_all or rating_round.is_published):
        nominations = nominations.visible_to(request.user)
    nominations = nominations.select_related("person", "branch", "window")
    nominations = nominations.ranked() if rating_round.shows_totals else nominations.order_by("branch__number", "person__name", "pk")
    page = Paginator(nominations, NOMINATIONS_PER_PAGE).get_page(request.GET.get("page"))
    criteria = list(rating_round.criteria.all())
    raters = list(rating_round.raters.select_related("person__branch"))
    context = {
        "round": rating_round,
        "criteria": criteria,
        "weight_total": sum(criterion.weight for criterion in criteria),
        "raters": raters,
        "page": page,
        "show_totals": rating_round.shows_totals and (scope.sees_all or rating_round.is_published),
        "may_run": actions.may_run_rating(request.user),
        "may_nominate": rating_round.status == RoundStatus.NOMINATING and bool(scope.managed_branch_ids),
        "is_rater": any(rater.person_id == scope.person_id for rater in raters),
    }
    return render(request, "ratings/rating_round_detail.html", context)


def _round_form(request, rating_round=None):
    if not actions.may_run_rating(request.user):
        raise PermissionDenied(_("Only the committee administrator runs rating rounds."))
    if rating_round is not None:
        try:
            actions.check_round_editable(rating_round)
        except ValidationError as error:
            report_action_error(request, error)
            return redirect(rating_round)
    instance = rating_round or RatingRound()
    form = RatingRoundForm(request.POST or None, instance=instance, user=request.user)
    formset = CriterionFormSet(request.POST or None, instance=instance, prefix="criteria")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        saved = attempt(form, lambda: actions.save_round(
            form.save(commit=False),
            criteria=formset.save(commit=False),
            removed_criteria=formset.deleted_objects,
            raters=form.cleaned_data["raters"],
            by=request.user,
        ))
        if saved is not None:
            messages.success(request, _("The rating round was saved."))
            return redirect(saved)
    return render(
        request, "ratings/rating_round_form.html", {"form": form, "formset": formset, "round": rating_round}
    )


@login_required
def rating_round_create(request):
    return _round_form(request)


@login_required
def rating_round_edit(request, pk):
    return _round_form(request, _round(request, pk))


@login_required
@require_POST
def rating_round_advance(request, pk, step):
    if step not in STEPS:
        raise Http404
    rating_round = _round(request, pk)
    action, done = STEPS[step]
    if attempt_and_report(request, lambda: action(rating_round, by=request.user)):
        messages.success(request, done)
    return redirect(rating_round)


@login_required
def rating_nominate(request, pk):
    rating_round = _round(request, pk)
    branch_ids = scope_for(request.user).managed_branch_ids
    if not branch_ids:
        raise PermissionDenied(_("A branch nominates members of its own branch only."))
    mine = list(
        Nomination.objects.filter(round=rating_round, branch__in=branch_ids).select_related("person", "window", "branch")
    )
    form = NominationForm(request.POST or None, rating_round=rating_round, branch_ids=branch_ids)
    if request.method == "POST" and form.is_valid():
        try:
            actions.nominate(
                rating_round,
                form.cleaned_data["person"],
                by=request.user,
                post=form.cleaned_data["post"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_action_error(form, error)
        else:
            messages.success(
                request, _("%(name)s is nominated.") % {"name": form.cleaned_data["person"].name}
            )
            return redirect("branches:rating-nominate", pk=rating_round.pk)
    return render(
        request,
        "ratings/rating_nominate.html",
        {
            "round": rating_round,
            "form": form,
            "mine": mine,
            "remaining": max(rating_round.quota_per_branch - len(mine), 0),
            "is_open": rating_round.status == RoundStatus.NOMINATING,
        },
    )


@login_required
@require_POST
def rating_nomination_withdraw(request, pk):
    nomination = get_object_for_user(Nomination.objects.select_related("round", "person"), request.user, pk=pk, manage=True)
    if attempt_and_report(request, lambda: actions.withdraw_nomination(nomination, by=request.user)):
        messages.success(request, _("The nomination of %(name)s was withdrawn.") % {"name": nomination.person.name})
    return redirect("branches:rating-nominate", pk=nomination.round_id)


def _field(nomination_pk, criterion_pk):
    return f"score-{nomination_pk}-{criterion_pk}"


@login_required
def rating_score(request, pk):
    """The rater's nominees, those not yet fully scored first, a page at a time, with the evidence."""
    rating_round = _round(request, pk)
    person = scope_for(request.user).person
    if not _is_rater(request.user, rating_round):
        raise PermissionDenied(_("Only the round's appointed raters score."))
    criteria = list(rating_round.criteria.all())
    mine = Score.objects.filter(rater=person)
    everyone = list(Nomination.objects.filter(round=rating_round).select_related("person", "branch").order_by("branch__number", "person__name", "pk"))
    conflicts = actions.scoring_conflicts(person, everyone, rating_round)
    scorable = (
        Nomination.objects.filter(round=rating_round)
        .exclude(pk__in=list(conflicts))
        .select_related("person", "branch", "window")
        .annotate(my_score_count=count_of(mine.filter(nomination=OuterRef("pk"))))
        .annotate(fully_scored=Case(When(my_score_count__gte=len(criteria), then=1), default=0))
        .order_by("fully_scored", "branch__number", "person__name", "pk")
    )
    is_open = rating_round.status == RoundStatus.SCORING
    errors, page = [], None
    if request.method == "POST":
        # The nominees of the page the form showed (all of them for a client that sends none).
        shown = [whole_number(value) for value in request.POST.getlist("shown")]
        nominations = list(scorable.filter(pk__in=[pk for pk in shown if pk is not None]) if shown else scorable)
        error = _("Scoring is not open for this round.") if not is_open else _save_scores(request, nominations, criteria)
        if error is None:
            return redirect("branches:rating-score", pk=rating_round.pk)
        errors.append(error)
    else:
        page = Paginator(scorable, NOMINATIONS_PER_PAGE).get_page(request.GET.get("page"))
        nominations = list(page.object_list)
    _fill_cells(request, nominations, criteria, mine, rating_round)
    return render(
        request,
        "ratings/rating_score.html",
        {
            "round": rating_round,
            "criteria": criteria,
            "nominations": nominations,
            "withheld": [(nomination, conflicts[nomination.pk]) for nomination in everyone if nomination.pk in conflicts],
            "page": page,
            "is_open": is_open,
            "errors": errors,
        },
    )


def _save_scores(request, nominations, criteria):
    """Every score the form holds for ``nominations``, all or none; the refusal's text, or None."""
    saved = 0
    try:
        with transaction.atomic():
            for nomination in nominations:
                for criterion in criteria:
                    raw = request.POST.get(_field(nomination.pk, criterion.pk), "").strip()
                    if raw != "":
                        actions.score(nomination, criterion, by=request.user, value=raw)
                        saved += 1
    except (ValidationError, PermissionDenied) as error:
        return action_error_text(error)
    if saved:
        messages.success(request, _("Your scores were saved."))
    else:
        messages.warning(request, _("Nothing was saved: enter a score from 0 to 100 first."))
    return None


def _fill_cells(request, nominations, criteria, mine, rating_round):
    """Each nomination's evidence and a cell per criterion: what was posted, else the score given."""
    given = defaultdict(dict)
    for score in mine.filter(nomination__in=nominations):
        given[score.nomination_id][score.criterion_id] = score.value
    attach_evidence(nominations, rating_round)
    for nomination in nominations:
        nomination.cells = [
            {
                "name": _field(nomination.pk, criterion.pk),
                "value": request.POST.get(_field(nomination.pk, criterion.pk), given[nomination.pk].get(criterion.pk, "")),
                "criterion": criterion,
            }
            for criterion in criteria
        ]


@login_required
def rating_decide(request, pk):
    """The committee's decision, on the ranking a page at a time, or for the top N at once."""
    rating_round = _round(request, pk)
    if not actions.may_run_rating(request.user):
        raise PermissionDenied(_("Only the committee administrator runs rating rounds."))
    ranked = (
        Nomination.objects.filter(round=rating_round)
        .select_related("person", "branch", "window")
        .annotate(score_count=count_of(Score.objects.filter(nomination=OuterRef("pk"))))
        .ranked()
    )
    is_open = rating_round.status == RoundStatus.DECIDED
    errors = []
    if request.method == "POST":
        try:
            if "top" in request.POST:
                count = whole_number(request.POST.get("top"))
                if not count:
                    raise ValidationError(_("Say how many of the highest-ranked nominees to select."))
                actions.decide_top(rating_round, by=request.user, count=count)
            else:
                actions.decide(
                    rating_round,
                    by=request.user,
                    selected_ids=request.POST.getlist("selected"),
                    among_ids=request.POST.getlist("shown") or None,
                )
        except ValidationError as error:
            errors.append(action_error_text(error))
        else:
            messages.success(request, _("The selection is confirmed; publish it when ready."))
            return redirect(rating_round)
    page = Paginator(ranked, NOMINATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "ratings/rating_decide.html",
        {
            "round": rating_round,
            "page": page,
            "offset": page.start_index() - 1 if page.paginator.count else 0,
            "selected_count": rating_round.nominations.filter(selected=True).count(),
            "is_open": is_open,
            "errors": errors,
        },
    )


@login_required
def rating_wall(request):
    """Every member selected in a published round, newest round first, a page of cards at a time."""
    form = WallFilterForm(request.GET, years=years_with_data())
    chosen = form.selected()
    entries = wall(chosen["round"], year=chosen["year"], branch=chosen["branch"])
    page = Paginator(entries, WALL_CARDS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "ratings/rating_wall.html", {"form": form, "page": page})
