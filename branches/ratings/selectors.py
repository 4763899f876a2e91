"""党员示范岗: the evidence raters see beside each nominee, the wall, the members selected.

Evidence comes from the figures registry (approved records, lectures given, members mentored),
computed for all nominations of a round at once.
"""


from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce

from branches.kernel import figures
from branches.kernel.periods import Period
from branches.pledges.models import ServicePledge
from branches.ratings.models import Nomination

#: What raters see beside each nominee, for the round's period (branches.kernel.figures).
EVIDENCE = ["service_hours", "service_records", "practical_deeds", "lectures_given", "members_mentored"]


def evidence_for(person_ids, period):
    """``{person_id: {key: value}}`` of the :data:`EVIDENCE` figures over ``period``: one grouped
    query per feature for all the nominees, never one per nominee."""
    person_ids = list(person_ids)
    values = figures.evaluate_per_person(EVIDENCE, period, person_ids) if person_ids else {}
    return {pk: {key: values.get(key, {}).get(pk) or 0 for key in EVIDENCE} for pk in person_ids}


def attach_evidence(nominations, rating_round):
    """Set ``nomination.evidence`` on each of ``nominations`` (a list)."""
    evidence = evidence_for({n.person_id for n in nominations}, Period(rating_round.starts_on, rating_round.ends_on))
    for nomination in nominations:
        nomination.evidence = evidence[nomination.person_id]
    return nominations


def wall(rating_round=None, *, year=None, branch=None):
    """The selected members of every published round (or one round, the rounds of a year, one
    branch), newest round first, with the pledge of the round's year (else the latest before it,
    else the first after it)."""
    pledges = ServicePledge.objects.filter(person=OuterRef("person"))
    until_round = pledges.filter(year__lte=OuterRef("round__ends_on__year")).order_by("-year")
    after_round = pledges.order_by("year")
    entries = (
        Nomination.objects.selected()
        .select_related("person", "person__branch", "window", "round", "branch")
        .annotate(
            pledge=Coalesce(Subquery(until_round.values("text")[:1]), Subquery(after_round.values("text")[:1]))
        )
        .order_by("-round__starts_on", "round", "branch__number", "person__name")
    )
    if rating_round is not None:
        entries = entries.filter(round=rating_round)
    if year is not None:
        entries = entries.filter(round__ends_on__year=year)
    if branch is not None:
        entries = entries.filter(branch=branch)
    return entries
