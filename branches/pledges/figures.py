"""一句话服务承诺's figures: the pledges made for a year, and those displayed at the windows."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from branches.kernel.figures import Figure, register
from branches.pledges.models import ServicePledge


def made(period, branch):
    """The pledges of the period's years (by members of the branch)."""
    pledges = ServicePledge.objects.filter(year__gte=period.start.year, year__lte=period.end.year)
    return pledges if branch is None else pledges.filter(person__branch=branch)


def displayed(period, branch):
    return made(period, branch).filter(displayed=True)


def _link(period, branch):
    query = f"year={period.end.year}" + (f"&branch={branch.pk}" if branch is not None else "")
    return f"{reverse('branches:pledge-board')}?{query}"


register(
    Figure("pledges_made", _("Pledges made"), rows=made, link=_link),
    Figure("pledges_displayed", _("Pledges displayed at the windows"), rows=displayed, link=_link),
)
