"""每日一巡 as the seed means it: every responsibility zone patrolled every working day. The plan
shows a branch's zones against the month's working days, the gaps in red; the duty rota says who
patrols which zone and who serves extended hours on each day, kept by the branch's managers."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.kernel.messages import attempt, report_action_error
from branches.kernel.periods import years_with_data
from branches.kernel.scope import get_object_for_user, scope_for
from branches.organisation.models import Branch
from services.patrols import actions, selectors
from services.patrols.forms import PatrolPlanForm, RotaForm

ZONES_PER_PAGE = 40


def _month_and_branch(request, *, years):
    """The filter bar of the plan and the rota: a month and a branch among those the user sees,
    their own by default. Returns (form, first day of the month, branch)."""
    scope = scope_for(request.user)
    branches = Branch.objects.visible_to(request.user).order_by("number", "pk")
    own = scope.person.branch if scope.person is not None else branches.first()
    data = request.GET.copy()
    data.setdefault("branch", str(own.pk) if own else "")  # the page is a branch's: the select says which
    form = PatrolPlanForm(data, years=years, branches=branches)
    chosen = form.selected()
    month = datetime.date(chosen["year"], chosen["month"] or timezone.localdate().month, 1)
    return form, month, chosen["branch"] or own


@login_required
def patrol_plan(request):
    form, month, branch = _month_and_branch(request, years=years_with_data())
    today = timezone.localdate()
    period = selectors.month_period(month.year, month.month)
    zones = selectors.zones_of_month(request.user, branch, period).select_related("member").order_by("name", "pk")
    page = Paginator(zones, ZONES_PER_PAGE).get_page(request.GET.get("page"))
    days, rows = selectors.patrol_plan(list(page.object_list), period, today)
    selectors.add_duties(rows, days, today)
    return render(
        request,
        "patrols/patrol_plan.html",
        {"form": form, "branch": branch, "period": period, "days": days, "rows": rows, "page": page,
         "missed": sum(row.missed for row in rows), "rota_url": rota_url(branch, month)},
    )


def rota_url(branch, month):
    if branch is None:
        return reverse("services:duty-rota")
    query = urlencode({"branch": branch.pk, "year": month.year, "month": month.month})
    return f"{reverse('services:duty-rota')}?{query}"


@login_required
def duty_rota(request):
    """A branch's rota of a month, read by everyone in the branch (and the committee office)."""
    today = timezone.localdate()
    form, month, branch = _month_and_branch(request, years=[today.year + 1, *years_with_data()])
    grid = selectors.rota_month(branch, month)
    keepable = branch is not None and actions.may_keep_rota(request.user, branch) and month in actions.keepable_months(today)
    return render(
        request,
        "patrols/duty_rota.html",
        {
            "form": form, "branch": branch, "grid": grid, "rows": grid.rows(), "today": today,
            "next_day": next((day for day in grid.days if day >= today), None),
            "me": scope_for(request.user).person_id, "keepable": keepable,
            "before_url": rota_url(branch, selectors.previous_month(month)),
            "after_url": rota_url(branch, selectors.next_month(month)),
        },
    )


@login_required
def duty_rota_edit(request, branch, year, month):
    """The month's rota on one page, for the branch's managers: a new month starts from the zones'
    holders, or from the month before (``?copy=1``)."""
    branch = get_object_for_user(Branch, request.user, manage=True, pk=branch)
    try:
        first = datetime.date(year, month, 1)
    except (ValueError, OverflowError):
        raise Http404 from None
    today = timezone.localdate()
    try:
        actions.check_month(first, today)
    except ValidationError as error:
        report_action_error(request, error)
        return redirect(rota_url(branch, first))
    grid = selectors.rota_month(branch, first)
    proposal = ""
    if request.GET.get("copy"):
        initial, proposal = selectors.copied_from_month_before(grid), "copied"
    elif grid.is_empty:
        initial, proposal = selectors.holders_proposal(grid), "holders"
    else:
        initial = grid.patrols, grid.extended
    data = request.POST if request.method == "POST" else None
    form = RotaForm(data, grid=grid, people=selectors.rota_candidates(branch), initial=initial)
    if form.is_bound and form.is_valid():
        patrols, extended = form.duties()
        saved = attempt(
            form, lambda: actions.save_rota(branch, first, patrols=patrols, extended=extended, by=request.user, today=today)
        )
        if saved is not None:
            messages.success(request, _("The duty rota of %(month)s was saved.") % {"month": f"{first:%Y-%m}"})
            return redirect(rota_url(branch, first))
    return render(
        request,
        "patrols/duty_rota_edit.html",
        {"form": form, "branch": branch, "grid": grid, "proposal": proposal, "read_url": rota_url(branch, first)},
    )
