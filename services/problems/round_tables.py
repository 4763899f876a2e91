"""问题闭环's round-tables (圆桌会): a branch meets about its open problems and decides measures,
each with an owner and a deadline."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from branches.kernel.fields import whole_number
from branches.kernel.messages import attempt
from branches.kernel.scope import scope_for
from branches.organisation.models import Branch
from branches.people.models import Person
from services.problems import actions
from services.problems.forms import MeasureFormSet, RoundTableForm
from services.problems.models import Problem, ProblemStatus


@login_required
def round_table_create(request):
    scope = scope_for(request.user)
    if not scope.is_manager:
        raise PermissionDenied
    branch = _organising_branch(request, scope)
    problems = (
        Problem.objects.manageable_by(request.user)
        .filter(branch=branch, status__in=[ProblemStatus.FOUND, ProblemStatus.DISCUSSED])
        .order_by("-found_on", "-pk")
    )
    owners = Person.objects.filter(branch=branch, is_active=True).order_by("name")
    initial = {"attendees": [scope.person.pk] if scope.person and scope.person.branch_id == branch.pk else []}
    chosen = whole_number(request.GET.get("problem"))
    if chosen is not None and problems.filter(pk=chosen).exists():
        initial["problems"] = [chosen]
    data = request.POST if request.method == "POST" else None
    form = RoundTableForm(data, branch=branch, problems=problems, initial=initial)
    formset = MeasureFormSet(
        data,
        prefix="measures",
        form_kwargs={"problems": problems, "owners": owners},
        initial=[{"problem": initial["problems"][0]}] if "problems" in initial else None,
    )
    if request.method == "POST" and _held(request, form, formset, branch):
        discussed = list(form.cleaned_data["problems"])
        messages.success(
            request,
            _("The round-table is recorded: %(problems)s problem(s) discussed, %(measures)s measure(s) decided.")
            % {"problems": len(discussed), "measures": len(formset.measures())},
        )
        if len(discussed) == 1:
            return redirect(discussed[0])
        return redirect(f"{reverse('services:problem-list')}?{urlencode({'branch': branch.pk, 'open': 1})}")
    return render(
        request,
        "problems/round_table_form.html",
        {
            "form": form,
            "formset": formset,
            "branch": branch,
            "branches": Branch.objects.order_by("number") if scope.manages_all else None,
        },
    )


def _held(request, form, formset, branch):
    """Whether the round-table was held: both forms valid and the action done."""
    form_ok, formset_ok = form.is_valid(), formset.is_valid()
    formset.check_against(form)
    if not (form_ok and formset_ok) or any(measure.errors for measure in formset.forms):
        return False
    chosen = form.cleaned_data
    meeting = attempt(form, lambda: actions.hold_round_table(
        by=request.user,
        date=chosen["date"],
        title=chosen["title"],
        attendees=chosen["attendees"],
        problems=chosen["problems"],
        measures=formset.measures(),
        branch=branch,
        notes=chosen["notes"],
    ))
    return meeting is not None


def _organising_branch(request, scope):
    """A branch manager's own branch; the committee administrator chooses (``?branch=``)."""
    if not scope.manages_all:
        return Branch.objects.get(pk=scope.person.branch_id)
    requested = whole_number(request.GET.get("branch"))
    if requested is not None:
        branch = Branch.objects.filter(pk=requested).first()
        if branch is None:
            raise Http404
        return branch
    chosen = whole_number(request.GET.get("problem"))
    if chosen is not None:
        problem = Problem.objects.filter(pk=chosen).select_related("branch").first()
        if problem is not None:
            return problem.branch
    if scope.person is not None:
        return scope.person.branch
    branch = Branch.objects.order_by("number").first()
    if branch is None:
        raise Http404
    return branch
