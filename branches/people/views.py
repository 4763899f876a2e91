from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.kernel import personal, pickers
from branches.kernel.messages import attempt, attempt_and_report, report_action_error
from branches.kernel.periods import FIRST_YEAR, years_with_data
from branches.kernel.queries import page_by_ids
from branches.kernel.scope import get_object_for_user, scope_for
from branches.organisation.models import Branch
from branches.people import actions, selectors
from branches.people import pickers as people_rules  # noqa: F401 (its rules register as they are defined)
from branches.people import selectors as passing_on
from branches.people import selectors as people_selectors
from branches.people.filters import PersonFilter
from branches.people.forms import (
    DevelopmentPipelineForm,
    DevelopmentStepForm,
    PersonForm,
)
from branches.people.models import DevelopmentStep, Person, PoliticalStatus
from branches.pledges import selectors as pledges_selectors

PAGE_SIZE = 30


@login_required
def person_search(request, rule):
    """The search behind every people picker: at most ``pickers.RESULTS`` people whom the rule named
    ``rule`` offers the user, by a part of the name or the staff number (branches.kernel.pickers).
    Names, branches and staff numbers only: nothing personal."""
    rule = pickers.rule_named(rule)
    if rule is None:
        raise Http404
    response = JsonResponse({"results": pickers.search(rule, request.user, request.GET.get("q", ""))})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def person_list(request):
    people = people_selectors.people_for_directory(Person.objects.visible_to(request.user))
    person_filter = PersonFilter(request.GET, queryset=people, user=request.user)
    found = person_filter.qs
    if scope_for(request.user).sees_all and not person_filter.form.cleaned_data.get("branch"):
        # Every branch of a province: by name, on its index (by branch, then name, sorted 30,000 rows).
        found = found.order_by("name", "pk")
    if person_filter.form.cleaned_data.get("q", "").strip():
        page = page_by_ids(found, PAGE_SIZE, request.GET.get("page"))
    else:
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/person_list.html",
        {"filter": person_filter, "page": page, "can_import": scope_for(request.user).is_manager},
    )


@login_required
def person_detail(request, pk):
    person = get_object_for_user(Person, request.user, pk=pk)
    return render_person_page(request, person, "people/person_detail.html")


@login_required
def my_page(request):
    scope = scope_for(request.user)
    if scope.person is None:
        return render(request, "people/my_page_missing.html")
    return render_person_page(request, scope.person, "people/my_page.html")


def _pledge_url(scope, person, pledge):
    """Where the pledge shown on a person's page is written: by the member, or the branch committee."""
    if scope.can_manage_branch(person.branch_id) and person.is_party_member:
        if pledge is not None:
            return reverse("branches:pledge-edit", args=[pledge.pk])
        return f"{reverse('branches:pledge-create')}?person={person.pk}"
    if person.pk == scope.person_id and person.is_party_member:
        return reverse("branches:my-pledge")
    return None


def render_person_page(request, person, template):
    scope = scope_for(request.user)
    person = people_selectors.person_detail(person.pk, Person.objects.all())
    year = timezone.localdate().year
    pledge = pledges_selectors.current_pledge(person, year)
    return render(
        request,
        template,
        {
            "person": person,
            "pledge": pledge,
            "pledge_url": _pledge_url(scope, person, pledge),
            "passing_on": passing_on.person_passing_on(person, request.user),
            "year": year,
            "shows_personal_data": personal.may_see(request.user, person),
            "can_manage": scope.can_manage_branch(person.branch_id),
            "may_set_password": person.user_id is not None and actions.may_set_passwords(request.user),
            "step_form": DevelopmentStepForm(person=person)
            if scope.can_manage_branch(person.branch_id) and person.political_status < 5
            else None,
        },
    )


@login_required
def person_edit(request, pk):
    person = get_object_for_user(Person, request.user, manage=True, pk=pk)
    form = PersonForm(request.POST or None, request.FILES or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid() and attempt(form, lambda: actions.save_person(form.save(commit=False))):
        messages.success(request, _("The changes to %(name)s were saved.") % {"name": person.name})
        return redirect(person)
    return render(request, "people/person_form.html", {"form": form, "person": person})


@login_required
@require_POST
def temporary_password(request, pk):
    """The committee administrator gives someone who forgot their password a temporary one, shown
    once on this page (never in a message, which the browser would keep in a cookie)."""
    if not actions.may_set_passwords(request.user):
        raise PermissionDenied
    person = get_object_for_user(Person.objects.select_related("user"), request.user, pk=pk)
    try:
        password = actions.set_temporary_password(person, by=request.user)
    except ValidationError as error:
        report_action_error(request, error)
        return redirect(person)
    return render(request, "people/temporary_password.html", {"person": person, "password": password})


@login_required
@require_POST
def development_step_add(request, pk):
    person = get_object_for_user(Person, request.user, manage=True, pk=pk)
    form = DevelopmentStepForm(request.POST, person=person)
    if form.is_valid():
        recorded = attempt_and_report(request, lambda: actions.record_development_step(
            person,
            stage=form.cleaned_data["stage"],
            date=form.cleaned_data["date"],
            note=form.cleaned_data["note"],
            by=request.user,
        ))
        if recorded:
            messages.success(request, _("The development step was recorded."))
    else:
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, message)
    return redirect(person)


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
    first_year = max(FIRST_YEAR, chosen["year"] - 6)
    by_year = selectors.development_by_year(branch_ids, first_year=first_year, last_year=chosen["year"])
    return render(
        request,
        "people/development_pipeline.html",
        {
            "form": form,
            "year": chosen["year"],
            "branch": chosen["branch"],
            "stages": DevelopmentStep.STAGES,
            "funnel": by_year[0][1],
            "by_year": by_year,
            "now": selectors.people_by_status(branch_ids),
            "in_development": [s for s in DevelopmentStep.STAGES if s[0] < PoliticalStatus.FULL],
            "page": page,
            "entries": entries,
            "today": today,
        },
    )
