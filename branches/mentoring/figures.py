"""导师帮带's figures: the pairs that ran in a period, their kinds, sessions and hours, and the members
each person mentored (the raters' evidence)."""

from collections import defaultdict

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from branches.kernel.figures import HOURS, Figure, register
from branches.mentoring.models import (
    Mentorship,
    MentorshipSession,
    MentorshipStatus,
    PairingKind,
)


def active(period, branch=None):
    """The mentor pairs that ran at some time in the period (mentoring a member of the branch)."""
    pairs = Mentorship.objects.active_between(period.start, period.end)
    return pairs if branch is None else pairs.filter(mentee__branch=branch)


def mentoring(period, branch):
    figures = active(period, branch).aggregate(
        pairs_old_with_new=Count("pk", filter=Q(kind=PairingKind.OLD_WITH_NEW)),
        pairs_experienced_with_young=Count("pk", filter=Q(kind=PairingKind.EXPERIENCED_WITH_YOUNG)),
        mentorships_completed=Count(
            "pk", filter=Q(status=MentorshipStatus.COMPLETED, ended_on__range=(period.start, period.end))
        ),
    )
    pairs = Mentorship.objects.all() if branch is None else Mentorship.objects.filter(mentee__branch=branch)
    sessions = MentorshipSession.objects.filter(
        mentorship__in=pairs.values("pk"), date__range=(period.start, period.end)
    ).aggregate(mentoring_sessions=Count("pk"), mentoring_hours=Sum("hours"))
    return {**figures, **sessions}


def per_person(period, person_ids):
    """The members each person mentored in the period."""
    figures = defaultdict(dict)
    for row in active(period).filter(mentor__in=person_ids).values("mentor").annotate(count=Count("pk")):
        figures["members_mentored"][row["mentor"]] = row["count"]
    return figures


def pairings_per_person(period, person_ids):
    """The pairs each person was in, as mentor or as mentee, that ran in the period."""
    wanted = set(person_ids)
    pairs = active(period).filter(Q(mentor__in=wanted) | Q(mentee__in=wanted)).values_list("mentor", "mentee")
    counted = defaultdict(int)
    for mentor, mentee in pairs:
        for person in {mentor, mentee} & wanted:
            counted[person] += 1
    return {"pairings": dict(counted)}


def _link(period, branch):
    return reverse("branches:mentorship-list") + (f"?branch={branch.pk}" if branch is not None else "")


register(
    Figure("active_mentorships", _("Active mentor pairs"), rows=active, link=_link),
    Figure("pairs_old_with_new", _("Old with new (老带新)"), source=mentoring, link=_link),
    Figure("pairs_experienced_with_young", _("Experienced with young (蓝带青)"), source=mentoring, link=_link),
    Figure("mentorships_completed", _("Pairs completed"), source=mentoring, link=_link),
    Figure("mentoring_sessions", _("Sessions"), source=mentoring, link=_link),
    Figure("mentoring_hours", _("Hours of mentoring"), HOURS, source=mentoring, link=_link),
    Figure("members_mentored", _("Members mentored"), per_person=per_person),
    Figure("pairings", _("Mentor pairings"), per_person=pairings_per_person),
)
