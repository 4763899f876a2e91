"""The strip of recent photos on each pillar page: the year's and branch's photos of records the
user may see, linked to their record, lazy-loaded, gone when there are none, in a flat number of
queries."""

import datetime

import pytest
from django.urls import reverse

from tests.conftest import query_count
from tests.factories import (
    PatrolFactory,
    PracticalDeedFactory,
    ResponsibilityZoneFactory,
    ServiceActivityFactory,
    ServiceRecordFactory,
)
from tests.records.helpers import photographed
from torchbearer.pillars import PHOTOS_SHOWN

pytestmark = pytest.mark.django_db

D = datetime.date
PAGES = ["pillar-lead", "pillar-pass-on", "pillar-dedicate", "pillar-serve"]
# the kinds whose photos each page shows (torchbearer.pillars.PHOTO_KINDS)
SHOWN = {
    "pillar-lead": {"activity"},
    "pillar-pass-on": {"activity"},
    "pillar-dedicate": {"deed", "activity"},
    "pillar-serve": {"service", "patrol"},
}


def every_kind(office, person, day, count=1):
    admin = office.users["committee_admin"]
    zone = ResponsibilityZoneFactory(member=person)
    return {
        "service": photographed(ServiceRecordFactory(person=person, date=day), count, approve_by=admin),
        "deed": photographed(PracticalDeedFactory(person=person, date=day), count, approve_by=admin),
        "activity": photographed(ServiceActivityFactory(person=person, date=day), count, approve_by=admin),
        "patrol": photographed(
            PatrolFactory(person=person, zone=zone, date=day, findings="路灯不亮", found_problem=True), count, approve_by=admin
        ),
    }


def thumbnails(response):
    return list(response.context["photos"])


@pytest.mark.parametrize("name", PAGES)
def test_it_shows_the_years_photos_of_the_pages_kinds_linked_to_their_record(login, office, name):
    records = every_kind(office, office.people["staff_a"], D(2021, 4, 1))
    every_kind(office, office.people["staff_a"], D(2020, 4, 1))
    response = login("committee_admin").get(reverse(name), {"year": 2021})
    page = response.content.decode()
    assert {item.kind.slug for item in thumbnails(response)} == SHOWN[name]
    assert {item.record.date for item in thumbnails(response)} == {D(2021, 4, 1)}
    for slug, record in records.items():
        assert (record.get_absolute_url() in page) == (slug in SHOWN[name])
    assert 'loading="lazy"' in page and "tb-photo-strip" in page


@pytest.mark.parametrize("name", PAGES)
def test_the_strip_is_hidden_when_there_are_no_photos(login, office, name):
    every_kind(office, office.people["staff_a"], D(2020, 4, 1))
    page = login("committee_admin").get(reverse(name), {"year": 2021}).content.decode()
    assert "tb-photo-strip" not in page


def test_it_keeps_to_the_chosen_branch(login, office):
    ours = every_kind(office, office.people["staff_a"], D(2021, 4, 1))
    theirs = every_kind(office, office.people["staff_b"], D(2021, 4, 2))
    response = login("committee_admin").get(reverse("pillar-dedicate"), {"year": 2021, "branch": office.branch_a.pk})
    page = response.content.decode()
    assert ours["deed"].get_absolute_url() in page
    assert theirs["deed"].get_absolute_url() not in page


def test_it_shows_at_most_a_strips_worth(login, office):
    for day in range(1, 8):
        every_kind(office, office.people["staff_a"], D(2021, 4, day), count=2)
    response = login("committee_admin").get(reverse("pillar-serve"), {"year": 2021})
    assert len(thumbnails(response)) == PHOTOS_SHOWN


@pytest.mark.parametrize(
    "role, sees",
    [("committee_member", {"staff_a", "staff_b"}), ("secretary_b", {"staff_b"}), ("staff_a", {"staff_a"}), ("staff_b", {"staff_b"})],
)
def test_each_role_sees_only_photos_of_records_it_may_see(login, office, role, sees):
    every_kind(office, office.people["staff_a"], D(2021, 4, 1))
    every_kind(office, office.people["staff_b"], D(2021, 4, 2))
    for name in PAGES:
        response = login(role).get(reverse(name), {"year": 2021})
        assert {item.record.person.name for item in thumbnails(response)} == sees


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", ["committee_admin", "secretary_a", "staff_a"])
def test_the_query_count_stays_flat_as_photos_grow(login, office, django_assert_max_num_queries, name, role):
    client = login(role)
    url = f"{reverse(name)}?year=2021"
    every_kind(office, office.people["staff_a"], D(2021, 3, 1))
    small = query_count(django_assert_max_num_queries, client, url)
    for day in range(1, 16):
        every_kind(office, office.people["staff_a"], D(2021, 4, day), count=2)
        every_kind(office, office.people["staff_b"], D(2021, 4, day))
    large = query_count(django_assert_max_num_queries, client, url)
    assert large == small
