"""Honours won by the committee, its branches and its people, newest first; adding and editing
them, for the committee office and each branch's managers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.honours import actions
from branches.honours.forms import HonourFilterForm, HonourForm
from branches.honours.models import Honour
from branches.kernel.messages import attempt, attempt_and_report
from branches.kernel.periods import years_with_data
from branches.kernel.scope import get_object_for_user, scope_for

HONOURS_PER_PAGE = 30


@login_required
def honour_list(request):
    """Honours won by the committee, its branches and its people, newest first."""
    form = HonourFilterForm(request.GET, years=years_with_data())
    chosen = form.selected()
    honours = Honour.objects.visible_to(request.user).select_related("committee", "branch", "person")
    if chosen["year"] is not None:
        honours = honours.filter(year=chosen["year"])
    if chosen["level"]:
        honours = honours.filter(level=chosen["level"])
    page = Paginator(honours.order_by("-year", "title", "pk"), HONOURS_PER_PAGE).get_page(request.GET.get("page"))
    for honour in page:
        honour.may_edit = actions.may_keep(request.user, honour)
    return render(
        request,
        "honours/honour_list.html",
        {"form": form, "page": page, "may_add": scope_for(request.user).is_manager},
    )


@login_required
def honour_create(request):
    if not scope_for(request.user).is_manager:
        raise PermissionDenied(_("Honours are kept by the committee office and the branch committees."))
    return _honour_form(request, Honour())


@login_required
def honour_edit(request, pk):
    honour = get_object_for_user(Honour.objects.select_related("person"), request.user, manage=True, pk=pk)
    return _honour_form(request, honour)


def _honour_form(request, honour):
    form = HonourForm(request.POST or None, instance=honour, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, lambda: actions.save_honour(form.save(commit=False), by=request.user))
        if saved:
            messages.success(request, _("The honour “%(title)s” was saved.") % {"title": saved.title})
            return redirect("branches:honour-list")
    return render(request, "honours/honour_form.html", {"form": form, "honour": honour})


@login_required
@require_POST
def honour_delete(request, pk):
    honour = get_object_for_user(Honour.objects.select_related("person"), request.user, manage=True, pk=pk)
    if attempt_and_report(request, lambda: actions.delete_honour(honour, by=request.user)):
        messages.success(request, _("The honour “%(title)s” was removed.") % {"title": honour.title})
    return redirect("branches:honour-list")
