"""工作室: the studios, their members, the firsts they achieved and the cases they take on."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from branches.kernel.scope import get_object_for_user
from services.studios import selectors as passing_on
from services.studios.models import CaseStatus, Studio

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
        },
    )
