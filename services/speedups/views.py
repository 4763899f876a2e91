"""统办制 investment projects and 联办事项 joint items: how much faster approval became.

Everyone logged in reads them. Projects are kept by the committee administrator and by the
managers of the team leader's branch; joint items by the committee administrator alone. The
speed-up is computed (``1 - actual / baseline``), never typed; the averages come from SQL over the
whole filtered list, not just the page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from branches.kernel import figures
from branches.kernel.messages import attempt
from branches.kernel.queries import years_spanned
from branches.kernel.scope import get_object_for_user, scope_for
from services.records import selectors
from services.speedups import actions
from services.speedups.figures import speedup_expression
from services.speedups.forms import (
    JointItemFilterForm,
    JointItemForm,
    MilestoneFormSet,
    ProjectFilterForm,
    ProjectForm,
)
from services.speedups.models import InvestmentProject, JointItem

PAGE_SIZE = selectors.PAGE_SIZE


# -- Investment projects ------------------------------------------------------------------------


@login_required
def project_list(request):
    approved = InvestmentProject.objects.filter(approved_on__isnull=False)
    years = years_spanned(approved, "approved_on")
    form = ProjectFilterForm(request.GET or None, years=years)
    projects = InvestmentProject.objects.select_related("enterprise", "team_leader__branch")
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    if data.get("year"):
        projects = projects.filter(approved_on__year=data["year"])
    if data.get("q"):
        text = data["q"].strip()
        projects = projects.filter(Q(name__icontains=text) | Q(enterprise__name__icontains=text))
    totals = projects.aggregate(
        count=Count("pk"),
        approved=Count("pk", filter=Q(approved_on__isnull=False)),
        average=Avg(speedup_expression("actual_days", "baseline_days")),
    )
    page = Paginator(projects.order_by("-started_on", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    for project in page:
        project.speedup_percent = figures.percent(project.speedup)
    return render(
        request,
        "speedups/project_list.html",
        {
            "filter_form": form,
            "page": page,
            "totals": {**totals, "average_speedup": figures.percent(totals["average"])},
            "year": data.get("year"),
            "may_create": scope_for(request.user).is_manager,
        },
    )


@login_required
def project_detail(request, pk):
    project = get_object_for_user(
        InvestmentProject.objects.select_related("enterprise", "team_leader__branch").prefetch_related("milestones", "team"),
        request.user,
        pk=pk,
    )
    return render(
        request,
        "speedups/project_detail.html",
        {
            "project": project,
            "speedup": figures.percent(project.speedup),
            "may_edit": InvestmentProject.objects.manageable_by(request.user).filter(pk=project.pk).exists(),
        },
    )


@login_required
def project_create(request):
    if not scope_for(request.user).is_manager:
        raise PermissionDenied
    return _project_form(request, InvestmentProject())


@login_required
def project_edit(request, pk):
    project = get_object_for_user(
        InvestmentProject.objects.select_related("enterprise", "team_leader"), request.user, manage=True, pk=pk
    )
    return _project_form(request, project)


def _project_form(request, project):
    data = request.POST if request.method == "POST" else None
    form = ProjectForm(data, instance=project, user=request.user)
    milestones = MilestoneFormSet(data, instance=project, prefix="milestones")
    if request.method == "POST" and form.is_valid() and milestones.is_valid():
        saved = attempt(form, lambda: actions.save_project(
            form.save(commit=False),
            team=form.cleaned_data["team"],
            milestones=milestones.save(commit=False),
            removed_milestones=milestones.deleted_objects,
        ))
        if saved is not None:
            messages.success(request, _("The project was saved."))
            return redirect("services:project-detail", pk=saved.pk)
    return render(
        request, "speedups/project_form.html", {"form": form, "milestones": milestones, "project": project}
    )


# -- Joint-handling items -----------------------------------------------------------------------


@login_required
def joint_item_list(request):
    form = JointItemFilterForm(request.GET or None)
    items = JointItem.objects.all()
    form.is_valid()
    text = (getattr(form, "cleaned_data", {}).get("q") or "").strip()
    if text:
        items = items.filter(Q(name__icontains=text) | Q(departments__icontains=text))
    totals = items.aggregate(count=Count("pk"), average=Avg(speedup_expression("current_days", "baseline_days")))
    page = Paginator(items.order_by("-launched_on", "name"), PAGE_SIZE).get_page(request.GET.get("page"))
    for item in page:
        item.speedup_percent = figures.percent(item.speedup)
    return render(
        request,
        "speedups/joint_item_list.html",
        {
            "filter_form": form,
            "page": page,
            "totals": {"count": totals["count"], "average_speedup": figures.percent(totals["average"])},
            "may_edit": scope_for(request.user).manages_all,
        },
    )


@login_required
def joint_item_create(request):
    return _joint_item_form(request, JointItem())


@login_required
def joint_item_edit(request, pk):
    return _joint_item_form(request, get_object_for_user(JointItem, request.user, manage=True, pk=pk))


def _joint_item_form(request, item):
    if not scope_for(request.user).manages_all:
        raise PermissionDenied
    form = JointItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid() and attempt(form, lambda: actions.save_joint_item(form.save(commit=False))):
        messages.success(request, _("The joint-handling item was saved."))
        return redirect("services:joint-item-list")
    return render(request, "speedups/joint_item_form.html", {"form": form, "item": item})
