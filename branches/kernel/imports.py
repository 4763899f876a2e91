"""The one import pipeline of the app: upload an Excel sheet, check every row, preview what the
import would do, and, on confirmation, write all rows or none.

:class:`ExcelImport` is one kind of import and :func:`import_page` the one page that runs any of
them: the upload form, the preview (:class:`ImportReport`, one template), the file held in the
session between the preview and the confirmation, the success message. The rows are checked by
the feature: the rosters (people, windows) by django-import-export resources built on
:class:`RosterResource`, where every row goes through the model's ``full_clean()``; the
satisfaction tallies, up to 20,000 rows a file, by a checker of their own that reads the file's
existing tallies at once and writes in batches (import-export saves a row at a time;
docs/PERFORMANCE.md).

Where tasks are queued (``TASKS_BACKEND=database``), the confirmed file is written by the task
worker (:func:`run_import`): the file waits in an :class:`ImportRun`, the import page shows it
"being imported" until the worker has written every row or none, then the same success message or
errors as in the request. Where tasks run at once, the confirmation writes in the request.

The column headers (工号, 姓名 …) and the written forms of yes/no (是/否) are a data format shared
with the office's own spreadsheets, not UI text: they are never translated. Choices are written
with their Simplified Chinese labels whatever the user's language, so an export always reads back
in.
"""

import base64
import datetime
import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from branches.kernel import background
from branches.kernel.models import ImportRun, ImportRunStatus
from branches.kernel.workbook import Book

PREVIEW_ROWS = 200  # a valid file's preview lists its first rows; a file with errors, every wrong row


class ExcelImport:
    """One kind of Excel import; subclasses say what the file holds and who may import it."""

    session_key = None  # where the previewed file waits for its confirmation
    url_name = None  # the import page (the preview's buttons post there)
    done_url_name = None
    template_name = None  # the upload page, extending "imports/upload.html"
    success_message = None  # with %(new)s, %(updated)s and %(unchanged)s

    def may_import(self, user, details):
        raise NotImplementedError

    def upload_form(self, request):
        """The upload form; valid, its cleaned_data holds "parsed" (the file read) and "details"."""
        raise NotImplementedError

    def read(self, data, details):
        raise NotImplementedError

    def preview(self, parsed, user):
        raise NotImplementedError

    def apply(self, parsed, user):
        raise NotImplementedError

    def upload_context(self, request):
        return {}

    def done_url(self, details):
        return reverse(self.done_url_name)


def import_page(request, importer):
    """Upload, preview, confirm or cancel one kind of import; or follow one being written (?run=)."""
    if request.method == "GET" and "run" in request.GET:
        return _run_page(request, importer)
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request, importer)
    if request.method == "POST" and "cancel" in request.POST:
        request.session.pop(importer.session_key, None)
        return redirect(importer.url_name)
    form = importer.upload_form(request)
    if request.method == "POST" and form.is_valid():
        details = form.cleaned_data["details"]
        if not importer.may_import(request.user, details):
            raise PermissionDenied
        return _preview(request, importer, form.cleaned_data["parsed"], details, form.cleaned_data["file"].name)
    return render(request, importer.template_name, {"form": form, **importer.upload_context(request)})


def _preview(request, importer, parsed, details, file_name):
    report = importer.preview(parsed, request.user)
    request.session.pop(importer.session_key, None)
    token = None
    if report.is_valid:
        token = hold_for_confirmation(request, importer.session_key, parsed.data, file_name=file_name, details=details)
    return render(
        request,
        "imports/preview.html",
        {"report": report, "file_name": file_name, "token": token, "upload_url": reverse(importer.url_name)},
    )


