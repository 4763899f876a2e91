"""The problem closed loop (问题闭环): the list, reporting, one problem's timeline and its next step,
round-tables with their measures, and a patrol's finding turned into a problem.

Every step goes through ``services.problems.actions``: the views only show the steps the user may take
and turn the actions' refusals into messages (ValidationError) or 403 (PermissionDenied).
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from branches.downloads.actions import prepared
from branches.kernel import figures, workbook
from branches.kernel.messages import attempt, attempt_and_report
from branches.kernel.periods import Period
from branches.kernel.queries import count_of
from branches.kernel.scope import get_object_for_user, scope_for
from branches.people.models import Person
from services.problems import actions
from services.problems.forms import (
    ProblemFilterForm,
    ProblemReportForm,
    ResolveForm,
    VerifyForm,
)
from services.problems.models import (
    PROBLEM_ORDER,
    Measure,
    Problem,
    ProblemClass,
    ProblemStatus,
)
from services.records import exports, selectors
from services.records.kinds import Column
from services.records.models import Patrol

PAGE_SIZE = selectors.PAGE_SIZE


# -- The list and its export --------------------------------------------------------------------


@login_required
def problem_list(request):
    if request.GET.get("classes"):
        return _class_list(request)
    today = timezone.localdate()
    form, problems = _filtered(request, today)
    page = Paginator(problems, PAGE_SIZE).get_page(request.GET.get("page"))
    scope = scope_for(request.user)
    return render(
        request,
        "problems/problem_list.html",
        {
            "filter_form": form,
            "page": page,
            "loop": _loop(today),
            "tab": "overdue" if request.GET.get("overdue") else "open" if request.GET.get("open") else "all",
            "may_report": scope.person is not None or scope.manages_all,
            "may_hold_round_table": scope.is_manager,
        },
    )


LOOP = ["problems_open", "overdue_measures", "problem_classes"]


def _loop(today):
    """The loop's counts on the tabs, from the registry: one query."""
    return figures.evaluate(LOOP, Period.year(today.year))


def _class_list(request):
    classes = ProblemClass.objects.annotate(problem_count=Count("problems")).order_by("-adopted_on", "name")
    page = Paginator(classes, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "problems/problem_class_list.html",
        {"page": page, "loop": _loop(today), "tab": "classes"},
    )


@login_required
@prepared
def problem_export(request):
    _, problems = _filtered(request, timezone.localdate())
    content = exports.records_workbook(PROBLEM_EXPORT, problems.select_related("reported_by"))
    return workbook.response(content, f"problems-{timezone.localdate():%Y%m%d}.xlsx")


def _filtered(request, today):
    form = ProblemFilterForm(request.GET or None)
    problems = (
        Problem.objects.visible_to(request.user)
        # What the list shows; each further join (the people, say) costs PostgreSQL's planner more
        # than the whole query takes to run, as joining the reporter and the resolver showed
        # (docs/PERFORMANCE.md).
        .select_related("branch", "window", "problem_class")
        .annotate(
            # Correlated counts: only the page's problems are counted, not every problem before LIMIT.
            measure_count=count_of(Measure.objects.filter(problem=OuterRef("pk"))),
            overdue_count=count_of(Measure.objects.filter(problem=OuterRef("pk"), done_on__isnull=True, deadline__lt=today)),
        )
    )
    if form.is_bound:
        problems = form.filter(problems, today=today)
    return form, problems.order_by("-found_on", "-pk")


@dataclass(frozen=True)
class _Export:
    """What ``exports.records_workbook`` needs to know of a list: its title and columns."""

    label_plural: str
    columns: list
    prefetch: tuple = ()


