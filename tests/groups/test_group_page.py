"""The party group's page: the group leader's view of the members, their pledges, zones, records,
patrols and lectures, and the to-dos it raises."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from services.records import actions
from tests.conftest import query_count
from tests.factories import LectureFactory, PersonFactory, ResponsibilityZoneFactory
from tests.passing_on_factories import LectureAttendanceFactory
from tests.records.helpers import make_record

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 9)  # a Wednesday: the 1st (Tue), 2nd, 3rd, 4th and 7th, 8th were working days
NOW = timezone.make_aware(datetime.datetime(2026, 12, 9, 10, 0))


@pytest.fixture
def today(clock):
    clock(NOW)
    return TODAY


def page_url(office):
    return reverse("group-page", args=[office.group_a.pk])


@pytest.mark.parametrize(
    "role, status",
    [
        ("group_leader_a", 200),
        ("secretary_a", 200),
        ("branch_committee_a", 200),
        ("committee_admin", 200),
        ("committee_member", 200),
        ("staff_a", 403),  # a member, not the leader
        ("secretary_b", 404),
        ("staff_b", 404),
    ],
)
def test_who_opens_the_group_page(login, office, today, role, status):
    assert login(role).get(page_url(office)).status_code == status


def test_anonymous_users_are_sent_to_log_in(client, office):
    response = client.get(page_url(office))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_it_shows_members_pledges_zones_records_and_lectures(login, office, today):
    staff = office.people["staff_a"]
    record = make_record("service", staff, date=TODAY - datetime.timedelta(days=1))
    actions.approve(record, by=office.users["secretary_a"])
    make_record("deed", staff, date=TODAY - datetime.timedelta(days=1))  # waiting
    lecture = LectureFactory(branch=office.branch_a, date=TODAY - datetime.timedelta(days=2))
    LectureAttendanceFactory(lecture=lecture, person=staff)
    response = login("group_leader_a").get(page_url(office))
    members = {member.person.name: member for member in response.context["members"]}
    assert set(members) == {"group_leader_a", "staff_a"}
    assert members["staff_a"].pledge.text == "微笑服务，一次办好"
    assert [zone.name for zone in members["staff_a"].zones] == ["商事登记责任区"]
    assert members["staff_a"].approved_by_kind[0][1] == 1 and members["staff_a"].waiting == 1
    assert members["staff_a"].lectures_attended == 1
    page = response.content.decode()
    assert "微笑服务，一次办好" in page and "商事登记责任区" in page


def test_it_lists_members_with_nothing_logged_and_zones_not_patrolled(login, office, today):
    staff = office.people["staff_a"]
    zone = staff.responsibility_zones.get()
    make_record("patrol", staff, zone=zone, date=datetime.date(2026, 12, 2))
    response = login("group_leader_a").get(page_url(office))
    assert [member.person.name for member in response.context["quiet"]] == ["group_leader_a"]
    ((missed_zone, days),) = response.context["missed_patrols"]
    assert missed_zone == zone
    assert days == [datetime.date(2026, 12, day) for day in (1, 3, 4, 7, 8)]


def test_a_zone_patrolled_every_working_day_is_not_listed(login, office, today):
    staff = office.people["staff_a"]
    zone = staff.responsibility_zones.get()
    for day in (1, 2, 3, 4, 7, 8):
        make_record("patrol", staff, zone=zone, date=datetime.date(2026, 12, day))
    response = login("group_leader_a").get(page_url(office))
    assert response.context["missed_patrols"] == []
    assert _("Every zone was patrolled on every working day this month.") in response.content.decode()


def test_the_leaders_dashboard_links_the_group_and_lists_its_to_dos(login, office, today):
    page = login("group_leader_a").get(reverse("dashboard")).content.decode()
    assert page_url(office) in page
    assert _("Members of %(group)s with nothing logged this month") % {"group": "一件事党小组"} in page
    assert _("Zones of %(group)s with a patrol missing this month") % {"group": "一件事党小组"} in page
    assert page_url(office) not in login("staff_a").get(reverse("dashboard")).content.decode()


def test_the_page_stays_flat_as_the_group_grows(login, office, today, django_assert_max_num_queries):
    client = login("group_leader_a")
    small = query_count(django_assert_max_num_queries, client, page_url(office))
    for index in range(15):
        member = PersonFactory(branch=office.branch_a, group=office.group_a)
        ResponsibilityZoneFactory(member=member)
        make_record("service", member, date=TODAY - datetime.timedelta(days=1 + index % 5))
        make_record("patrol", member, date=TODAY - datetime.timedelta(days=1))
    assert query_count(django_assert_max_num_queries, client, page_url(office)) == small


@pytest.mark.parametrize("query", [{"year": "x"}, {"quarter": "9"}, {"year": "99999"}])
def test_bad_filters_never_break_it(login, office, today, query):
    assert login("group_leader_a").get(page_url(office), query).status_code == 200
