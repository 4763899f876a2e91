"""How much faster approval became: the speed-ups, always computed (``1 - actual / baseline``),
averaged over the investment projects approved in a period and the joint items in force."""

from django.db.models import Avg, Count, F, FloatField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from branches.kernel.figures import Figure, percent, register
from services.speedups.models import InvestmentProject, JointItem


def speedup_expression(actual, baseline):
    return 1 - Cast(F(actual), FloatField()) / Cast(F(baseline), FloatField())


def joint_items(period, branch=None):
    """Joint items in force at the end of the period (they accumulate) and their average speed-up;
    they are the office's (several departments', not a branch's)."""
    figures = JointItem.objects.filter(launched_on__lte=period.end).aggregate(
        count=Count("pk"), average=Avg(speedup_expression("current_days", "baseline_days"))
    )
    return {"joint_items": figures["count"], "joint_items_average_speedup": percent(figures["average"])}


def projects(period, branch=None):
    """Investment projects approved in the period (led by a member of the branch) and their average speed-up."""
    approved = InvestmentProject.objects.filter(approved_on__range=(period.start, period.end))
    if branch is not None:
        approved = approved.filter(team_leader__branch=branch)
    figures = approved.aggregate(count=Count("pk"), average=Avg(speedup_expression("actual_days", "baseline_days")))
    return {"investment_projects": figures["count"], "investment_projects_average_speedup": percent(figures["average"])}


def _projects_link(period, branch):
    return f"{reverse('services:project-list')}?year={period.end.year}"


def _items_link(period, branch):
    return reverse("services:joint-item-list")


register(
    Figure("joint_items", _("Joint-handling items in force"), source=joint_items, office_wide=True, link=_items_link),
    Figure("joint_items_average_speedup", _("Joint items: average speed-up"), "%", source=joint_items, office_wide=True,
           link=_items_link),
    Figure("investment_projects", _("Investment projects approved"), source=projects, link=_projects_link),
    Figure("investment_projects_average_speedup", _("Investment projects: average speed-up"), "%", source=projects,
           link=_projects_link),
)
