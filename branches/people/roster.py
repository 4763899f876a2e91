"""The roster in Excel: import with a preview, then all rows or none; template and export files."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.kernel import workbook
from branches.kernel.imports import hold_for_confirmation, take_confirmed
from branches.people import resources, selectors
from branches.people.filters import PersonFilter
from branches.people.models import Person
from branches.people.resources import RosterKind

PENDING_IMPORT = "roster_import"
DONE_URLS = {
    RosterKind.PEOPLE: "branches:person-list",
    RosterKind.WINDOWS: "branches:window-coverage",
}


@login_required
def roster_import(request):
    kinds = resources.importable_kinds(request.user)
    if not kinds:
        raise PermissionDenied
    if request.method == "POST" and "confirm" in request.POST:
        return confirm_import(request)
    if request.method == "POST" and "cancel" in request.POST:
        request.session.pop(PENDING_IMPORT, None)
        return redirect("branches:roster-import")
    requested = request.POST.get("kind")
    if requested in RosterKind.values and not resources.may_import(request.user, requested):
        raise PermissionDenied
    form = resources.RosterUploadForm(request.POST or None, request.FILES or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        return preview(request, form.cleaned_data["roster"], form.cleaned_data["file"].name)
    return render(request, "people/roster_import.html", {"form": form, "kinds": kinds})


def preview(request, roster, file_name):
    """Show what the import would do; keep the file in the session until it is confirmed."""
    report = resources.preview_import(roster, user=request.user)
    request.session.pop(PENDING_IMPORT, None)
    token = None
    if report.is_valid:
        token = hold_for_confirmation(request, PENDING_IMPORT, roster.data, kind=roster.kind, file_name=file_name)
    return render(
        request,
        "people/roster_preview.html",
        {"report": report, "file_name": file_name, "token": token},
    )


def confirm_import(request):
    pending = take_confirmed(request, PENDING_IMPORT)
    if pending is None:
        messages.error(
            request, _("There is no previewed file waiting for confirmation; please upload it again.")
        )
        return redirect("branches:roster-import")
    if not resources.may_import(request.user, pending["kind"]):
        raise PermissionDenied
    roster = resources.read_roster(pending["data"], pending["kind"])
    report = resources.apply_import(roster, user=request.user)
    if not report.is_valid:
        messages.error(
            request,
            _(
                "Nothing was imported: the data changed since the preview. "
                "Correct the rows below and upload the file again."
            ),
        )
        context = {"report": report, "file_name": pending["file_name"]}
        return render(request, "people/roster_preview.html", context)
    counts = report.counts
    messages.success(
        request,
        _("The roster was imported: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.")
        % {"new": counts["new"], "updated": counts["update"], "unchanged": counts["unchanged"]},
    )
    return redirect(DONE_URLS[pending["kind"]])


@login_required
def roster_template(request, kind):
    if kind not in RosterKind.values:
        raise Http404
    if not resources.may_import(request.user, kind):
        raise PermissionDenied
    content = resources.template_workbook(kind, user=request.user)
    return workbook.response(content, f"{kind}-template.xlsx")


@login_required
def people_export(request):
    people = selectors.people_for_directory(Person.objects.visible_to(request.user))
    person_filter = PersonFilter(request.GET, queryset=people, user=request.user)
    content = resources.export_people(person_filter.qs, user=request.user)
    return workbook.response(content, f"people-{timezone.localdate():%Y%m%d}.xlsx")
