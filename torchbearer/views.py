from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.static import serve

from branches.scope import Role, scope_for
from torchbearer import dashboards


@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not; no login needed."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_required
def dashboard(request):
    """The landing page after login, shaped by the user's role."""
    scope = scope_for(request.user)
    year = timezone.localdate().year
    if scope.sees_all:
        context = dashboards.committee_dashboard(year=year)
        template = "dashboard/committee.html"
    elif scope.role in (Role.SECRETARY, Role.BRANCH_COMMITTEE):
        context = dashboards.branch_dashboard(scope.person.branch_id, year=year, user=request.user)
        template = "dashboard/branch.html"
    elif scope.person is not None:
        context = dashboards.staff_dashboard(scope.person, year=year)
        template = "dashboard/staff.html"
    else:
        context = {}
        template = "dashboard/no_person.html"
    context["year"] = year
    return render(request, template, context)


@login_required
def media(request, path):
    """Uploaded files (photos, logos) are served to logged-in users only."""
    from django.conf import settings

    return serve(request, path, document_root=settings.MEDIA_ROOT)