def _confirm(request, importer):
    pending = take_confirmed(request, importer.session_key)
    if pending is None:
        messages.error(request, _("There is no previewed file waiting for confirmation; please upload it again."))
        return redirect(importer.url_name)
    if not importer.may_import(request.user, pending["details"]):
        raise PermissionDenied
    if not background.runs_at_once(run_import):
        run = ImportRun.objects.create(
            owner=request.user,
            importer=_path(importer),
            file_name=pending["file_name"],
            details=pending["details"],
            data=pending["data"],
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        background.later(run_import, run.pk)
        return redirect(f"{reverse(importer.url_name)}?run={run.pk}")
    report = importer.apply(importer.read(pending["data"], pending["details"]), request.user)
    if not report.is_valid:
        messages.error(request, _changed_since_preview())
        context = {"report": report, "file_name": pending["file_name"], "upload_url": reverse(importer.url_name)}
        return render(request, "imports/preview.html", context)
    messages.success(request, _success_message(importer, report))
    return redirect(importer.done_url(pending["details"]))


def _changed_since_preview():
    return _("Nothing was imported: the data changed since the preview. Correct the rows below and upload the file again.")


def _success_message(importer, report):
    counts = report.counts
    return importer.success_message % {"new": counts["new"], "updated": counts["update"], "unchanged": counts["unchanged"]}


def _run_page(request, importer):
    """The user's own import run of this import: being written, or its outcome (once)."""
    try:
        run = ImportRun.objects.visible_to(request.user).get(pk=int(request.GET["run"]), importer=_path(importer))
    except (ValueError, OverflowError, ImportRun.DoesNotExist):
        raise Http404 from None
    if run.status == ImportRunStatus.RUNNING:
        return render(request, "imports/running.html", {"run": run, "reload_seconds": background.RELOAD_SECONDS})
    if run.status == ImportRunStatus.DONE:
        messages.success(request, run.message)
        return redirect(run.done_url)
    if run.status == ImportRunStatus.FAILED:
        messages.error(request, _("The file could not be imported; nothing was written. Upload it again; if it fails again, tell the committee office."))
        return redirect(importer.url_name)
    messages.error(request, _changed_since_preview())
    report = ImportReport(kind="", columns=[], errors=run.errors)
    context = {"report": report, "file_name": run.file_name, "upload_url": reverse(importer.url_name)}
    return render(request, "imports/preview.html", context)


def _path(importer):
    return f"{type(importer).__module__}.{type(importer).__qualname__}"


def _gave_up(run_id):
    """Every attempt failed: nothing was written (each attempt is one transaction); the user is told."""
    ImportRun.objects.filter(pk=run_id, status=ImportRunStatus.RUNNING).update(
        status=ImportRunStatus.FAILED, data=b"", finished_at=timezone.now()
    )


@background.task(gave_up=_gave_up, priority=background.BULK)
def run_import(run_id):
    """Write a confirmed import as its user, in one transaction with its outcome: a retry after a
    failure finds the run still running and nothing written."""
    with transaction.atomic():
        # Its own row only, FOR NO KEY UPDATE: the owner's row stays free for their login and for
        # the rows that refer to them (the history this import writes among them).
        run = ImportRun.objects.select_for_update(no_key=True).filter(pk=run_id).first()
        if run is None or run.status != ImportRunStatus.RUNNING:
            return None
        importer = import_string(run.importer)()
        if not isinstance(importer, ExcelImport):
            raise TypeError(run.importer)
        with translation.override(run.language):
            if not importer.may_import(run.owner, run.details):
                report = ImportReport(kind="", columns=[], errors=[_("You may no longer import this file.")])
            else:
                report = importer.apply(importer.read(bytes(run.data), run.details), run.owner)
            if report.is_valid:
                run.status, run.message = ImportRunStatus.DONE, _success_message(importer, report)
                run.done_url = importer.done_url(run.details)
            else:
                run.status, run.errors = ImportRunStatus.INVALID, [str(error) for error in report.errors[:500]]
        run.data, run.finished_at = b"", timezone.now()
        run.save()
    return run.status


def delete_old_runs(now=None):
    """Delete the import runs confirmed more than ``KEPT_DAYS`` ago; returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=background.KEPT_DAYS)
    deleted, _by_model = ImportRun.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def hold_for_confirmation(request, key, data, **details):
    """Keep a previewed file in the session until the user confirms it; returns the form's token.

    Whatever was held under ``key`` before is replaced, so only the latest preview can be confirmed.
    """
    token = secrets.token_urlsafe(16)
    request.session[key] = {"token": token, "data": base64.b64encode(data).decode("ascii"), **details}
    return token


def take_confirmed(request, key):
    """The file held under ``key`` if the POST carries its token, else None; it is released either way."""
    held = request.session.pop(key, None)
    if held is None or held["token"] != request.POST.get("token"):
        return None
    return {**held, "data": base64.b64decode(held["data"])}


def row_message(number, column, text):
    if column is None:
        return _("Row %(row)s: %(message)s") % {"row": number, "message": text}
    return _("Row %(row)s, column “%(column)s”: %(message)s") % {
        "row": number,
        "column": column,
        "message": text,
    }


@dataclass
class RowReport:
    number: int
    status: str
    values: list
    errors: list


@dataclass
class ImportReport:
    kind: str
    columns: list
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def is_valid(self):
        return not self.errors

    @property
    def counts(self):
        return Counter(row.status for row in self.rows)

    @property
    def shown_rows(self):
        """What the preview lists: every row with an error, else the first rows of a long file."""
        if not self.is_valid:
            return [row for row in self.rows if row.errors]
        return self.rows[:PREVIEW_ROWS]

    @property
    def hidden_row_count(self):
        return len(self.rows) - len(self.shown_rows)


def shown_value(value):
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def instructions_workbook(title, columns, rows):
    """An import's template: an empty sheet with the header row, and an instructions sheet with
    what each column takes and an example."""
    book = Book()
    book.sheet(title, headers=columns)
    instructions = book.sheet(
        _("Instructions"), headers=[_("Column"), _("Required"), _("What to enter"), _("Allowed values"), _("Example")]
    )
    for row in rows:
        instructions.row(row)
    return book.content()
