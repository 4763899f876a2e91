"""The queries behind the mentoring pages."""

from django.db.models import Count, OuterRef, Subquery, Sum

from branches.kernel.queries import count_of
from branches.mentoring.models import Mentorship, MentorshipSession


def mentorships_for_list(queryset):
    sessions = MentorshipSession.objects.filter(mentorship=OuterRef("pk"))
    return queryset.select_related("mentor", "mentee", "mentee__branch").annotate(
        session_count=count_of(sessions), last_session=Subquery(sessions.order_by("-date").values("date")[:1])
    )


def mentorship_detail(mentorship_id):
    return (
        Mentorship.objects.select_related("mentor__branch", "mentee__branch", "evaluated_by")
        .annotate(session_count=Count("sessions"), session_hours=Sum("sessions__hours"))
        .get(pk=mentorship_id)
    )


PAIRS_SHOWN = 12


def pairs_for_page(user, period, *, branch=None, limit=PAIRS_SHOWN):
    """The pairs active in ``period`` the user may see, with their session counts: one query."""
    pairs = Mentorship.objects.visible_to(user).active_between(period.start, period.end)
    if branch is not None:
        pairs = pairs.filter(mentee__branch=branch)
    return list(
        pairs.select_related("mentor", "mentee", "mentee__branch")
        .annotate(session_count=count_of(MentorshipSession.objects.filter(mentorship=OuterRef("pk"))))
        .order_by("status", "-starts_on")[:limit]
    )
