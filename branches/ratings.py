"""党员示范岗 figures: the evidence raters see beside each nominee, and the wall.

Evidence comes from approved records only and is computed for all nominations of a round in one
grouped query per kind, never one query per nominee.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from branches.models import Lecture, Mentorship, Nomination, ServicePledge


def evidence_for(person_ids, start, end):
    """``{person_id: {"hours", "services", "deeds", "lectures", "mentoring"}}`` within start–end."""
    from services.models import PracticalDeed, ServiceRecord

    person_ids = list(person_ids)
    evidence = defaultdict(lambda: {"hours": Decimal(0), "services": 0, "deeds": 0, "lectures": 0, "mentoring": 0})
    if not person_ids:
        return evidence
    services = (
        ServiceRecord.objects.approved()
        .filter(person__in=person_ids, date__range=(start, end))
        .values("person")
        .annotate(hours=Sum("hours"), count=Count("pk"))
    )
    for row in services:
        evidence[row["person"]]["hours"] = row["hours"]
        evidence[row["person"]]["services"] = row["count"]
    deeds = (
        PracticalDeed.objects.approved()
        .filter(person__in=person_ids, date__range=(start, end))
        .values("person")
        .annotate(count=Count("pk"))
    )
    for row in deeds:
        evidence[row["person"]]["deeds"] = row["count"]
    lectures = (
        Lecture.speakers.through.objects.filter(person__in=person_ids, lecture__date__range=(start, end))
        .values("person")
        .annotate(count=Count("lecture", distinct=True))
    )
    for row in lectures:
        evidence[row["person"]]["lectures"] = row["count"]
    mentoring = (
        Mentorship.objects.active_between(start, end)
        .filter(mentor__in=person_ids)
        .values("mentor")
        .annotate(count=Count("pk"))
    )
    for row in mentoring:
        evidence[row["mentor"]]["mentoring"] = row["count"]
    return evidence


def attach_evidence(nominations, rating_round):
    """Set ``nomination.evidence`` on each of ``nominations`` (a list)."""
    evidence = evidence_for({n.person_id for n in nominations}, rating_round.starts_on, rating_round.ends_on)
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


def selected_in(year, *, branch=None):
    """The members selected in the rounds of periods ending in ``year``."""
    selected = Nomination.objects.selected().filter(round__ends_on__year=year)
    return selected if branch is None else selected.filter(branch=branch)


def selected_counts(year, *, branch=None):
    """Members selected for a demonstration post: in the rounds of periods ending in ``year``, and
    since the brand began, in one query."""
    selected = Nomination.objects.selected()
    if branch is not None:
        selected = selected.filter(branch=branch)
    return selected.aggregate(in_year=Count("pk", filter=Q(round__ends_on__year=year)), total=Count("pk"))
