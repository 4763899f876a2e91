"""满意率: the satisfaction rate of a year for the hall, per channel, per month and per window,
and the committee administrator's Excel import of the tallies (preview, then all rows or none)."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from branches.kernel import workbook
from branches.kernel.imports import hold_for_confirmation, take_confirmed
from branches.kernel.queries import years_spanned
from branches.kernel.scope import scope_for
from services.records import selectors
from services.satisfaction import figures, resources
from services.satisfaction.forms import SatisfactionFilterForm
from services.satisfaction.models import SatisfactionTally

PENDING_IMPORT = "satisfaction_import"


@login_required
def satisfaction(request):
    years = set(years_spanned(SatisfactionTally.objects.all(), "month"))
    years.add(timezone.localdate().year)
    form = SatisfactionFilterForm(request.GET or None, years=sorted(years, reverse=True))
    chosen = form.selected()
    year, branch, channel = chosen["year"], chosen["branch"], chosen["channel"]
    page = Paginator(figures.satisfaction_by_window(year, branch=branch, channel=channel), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = figures.with_window_names(page.object_list)
    query = {"year": year, **({"branch": branch.pk} if branch else {})}
    return render(
        request,
        "satisfaction/satisfaction.html",
        {
            "filter_form": form,
            "year": year,
            "branch": branch,
            "channel": channel,
            "hall": figures.satisfaction(year, branch=branch, channel=channel),
            "channels": figures.satisfaction_by_channel(year, branch=branch),
            "months": figures.satisfaction_by_month(year, branch=branch, channel=channel),
            "page": page,
            "channel_query": urlencode(query),
            "may_import": scope_for(request.user).manages_all,
        },
    )


# -- Import -------------------------------------------------------------------------------------


def _require_admin(request):
    if not scope_for(request.user).manages_all:
        raise PermissionDenied


@login_required
def satisfaction_template(request):
    _require_admin(request)
    return workbook.response(resources.template_workbook(), "satisfaction-template.xlsx")


@login_required
def satisfaction_import(request):
    _require_admin(request)
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request)
    if request.method == "POST" and "cancel" in request.POST:
        request.session.pop(PENDING_IMPORT, None)
        return redirect("services:satisfaction-import")
    form = resources.TallyUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return _preview(request, form.cleaned_data["sheet"], form.cleaned_data["file"].name)
    return render(request, "satisfaction/satisfaction_import.html", {"form": form})


def _preview(request, sheet, file_name):
    report = resources.preview_tallies(sheet)
    request.session.pop(PENDING_IMPORT, None)
    token = None
    if report.is_valid:
        token = hold_for_confirmation(request, PENDING_IMPORT, sheet.data, file_name=file_name)
    return render(
        request,
        "satisfaction/satisfaction_preview.html",
        {"report": report, "file_name": file_name, "token": token},
    )


def _confirm(request):
    pending = take_confirmed(request, PENDING_IMPORT)
    if pending is None:
        messages.error(request, _("There is no previewed file waiting for confirmation; please upload it again."))
        return redirect("services:satisfaction-import")
    report = resources.apply_tallies(resources.read_tallies(pending["data"]), by=request.user)
    if not report.is_valid:
        messages.error(
            request,
            _(
                "Nothing was imported: the data changed since the preview. "
                "Correct the rows below and upload the file again."
            ),
        )
        return render(
            request, "satisfaction/satisfaction_preview.html", {"report": report, "file_name": pending["file_name"]}
        )
    counts = report.counts
    messages.success(
        request,
        _("The tallies were imported: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.")
        % {"new": counts["new"], "updated": counts["update"], "unchanged": counts["unchanged"]},
    )
    return redirect("services:satisfaction")
