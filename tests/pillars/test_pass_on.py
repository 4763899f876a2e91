"""The 传承 pillar page: lecture calendar with gaps, mentor pairings, studios; by year and branch."""

import datetime

import pytest
from django.urls import reverse

from branches.lectures import actions as lectures_actions
from branches.lectures.models import Lecture
from branches.lectures.selectors import calendar_months
from branches.mentoring import actions as mentoring_actions
from services.studios.selectors import studios_for_page
from tests.conftest import ROLES, figure, query_count
from tests.factories import (
    CaseFactory,
    LectureFactory,
    MentorshipFactory,
    PersonFactory,
    StudioFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("pillar-pass-on")
D = datetime.date


def add_pass_on_data(office, count):
    """``count`` lectures, pairs and cases spread over both branches in 2021."""
    for index in range(count):
        branch = office.branch_a if index % 2 else office.branch_b
        speaker = PersonFactory(branch=branch)
        lecture = LectureFactory(date=D(2021, 1 + index % 12, 10), branch=branch, speakers=[speaker])
        lectures_actions.register_attendance(lecture, [speaker, office.people["staff_a"]], by=office.users["committee_admin"])
        pair = MentorshipFactory(mentor=speaker, mentee=PersonFactory(branch=branch))
        pair.sessions.create(date=D(2021, 2, 1), method="teach", content="带教", hours=1)
        CaseFactory(studio=StudioFactory(leader=speaker), opened_on=D(2021, 3, 1))


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_page(login, office, role):
    response = login(role).get(URL, {"year": 2021})
    assert response.status_code == 200
    assert "传承" in response.content.decode()


def test_a_month_that_passed_without_a_lecture_is_flagged(office):
    LectureFactory(date=D(2021, 1, 14))
    LectureFactory(date=D(2021, 3, 18))
    months = calendar_months(Lecture.objects.all(), 2021, today=D(2021, 5, 2))
    assert [month.count for month in months[:5]] == [1, 0, 1, 0, 0]
    assert [month.number for month in months if month.flagged] == [2, 4]


def test_the_page_shows_the_flag(login, office):
    LectureFactory(date=D(2021, 1, 14))
    response = login("staff_a").get(URL, {"year": 2021})
    assert response.content.decode().count("tb-month-gap") == 11


def test_the_branch_filter_narrows_every_figure(login, office):
    add_pass_on_data(office, 4)
    assert figure("lectures_held", 2021) == 4
    assert figure("lectures_held", 2021, branch=office.branch_a) == 2
    assert figure("active_mentorships", 2021, branch=office.branch_a) == 2
    assert len(studios_for_page(2021, branch=office.branch_a)) == 2
    response = login("committee_member").get(URL, {"year": 2021, "branch": office.branch_a.pk})
    assert response.status_code == 200
    assert response.context["figures"]["lectures_held"].value == 2


def test_pairs_are_listed_only_to_those_who_may_see_them(login, office):
    MentorshipFactory(mentor=office.people["secretary_a"], mentee=office.people["staff_a"])
    assert len(login("secretary_a").get(URL, {"year": 2021}).context["pairs"]) == 1
    assert login("staff_b").get(URL, {"year": 2021}).context["pairs"] == []


def test_only_final_evaluations_complete_a_pair_in_their_year(office):
    pair = MentorshipFactory(mentor=office.people["secretary_a"], mentee=office.people["staff_a"])
    pair.sessions.create(date=D(2021, 2, 1), method="teach", content="带教", hours=1)
    mentoring_actions.evaluate_mentorship(
        pair, by=office.users["secretary_a"], stage="final", text="合格", rating="good", on=D(2021, 12, 31)
    )
    assert figure("mentorships_completed", 2021) == 1
    assert figure("active_mentorships", 2022) == 0


@pytest.mark.parametrize("query", [{"year": "abc"}, {"year": "1900"}, {"branch": "999999"}, {"branch": "x"}])
def test_bad_filters_fall_back_to_this_year_for_every_branch(login, office, query):
    response = login("staff_a").get(URL, query)
    assert response.status_code == 200
    assert response.context["branch"] is None


@pytest.mark.parametrize("role", ["committee_admin", "secretary_a", "staff_a"])
def test_the_query_count_does_not_grow_with_the_data(login, office, django_assert_max_num_queries, role):
    client = login(role)
    add_pass_on_data(office, 2)
    small = query_count(django_assert_max_num_queries, client, f"{URL}?year=2021")
    add_pass_on_data(office, 20)
    large = query_count(django_assert_max_num_queries, client, f"{URL}?year=2021")
    assert large == small
