"""一支部一品牌: every branch's own brand, its page with groups and results, and keeping it."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from branches.queries import count_of
from branches.forms import BrandForm, YearFilterForm
from branches.models import Branch, BranchBrand, Honour, PartyGroup, Person
from branches.scope import get_object_for_user, scope_for
from torchbearer.pillars import brand_results, record_filter_query, years_with_data

BRANDS_PER_PAGE = 24
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
    return render(request, "branches/brand_list.html", {"page": page, "without_brand": without_brand})


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
        "branches/brand_detail.html",
        {
            "brand": brand,
            "branch": branch,
            "form": form,
            "year": year,
            "results": brand_results(branch, year),
            "can_edit": scope_for(request.user).can_manage_branch(branch.pk),
            "records_query": record_filter_query(year, branch),
            "year_query": urlencode({"year": year, "branch": branch.pk}),
            "branch_query": urlencode({"branch": branch.pk}),
        },
    )


def _brand_form(request, brand):
    form = BrandForm(request.POST or None, request.FILES or None, instance=brand)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            brand = form.save()
        messages.success(request, _("The brand of %(branch)s was saved.") % {"branch": brand.branch})
        return redirect(brand)
    return render(request, "branches/brand_form.html", {"form": form, "brand": brand})


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
