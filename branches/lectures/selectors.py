"""The queries behind the lecture pages: the calendar, a lecture's page, its feedback. Each runs a
fixed number of SQL queries, however many lectures, attendees or scores there are."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, Prefetch
from django.db.models.expressions import Window
from django.db.models.functions import ExtractMonth, RowNumber
from django.utils import timezone

from branches.lectures.models import (
    Lecture,
    LectureAttendance,
    LectureFeedback,
    LectureQuestion,
)
from branches.people.models import Person

CALENDAR_LECTURES_PER_MONTH = 6


@dataclass
class CalendarMonth:
    year: int
    number: int
    count: int = 0
    lectures: list = field(default_factory=list)
    is_past: bool = False
    is_current: bool = False

    @property
    def first_day(self):
        return datetime.date(self.year, self.number, 1)

    @property
    def flagged(self):
        """A month that has passed without any lecture."""
        return self.is_past and not self.count

    @property
    def more(self):
        return self.count - len(self.lectures)


def calendar_months(lectures, year, *, today=None):
    """The twelve months of ``year`` with how many of ``lectures`` each holds, in one query."""
    today = today or timezone.localdate()
    counts = dict(
        lectures.in_year(year)
        .order_by()
        .annotate(month=ExtractMonth("date"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    return [
        CalendarMonth(
            year=year,
            number=number,
            count=counts.get(number, 0),
            is_past=datetime.date(year, number, 1) < today.replace(day=1),
            is_current=(year, number) == (today.year, today.month),
        )
        for number in range(1, 13)
    ]


def lecture_calendar(lectures, year, *, today=None, per_month=CALENDAR_LECTURES_PER_MONTH):
    """The twelve months of ``year``: how many lectures each has and the first ``per_month`` of them.

    ``lectures`` is the queryset the user may see (filtered by organiser if wanted). Four queries:
    the counts (:func:`calendar_months`), the keys of the first lectures of each month (ranked by
    a window function), those lectures, their speakers. Ranking whole rows joined with their
    branches sorted a province's 4,000 lectures of a year with every column; and as a subquery
    the ranked keys are taken for thousands, so that all 20,000 lectures were read to find 72.
    """
    in_year = lectures.in_year(year)
    months = calendar_months(lectures, year, today=today)
    if any(month.count for month in months):
        first_of_month = (
            in_year.annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[ExtractMonth("date")],
                    order_by=[F("date").asc(), F("starts_at").asc(), F("pk").asc()],
                ),
            )
            .filter(rank__lte=per_month)
            .values_list("pk", flat=True)
        )
        for lecture in _for_lines(Lecture.objects.filter(pk__in=list(first_of_month))):
            months[lecture.date.month - 1].lectures.append(lecture)
    return months


def lectures_of_month(lectures, year, month):
    return _for_lines(lectures.in_month(year, month))


def _for_lines(lectures):
    """``lectures`` as the calendar's lines show them (branches.templatetags.lectures), in date order,
    with ``speaker_list``.

    The speakers come as a plain list: a line asks for them three times, and each asking for a
    prefetched ``speakers.all()`` builds a related manager and a queryset again.
    """
    speakers = Prefetch("speakers", queryset=Person.objects.only("name").order_by("name"), to_attr="speaker_list")
    return lectures.select_related("branch").prefetch_related(speakers).order_by("date", "starts_at", "pk")


def lecture_detail(lecture_id):
    """One lecture with its speakers, materials, register and questions, in five queries."""
    return (
        Lecture.objects.select_related("branch")
        .prefetch_related(
            Prefetch("speakers", queryset=Person.objects.select_related("branch").order_by("name")),
            "materials",
            Prefetch(
                "attendances",
                queryset=LectureAttendance.objects.select_related("person", "person__branch").order_by(
                    "person__branch__number", "person__name"
                ),
            ),
            Prefetch("questions", queryset=LectureQuestion.objects.select_related("answered_by")),
        )
        .get(pk=lecture_id)
    )


def lecture_feedback(lecture):
    return LectureFeedback.objects.filter(lecture=lecture).aggregate(average=Avg("score"), count=Count("pk"))
