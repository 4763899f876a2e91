"""Keeping the brand's texts: the committee office writes them, in one save with its practices."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from branches.brand.models import Brand
from branches.kernel.scope import scope_for
from branches.organisation.models import Committee


def may_keep(user):
    """The brand is the committee's: its administrator keeps it."""
    return scope_for(user).manages_all


def brand_to_edit():
    """The office's brand, or a new one for the committee when nobody has written it yet."""
    brand = Brand.objects.order_by("pk").first()
    if brand is not None:
        return brand
    committee = Committee.objects.order_by("pk").first()
    return Brand(committee=committee, name=_("Torchbearer")) if committee is not None else None


@transaction.atomic
def save_brand(brand, practices=(), removed=(), *, by):
    """Save the brand and its practices (changed in memory) as one; their history names ``by``.
    ``removed`` are practices to delete."""
    if not may_keep(by):
        raise PermissionDenied(_("The brand is kept by the committee office."))
    brand.full_clean()
    brand._history_user = by
    brand.save()
    for practice in removed:
        if practice.pk is not None and practice.brand_id == brand.pk:
            practice._history_user = by
            practice.delete()
    for practice in practices:
        practice.brand = brand
        practice.full_clean()
        practice._history_user = by
        practice.save()
    return brand
