"""每日一巡: the month's patrol plan, every zone against every working day, and the to-do it raises."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.organisation.models import ResponsibilityZone
from branches.people.models import PoliticalStatus
from tests.conftest import query_count
from tests.factories import PersonFactory, ResponsibilityZoneFactory
from tests.records.helpers import make_record

pytestmark = pytest.mark.django_db

PLAN = reverse("services:patrol-plan")
NOW = timezone.make_aware(datetime.datetime(2026, 12, 9, 10, 0))  # a Wednesday
D = datetime.date


@pytest.fixture
def today(clock):
    clock(NOW)
    return NOW.date()


def test_every_zone_against_every_working_day(login, office, today):
    staff = office.people["staff_a"]
    zone = staff.responsibility_zones.get()
    make_record("patrol", staff, zone=zone, date=D(2026, 12, 1))
    make_record("patrol", staff, zone=zone, date=D(2026, 12, 2), found_problem=True, findings="叫号机故障")
    response = login("secretary_a").get(PLAN)
    days = response.context["days"]
    assert days[:6] == [D(2026, 12, day) for day in (1, 2, 3, 4, 7, 8)] and len(days) == 23
    (row,) = response.context["rows"]
    assert row.zone == zone
    assert row.cells[:8] == ["done", "found", "missed", "missed", "missed", "missed", "", ""]
    assert row.missed == 4


def test_a_zone_is_not_asked_before_it_starts(login, office, today):
    member = PersonFactory(branch=office.branch_a, political_status=PoliticalStatus.FULL)
    ResponsibilityZoneFactory(member=member, name="新责任区", starts_on=D(2026, 12, 7))
    rows = {row.zone.name: row for row in login("secretary_a").get(PLAN).context["rows"]}
    assert rows["新责任区"].cells[:6] == ["", "", "", "", "missed", "missed"]


def test_the_month_and_the_branch_are_chosen(login, office, today):
    member = PersonFactory(branch=office.branch_b, political_status=PoliticalStatus.FULL)
    ResponsibilityZoneFactory(member=member, name="B 区责任区", starts_on=D(2026, 1, 1))
    client = login("committee_member")
    rows = client.get(PLAN, {"year": 2026, "month": 11, "branch": office.branch_b.pk}).context["rows"]
    assert [row.zone.name for row in rows] == ["B 区责任区"]
    assert all(cell == "missed" for cell in rows[0].cells)


def test_staff_see_their_own_branch_whatever_they_ask(login, office, today):
    member = PersonFactory(branch=office.branch_b, political_status=PoliticalStatus.FULL)
    ResponsibilityZoneFactory(member=member, name="B 区责任区")
    response = login("staff_a").get(PLAN, {"branch": office.branch_b.pk})
    assert response.status_code == 200
    assert [row.zone.name for row in response.context["rows"]] == ["商事登记责任区"]
    assert "B 区责任区" not in response.content.decode()


def test_an_ended_zone_drops_out_of_later_months(login, office, today):
    zone = office.people["staff_a"].responsibility_zones.get()
    ResponsibilityZone.objects.filter(pk=zone.pk).update(ends_on=D(2026, 11, 30))
    assert login("secretary_a").get(PLAN).context["rows"] == []
    assert _("No responsibility zones in this branch for this month.") in login("secretary_a").get(PLAN).content.decode()


def test_the_secretarys_to_do_counts_the_zones_with_a_gap(login, office, today):
    page = login("secretary_a").get(reverse("dashboard")).content.decode()
    assert _("Zones of your branch with a patrol missing this month") in page
    assert PLAN in page


def test_the_plan_stays_flat_as_zones_grow(login, office, today, django_assert_max_num_queries):
    client = login("secretary_a")
    small = query_count(django_assert_max_num_queries, client, PLAN)
    for index in range(12):
        member = PersonFactory(branch=office.branch_a, political_status=PoliticalStatus.FULL)
        zone = ResponsibilityZoneFactory(member=member)
        make_record("patrol", member, zone=zone, date=D(2026, 12, 1 + index % 5))
    assert query_count(django_assert_max_num_queries, client, PLAN) == small


@pytest.mark.parametrize("query", [{"month": "13"}, {"month": "x"}, {"year": "1800"}, {"branch": "999999999999999999999"}, {"page": "99"}])
def test_bad_filters_never_break_it(login, office, today, query):
    assert login("secretary_a").get(PLAN, query).status_code == 200


def test_anonymous_users_are_sent_to_log_in(client, office):
    response = client.get(PLAN)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_staff_see_their_own_zones_a_leader_their_groups_a_secretary_all(login, office, today):
    colleague = PersonFactory(branch=office.branch_a, political_status=PoliticalStatus.FULL)
    ResponsibilityZoneFactory(member=colleague, name="同事的责任区")
    names = lambda role: sorted(row.zone.name for row in login(role).get(PLAN).context["rows"])  # noqa: E731
    assert names("staff_a") == ["商事登记责任区"]
    assert names("group_leader_a") == ["商事登记责任区"]  # staff_a is in their group, the colleague is not
    assert names("secretary_a") == ["同事的责任区", "商事登记责任区"]


def test_the_zone_of_a_member_who_left_is_not_asked(login, office, today):
    colleague = PersonFactory(branch=office.branch_a, political_status=PoliticalStatus.FULL, is_active=False)
    ResponsibilityZoneFactory(member=colleague, name="离职者的责任区")
    assert "离职者的责任区" not in [row.zone.name for row in login("secretary_a").get(PLAN).context["rows"]]
