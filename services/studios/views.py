"""工作室: the studios, their members, the firsts they achieved and the cases they take on; the
studio's managers keep its cases and firsts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.kernel.messages import attempt, attempt_and_report
from branches.kernel.scope import get_object_for_user, scope_for
from services.studios import actions
from services.studios import selectors as passing_on
from services.studios.forms import CaseForm, MilestoneForm
from services.studios.models import Case, CaseStatus, Studio, StudioMilestone

PAGE_SIZE = 20
CASES_PER_PAGE = 15


@login_required
def studio_list(request):
    studios = passing_on.studios_for_list(Studio.objects.visible_to(request.user)).order_by("name")
    page = Paginator(studios, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "studios/studio_list.html", {"page": page})


@login_required
def studio_detail(request, pk):
    studios = Studio.objects.select_related("leader", "leader__branch")
    studio = get_object_for_user(studios, request.user, pk=pk)
    members, milestones, counts = passing_on.studio_detail(studio)
    status = request.GET.get("status", "")
    if status not in CaseStatus.values:
        status = ""
    cases = studio.cases.select_related("enterprise").order_by("status", "-opened_on", "-pk")
    if status:
        cases = cases.filter(status=status)
    page = Paginator(cases, CASES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "studios/studio_detail.html",
        {
            "studio": studio,
            "members": members,
            "milestones": milestones,
            "counts": counts,
            "status": status,
            "statuses": CaseStatus,
            "page": page,
            "may_manage": scope_for(request.user).can_manage_branch(studio.leader.branch_id),
        },
    )


@login_required
def case_create(request, pk):
    studio = get_object_for_user(Studio.objects.all(), request.user, manage=True, pk=pk)
    return _case_form(request, Case(studio=studio))


@login_required
def case_edit(request, pk):
    cases = Case.objects.select_related("studio", "enterprise")
    return _case_form(request, get_object_for_user(cases, request.user, manage=True, pk=pk))


def _case_form(request, case):
    form = CaseForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, lambda: actions.save_case(form.save(commit=False), by=request.user))
        if saved:
            messages.success(request, _("The case “%(title)s” was saved.") % {"title": saved.title})
            return redirect(f"{saved.studio.get_absolute_url()}#cases")
    return render(request, "studios/case_form.html", {"form": form, "case": case, "studio": case.studio})


@login_required
def milestone_create(request, pk):
    studio = get_object_for_user(Studio.objects.all(), request.user, manage=True, pk=pk)
    return _milestone_form(request, StudioMilestone(studio=studio))


@login_required
def milestone_edit(request, pk):
    milestones = StudioMilestone.objects.select_related("studio")
    return _milestone_form(request, get_object_for_user(milestones, request.user, manage=True, pk=pk))


def _milestone_form(request, milestone):
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, lambda: actions.save_milestone(form.save(commit=False), by=request.user))
        if saved:
            messages.success(request, _("The first “%(title)s” was saved.") % {"title": saved.title})
            return redirect(saved.studio)
    return render(
        request, "studios/milestone_form.html", {"form": form, "milestone": milestone, "studio": milestone.studio}
    )


@login_required
@require_POST
def milestone_delete(request, pk):
    milestones = StudioMilestone.objects.select_related("studio")
    milestone = get_object_for_user(milestones, request.user, manage=True, pk=pk)
    if attempt_and_report(request, lambda: actions.delete_milestone(milestone, by=request.user)):
        messages.success(request, _("The first “%(title)s” was removed.") % {"title": milestone.title})
    return redirect(milestone.studio)