PROBLEM_EXPORT = _Export(
    label_plural=gettext_lazy("Problems"),
    columns=[
        Column(gettext_lazy("Title"), lambda p: p.title),
        Column(gettext_lazy("Source"), lambda p: p.get_source_display()),
        Column(gettext_lazy("Responsible branch"), lambda p: p.branch.name),
        Column(gettext_lazy("Window"), lambda p: p.window.code if p.window_id else ""),
        Column(gettext_lazy("Found on"), lambda p: p.found_on),
        Column(gettext_lazy("Reported by"), lambda p: p.reported_by.name if p.reported_by_id else ""),
        Column(gettext_lazy("Status"), lambda p: p.get_status_display()),
        Column(gettext_lazy("Measures"), lambda p: p.measure_count),
        Column(gettext_lazy("Overdue measures"), lambda p: p.overdue_count),
        Column(gettext_lazy("Resolved on"), lambda p: p.resolved_on or ""),
        Column(gettext_lazy("Days to resolve"), lambda p: "" if p.days_to_resolve is None else p.days_to_resolve),
        Column(gettext_lazy("How it was resolved"), lambda p: p.resolution),
        Column(gettext_lazy("Verified on"), lambda p: p.verified_on or ""),
        Column(gettext_lazy("Problem class"), lambda p: p.problem_class.name if p.problem_class_id else ""),
        Column(pgettext_lazy("problem", "Description"), lambda p: p.description),
    ],
)


# -- Reporting ----------------------------------------------------------------------------------


@login_required
def problem_report(request):
    scope = scope_for(request.user)
    if scope.person is None and not scope.manages_all:
        raise PermissionDenied
    form = ProblemReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        problem = attempt(
            form,
            lambda: actions.report_problem(
                by=request.user,
                title=data["title"],
                description=data["description"],
                source=data["source"],
                branch=data["branch"],
                found_on=data["found_on"],
                window=data["window"],
            ),
        )
        if problem is not None:
            messages.success(request, _("The problem was reported to %(branch)s.") % {"branch": problem.branch.name})
            return redirect(problem)
    return render(request, "problems/problem_form.html", {"form": form})


@login_required
@require_POST
def problem_from_patrol(request, pk):
    patrol = get_object_for_user(Patrol.objects.all(), request.user, pk=pk)
    problem = attempt_and_report(request, lambda: actions.problem_from_patrol(patrol, by=request.user))
    if problem is None:
        return redirect(patrol)
    messages.success(request, _("The patrol's finding is now a problem in the loop."))
    return redirect(problem)


# -- One problem and its next step --------------------------------------------------------------


@login_required
def problem_detail(request, pk):
    return _render_detail(request, _problem_for(request, pk))


def _problem_for(request, pk):
    # The people in queries of their own: joined with the rest, the planner weighed the order of
    # nine tables, all for one row (docs/PERFORMANCE.md).
    problems = Problem.objects.select_related("branch", "window", "problem_class", "patrol").prefetch_related(
        "reported_by", "resolved_by", "verified_by__person"
    )
    return get_object_for_user(problems, request.user, pk=pk)


def _render_detail(request, problem, *, resolve_form=None, verify_form=None):
    scope = scope_for(request.user)
    manager = actions.may_run_loop(request.user, problem)
    meetings = list(
        problem.round_tables.order_by("date", "pk").prefetch_related(
            Prefetch("measures", queryset=Measure.objects.filter(problem=problem).select_related("owner")),
            Prefetch("attendees", queryset=Person.objects.only("pk", "name").order_by("name")),
        )
    )
    measures = [measure for meeting in meetings for measure in meeting.measures.all()]
    owner = scope.person_id is not None and any(measure.owner_id == scope.person_id for measure in measures)
    works_on = manager or owner
    own_fix = problem.resolved_by_id is not None and problem.resolved_by_id == scope.person_id
    status = problem.status
    for measure in measures:
        measure.may_mark_done = measure.done_on is None and (manager or measure.owner_id == scope.person_id)
    return render(
        request,
        "problems/problem_detail.html",
        {
            "problem": problem,
            "steps": _timeline(problem, meetings),
            "meetings": meetings,
            "manager": manager,
            "may_start": status == ProblemStatus.DISCUSSED and works_on,
            "may_resolve": status == ProblemStatus.IN_PROGRESS and works_on,
            "may_verify": status == ProblemStatus.RESOLVED and manager and not own_fix,
            "own_fix": status == ProblemStatus.RESOLVED and own_fix,
            "may_hold_round_table": manager and status in (ProblemStatus.FOUND, ProblemStatus.DISCUSSED),
            "resolve_form": resolve_form or ResolveForm(problem=problem, may_choose=manager),
            "verify_form": verify_form or VerifyForm(),
        },
    )


