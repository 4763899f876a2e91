"""The brand report: a printable page, and the same report as Word and Excel files, of a year (beside
the year before) or of a span of years (the total beside each year)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from branches.downloads.actions import prepared
from branches.kernel.periods import years_with_data
from branches.kernel.scope import scope_for
from branches.organisation.models import Branch
from torchbearer.replica import reads_figures
from torchbearer.reports import files
from torchbearer.reports.brand_report import PILLAR_KEYS, compose
from torchbearer.reports.forms import ReportFilterForm
from torchbearer.reports.report import period_report, report_with_previous_year

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _report_scope(request):
    """(form, chosen, branch) a report may show: the committee office any branch, a branch's
    managers their own."""
    scope = scope_for(request.user)
    if not (scope.sees_all or scope.is_manager):
        raise PermissionDenied
    form = ReportFilterForm(request.GET or None, years=years_with_data())
    chosen = form.selected()
    branch = chosen["branch"]
    if not scope.sees_all:
        branch = scope.person.branch
        form.fields["branch"].queryset = Branch.objects.filter(pk=branch.pk)
        form.fields["branch"].empty_label = None
    return form, chosen, branch


def _reports(chosen, branch, *, extra=()):
    """(report, previous): a span's report alone (previous None), or a year's and the year before's.
    A span of one year is that year's report. ``extra``: the pillars' figures, for the brand
    report's sections (the workbook holds the results alone)."""
    if chosen["span"] is not None and chosen["span"][0] != chosen["span"][1]:
        first, last = chosen["span"]
        return period_report(first, last, branch=branch, extra=extra), None
    year = chosen["span"][0] if chosen["span"] is not None else chosen["year"]
    return report_with_previous_year(year, branch=branch, extra=extra)


@login_required
@reads_figures
def annual_report(request):
    form, chosen, branch = _report_scope(request)
    report, previous = _reports(chosen, branch, extra=PILLAR_KEYS)
    return render(
        request,
        "reports/annual.html",
        {
            "filter_form": form,
            "report": report,
            "brand_report": compose(report, previous, branch=branch, user=request.user),
            "query": request.GET.urlencode(),
        },
    )


@login_required
@prepared(check=lambda request, kind: _report_scope(request))
@reads_figures
def annual_report_file(request, kind):
    form, chosen, branch = _report_scope(request)
    if kind == "docx":
        report, previous = _reports(chosen, branch, extra=PILLAR_KEYS)
        content = files.word_document(compose(report, previous, branch=branch, user=request.user))
    else:
        report, previous = _reports(chosen, branch)
        content = files.workbook(report, previous, branch=branch)
    period = f"{report['from']}-{report['to']}" if "years" in report else report["year"]
    suffix = f"-{branch.number}" if branch else ""
    return HttpResponse(
        content,
        content_type=CONTENT_TYPES[kind],
        headers={"Content-Disposition": f'attachment; filename="annual-report-{period}{suffix}.{kind}"'},
    )
