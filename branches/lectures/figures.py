"""政务讲堂's figures: lectures held in a period, their speakers, attendances and scores, and the
lectures each person gave or attended (the raters' evidence, a member's own year)."""


from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from branches.kernel.figures import Figure, register
from branches.kernel.queries import Distinct
from branches.lectures.models import Lecture, LectureAttendance


def held(period, branch=None):
    """The lectures of the period (organised by the branch)."""
    lectures = Lecture.objects.filter(date__range=(period.start, period.end))
    return lectures if branch is None else lectures.filter(branch=branch)


def speakers(period, branch):
    """The people who gave a lecture of the period, each once: counted from the lectures'
    speakers (COUNT DISTINCT), not by looking up every person (docs/PERFORMANCE.md)."""
    given = Lecture.speakers.through.objects.filter(lecture__date__range=(period.start, period.end))
    if branch is not None:
        given = given.filter(lecture__branch=branch)
    return Distinct(given, "person")


def lectures(period, branch):
    """Attendances, scores and the average score: one query, summed from the counts each lecture
    keeps (branches.lectures.counts)."""
    sums = held(period, branch).aggregate(
        lecture_attendances=Sum("attendance_count", default=0),
        lecture_scores=Sum("feedback_count", default=0),
        score_total=Sum("feedback_total", default=0),
    )
    total = sums.pop("score_total")
    sums["lecture_average_score"] = round(total / sums["lecture_scores"], 1) if sums["lecture_scores"] else None
    return sums


def given_per_person(period, person_ids):
    """The lectures each person gave in the period (the raters' evidence, a member's own year)."""
    given = (
        Lecture.speakers.through.objects.filter(person__in=person_ids, lecture__date__range=(period.start, period.end))
        .values("person")
        .annotate(count=Count("lecture", distinct=True))
    )
    return {"lectures_given": {row["person"]: row["count"] for row in given}}


def attended_per_person(period, person_ids):
    attended = (
        LectureAttendance.objects.filter(person__in=person_ids, lecture__date__range=(period.start, period.end))
        .values("person")
        .annotate(count=Count("pk"))
    )
    return {"lectures_attended": {row["person"]: row["count"] for row in attended}}


def _link(period, branch):
    query = f"year={period.end.year}" + (f"&branch={branch.pk}" if branch is not None else "")
    return f"{reverse('branches:lecture-list')}?{query}"


register(
    Figure("lectures_held", _("Lectures held"), rows=held, link=_link),
    Figure("lecture_speakers", _("Speakers"), rows=speakers, link=_link),
    Figure("lecture_attendances", _("Attendances"), source=lectures, link=_link),
    Figure("lecture_scores", _("Scores given"), source=lectures, link=_link),
    Figure("lecture_average_score", _("Average score"), source=lectures, link=_link),
    Figure("lectures_given", _("Lectures given"), per_person=given_per_person),
    Figure("lectures_attended", _("Lectures attended"), per_person=attended_per_person),
)
