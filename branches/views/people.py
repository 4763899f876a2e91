from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches import actions, passing_on, selectors
from branches.filters import PersonFilter
from branches.kernel import personal
from branches.kernel.messages import report_action_error
from branches.forms import DevelopmentStepForm, PersonForm
from branches.models import Person
from branches.queries import page_by_ids
from branches.scope import get_object_for_user, scope_for

PAGE_SIZE = 30


@login_required
def person_list(request):
    people = selectors.people_for_directory(Person.objects.visible_to(request.user))
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
        "branches/person_list.html",
        {"filter": person_filter, "page": page, "can_import": scope_for(request.user).is_manager},
    )


@login_required
def person_detail(request, pk):
    person = get_object_for_user(Person, request.user, pk=pk)
    return render_person_page(request, person, "branches/person_detail.html")


@login_required
def my_page(request):
    scope = scope_for(request.user)
    if scope.person is None:
        return render(request, "branches/my_page_missing.html")
    return render_person_page(request, scope.person, "branches/my_page.html")


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
    person = selectors.person_detail(person.pk, Person.objects.all())
    year = timezone.localdate().year
    pledge = selectors.current_pledge(person, year)
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
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("The changes to %(name)s were saved.") % {"name": person.name})
        return redirect(person)
    return render(request, "branches/person_form.html", {"form": form, "person": person})


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
    return render(request, "branches/temporary_password.html", {"person": person, "password": password})


@login_required
@require_POST
def development_step_add(request, pk):
    person = get_object_for_user(Person, request.user, manage=True, pk=pk)
    form = DevelopmentStepForm(request.POST, person=person)
    if form.is_valid():
        try:
            actions.record_development_step(
                person,
                stage=form.cleaned_data["stage"],
                date=form.cleaned_data["date"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The development step was recorded."))
    else:
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, message)
    return redirect(person)
