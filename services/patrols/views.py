"""每日一巡 as the seed means it: every responsibility zone patrolled every working day. The plan
shows a branch's zones against the month's working days, the gaps in red."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from branches.kernel.periods import years_with_data
from branches.kernel.scope import scope_for
from branches.organisation.models import Branch
from services.patrols import selectors
from services.patrols.forms import PatrolPlanForm

ZONES_PER_PAGE = 40


@login_required
def patrol_plan(request):
    scope = scope_for(request.user)
    branches = Branch.objects.visible_to(request.user).order_by("number", "pk")
    own = scope.person.branch if scope.person is not None else branches.first()
    data = request.GET.copy()
    data.setdefault("branch", str(own.pk) if own else "")  # the plan is a branch's: the select says which
    form = PatrolPlanForm(data, years=years_with_data(), branches=branches)
    chosen = form.selected()
    today = timezone.localdate()
    period = selectors.month_period(chosen["year"], chosen["month"] or today.month)
    branch = chosen["branch"] or own
    zones = selectors.zones_of_month(request.user, branch, period).select_related("member").order_by("name", "pk")
    page = Paginator(zones, ZONES_PER_PAGE).get_page(request.GET.get("page"))
    days, rows = selectors.patrol_plan(list(page.object_list), period, today)
    return render(
        request,
        "patrols/patrol_plan.html",
        {"form": form, "branch": branch, "period": period, "days": days, "rows": rows, "page": page,
         "missed": sum(row.missed for row in rows)},
    )
