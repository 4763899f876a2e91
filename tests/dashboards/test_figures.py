"""The dashboards' figures and to-do lists, per role, from hand-built data; bounded queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from branches.kernel.periods import Period, quarter_start
from services.problems import actions as problems_actions
from services.records import actions as records_actions
from services.records import figures
from tests.conftest import query_count
from tests.factories import (
    LectureFactory,
    MentorshipFactory,
    PersonFactory,
    PracticalDeedFactory,
    ServiceRecordFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("dashboard")
TODAY = datetime.date.today()


def grow(office, count):
    admin = office.users["committee_admin"]
    for index in range(count):
        branch = office.branch_a if index % 2 else office.branch_b
        person = PersonFactory(branch=branch)
        records_actions.approve(ServiceRecordFactory(person=person, date=TODAY, hours=Decimal("2")), by=admin)
        ServiceRecordFactory(person=person, date=TODAY)
        PracticalDeedFactory(person=person, date=TODAY)
        LectureFactory(date=TODAY, branch=branch)
        MentorshipFactory(mentor=person, mentee=PersonFactory(branch=branch), starts_on=TODAY, planned_end=TODAY)


def test_waiting_records_are_counted_per_branch(office):
    ServiceRecordFactory(person=office.people["staff_a"])
    PracticalDeedFactory(person=office.people["staff_a"])
    PracticalDeedFactory(person=office.people["staff_b"])
    assert figures.waiting_by_branch() == {office.branch_a.pk: 2, office.branch_b.pk: 1}


def test_the_branch_rows_are_two_queries_and_agree_with_plain_counts(office, django_assert_num_queries):
    from branches.lectures.models import Lecture
    from branches.mentoring.models import Mentorship
    from branches.organisation.models import Branch
    from branches.people.models import Person
    from services.records.models import RECORD_MODELS, ServiceActivity
    from torchbearer.dashboards import service_by_branch

    grow(office, 4)
    branches = list(Branch.objects.order_by("number"))
    with django_assert_num_queries(2):
        rows = service_by_branch(branches, Period.year(TODAY.year))
    since = quarter_start(TODAY)
    for row in rows:
        branch = row["branch"]
        assert row["waiting"] == sum(model.objects.waiting_for_review().filter(branch=branch).count() for model in RECORD_MODELS)
        assert row["lectures"] == Lecture.objects.filter(date__year=TODAY.year, branch=branch).count()
        assert row["pairs"] == Mentorship.objects.active().filter(mentee__branch=branch).count()
        quiet = [
            person for person in Person.objects.party_members().filter(branch=branch, is_active=True)
            if not any(model.objects.approved().filter(person=person, date__gte=since).exists() for model in RECORD_MODELS)
            and not ServiceActivity.objects.approved().filter(participants=person, date__gte=since).exists()
        ]
        assert row["quiet"] == len(quiet)  # from the records themselves, not the kept dates
        assert row["hours"] == Decimal("4")  # two people of each branch, two approved hours each
    assert all(row["waiting"] and row["lectures"] and row["pairs"] for row in rows)


def test_members_without_activity_this_quarter(office):
    since = quarter_start(TODAY)
    quiet = set(figures.members_without_activity(since, branch=office.branch_a))
    assert office.people["staff_a"] in quiet
    record = ServiceRecordFactory(person=office.people["staff_a"], date=TODAY)
    assert office.people["staff_a"] in set(figures.members_without_activity(since))  # not approved yet
    records_actions.approve(record, by=office.users["secretary_a"])
    assert office.people["staff_a"] not in set(figures.members_without_activity(since))
    assert office.people["staff_b"] not in quiet  # not a party member


def test_the_monthly_trend_counts_approved_records(office):
    record = ServiceRecordFactory(person=office.people["staff_a"], date=datetime.date(2021, 3, 5))
    ServiceRecordFactory(person=office.people["staff_a"], date=datetime.date(2021, 3, 6))
    records_actions.approve(record, by=office.users["secretary_a"])
    trend = figures.monthly_trend(Period.year(2021))
    assert trend[2] == {"month": 3, "counts": [1, 0, 0, 0]}


def test_the_staff_dashboard_shows_the_own_year(login, office):
    record = ServiceRecordFactory(person=office.people["staff_a"], date=TODAY, hours=Decimal("3.5"))
    records_actions.approve(record, by=office.users["secretary_a"])
    response = login("staff_a").get(URL)
    assert response.context["my_year"]["service_hours"] == Decimal("3.5")


def test_the_to_do_list_links_to_where_things_are_done(login, office):
    ServiceRecordFactory(person=office.people["staff_a"])
    todo = login("secretary_a").get(URL).context["todo"]
    items = [(item.count, item.url) for item in todo]
    assert items[0] == (1, reverse("services:review-queue"))
    # staff_a's zone missed this month's working days so far, if any passed yet; no rota is made
    today = datetime.date.today()
    months = 1 if (today + datetime.timedelta(days=7)).month == today.month else 2  # the next one in the last week
    rota = (months, reverse("services:duty-rota-edit", args=[office.branch_a.pk, today.year, today.month]))
    assert items[1:] in ([rota], [(1, reverse("services:patrol-plan")), rota])
    assert login("staff_a").get(URL).context["todo"] == []


@pytest.mark.parametrize("query", [{"year": "abc"}, {"year": "1900"}, {"year": "2021"}, {"quarter": "9"}, {"quarter": "x"}, {"year": "2021", "quarter": "3"}])
def test_the_year_picker_never_breaks_the_page(login, office, query):
    assert login("committee_admin").get(URL, query).status_code == 200


@pytest.mark.parametrize("role", ["committee_admin", "committee_member", "secretary_a", "staff_a"])
def test_the_query_count_does_not_grow_with_the_data(login, office, django_assert_max_num_queries, role):
    client = login(role)
    grow(office, 2)
    small = query_count(django_assert_max_num_queries, client, URL)
    grow(office, 20)
    large = query_count(django_assert_max_num_queries, client, URL)
    assert large == small


def test_the_period_narrows_the_dashboard_to_a_quarter(login, office):
    for day in [datetime.date(2021, 2, 1), datetime.date(2021, 5, 1)]:
        record = ServiceRecordFactory(person=office.people["staff_a"], date=day, hours=Decimal("2"))
        records_actions.approve(record, by=office.users["secretary_a"])
    client = login("staff_a")
    assert client.get(URL, {"year": 2021}).context["my_year"]["service_hours"] == Decimal("4")
    response = client.get(URL, {"year": 2021, "quarter": 2})
    assert response.context["my_year"]["service_hours"] == Decimal("2")
    assert "2021" in response.context["period_label"]
    rows = login("secretary_a").get(URL, {"year": 2021, "quarter": 1}).context["service_rows"]
    assert rows[0]["hours"] == Decimal("2")


def test_periods():
    assert Period.quarter(2021, None) == Period(datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
    assert Period.quarter(2021, 4) == Period(datetime.date(2021, 10, 1), datetime.date(2021, 12, 31))
    assert Period.quarter(2021, 1) == Period(datetime.date(2021, 1, 1), datetime.date(2021, 3, 31))
    assert Period.year(2021).before() == Period.year(2020)
    assert quarter_start(datetime.date(2021, 8, 20)) == datetime.date(2021, 7, 1)


def test_the_committee_dashboard_pages_through_the_branches_but_counts_them_all(login, office):
    from tests.factories import BranchFactory, PersonFactory

    for _index in range(22):
        PersonFactory(branch=BranchFactory(committee=office.committee))
    response = login("committee_member").get(URL)
    assert len(response.context["figures"]) == len(response.context["service_rows"]) == 20
    assert response.context["page"].paginator.count == 24
    assert response.context["totals"]["people"] == 8 + 22
    second = login("committee_member").get(URL, {"page": 2})
    assert len(second.context["figures"]) == 4


class TestOverdueMeasuresToDo:
    """One query counts a user's own overdue measures and those of the branches they manage."""

    @pytest.fixture
    def overdue(self, office):
        from services.problems.models import Measure

        last_week = TODAY - datetime.timedelta(days=7)
        problem = problems_actions.report_problem(
            by=office.users["staff_a"], title="自助机缺纸", description="二楼自助机打印纸用完",
            source="window", branch=office.branch_a, found_on=last_week,
        )
        problems_actions.hold_round_table(
            by=office.users["secretary_a"], date=last_week, title="议事厅圆桌会",
            attendees=[office.people["secretary_a"], office.people["staff_a"]], problems=[problem],
            measures=[(problem, "每日开门前检查纸张", office.people["staff_a"], TODAY)],
        )
        Measure.objects.update(deadline=last_week)

    def counts(self, office, role):
        from torchbearer.todo import todo_items

        return {item.icon: item.count for item in todo_items(office.users[role]) if "overdue=1" in item.url}

    def test_each_role_sees_its_own(self, office, overdue):
        own, managed = "bi-flag", "bi-exclamation-triangle"
        assert self.counts(office, "staff_a") == {own: 1}
        assert self.counts(office, "secretary_a") == {managed: 1}
        assert self.counts(office, "secretary_b") == {}
        assert self.counts(office, "committee_admin") == {managed: 1}
        assert self.counts(office, "staff_b") == {}

    # secretary_a: two more for the branch's zones and their patrols of the month, one for its rotas
    @pytest.mark.parametrize("role, queries", [("committee_admin", 6), ("secretary_a", 10), ("staff_a", 4)])
    def test_the_to_do_list_costs_a_query_per_table(self, office, overdue, django_assert_num_queries, role, queries):
        from torchbearer.todo import todo_items

        user = office.users[role]
        todo_items(user)  # the user's scope, once per request
        with django_assert_num_queries(queries):
            todo_items(user)


@pytest.mark.parametrize("role", ["committee_admin", "secretary_a"])
def test_reading_the_dashboard_writes_no_summary(login, office, role):
    """No reader refreshes a kept summary first (torchbearer.caches): a new day's coverage flags
    are read through their fallback, not written."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from branches.organisation.models import Window

    client = login(role)
    Window.objects.update(zoned_as_of=datetime.date(2020, 1, 1))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    writes = [query["sql"] for query in captured if query["sql"].startswith(("UPDATE", "INSERT", "DELETE"))]
    assert not [sql for sql in writes if '"branches_' in sql or '"services_' in sql]
