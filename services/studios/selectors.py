"""The queries behind the studio pages."""

from django.db.models import Count, Q

from services.studios.models import Studio, StudioMilestone


def studio_detail(studio):
    """The studio's members and its milestones as a timeline (cases are paginated apart)."""
    members = list(studio.members.select_related("branch").order_by("name"))
    milestones = list(StudioMilestone.objects.filter(studio=studio).order_by("-date", "-pk"))
    counts = studio.cases.aggregate(
        open=Count("pk", filter=Q(status="open")), closed=Count("pk", filter=Q(status="closed"))
    )
    return members, milestones, counts


def studios_for_list(queryset):
    return queryset.select_related("leader", "leader__branch").annotate(
        member_count=Count("members", distinct=True),
        open_cases=Count("cases", filter=Q(cases__status="open"), distinct=True),
        closed_cases=Count("cases", filter=Q(cases__status="closed"), distinct=True),
    )


def studios_for_page(year, *, branch=None):
    """Each studio with its open cases, cases opened and closed in the year and the year's
    milestones: two queries."""
    studios = Studio.objects.select_related("leader").annotate(
        open_cases=Count("cases", filter=Q(cases__status="open"), distinct=True),
        closed_in_year=Count("cases", filter=Q(cases__closed_on__year=year), distinct=True),
        opened_in_year=Count("cases", filter=Q(cases__opened_on__year=year), distinct=True),
    )
    if branch is not None:
        studios = studios.filter(leader__branch=branch)
    studios = list(studios)
    milestones = {}
    for milestone in StudioMilestone.objects.filter(studio__in=[s.pk for s in studios], date__year=year):
        milestones.setdefault(milestone.studio_id, []).append(milestone)
    for studio in studios:
        studio.year_milestones = milestones.get(studio.pk, [])
    return studios
