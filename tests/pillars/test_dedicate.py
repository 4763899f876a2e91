"""The 奉献 pillar page: deeds, themed party days and service hours per member and branch."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from branches.kernel import figures as registry
from branches.kernel.periods import Period
from services.records import actions, figures
from tests.conftest import ROLES, figure, query_count
from tests.factories import (
    PracticalDeedFactory,
    ServiceActivityFactory,
    ServiceRecordFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("pillar-dedicate")
D = datetime.date


def grow_dedicate(office, count):
    admin = office.users["committee_admin"]
    for index in range(count):
        person = office.people["staff_a"] if index % 2 else office.people["staff_b"]
        # a day each: a person's hours of one day have a ceiling
        day = D(2021, 3, 1) + datetime.timedelta(days=index // 2)
        actions.approve(ServiceRecordFactory(person=person, date=day, hours=Decimal("2")), by=admin)
        actions.approve(PracticalDeedFactory(person=person, date=D(2021, 3, 2)), by=admin)
        actions.approve(ServiceActivityFactory(person=person, date=D(2021, 3, 3), people_reached=10), by=admin)


def test_the_figures_from_hand_built_data(office):
    grow_dedicate(office, 4)
    ServiceActivityFactory(person=office.people["staff_a"], date=D(2021, 3, 3), people_reached=99)
    assert figure("themed_party_days", 2021) == 4
    assert figure("people_reached", 2021) == 40
    by_branch = registry.evaluate_by_branch(["service_hours", "practical_deeds"], Period.year(2021), [office.branch_a.pk, office.branch_b.pk])
    assert by_branch["service_hours"][office.branch_a.pk] == Decimal("4")
    assert by_branch["practical_deeds"][office.branch_b.pk] == 2
    top = figures.hours_by_member(2021)
    assert {row["person__name"] for row in top} == {"staff_a", "staff_b"}
    assert figure("themed_party_days", 2021, branch=office.branch_a) == 2


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_page(login, office, role):
    response = login(role).get(URL, {"year": 2021})
    assert response.status_code == 200
    assert "奉献" in response.content.decode()


def test_anonymous_users_are_sent_to_login(client):
    assert client.get(URL).status_code == 302


@pytest.mark.parametrize("role", ["committee_admin", "staff_a"])
def test_the_query_count_does_not_grow_with_the_data(login, office, django_assert_max_num_queries, role):
    client = login(role)
    grow_dedicate(office, 2)
    small = query_count(django_assert_max_num_queries, client, f"{URL}?year=2021")
    grow_dedicate(office, 20)
    large = query_count(django_assert_max_num_queries, client, f"{URL}?year=2021")
    assert large == small
