from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from branches.kernel import uploads
from branches.models import Branch
from branches.scope import Role, scope_for
from services import figures
from torchbearer import dashboards, pillars, report_files, reports
from torchbearer.forms import DashboardPeriodForm, PillarFilterForm
from torchbearer.todo import todo_items


BRANCHES_PER_PAGE = 20
LOWEST_WINDOWS = 8  # the windows with the lowest satisfaction shown on the 服务 page


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
    form = DashboardPeriodForm(request.GET or None, years=pillars.years_with_data())
    year, quarter = form.selected()
    if scope.sees_all:
        context = dashboards.committee_dashboard(year=year, quarter=quarter, page_number=request.GET.get("page"))
        template = "dashboard/committee.html"
    elif scope.role in (Role.SECRETARY, Role.BRANCH_COMMITTEE):
        context = dashboards.branch_dashboard(scope.person.branch_id, year=year, quarter=quarter)
        template = "dashboard/branch.html"
    elif scope.person is not None:
        context = dashboards.staff_dashboard(scope.person, year=year, quarter=quarter)
        template = "dashboard/staff.html"
    else:
        context = {}
        template = "dashboard/no_person.html"
    context["year"] = year
    context["quarter"] = quarter
    context["period_label"] = (
        _("%(year)s, quarter %(quarter)s") % {"year": year, "quarter": quarter}
        if quarter
        else _("the year %(year)s") % {"year": year}
    )
    context["year_form"] = form
    context["todo"] = todo_items(request.user)
    return render(request, template, context)


@login_required
def media(request, path):
    """An uploaded file, found from the row that stores it and served by the upload policy: a
    record's photos only to those who may see the record; portraits, logos and lecture materials
    (shown on public pages) to everyone signed in."""
    name = uploads.normalised(path)
    stored = uploads.find_stored(name) if name else None
    if stored is None or not uploads.visible_to(request.user, stored[0]):
        raise Http404
    row, field = stored
    try:
        return uploads.file_response(getattr(row, field.name))
    except FileNotFoundError:
        raise Http404 from None


@login_required
def lead_pillar(request):
    """领跑 Lead: organisation, window coverage, brands, pledges, demonstration posts, membership
    development and honours of a year."""
    form = PillarFilterForm(request.GET or None, years=pillars.years_with_data())
    year, branch = form.selected()
    query = {"year": year, **({"branch": branch.pk} if branch else {})}
    return render(
        request,
        "pillars/lead.html",
        {
            "filter_form": form,
            "year": year,
            "branch": branch,
            "lead": pillars.lead_figures(year, branch=branch),
            "honours_shown": pillars.LEAD_HONOURS_SHOWN,
            "query": urlencode(query),
            "branch_query": urlencode({"branch": branch.pk}) if branch else "",
        },
    )


@login_required
def pass_on_pillar(request):
    """传承 Pass on: the lecture calendar, mentor pairings and studios of a year."""
    form = PillarFilterForm(request.GET or None, years=pillars.years_with_data())
    year, branch = form.selected()
    return render(
        request,
        "pillars/pass_on.html",
        {
            "filter_form": form,
            "year": year,
            "branch": branch,
            "months": pillars.lecture_calendar(year, branch=branch),
            "lectures": pillars.lecture_figures(year, branch=branch),
            "mentoring": pillars.mentoring_figures(year, branch=branch),
            "pairs": pillars.pairs_for_page(request.user, year, branch=branch),
            "studios": pillars.studios_for_page(year, branch=branch),
            "lectures_href": f"{reverse('branches:lecture-list')}?year={year}",
        },
    )


@login_required
def serve_pillar(request):
    """服务 Serve: service given, speed-ups, the problem loop and satisfaction of a year."""
    form = PillarFilterForm(request.GET or None, years=pillars.years_with_data())
    year, branch = form.selected()
    return render(
        request,
        "pillars/serve.html",
        {
            "filter_form": form,
            "year": year,
            "branch": branch,
            "service": figures.service_figures(year, branch=branch),
            "projects": figures.project_figures(year, branch=branch),
            "joint_items": figures.joint_item_figures(year),
            "problems": figures.problem_figures(year, branch=branch),
            "satisfaction": figures.satisfaction(year, branch=branch),
            "channels": figures.satisfaction_by_channel(year, branch=branch),
            "windows": figures.with_window_names(figures.satisfaction_by_window(year, branch=branch)[:LOWEST_WINDOWS]),
            "records_query": pillars.record_filter_query(year, branch),
            "year_query": f"year={year}",
        },
    )


def _report_scope(request):
    """(year, branch) a report may show: the committee office any branch, a branch's managers their own."""
    scope = scope_for(request.user)
    if not (scope.sees_all or scope.is_manager):
        raise PermissionDenied
    form = PillarFilterForm(request.GET or None, years=pillars.years_with_data())
    year, branch = form.selected()
    if not scope.sees_all:
        branch = scope.person.branch
        form.fields["branch"].queryset = Branch.objects.filter(pk=branch.pk)
        form.fields["branch"].empty_label = None
    return form, year, branch


@login_required
def annual_report(request):
    """The annual brand report as a printable page, with Word and Excel downloads."""
    form, year, branch = _report_scope(request)
    report, previous = reports.report_with_previous_year(year, branch=branch)
    rows = reports.rows(report, previous)
    query = request.GET.urlencode()
    return render(
        request,
        "reports/annual.html",
        {"filter_form": form, "report": report, "previous": previous, "rows": rows, "query": query},
    )


@login_required
def annual_report_file(request, kind):
    form, year, branch = _report_scope(request)
    report, previous = reports.report_with_previous_year(year, branch=branch)
    suffix = f"-{branch.number}" if branch else ""
    if kind == "docx":
        content = report_files.word_document(report, previous)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        content = report_files.workbook(report, previous, branch=branch)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="annual-report-{year}{suffix}.{kind}"'},
    )


@login_required
def dedicate_pillar(request):
    """奉献 Dedicate: practical deeds, themed party days and service hours per member and branch."""
    form = PillarFilterForm(request.GET or None, years=pillars.years_with_data())
    year, branch = form.selected()
    branches = Branch.objects.order_by("number", "pk") if branch is None else Branch.objects.filter(pk=branch.pk)
    page = Paginator(branches, BRANCHES_PER_PAGE).get_page(request.GET.get("page"))
    hours, deeds = figures.hours_by_branch(year, branch_ids=[b.pk for b in page])
    return render(
        request,
        "pillars/dedicate.html",
        {
            "filter_form": form,
            "year": year,
            "branch": branch,
            "deeds": figures.deed_figures(year, branch=branch),
            "activities": figures.activity_figures(year, branch=branch),
            "service": figures.service_figures(year, branch=branch),
            "page": page,
            "branch_rows": [(b, hours.get(b.pk) or 0, deeds.get(b.pk, 0)) for b in page],
            "members": figures.hours_by_member(year, branch=branch),
            "records_query": pillars.record_filter_query(year, branch),
        },
    )
