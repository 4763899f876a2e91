"""Secretaries review their branch's records: the queue, one at a time or many at once."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.fields import whole_number
from branches.scope import get_object_for_user, scope_for
from services import actions, selectors
from services.forms import RecordFilterForm, ReviewForm
from services.kinds import KINDS, get_kind
from services.models import ReviewStatus


@login_required
def review_queue(request):
    if not scope_for(request.user).is_manager:
        raise PermissionDenied
    # Waiting records unless the filter says otherwise ("Any status" sends an empty status): the
    # pagination links carry only ``page``, and the second page must be of the same queue.
    data = request.GET.copy()
    data.setdefault("status", ReviewStatus.SUBMITTED)
    form = RecordFilterForm(data, user=request.user, kinds=KINDS.values())
    chosen = form.cleaned_data.get("kind") if form.is_valid() else ""
    querysets = {
        slug: form.filter(kind.model.objects.manageable_by(request.user))
        for slug, kind in KINDS.items()
        if not chosen or slug == chosen
    }
    return render(
        request,
        "services/review_queue.html",
        {
            "filter_form": form,
            "page": selectors.record_timeline(querysets, page_number=request.GET.get("page")),
            "review_form": ReviewForm(),
        },
    )


@login_required
@require_POST
def review_selected(request):
    """Approve or return the records ticked in the queue; IDs outside the user's scope are ignored.

    Each checkbox says ``kind:id:version``: a record changed since the queue was shown is refused.
    """
    if not scope_for(request.user).is_manager:
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(_back(request, "services:review-queue"))
    ticked = {}
    for value in request.POST.getlist("records"):
        slug, _colon, rest = value.partition(":")
        pk, _colon, version = rest.partition(":")
        if slug in KINDS and whole_number(pk) is not None:
            ticked.setdefault(slug, {})[whole_number(pk)] = version
    records, seen = [], {}
    for slug, versions in ticked.items():
        for record in KINDS[slug].queryset().manageable_by(request.user).filter(pk__in=list(versions)):
            records.append(record)
            seen[record] = versions[record.pk]
    if not records:
        messages.warning(request, _("Tick the records to review first."))
        return redirect(_back(request, "services:review-queue"))
    done, problems = actions.review_many(
        records, by=request.user, decision=form.cleaned_data["decision"], comment=form.cleaned_data["comment"], seen=seen
    )
    _report(request, form.cleaned_data["decision"], done, problems)
    return redirect(_back(request, "services:review-queue"))


@login_required
@require_POST
def record_review(request, kind, pk):
    kind = get_kind(kind)
    record = get_object_for_user(kind.model.objects.all(), request.user, pk=pk)
    if not actions.may_review(request.user, record):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(record)
    done, problems = actions.review_many(
        [record],
        by=request.user,
        decision=form.cleaned_data["decision"],
        comment=form.cleaned_data["comment"],
        seen={record: form.cleaned_data["version"]},
    )
    _report(request, form.cleaned_data["decision"], done, problems)
    return redirect(_back(request, record.get_absolute_url()))


def _report(request, decision, done, problems):
    if done:
        text = _("%(count)s record(s) approved.") if decision == "approve" else _("%(count)s record(s) returned.")
        messages.success(request, text % {"count": done})
    for problem in problems:
        messages.error(request, problem)


def _back(request, default):
    """The page the reviewer came from, when it is a path of this site; else ``default``."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default
