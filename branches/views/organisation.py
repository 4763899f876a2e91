from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from branches import selectors
from branches.models import Branch
from branches.scope import get_object_for_user


@login_required
def branch_list(request):
    year = timezone.localdate().year
    figures = selectors.branch_figures(Branch.objects.visible_to(request.user), year=year)
    return render(request, "branches/branch_list.html", {"figures": figures, "year": year})


@login_required
def branch_detail(request, pk):
    branch = get_object_for_user(Branch, request.user, pk=pk)
    branch = selectors.branch_detail(branch.pk, Branch.objects.all())
    return render(
        request,
        "branches/branch_detail.html",
        {"branch": branch, "coverage": selectors.window_coverage(branch=branch)},
    )


@login_required
def window_coverage(request):
    return render(
        request, "branches/window_coverage.html", {"coverage": selectors.window_coverage()}
    )
