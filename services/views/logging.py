"""Staff log what they did: choose a kind, fill in a short form, and correct returned records."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from branches.forms import attempt
from branches.models import ResponsibilityZone
from branches.scope import get_object_for_user, scope_for
from services import actions
from services.kinds import KINDS, get_kind
from services.models import Patrol


@login_required
def log_choose(request):
    person = scope_for(request.user).person
    if person is None:
        return render(request, "branches/my_page_missing.html")
    has_zone = ResponsibilityZone.objects.filter(member=person).exists()
    return render(request, "services/log_choose.html", {"kinds": KINDS.values(), "has_zone": has_zone})


@login_required
def log_record(request, kind):
    kind = get_kind(kind)
    person = scope_for(request.user).person
    if person is None:
        return render(request, "branches/my_page_missing.html")
    if kind.model is Patrol and not ResponsibilityZone.objects.filter(member=person).exists():
        # The form would offer no zone and could only fail; say why instead.
        messages.warning(request, _("You have no responsibility zone to patrol."))
        return redirect("services:log-choose")
    record = kind.model(person=person)
    form = kind.form_class(request.POST or None, request.FILES or None, instance=record, person=person)
    if request.method == "POST" and form.is_valid():
        if attempt(form, lambda: actions.submit(
            form.save(commit=False),
            by=request.user,
            participants=form.cleaned_data.get("participants"),
            photos=form.cleaned_data["photos"],
        )):
            messages.success(request, _("Logged and sent to your secretary for review. Thank you!"))
            return redirect("services:my-records")
    return render(request, "services/record_form.html", {"form": form, "kind": kind})


@login_required
def record_edit(request, kind, pk):
    kind = get_kind(kind)
    record = get_object_for_user(kind.queryset(), request.user, pk=pk)
    if not actions.may_edit(request.user, record):
        raise PermissionDenied
    form = kind.form_class(
        request.POST or None, request.FILES or None, instance=record, person=record.person
    )
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, lambda: actions.update(
            form.save(commit=False),
            by=request.user,
            reason=form.cleaned_data.get("change_reason", ""),
            participants=form.cleaned_data.get("participants"),
            photos=form.cleaned_data["photos"],
        ))
        if saved:
            messages.success(
                request, _("Corrected and sent for review again.") if saved.is_waiting else _("The changes were saved.")
            )
            return redirect(record)
    return render(request, "services/record_form.html", {"form": form, "kind": kind, "record": record})
