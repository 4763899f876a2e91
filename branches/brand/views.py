"""The brand page (火炬手: what it is and means, its pillars and practices), read by everyone signed
in, and its edit page for the committee office."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from branches.brand import actions
from branches.brand.forms import PartyBrandForm, PracticeFormSet
from branches.brand.models import Pillar
from branches.brand.selectors import current_brand
from branches.kernel.messages import attempt

PILLAR_PAGES = {
    Pillar.LEAD: "pillar-lead",
    Pillar.PASS_ON: "pillar-pass-on",
    Pillar.DEDICATE: "pillar-dedicate",
    Pillar.SERVE: "pillar-serve",
}


@login_required
def brand_page(request):
    brand = current_brand()
    pillars = []
    if brand is not None:
        practices = list(brand.practices.all())
        pillars = [
            (pillar, meaning, PILLAR_PAGES[pillar], [p for p in practices if p.pillar == pillar])
            for pillar, meaning in brand.pillar_meanings()
        ]
    return render(
        request,
        "brand/brand_page.html",
        {"brand": brand, "pillars": pillars, "may_edit": actions.may_keep(request.user)},
    )


@login_required
def brand_edit(request):
    if not actions.may_keep(request.user):
        raise PermissionDenied(_("The brand is kept by the committee office."))
    brand = actions.brand_to_edit()
    if brand is None:
        messages.error(request, _("Add the party committee first: the brand is the committee's."))
        return redirect("branches:party-brand")
    form = PartyBrandForm(request.POST or None, request.FILES or None, instance=brand)
    practices = PracticeFormSet(request.POST or None, instance=brand if brand.pk else None, prefix="practices")
    if request.method == "POST" and form.is_valid() and practices.is_valid():
        kept = [f.instance for f in practices.forms if f.has_changed() and f not in practices.deleted_forms]
        removed = [f.instance for f in practices.deleted_forms]
        if attempt(form, lambda: actions.save_brand(form.save(commit=False), kept, removed, by=request.user)):
            messages.success(request, _("The brand was saved."))
            return redirect("branches:party-brand")
    return render(request, "brand/brand_form.html", {"form": form, "practices": practices, "brand": brand})
