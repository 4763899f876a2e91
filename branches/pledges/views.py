"""一句话服务承诺: the pledge board, printable pledge cards, and writing a pledge."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.kernel.messages import attempt
from branches.kernel.periods import years_with_data
from branches.kernel.queries import text_contains
from branches.kernel.scope import get_object_for_user, scope_for
from branches.pledges import actions, selectors
from branches.pledges.forms import OwnPledgeForm, PledgeBoardForm, PledgeForm
from branches.pledges.models import ServicePledge

CARDS_PER_PAGE = 24
CARDS_TO_PRINT = 600  # every pledge of the largest branch; more is a print run for the committee


@login_required
def pledge_board(request):
    """Every pledge of a year the user may read, a page of printable cards at a time."""
    form = PledgeBoardForm(request.GET, years=years_with_data())
    chosen = form.selected()
    pledges = (
        ServicePledge.objects.visible_to(request.user)
        .filter(year=chosen["year"], person__is_active=True)
        .select_related("person", "person__branch", "person__window")
    )
    if chosen["branch"] is not None:
        pledges = pledges.filter(person__branch=chosen["branch"])
    if chosen["q"]:
        pledges = pledges.filter(
            text_contains("person__name", chosen["q"]) | Q(person__window__code__iexact=chosen["q"]) | text_contains("text", chosen["q"])
        )
    printing = request.GET.get("print") == "all"
    page = selectors.pledge_board_page(
        pledges,
        page_number=1 if printing else request.GET.get("page"),
        per_page=CARDS_TO_PRINT if printing else CARDS_PER_PAGE,
    )
    scope = scope_for(request.user)
    for pledge in page:
        pledge.can_edit = scope.can_manage_branch(pledge.person.branch_id) or pledge.person_id == scope.person_id
    board_query = request.GET.copy()
    board_query.pop("page", None)
    board_query.pop("print", None)
    print_query = board_query.copy()
    print_query["print"] = "all"
    return render(
        request,
        "pledges/pledge_board.html",
        {
            "form": form,
            "page": page,
            "year": chosen["year"],
            "can_add": scope.is_manager,
            "printing": printing,
            "print_query": print_query.urlencode(),
            "board_query": board_query.urlencode(),
            "cards_to_print": CARDS_TO_PRINT,
        },
    )


def _saved(request, form):
    """The pledge saved through the action, or None when it refused (the form then tells why)."""
    return attempt(form, lambda: actions.save_pledge(form.save(commit=False)))


def _to_board(request, pledge):
    messages.success(request, _("The pledge of %(name)s for %(year)s was saved.") % {"name": pledge.person.name, "year": pledge.year})
    return redirect(f"{reverse('branches:pledge-board')}?year={pledge.year}&branch={pledge.person.branch_id}")


@login_required
def pledge_create(request):
    if not scope_for(request.user).is_manager:
        raise PermissionDenied(_("Pledges are written by the member or the branch committee."))
    form = PledgeForm(request.POST or None, user=request.user, initial={"person": request.GET.get("person")})
    if request.method == "POST" and form.is_valid() and (pledge := _saved(request, form)):
        return _to_board(request, pledge)
    return render(request, "pledges/pledge_form.html", {"form": form})


@login_required
def pledge_edit(request, pk):
    pledges = ServicePledge.objects.select_related("person", "person__branch")
    pledge = get_object_for_user(pledges, request.user, manage=True, pk=pk)
    if scope_for(request.user).can_manage_branch(pledge.person.branch_id):
        form = PledgeForm(request.POST or None, instance=pledge, user=request.user)
    else:
        form = OwnPledgeForm(request.POST or None, instance=pledge)
    if request.method == "POST" and form.is_valid() and _saved(request, form):
        return _to_board(request, pledge)
    return render(request, "pledges/pledge_form.html", {"form": form, "pledge": pledge})


@login_required
def my_pledge(request):
    """A party member writes (or rewrites) their own pledge for this year."""
    person = scope_for(request.user).person
    if person is None or not person.is_party_member:
        raise PermissionDenied(_("The one-sentence service pledge is made by party members (full or probationary)."))
    year = timezone.localdate().year
    pledge = ServicePledge.objects.filter(person=person, year=year).first() or ServicePledge(person=person, year=year)
    form = OwnPledgeForm(request.POST or None, instance=pledge)
    if request.method == "POST" and form.is_valid() and _saved(request, form):
        messages.success(request, _("Your pledge for %(year)s was saved.") % {"year": year})
        return redirect("branches:my-page")
    return render(request, "pledges/pledge_form.html", {"form": form, "pledge": pledge, "own": True, "year": year})
