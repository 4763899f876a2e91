"""Reading the brand: the one brand of the office, and the period "since the brand began"."""

import datetime

from branches.brand.models import DEFAULT_START, Brand
from branches.kernel.periods import Period


def current_brand():
    """The office's brand with its practices, or None before the committee office writes it down."""
    return Brand.objects.select_related("committee").prefetch_related("practices").order_by("pk").first()


def brand_start():
    """The day the brand began (the committee office's setting), or the default before it is set."""
    started_on = Brand.objects.order_by("pk").values_list("started_on", flat=True).first()
    return started_on or DEFAULT_START


def since_the_brand_began(year):
    """From the day the brand began to the end of ``year``: a period that ends before it starts
    (and so counts nothing) for a year before the brand began."""
    return Period(brand_start(), datetime.date(year, 12, 31))
