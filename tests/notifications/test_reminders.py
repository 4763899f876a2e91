"""The daily run's reminders: who is told what, once, whatever the number of runs."""

import datetime

import pytest
from django.core.management import call_command

from branches.lectures.models import LectureAttendance, LectureFeedback
from branches.people.models import Person, PoliticalStatus
from branches.ratings import actions as rating_actions
from services.notifications import reminders
from services.notifications.models import Notification, NotificationKind
from services.problems import actions as problem_actions
from tests.factories import LectureFactory, PersonFactory, UserFactory
from tests.ratings.factories import round_with_setup

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 7)


def notices(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind).values_list("message", flat=True))


def measure(office, deadline, owner="staff_a"):
    problem = problem_actions.report_problem(
        by=office.users["staff_a"], title="自助机缺纸", description="二楼自助机打印纸用完",
        source="window", branch=office.branch_a, found_on=TODAY - datetime.timedelta(days=20),
    )
    meeting = problem_actions.hold_round_table(
        by=office.users["secretary_a"], date=TODAY - datetime.timedelta(days=10), title="圆桌会",
        attendees=[office.people["secretary_a"]], problems=[problem],
        measures=[(problem, "每日开门前检查纸张", office.people[owner], deadline)],
    )
    return meeting.measures.get()


def test_a_measure_owner_is_told_when_the_deadline_is_near_and_again_when_past(office):
    item = measure(office, TODAY + datetime.timedelta(days=3))
    reminders.send_all(TODAY - datetime.timedelta(days=1))
    assert notices(office.users["staff_a"], NotificationKind.DEADLINE) == []
    reminders.send_all(TODAY)
    reminders.send_all(TODAY + datetime.timedelta(days=1))
    [near] = notices(office.users["staff_a"], NotificationKind.DEADLINE)
    assert "2026-12-10" in near and "每日开门前检查纸张" in near
    reminders.send_all(TODAY + datetime.timedelta(days=4))
    assert len(notices(office.users["staff_a"], NotificationKind.DEADLINE)) == 2
    item.done_on = TODAY
    item.save()
    Notification.objects.all().delete()
    reminders.send_all(TODAY + datetime.timedelta(days=5))
    assert notices(office.users["staff_a"], NotificationKind.DEADLINE) == []


def test_running_twice_tells_nobody_twice(office):
    measure(office, TODAY)
    LectureFactory(date=TODAY + datetime.timedelta(days=1), branch=office.branch_a)
    first = reminders.send_all(TODAY)
    again = reminders.send_all(TODAY)
    assert first[NotificationKind.DEADLINE] == 1 and first[NotificationKind.LECTURE] > 0
    assert set(again.values()) == {0}


def test_tomorrows_lecture_reaches_its_branch_and_a_committee_lecture_everyone(office):
    LectureFactory(date=TODAY + datetime.timedelta(days=1), branch=office.branch_a, topic="优化营商环境")
    reminders.send_all(TODAY)
    assert any("优化营商环境" in text for text in notices(office.users["staff_a"], NotificationKind.LECTURE))
    assert notices(office.users["staff_b"], NotificationKind.LECTURE) == []
    LectureFactory(date=TODAY + datetime.timedelta(days=1), branch=None, topic="党课")
    reminders.send_all(TODAY)
    assert any("党课" in text for text in notices(office.users["staff_b"], NotificationKind.LECTURE))


def test_an_attendee_without_feedback_is_asked_for_it_in_the_week_after(office):
    lecture = LectureFactory(date=TODAY - datetime.timedelta(days=2), branch=office.branch_a, topic="窗口礼仪")
    LectureAttendance.objects.create(lecture=lecture, person=office.people["staff_a"])
    LectureAttendance.objects.create(lecture=lecture, person=office.people["secretary_a"])
    LectureFeedback.objects.create(lecture=lecture, person=office.people["secretary_a"], score=5)
    reminders.send_all(TODAY)
    assert any("窗口礼仪" in text for text in notices(office.users["staff_a"], NotificationKind.LECTURE))
    assert notices(office.users["secretary_a"], NotificationKind.LECTURE) == []


