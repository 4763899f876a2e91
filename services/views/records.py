"""Reading records: my records, a record with its history, the lists of each kind and their export."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from branches.queries import CountedPaginator
from branches.scope import get_object_for_user, scope_for
from branches.kernel import workbook
from services import actions, exports, selectors
from services.forms import RecordFilterForm, ReviewForm
from services.history import record_changes
from services.kinds import KINDS, get_kind
from services.models import ReviewStatus


@login_required
def my_records(request):
    person = scope_for(request.user).person
    if person is None:
        return render(request, "branches/my_page_missing.html")
    mine = {slug: kind.model.objects.filter(person=person) for slug, kind in KINDS.items()}
    status = request.GET.get("status", "")
    if status not in ReviewStatus.values:
        status = ""
    shown = {slug: qs.filter(status=status) if status else qs for slug, qs in mine.items()}
    counts = selectors.counts_by_status(mine.values())
    total = counts.get(status, 0) if status else sum(counts.values())
    return render(
        request,
        "services/my_records.html",
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
        "services/record_detail.html",
        {
            "kind": kind,
            "record": record,
            "fields": [(column.label, column.value(record)) for column in kind.columns],
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
        "services/record_history.html",
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
        "services/record_list.html",
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
def record_export(request, kind):
    kind = get_kind(kind)
    _, records = _filtered(request, kind)
    content = exports.records_workbook(kind, records)
    return workbook.response(content, f"{kind.slug}-{timezone.localdate():%Y%m%d}.xlsx")


DEFAULT_MONTHS = 12


def default_start(today):
    """The first day of the past twelve months, this one included: whole months, which the
    committee's totals read from the monthly tallies (services.selectors.record_list_totals)."""
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
