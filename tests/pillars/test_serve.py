"""The 服务 pillar page and the figures behind it, from hand-built data with known answers."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from services.records import actions
from services.satisfaction import figures as satisfaction_figures
from services.satisfaction.models import SatisfactionTally
from services.speedups.models import InvestmentProject, JointItem
from tests.conftest import ROLES, figure, query_count
from tests.factories import EnterpriseFactory, PersonFactory, ServiceRecordFactory

pytestmark = pytest.mark.django_db

URL = reverse("pillar-serve")
D = datetime.date


def approved_service(office, person, **fields):
    record = ServiceRecordFactory(person=person, **{"date": D(2021, 5, 1), **fields})
    actions.approve(record, by=office.users["committee_admin"])
    return record


def test_only_approved_records_count(office):
    staff = office.people["staff_a"]
    enterprise = EnterpriseFactory()
    approved_service(office, staff, kind="door_to_door", enterprise=enterprise, persons_sent=3)
    approved_service(office, staff, kind="door_to_door", enterprise=enterprise, persons_sent=2)
    approved_service(office, staff, kind="extended_hours", hours=Decimal("2.5"))
    ServiceRecordFactory(person=staff, date=D(2021, 5, 2), kind="extended_hours", hours=Decimal("9"))
    returned = ServiceRecordFactory(person=staff, date=D(2021, 5, 3), kind="appointment")
    actions.return_record(returned, by=office.users["secretary_a"], comment="重填")
    assert figure("door_to_door_person_times", 2021) == 5
    assert figure("door_to_door_enterprises", 2021) == 1
    assert figure("extended_service_hours", 2021) == Decimal("2.5")
    assert figure("appointments", 2021) == 0
    assert figure("door_to_door_visits", 2020) == 0
    assert figure("extended_service_hours", 2021, branch=office.branch_b) == 0


def test_an_empty_year_has_no_rate_rather_than_a_made_up_one(office):
    assert satisfaction_figures.satisfaction(2021)["rate"] is None
    assert (figure("investment_projects", 2021), figure("investment_projects_average_speedup", 2021)) == (0, None)
    assert (figure("joint_items", 2021), figure("joint_items_average_speedup", 2021)) == (0, None)


def test_satisfaction_counts_neutral_as_satisfied(office):
    SatisfactionTally.objects.create(month=D(2021, 1, 1), window=office.window_a, channel="mobile", positive=900, neutral=97, negative=3)
    SatisfactionTally.objects.create(month=D(2021, 2, 1), window=office.window_b, channel="hall", positive=1000)
    assert satisfaction_figures.satisfaction(2021)["rate"] == Decimal("99.85")
    assert satisfaction_figures.satisfaction(2021, branch=office.branch_a)["rate"] == Decimal("99.70")
    for branch in [None, office.branch_a, office.branch_b]:  # the page sums the channels it shows anyway
        channels = satisfaction_figures.satisfaction_by_channel(2021, branch=branch)
        assert satisfaction_figures.total_of(channels) == satisfaction_figures.satisfaction(2021, branch=branch)
    mix = {row["channel"]: row for row in satisfaction_figures.satisfaction_by_channel(2021)}
    assert mix["mobile"]["share"] == Decimal("50.00")
    assert [row["window__code"] for row in satisfaction_figures.with_window_names(satisfaction_figures.satisfaction_by_window(2021))] == ["A-01", "B-01"]


def test_joint_items_accumulate_and_projects_count_in_their_year(office):
    JointItem.objects.create(name="a", departments="x", launched_on=D(2020, 3, 1), baseline_days=10, current_days=7)
    JointItem.objects.create(name="b", departments="x", launched_on=D(2021, 3, 1), baseline_days=20, current_days=15)
    assert (figure("joint_items", 2020), figure("joint_items_average_speedup", 2020)) == (1, Decimal("30.00"))
    assert (figure("joint_items", 2021), figure("joint_items_average_speedup", 2021)) == (2, Decimal("27.50"))
    chief = PersonFactory(branch=office.branch_a, is_section_chief=True)
    InvestmentProject.objects.create(
        name="p", enterprise=EnterpriseFactory(), team_leader=chief, started_on=D(2021, 1, 4),
        approved_on=D(2021, 1, 20), baseline_days=40, actual_days=20,
    )
    assert (figure("investment_projects", 2021), figure("investment_projects_average_speedup", 2021)) == (1, Decimal("50.00"))
    assert figure("investment_projects", 2021, branch=office.branch_b) == 0


def test_anonymous_users_are_sent_to_login(client):
    assert client.get(URL).status_code == 302


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_page(login, office, role):
    response = login(role).get(URL, {"year": 2021})
    assert response.status_code == 200
    assert "服务" in response.content.decode()


def grow_serve(office, count):
    """More approved visits, and tallies for new (month, window, channel) combinations."""
    start = SatisfactionTally.objects.count()
    for index in range(start, start + count):
        person = office.people["staff_a"] if index % 2 else office.people["staff_b"]
        # a day each: a person's hours of one day have a ceiling
        approved_service(office, person, kind="door_to_door", enterprise=EnterpriseFactory(), date=D(2021, 5, 1) + datetime.timedelta(days=index))
        SatisfactionTally.objects.create(
            month=D(2021, 1 + index % 12, 1),
            window=(office.window_a, office.window_b)[index // 12 % 2],
            channel=["mobile", "pc", "self_service", "hall"][index // 24 % 4],
            positive=10 + index,
        )


@pytest.mark.parametrize("role", ["committee_admin", "secretary_a", "staff_a"])
def test_the_query_count_does_not_grow_with_the_data(login, office, django_assert_max_num_queries, role):
    client = login(role)
    grow_serve(office, 2)
    small = query_count(django_assert_max_num_queries, client, f"{URL}?year=2021")
    grow_serve(office, 20)
    large = query_count(django_assert_max_num_queries, client, f"{URL}?year=2021")
    assert large == small
