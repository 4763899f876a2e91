from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from branches.kernel.scope import get_object_for_user
from branches.organisation import selectors
from branches.organisation.forms import CoverageFilterForm
from branches.organisation.models import Branch

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
