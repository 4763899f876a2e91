"""Template helpers of the problem loop for pages that are not the loop's own."""

from django import template

from branches.kernel.scope import scope_for
from services.problems.models import Problem

register = template.Library()


@register.simple_tag(takes_context=True)
def patrol_problem(context, patrol):
    """For a patrol: the problem its finding became (or None), and whether the user may turn it into one.

    The person who patrolled and the managers of the patrol's branch may; the action checks again.
    """
    if not getattr(patrol, "found_problem", False):
        return {"problem": None, "may_report": False}
    problem = Problem.objects.filter(patrol=patrol).only("pk", "title", "status").first()
    user = context["request"].user
    scope = scope_for(user)
    may = problem is None and (patrol.person_id == scope.person_id or scope.can_manage_branch(patrol.branch_id))
    return {"problem": problem, "may_report": may}
