"""The organisation's pages: branches, the hall map, and a branch's zones and groups."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.kernel.messages import attempt
from branches.kernel.scope import get_object_for_user, scope_for
from branches.organisation import actions, selectors
from branches.organisation.forms import CoverageFilterForm, PartyGroupForm, ZoneForm
from branches.organisation.models import Branch, PartyGroup, ResponsibilityZone

AREAS_PER_PAGE = 6
BRANCHES_PER_PAGE = 24


@login_required
def branch_list(request):
    year = timezone.localdate().year
    branches = Branch.objects.visible_to(request.user).select_related("brand", "committee").order_by("number", "pk")
    page = Paginator(branches, BRANCHES_PER_PAGE).get_page(request.GET.get("page"))
    figures = selectors.branch_figures(list(page.object_list), year=year)
    return render(request, "organisation/branch_list.html", {"figures": figures, "page": page, "year": year})


@login_required
def branch_detail(request, pk):
    branch = get_object_for_user(Branch, request.user, pk=pk)
    branch = selectors.branch_detail(branch.pk, Branch.objects.all())
    return render(
        request,
        "organisation/branch_detail.html",
        {
            "branch": branch,
            "zones": selectors.branch_zones(branch),
            "may_manage": scope_for(request.user).can_manage_branch(branch.pk),
            "summary": selectors.coverage_summary(branch=branch),
            "coverage": selectors.window_coverage(branch=branch),
        },
    )


@login_required
def window_coverage(request):
    """The hall map, a few areas a page, with the coverage ratio of everything filtered."""
    form = CoverageFilterForm(request.GET)
    area, branch = form.selected()
    page = Paginator(selectors.areas_in_service(branch=branch, area=area), AREAS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "organisation/window_coverage.html",
        {
            "form": form,
            "page": page,
            "summary": selectors.coverage_summary(branch=branch, area=area),
            "coverage": selectors.window_coverage(branch=branch, areas=list(page.object_list)),
        },
    )


@login_required
def zone_create(request):
    return _zone_form(request, ResponsibilityZone())


@login_required
def zone_edit(request, pk):
    zones = ResponsibilityZone.objects.select_related("member__branch")
    return _zone_form(request, get_object_for_user(zones, request.user, manage=True, pk=pk))


def _zone_form(request, zone):
    if not scope_for(request.user).is_manager:
        raise PermissionDenied(_("Responsibility zones are kept by the branch committee."))
    form = ZoneForm(request.POST or None, instance=zone, user=request.user)
    if request.method == "POST" and form.is_valid():
        windows = form.cleaned_data["windows"]
        saved = attempt(form, lambda: actions.save_zone(form.save(commit=False), windows=windows, by=request.user))
        if saved:
            messages.success(request, _("The zone “%(name)s” was saved.") % {"name": saved.name})
            return redirect(saved.member.branch)
    return render(request, "organisation/zone_form.html", {"form": form, "zone": zone})


@login_required
def group_create(request):
    return _group_form(request, PartyGroup())


@login_required
def group_edit(request, pk):
    group = get_object_for_user(PartyGroup.objects.select_related("branch"), request.user, manage=True, pk=pk)
    return _group_form(request, group)


def _group_form(request, group):
    if not scope_for(request.user).is_manager:
        raise PermissionDenied(_("Party groups are kept by the branch committee."))
    form = PartyGroupForm(request.POST or None, instance=group, user=request.user)
    if request.method == "POST" and form.is_valid():
        members = form.cleaned_data["members"]
        saved = attempt(form, lambda: actions.save_group(form.save(commit=False), members=members, by=request.user))
        if saved:
            messages.success(request, _("The group “%(name)s” was saved.") % {"name": saved.name})
            return redirect(saved.branch)
    return render(request, "organisation/group_form.html", {"form": form, "group": group})
