"""The annual brand report: a printable page, and the same figures as Word and Excel files."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from branches.kernel.forms import PeriodFilterForm
from branches.kernel.periods import years_with_data
from branches.kernel.scope import scope_for
from branches.organisation.models import Branch
from torchbearer.reports import files
from torchbearer.reports.report import report_with_previous_year, rows

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _report_scope(request):
    """(form, year, branch) a report may show: the committee office any branch, a branch's
    managers their own."""
    scope = scope_for(request.user)
    if not (scope.sees_all or scope.is_manager):
        raise PermissionDenied
    form = PeriodFilterForm(request.GET or None, years=years_with_data())
    chosen = form.selected()
    year, branch = chosen["year"], chosen["branch"]
    if not scope.sees_all:
        branch = scope.person.branch
        form.fields["branch"].queryset = Branch.objects.filter(pk=branch.pk)
        form.fields["branch"].empty_label = None
    return form, year, branch


@login_required
def annual_report(request):
    form, year, branch = _report_scope(request)
    report, previous = report_with_previous_year(year, branch=branch)
    return render(
        request,
        "reports/annual.html",
        {
            "filter_form": form,
            "report": report,
            "previous": previous,
            "rows": rows(report, previous, branch),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def annual_report_file(request, kind):
    form, year, branch = _report_scope(request)
    report, previous = report_with_previous_year(year, branch=branch)
    if kind == "docx":
        content = files.word_document(report, previous)
    else:
        content = files.workbook(report, previous, branch=branch)
    suffix = f"-{branch.number}" if branch else ""
    return HttpResponse(
        content,
        content_type=CONTENT_TYPES[kind],
        headers={"Content-Disposition": f'attachment; filename="annual-report-{year}{suffix}.{kind}"'},
    )
