"""一支部一品牌: every branch's own brand, its page with groups and results, and keeping it."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from branches.brand.selectors import since_the_brand_began
from branches.honours.models import Honour
from branches.kernel import figures
from branches.kernel.forms import YearFilterForm
from branches.kernel.messages import attempt
from branches.kernel.periods import Period, years_with_data
from branches.kernel.queries import count_of
from branches.kernel.scope import get_object_for_user, scope_for
from branches.organisation.models import Branch, PartyGroup
from branches.people.models import Person
from branches.pledges import actions
from branches.pledges.forms import BrandForm
from branches.pledges.models import BranchBrand

BRANDS_PER_PAGE = 24
#: What a branch's brand has to show for a year (branches.kernel.figures).
BRAND_FIGURES = [
    "service_hours",
    "door_to_door_person_times",
    "deeds_for_masses",
    "deeds_for_enterprises",
    "themed_party_days",
    "problems_resolved",
    "lectures_held",
    "demonstration_posts_selected",
    "pledges_made",
]
PROMPTS_SHOWN = 5  # branches without a brand that a manager is prompted to found it for


@login_required
def brand_list(request):
    """The branches' brands; a manager also sees their branch when it has no brand yet."""
    brands = (
        BranchBrand.objects.visible_to(request.user)
        .select_related("branch")
        .annotate(
            group_count=count_of(PartyGroup.objects.filter(branch=OuterRef("branch"))),
            member_count=count_of(Person.objects.filter(branch=OuterRef("branch"), is_active=True)),
        )
        .order_by("branch__number")
    )
    page = Paginator(brands, BRANDS_PER_PAGE).get_page(request.GET.get("page"))
    without_brand = []
    if scope_for(request.user).is_manager:
        without_brand = list(Branch.objects.manageable_by(request.user).filter(brand__isnull=True).order_by("number")[:PROMPTS_SHOWN])
    return render(request, "pledges/brand_list.html", {"page": page, "without_brand": without_brand})


@login_required
def brand_detail(request, pk):
    brand = get_object_for_user(BranchBrand.objects.select_related("branch"), request.user, pk=pk)
    form = YearFilterForm(request.GET, years=years_with_data())
    year = form.selected()["year"]
    branch = (
        Branch.objects.prefetch_related(
            Prefetch(
                "groups",
                queryset=PartyGroup.objects.select_related("leader").annotate(member_count=Count("members")),
            ),
            Prefetch("honours", queryset=Honour.objects.order_by("-year", "title")),
        )
        .get(pk=brand.branch_id)
    )
    return render(
        request,
        "pledges/brand_detail.html",
        {
            "brand": brand,
            "branch": branch,
            "form": form,
            "year": year,
            "results": figures.tiles(BRAND_FIGURES, Period.year(year), branch),
            "posts_since_the_start": figures.tiles(["demonstration_posts_selected"], since_the_brand_began(year), branch),
            "can_edit": scope_for(request.user).can_manage_branch(branch.pk),
        },
    )


def _brand_form(request, brand):
    form = BrandForm(request.POST or None, request.FILES or None, instance=brand)
    if request.method == "POST" and form.is_valid() and attempt(form, lambda: actions.save_brand(form.save(commit=False))):
        messages.success(request, _("The brand of %(branch)s was saved.") % {"branch": form.instance.branch})
        return redirect(form.instance)
    return render(request, "pledges/brand_form.html", {"form": form, "brand": brand})


@login_required
def brand_edit(request, pk):
    return _brand_form(request, get_object_for_user(BranchBrand.objects.select_related("branch"), request.user, manage=True, pk=pk))


@login_required
def brand_create(request, branch_pk):
    """A branch's committee founds its brand; a branch that has one goes to editing it."""
    branch = get_object_for_user(Branch, request.user, manage=True, pk=branch_pk)
    existing = BranchBrand.objects.filter(branch=branch).first()
    if existing is not None:
        return redirect("branches:brand-edit", pk=existing.pk)
    return _brand_form(request, BranchBrand(branch=branch))