def _timeline(problem, meetings):
    """The five states, each with when and by whom it was reached (as far as it is recorded)."""
    reached = PROBLEM_ORDER.index(problem.status)
    verifier = problem.verified_by
    verifier_name = ""
    if verifier is not None:
        person = getattr(verifier, "person", None)
        verifier_name = person.name if person is not None else verifier.get_username()
    details = {
        ProblemStatus.FOUND: (problem.found_on, problem.reported_by.name if problem.reported_by_id else ""),
        ProblemStatus.DISCUSSED: (meetings[0].date if meetings else None, meetings[0].title if meetings else ""),
        ProblemStatus.IN_PROGRESS: (None, ""),
        ProblemStatus.RESOLVED: (problem.resolved_on, problem.resolved_by.name if problem.resolved_by_id else ""),
        ProblemStatus.VERIFIED: (problem.verified_on, verifier_name),
    }
    return [
        {
            "status": status,
            "label": ProblemStatus(status).label,
            "date": details[status][0],
            "who": details[status][1],
            "done": index < reached or problem.status == ProblemStatus.VERIFIED,
            "current": index == reached and problem.status != ProblemStatus.VERIFIED,
            "reached": index <= reached,
        }
        for index, status in enumerate(PROBLEM_ORDER)
    ]


def _works_on(user, problem):
    person_id = scope_for(user).person_id
    return actions.may_run_loop(user, problem) or (
        person_id is not None and problem.measures.filter(owner=person_id).exists()
    )


@login_required
@require_POST
def problem_start(request, pk):
    problem = _problem_for(request, pk)
    if not _works_on(request.user, problem):
        raise PermissionDenied
    if _step(request, lambda: actions.start_work(problem, by=request.user)):
        messages.success(request, _("The work on this problem has started."))
    return redirect(problem)


@login_required
@require_POST
def problem_resolve(request, pk):
    problem = _problem_for(request, pk)
    if not _works_on(request.user, problem):
        raise PermissionDenied
    form = ResolveForm(request.POST, problem=problem, may_choose=actions.may_run_loop(request.user, problem))
    if not form.is_valid():
        return _render_detail(request, problem, resolve_form=form)
    resolved = _step(
        request,
        lambda: actions.resolve(
            problem,
            by=request.user,
            resolution=form.cleaned_data["resolution"],
            resolved_by=form.cleaned_data.get("resolved_by"),
        ),
    )
    if resolved:
        messages.success(request, _("Resolved. A manager of the branch will verify that the fix holds."))
    return redirect(problem)


@login_required
@require_POST
def problem_verify(request, pk):
    problem = _problem_for(request, pk)
    if not actions.may_run_loop(request.user, problem):
        raise PermissionDenied
    form = VerifyForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, problem, verify_form=form)
    verified = _step(
        request, lambda: actions.verify(problem, by=request.user, problem_class=form.problem_class_to_file())
    )
    if verified:
        messages.success(request, _("Verified: the loop of this problem is closed."))
    return redirect(problem)


@login_required
@require_POST
def measure_done(request, pk):
    measure = get_object_or_404(
        Measure.objects.select_related("problem"), pk=pk, problem__in=Problem.objects.visible_to(request.user)
    )
    if _step(request, lambda: actions.complete_measure(measure, by=request.user)):
        messages.success(request, _("The measure is marked as done."))
    return redirect(measure.problem)


def _step(request, action):
    """Run one step of the loop; a refusal of the state machine becomes a message."""
    return attempt_and_report(request, action) is not None
