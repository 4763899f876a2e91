"""发展党员: the membership development pipeline, its yearly funnel and who is due for the next step."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from branches import selectors
from branches.forms import DevelopmentPipelineForm
from branches.models import Branch, DevelopmentStep, Person, PoliticalStatus
from branches.scope import scope_for
from torchbearer.pillars import FIRST_YEAR, years_with_data

PAGE_SIZE = 30


@login_required
def development_pipeline(request):
    scope = scope_for(request.user)
    if not scope.sees_development_pipeline:
        raise PermissionDenied(_("The development pipeline is for the committee office and branch committees."))
    today = timezone.localdate()
    form = DevelopmentPipelineForm(
        request.GET, years=years_with_data(), branches=Branch.objects.visible_to(request.user)
    )
    chosen = form.selected()
    if chosen["branch"] is not None:
        branch_ids = [chosen["branch"].pk]
    else:
        branch_ids = None if scope.sees_all else sorted(scope.visible_branch_ids)
    people = Person.objects.visible_to(request.user)
    if chosen["branch"] is not None:
        people = people.filter(branch=chosen["branch"])
    people = selectors.pipeline_people(people, stage=chosen["stage"], due_only=chosen["due"], today=today)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    entries = selectors.pipeline_entries(page.object_list, today=today)
    return render(
        request,
        "branches/development_pipeline.html",
        {
            "form": form,
            "year": chosen["year"],
            "branch": chosen["branch"],
            "stages": DevelopmentStep.STAGES,
            "funnel": selectors.development_counts(branch_ids, year=chosen["year"]),
            "by_year": selectors.development_by_year(branch_ids, first_year=max(FIRST_YEAR, chosen["year"] - 6), last_year=chosen["year"]),
            "now": selectors.people_by_status(branch_ids),
            "in_development": [s for s in DevelopmentStep.STAGES if s[0] < PoliticalStatus.FULL],
            "page": page,
            "entries": entries,
            "today": today,
        },
    )
