"""The roster in Excel: import with a preview, then all rows or none; template and export files."""


from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from branches.downloads.actions import prepared
from branches.kernel import workbook
from branches.kernel.imports import ExcelImport, import_page
from branches.people import resources, selectors
from branches.people.filters import PersonFilter
from branches.people.models import Person
from branches.people.resources import RosterKind

PENDING_IMPORT = "roster_import"


class RosterImport(ExcelImport):
    """People or windows: the committee administrator, or a secretary for the own branch's people."""

    session_key = PENDING_IMPORT
    url_name = "branches:roster-import"
    template_name = "people/roster_import.html"
    success_message = gettext_lazy("The roster was imported: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.")
    done_urls = {RosterKind.PEOPLE: "branches:person-list", RosterKind.WINDOWS: "branches:window-coverage"}

    def may_import(self, user, details):
        return resources.may_import(user, details["kind"])

    def upload_form(self, request):
        kinds = resources.importable_kinds(request.user)
        requested = request.POST.get("kind")
        if not kinds or (requested in RosterKind.values and not resources.may_import(request.user, requested)):
            raise PermissionDenied
        return resources.RosterUploadForm(request.POST or None, request.FILES or None, kinds=kinds)

    def upload_context(self, request):
        return {"kinds": resources.importable_kinds(request.user)}

    def read(self, data, details):
        return resources.read_roster(data, details["kind"])

    def preview(self, parsed, user):
        return resources.preview_import(parsed, user=user)

    def apply(self, parsed, user):
        return resources.apply_import(parsed, user=user)

    def done_url(self, details):
        return reverse(self.done_urls[details["kind"]])


@login_required
def roster_import(request):
    return import_page(request, RosterImport())


@login_required
def roster_template(request, kind):
    if kind not in RosterKind.values:
        raise Http404
    if not resources.may_import(request.user, kind):
        raise PermissionDenied
    content = resources.template_workbook(kind, user=request.user)
    return workbook.response(content, f"{kind}-template.xlsx")


@login_required
@prepared
def people_export(request):
    people = selectors.people_for_directory(Person.objects.visible_to(request.user))
    person_filter = PersonFilter(request.GET, queryset=people, user=request.user)
    content = resources.export_people(person_filter.qs, user=request.user)
    return workbook.response(content, f"people-{timezone.localdate():%Y%m%d}.xlsx")
