"""满意率: the satisfaction rate of a year for the hall, per channel, per month and per window,
and the committee administrator's Excel import of the tallies (preview, then all rows or none)."""


from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

from branches.kernel import workbook
from branches.kernel.imports import ExcelImport, import_page
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


class TallyImport(ExcelImport):
    """The month's (or a year's) evaluations per window and channel: the committee administrator's."""

    session_key = PENDING_IMPORT
    url_name = "services:satisfaction-import"
    done_url_name = "services:satisfaction"
    template_name = "satisfaction/satisfaction_import.html"
    success_message = gettext_lazy("The tallies were imported: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.")

    def may_import(self, user, details):
        return scope_for(user).manages_all

    def upload_form(self, request):
        _require_admin(request)
        return resources.TallyUploadForm(request.POST or None, request.FILES or None)

    def read(self, data, details):
        return resources.read_tallies(data)

    def preview(self, parsed, user):
        return resources.preview_tallies(parsed)

    def apply(self, parsed, user):
        return resources.apply_tallies(parsed, by=user)


def _require_admin(request):
    if not scope_for(request.user).manages_all:
        raise PermissionDenied


@login_required
def satisfaction_template(request):
    _require_admin(request)
    return workbook.response(resources.template_workbook(), "satisfaction-template.xlsx")


@login_required
def satisfaction_import(request):
    return import_page(request, TallyImport())
