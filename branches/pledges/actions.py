"""Saving a branch's brand and a member's one-sentence pledge (一句话服务承诺)."""

from django.db import transaction


@transaction.atomic
def save_brand(brand):
    brand.full_clean()
    brand.save()
    return brand


@transaction.atomic
def save_pledge(pledge):
    """A member's pledge for a year: one per member and year (the model's constraint says so)."""
    pledge.full_clean()
    pledge.save()
    return pledge
