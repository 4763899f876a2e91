"""The back-fill pages: a kind's template, and the upload, preview and confirmation, run by the one
import page of ``branches.kernel.imports`` (the checking and writing: ``records.backfill``)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

from branches.kernel import workbook
from branches.kernel.imports import ExcelImport, import_page
from services.records import backfill
from services.records.kinds import KINDS, get_kind

PENDING_IMPORT = "record_backfill"


class Backfill(ExcelImport):
    """Past records of one kind: a branch's managers for their branch, the committee administrator
    for every branch."""

    session_key = PENDING_IMPORT
    url_name = "services:record-backfill"
    template_name = "records/backfill.html"
    success_message = gettext_lazy("%(new)s records were back-filled from Excel and approved by you.")

    def may_import(self, user, details):
        return backfill.may_backfill(user)

    def upload_form(self, request):
        _require_manager(request)
        kind = request.GET.get("kind")
        initial = {"kind": kind if kind in KINDS else next(iter(KINDS))}
        return backfill.BackfillUploadForm(request.POST or None, request.FILES or None, initial=initial)

    def upload_context(self, request):
        return {"kinds": KINDS.values()}

    def read(self, data, details):
        return backfill.read_sheet(data, details)

    def preview(self, parsed, user):
        return backfill.preview(parsed, by=user)

    def apply(self, parsed, user):
        return backfill.apply(parsed, by=user)

    def done_url(self, details):
        # Every date (the list shows the past twelve months unless told otherwise): a back-fill is older.
        return reverse("services:record-list", args=[details["kind"]]) + "?" + urlencode({"date_from": ""})


def _require_manager(request):
    if not backfill.may_backfill(request.user):
        raise PermissionDenied


@login_required
def backfill_template(request, kind):
    kind = get_kind(kind)
    _require_manager(request)
    return workbook.response(backfill.template_workbook(kind.slug), f"{kind.slug}-backfill-template.xlsx")


@login_required
def backfill_import(request):
    return import_page(request, Backfill())
