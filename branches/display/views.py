"""The committee office's page of hall displays: each screen with the address it opens (the
token in it is the screen's only key), issuing a new one, revoking one (after a confirmation)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from branches.display import actions, selectors
from branches.display.forms import IssueDisplayForm
from branches.display.models import HallDisplay
from branches.kernel.messages import attempt, attempt_and_report
from branches.kernel.scope import get_object_for_user, scope_for


def _check_committee(user):
    if not scope_for(user).is_committee:
        raise PermissionDenied(_("The hall displays are the committee office's."))


def display_url(request, display):
    """The full address a screen opens, to copy into its browser."""
    return request.build_absolute_uri(reverse("hall-display", args=[display.token]))


@login_required
def display_list(request):
    """Every screen, in use first: the committee reads them, its administrator keeps them and
    alone reads their addresses (an address opens the display: it is a key)."""
    _check_committee(request.user)
    displays = selectors.displays_for(request.user)
    may_manage = actions.may_manage(request.user)
    for display in displays:
        display.url = display_url(request, display) if may_manage and not display.is_revoked else ""
    return render(
        request,
        "display/display_list.html",
        {"displays": displays, "may_manage": may_manage, "issued": request.GET.get("issued")},
    )


@login_required
def display_issue(request):
    if not actions.may_manage(request.user):
        raise PermissionDenied(_("Hall displays are issued and revoked by the committee administrator."))
    form = IssueDisplayForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        display = attempt(form, lambda: actions.issue_display(form.cleaned_data["name"], by=request.user))
        if display:
            messages.success(
                request, _("The screen “%(name)s” was issued: open its address on the screen.") % {"name": display.name}
            )
            return redirect(f"{reverse('branches:display-list')}?issued={display.pk}")
    return render(request, "display/display_issue.html", {"form": form})


@login_required
def display_revoke(request, pk):
    """GET asks to confirm; POST revokes."""
    display = get_object_for_user(HallDisplay, request.user, manage=True, pk=pk)
    if request.method == "POST":
        if attempt_and_report(request, lambda: actions.revoke_display(display, by=request.user)):
            messages.success(request, _("The screen “%(name)s” was revoked: its address opens nothing now.") % {"name": display.name})
        return redirect("branches:display-list")
    return render(request, "display/display_revoke.html", {"display": display})
