"""Reading records: my records, a record with its history, the lists of each kind and their export."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.downloads.actions import prepared
from branches.kernel import workbook
from branches.kernel.fields import whole_number
from branches.kernel.messages import attempt
from branches.kernel.queries import CountedPaginator
from branches.kernel.scope import get_object_for_user, scope_for
from services.patrols.selectors import zones_to_patrol
from services.records import actions, exports, selectors
from services.records.forms import RecordFilterForm, ReviewForm
from services.records.history import record_changes
from services.records.kinds import KINDS, get_kind
from services.records.models import Patrol, ReviewStatus


@login_required
def my_records(request):
    person = scope_for(request.user).person
    if person is None:
        return render(request, "people/my_page_missing.html")
    mine = {slug: kind.model.objects.filter(person=person) for slug, kind in KINDS.items()}
    status = request.GET.get("status", "")
    if status not in ReviewStatus.values:
        status = ""
    shown = {slug: qs.filter(status=status) if status else qs for slug, qs in mine.items()}
    counts = selectors.counts_by_status(mine.values())
    total = counts.get(status, 0) if status else sum(counts.values())
    return render(
        request,
        "records/my_records.html",
        {
            "page": selectors.record_timeline(shown, page_number=request.GET.get("page"), total=total),
            "counts": counts,
            "status": status,
            "statuses": ReviewStatus,
        },
    )


@login_required
def record_detail(request, kind, pk):
    kind = get_kind(kind)
    record = get_object_for_user(kind.queryset().prefetch_related("photos"), request.user, pk=pk)
    return render(
        request,
        "records/record_detail.html",
        {
            "kind": kind,
            "record": record,
            "fields": [(column.label, column.shown(record)) for column in kind.columns],
            "may_review": record.is_waiting and actions.may_review(request.user, record),
            "may_edit": actions.may_edit(request.user, record),
            "review_form": ReviewForm(),
        },
    )


@login_required
def record_history(request, kind, pk):
    kind = get_kind(kind)
    record = get_object_for_user(kind.queryset(), request.user, pk=pk)
    return render(
        request,
        "records/record_history.html",
        {"kind": kind, "record": record, "changes": record_changes(record)},
    )


@login_required
def record_list(request, kind):
    kind = get_kind(kind)
    form, records = _filtered(request, kind)
    totals = selectors.record_list_totals(kind, records, form.cleaned_data, user=request.user)
    paginator = CountedPaginator(records, selectors.PAGE_SIZE, count=totals[0][1])
    page = paginator.get_page(request.GET.get("page"))
    rows = [(record, [(column.text(record), column.on_phone) for column in kind.columns]) for record in page]
    return render(
        request,
        "records/record_list.html",
        {
            "kind": kind,
            "kinds": KINDS.values(),
            "filter_form": form,
            "page": page,
            "rows": rows,
            "totals": totals,
        },
    )


@login_required
@prepared(check=lambda request, kind: get_kind(kind))
def record_export(request, kind):
    kind = get_kind(kind)
    _, records = _filtered(request, kind)
    content = exports.records_workbook(kind, records)
    return workbook.response(content, f"{kind.slug}-{timezone.localdate():%Y%m%d}.xlsx")


DEFAULT_MONTHS = 12


def default_start(today):
    """The first day of the past twelve months, this one included: whole months, which the
    committee's totals read from the monthly tallies (services.records.selectors.record_list_totals)."""
    month = today.year * 12 + today.month - 1 - (DEFAULT_MONTHS - 1)
    return datetime.date(month // 12, month % 12 + 1, 1)


def _filtered(request, kind):
    """The list's records as filtered; with no filter given, the past twelve months' (a province
    keeps five years of millions; the filter bar shows the date, and clearing it lists them all)."""
    data = request.GET
    if not any(name in data for name in RecordFilterForm.base_fields):
        data = data.copy()
        data["date_from"] = default_start(timezone.localdate()).isoformat()
    form = RecordFilterForm(data, user=request.user, subkind_choices=kind.subkind_choices)
    records = form.filter(kind.queryset().visible_to(request.user), subkind_field=kind.subkind_field)
    return form, records.order_by("-date", "-pk")


@login_required
def log_choose(request):
    person = scope_for(request.user).person
    if person is None:
        return render(request, "people/my_page_missing.html")
    has_zone = zones_to_patrol(person, timezone.localdate()).exists()
    return render(request, "records/log_choose.html", {"kinds": KINDS.values(), "has_zone": has_zone})


@login_required
def log_record(request, kind):
    kind = get_kind(kind)
    person = scope_for(request.user).person
    if person is None:
        return render(request, "people/my_page_missing.html")
    if kind.model is Patrol and not zones_to_patrol(person, timezone.localdate()).exists():
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
    return render(request, "records/record_form.html", {"form": form, "kind": kind})


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
    return render(request, "records/record_form.html", {"form": form, "kind": kind, "record": record})


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
        "records/review_queue.html",
        {
            "filter_form": form,
            "filtered": any(key != "page" for key in request.GET),
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
    if done and request.GET.get("then") == "next":  # "approve and next"
        following = selectors.next_to_review(request.user)
        if following is None:
            messages.info(request, _("Nothing more waits for your review."))
            return redirect("services:review-queue")
        return redirect(following)
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
