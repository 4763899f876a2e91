"""Each lecture's attendance and feedback counts (branches.lecture_counts) agree with its rows."""

import datetime

import pytest
from django.db.models import Avg, Count

from branches.lectures import actions
from branches.lectures import counts as lecture_counts
from branches.lectures.models import Lecture, LectureAttendance, LectureFeedback
from tests.conftest import figure
from tests.factories import LectureFactory, PersonFactory
from tests.passing_on_factories import (
    LectureAttendanceFactory,
    LectureFeedbackFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def counts(lecture):
    lecture = Lecture.objects.get(pk=lecture.pk)
    return lecture.attendance_count, lecture.feedback_count, lecture.feedback_total


def test_the_register_and_the_scores_are_counted(office):
    lecture = LectureFactory(branch=office.branch_a)
    people = [office.people["staff_a"], office.people["secretary_a"]]
    assert actions.register_attendance(lecture, people, by=office.users["committee_admin"]) == 2
    assert counts(lecture) == (2, 0, 0)
    actions.give_feedback(lecture, people[0], score=5)
    actions.give_feedback(lecture, people[1], score=2)
    assert counts(lecture) == (2, 2, 7)


def test_a_lecture_saved_with_the_counts_it_was_loaded_with(office):
    lecture = LectureFactory(branch=office.branch_a)
    loaded = Lecture.objects.get(pk=lecture.pk)  # as the edit form loads it
    actions.register_attendance(lecture, [office.people["staff_a"]], by=office.users["committee_admin"])
    loaded.topic = "改过的题目"
    loaded.save()  # writes back attendance_count=0
    assert counts(lecture) == (1, 0, 0)


def test_a_row_deleted_or_moved_to_another_lecture(office):
    first, second = LectureFactory(), LectureFactory()
    attendance = LectureAttendanceFactory(lecture=first)
    feedback = LectureFeedbackFactory(lecture=first, person=attendance.person, score=3)
    assert counts(first) == (1, 1, 3)
    attendance.lecture = second
    attendance.save()
    assert counts(first) == (0, 1, 3) and counts(second) == (1, 0, 0)
    feedback.delete()
    assert counts(first) == (0, 0, 0)
    second.delete()
    assert not LectureAttendance.objects.exists()


def test_rebuild_counts_rows_written_in_bulk(office):
    lecture = LectureFactory()
    people = PersonFactory.create_batch(3)
    LectureAttendance.objects.bulk_create(LectureAttendance(lecture=lecture, person=person, method="register") for person in people)
    LectureFeedback.objects.bulk_create(LectureFeedback(lecture=lecture, person=person, score=4) for person in people)
    assert counts(lecture) == (0, 0, 0)
    lecture_counts.rebuild()
    assert counts(lecture) == (3, 3, 12)


def test_the_years_figures_are_those_of_the_rows(office):
    for index in range(4):
        lecture = LectureFactory(date=D(2021, 1 + index, 10), branch=office.branch_a if index % 2 else office.branch_b)
        for person in PersonFactory.create_batch(index + 1):
            LectureAttendanceFactory(lecture=lecture, person=person)
            LectureFeedbackFactory(lecture=lecture, person=person, score=1 + (person.pk + index) % 5)
    LectureFeedbackFactory(lecture=LectureFactory(date=D(2020, 5, 1)), score=1)  # another year
    rows = LectureFeedback.objects.filter(lecture__date__year=2021).aggregate(average=Avg("score"), scores=Count("pk"))
    assert figure("lecture_attendances", 2021) == LectureAttendance.objects.filter(lecture__date__year=2021).count() == 10
    assert figure("lecture_scores", 2021) == rows["scores"] == 10
    assert figure("lecture_average_score", 2021) == pytest.approx(round(float(rows["average"]), 1))
    assert figure("lecture_attendances", 2021, branch=office.branch_a) == 2 + 4


def test_a_year_without_scores_has_no_average(office):
    LectureFactory(date=D(2021, 3, 1))
    assert figure("lecture_average_score", 2021) is None
    assert figure("lecture_attendances", 2021) == 0
