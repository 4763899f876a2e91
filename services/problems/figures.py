"""The problem loop's figures: open now, overdue measures, resolved and verified in a period, and
the classes solved for good by its end."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.kernel.figures import Figure, register
from services.problems.models import Measure, Problem, ProblemClass, ProblemStatus


def _problems(branch):
    problems = Problem.objects.all()
    return problems if branch is None else problems.filter(branch=branch)


def open_problems(period, branch):
    """Open now (found, discussed or in progress), whatever the period."""
    return _problems(branch).open()


def overdue_measures(period, branch):
    """Measures past their deadline and not done, today."""
    measures = Measure.objects.overdue(timezone.localdate())
    return measures if branch is None else measures.filter(problem__branch=branch)


def resolved(period, branch):
    """Resolved in the period (from their index by resolution date)."""
    return _problems(branch).filter(resolved_on__range=(period.start, period.end))


def verified(period, branch):
    return _problems(branch).filter(verified_on__range=(period.start, period.end))


def classes_in_force(period, branch):
    """Problem classes solved for good by the end of the period (they accumulate): a class counts
    for the office, or a branch, once a problem of its own was verified under it by then. A class
    merely written down (in Django admin, say) counts for nobody."""
    problems = Problem.objects.filter(problem_class=OuterRef("pk"), status=ProblemStatus.VERIFIED, verified_on__lte=period.end)
    if branch is not None:
        problems = problems.filter(branch=branch)
    return ProblemClass.objects.filter(Exists(problems))


def _link(query):
    return lambda period, branch: f"{reverse('services:problem-list')}?{query}"


register(
    Figure("problems_open", _("Problems open now"), rows=open_problems, link=_link("open=1")),
    Figure("overdue_measures", _("Overdue measures"), rows=overdue_measures, link=_link("overdue=1")),
    Figure("problems_resolved", _("Problems resolved"), rows=resolved, link=_link("status=resolved")),
    Figure("problems_verified", _("Problems verified"), rows=verified, link=_link("status=verified")),
    Figure("problem_classes", _("Problem classes solved for good"), rows=classes_in_force, link=_link("classes=1")),
)
