"""党员示范岗's figure: the members selected for a demonstration post."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from branches.kernel.figures import Figure, register
from branches.ratings.models import Nomination


def selected(period, branch):
    """The members selected in the published rounds whose period ends in ``period``."""
    chosen = Nomination.objects.selected().filter(round__ends_on__range=(period.start, period.end))
    return chosen if branch is None else chosen.filter(branch=branch)


def _link(period, branch):
    query = f"year={period.end.year}" + (f"&branch={branch.pk}" if branch is not None else "")
    return f"{reverse('branches:rating-wall')}?{query}"


register(
    Figure("demonstration_posts_selected", _("Demonstration posts selected"), rows=selected, link=_link),
)
