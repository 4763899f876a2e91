"""Membership development's figures: the steps taken in a period, by stage."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from branches.kernel.figures import Figure, register
from branches.people.development import PoliticalStatus
from branches.people.models import DevelopmentStep


def steps_to(stage):
    """The development steps to ``stage`` taken in the period (by members of the branch)."""

    def rows(period, branch):
        steps = DevelopmentStep.objects.filter(stage=stage, date__range=(period.start, period.end))
        return steps if branch is None else steps.filter(person__branch=branch)

    return rows


def _link(stage):
    def link(period, branch):
        query = f"year={period.end.year}" + (f"&branch={branch.pk}" if branch is not None else "")
        return f"{reverse('branches:development-pipeline')}?{query}"

    return link


#: The development figures in the order of the stages, as the funnels show them.
DEVELOPMENT_STEPS = (
    "applications_submitted", "new_activists", "new_development_candidates", "new_party_members", "new_full_members",
)

register(
    Figure("applications_submitted", _("Applications to join the party"), rows=steps_to(PoliticalStatus.APPLICANT),
           link=_link(PoliticalStatus.APPLICANT)),
    Figure("new_activists", _("New activists"), rows=steps_to(PoliticalStatus.ACTIVIST), link=_link(PoliticalStatus.ACTIVIST)),
    Figure("new_development_candidates", _("New development candidates"), rows=steps_to(PoliticalStatus.CANDIDATE),
           link=_link(PoliticalStatus.CANDIDATE)),
    Figure("new_party_members", _("New (probationary) party members"), rows=steps_to(PoliticalStatus.PROBATIONARY),
           link=_link(PoliticalStatus.PROBATIONARY)),
    Figure("new_full_members", _("Probationary members become full members"), rows=steps_to(PoliticalStatus.FULL),
           link=_link(PoliticalStatus.FULL)),
)