def test_raters_who_have_not_scored_and_branches_that_have_not_nominated_are_told(office):
    rating_round = round_with_setup(office, status="nominating")
    reminders.send_all(TODAY)
    assert notices(office.users["secretary_a"], NotificationKind.RATING)
    assert notices(office.users["secretary_b"], NotificationKind.RATING)
    assert notices(office.users["staff_a"], NotificationKind.RATING) == []
    Notification.objects.all().delete()
    rating_actions.nominate(
        rating_round, office.people["group_leader_a"], by=office.users["secretary_a"], post="综合窗口", reason="热情"
    )
    reminders.send_all(TODAY)
    assert notices(office.users["secretary_a"], NotificationKind.RATING) == []
    assert notices(office.users["secretary_b"], NotificationKind.RATING)
    rating_actions.open_scoring(rating_round, by=office.users["committee_admin"])
    reminders.send_all(TODAY)
    raters = Person.objects.filter(rating_appointments__round=rating_round)
    assert all(notices(rater.user, NotificationKind.RATING) for rater in raters)


def test_a_probation_ending_within_a_month_reaches_the_member_and_the_secretary(office):
    staff = office.people["staff_a"]
    Person.objects.filter(pk=staff.pk).update(stage_since=datetime.date(2025, 12, 20))
    reminders.send_all(TODAY)
    [to_member] = notices(office.users["staff_a"], NotificationKind.PROBATION)
    assert "2026-12-20" in to_member
    assert any("staff_a" in text for text in notices(office.users["secretary_a"], NotificationKind.PROBATION))
    assert notices(office.users["secretary_b"], NotificationKind.PROBATION) == []


def test_a_probation_ending_later_is_not_announced_yet(office):
    Person.objects.filter(pk=office.people["staff_a"].pk).update(stage_since=datetime.date(2026, 3, 1))
    reminders.send_all(TODAY)
    assert notices(office.users["staff_a"], NotificationKind.PROBATION) == []


def test_development_steps_due_are_counted_once_a_month_for_the_branch_managers(office):
    for name in ("积极分子甲", "积极分子乙"):
        person = PersonFactory(branch=office.branch_a, name=name, political_status=PoliticalStatus.ACTIVIST)
        Person.objects.filter(pk=person.pk).update(stage_since=datetime.date(2024, 1, 1))
    reminders.send_all(TODAY)
    reminders.send_all(TODAY + datetime.timedelta(days=3))
    [notice] = notices(office.users["secretary_a"], NotificationKind.DEVELOPMENT)
    assert "2" in notice
    assert notices(office.users["branch_committee_a"], NotificationKind.DEVELOPMENT)
    assert notices(office.users["secretary_b"], NotificationKind.DEVELOPMENT) == []
    reminders.send_all(datetime.date(2027, 1, 4))
    assert len(notices(office.users["secretary_a"], NotificationKind.DEVELOPMENT)) == 2


def test_the_daily_run_takes_a_bounded_number_of_queries_whatever_the_audience(
    office, django_assert_max_num_queries
):
    LectureFactory(date=TODAY + datetime.timedelta(days=1), branch=None)
    for index in range(30):
        PersonFactory(branch=office.branch_a, user=UserFactory())
    with django_assert_max_num_queries(30):
        reminders.send_all(TODAY)
    assert Notification.objects.filter(kind=NotificationKind.LECTURE).count() >= 30


def test_the_command_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("daily_notices", "--date", "2026-13-40")


def test_nothing_is_told_of_what_is_loaded_silenced(office):
    from services.notifications import actions
    from services.records import actions as record_actions
    from tests.factories import ServiceRecordFactory

    with actions.silenced():
        actions.send(office.users["staff_a"].pk, "已通过：上门服务")
        record = ServiceRecordFactory(person=office.people["staff_a"], branch=office.branch_a)
        record_actions.approve(record, by=office.users["secretary_a"])
        measure(office, TODAY)
        reminders.send_all(TODAY)
    assert not Notification.objects.exists()
    actions.send(office.users["staff_a"].pk, "已通过：上门服务")
    assert Notification.objects.filter(recipient=office.users["staff_a"], kind=NotificationKind.OUTCOME).count() == 1
