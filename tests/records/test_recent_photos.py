"""records.selectors.recent_photos: the photos of approved records a user may see, newest first,
each with its record, in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from branches.kernel.periods import Period
from services.records.selectors import recent_photos
from tests.factories import (
    PatrolFactory,
    PracticalDeedFactory,
    ResponsibilityZoneFactory,
    ServiceActivityFactory,
    ServiceRecordFactory,
)
from tests.records.helpers import photographed

pytestmark = pytest.mark.django_db

D = datetime.date


def every_kind(office, person, day):
    admin = office.users["committee_admin"]
    zone = ResponsibilityZoneFactory(member=person)
    return [
        photographed(ServiceRecordFactory(person=person, date=day), approve_by=admin),
        photographed(PracticalDeedFactory(person=person, date=day), approve_by=admin),
        photographed(ServiceActivityFactory(person=person, date=day), approve_by=admin),
        photographed(PatrolFactory(person=person, zone=zone, date=day, findings="井盖破损", found_problem=True), approve_by=admin),
    ]


def test_it_gives_the_photos_of_approved_records_newest_first_with_their_record(office):
    admin = office.users["committee_admin"]
    older = photographed(ServiceActivityFactory(person=office.people["staff_a"], date=D(2021, 3, 1)), 2, approve_by=admin)
    newer = photographed(PracticalDeedFactory(person=office.people["staff_b"], date=D(2021, 5, 1)), approve_by=admin)
    photographed(ServiceActivityFactory(person=office.people["staff_a"], date=D(2021, 6, 1)))  # waiting
    ServiceActivityFactory(person=office.people["staff_a"], date=D(2021, 7, 1))  # no photo
    photos = recent_photos(admin)
    assert [item.record for item in photos] == [newer, older, older]
    assert photos[1].photo.pk < photos[2].photo.pk
    assert photos[0].kind.slug == "deed"
    # nothing of the people served: a caption travels into the Word file the office hands out
    assert photos[0].caption == f"{photos[0].kind.label} · 2021-05-01 · {office.branch_b.name}"
    assert photos[0].record.branch == office.branch_b


def test_it_covers_every_kind_and_keeps_to_the_kinds_asked(office):
    records = every_kind(office, office.people["staff_a"], D(2021, 4, 1))
    admin = office.users["committee_admin"]
    assert {item.record for item in recent_photos(admin)} == set(records)
    activities = recent_photos(admin, kinds=["activity"])
    assert [item.kind.slug for item in activities] == ["activity"]
    by_model = recent_photos(admin, kinds=[type(records[0]), type(records[3])])
    assert {item.kind.slug for item in by_model} == {"service", "patrol"}
    assert recent_photos(admin, kinds=[]) == []
    assert recent_photos(admin, kinds=["no-such-kind"]) == []


def test_it_keeps_to_the_period_and_the_branch(office):
    admin = office.users["committee_admin"]
    in_2021 = photographed(PracticalDeedFactory(person=office.people["staff_a"], date=D(2021, 12, 31)), approve_by=admin)
    photographed(PracticalDeedFactory(person=office.people["staff_a"], date=D(2022, 1, 1)), approve_by=admin)
    other_branch = photographed(PracticalDeedFactory(person=office.people["staff_b"], date=D(2021, 6, 1)), approve_by=admin)
    assert [item.record for item in recent_photos(admin, period=Period.year(2021))] == [in_2021, other_branch]
    assert [item.record for item in recent_photos(admin, period=Period.year(2021), branch=office.branch_a)] == [in_2021]
    assert [item.record for item in recent_photos(admin, branch=office.branch_b.pk)] == [other_branch]
    assert recent_photos(admin, period=Period.year(1)) == []
    assert recent_photos(admin, period=Period.year(9999)) == []


def test_it_keeps_to_the_limit_taking_the_newest(office):
    admin = office.users["committee_admin"]
    records = [
        photographed(ServiceActivityFactory(person=office.people["staff_a"], date=D(2021, 1, day)), 3, approve_by=admin)
        for day in range(1, 6)
    ]
    photos = recent_photos(admin, limit=4)
    assert [item.record for item in photos] == [records[4]] * 3 + [records[3]]
    assert recent_photos(admin, limit=0) == []


@pytest.mark.parametrize(
    "role, sees",
    [
        ("committee_member", {"staff_a", "staff_b", "secretary_a"}),
        ("secretary_a", {"staff_a", "secretary_a"}),
        ("secretary_b", {"staff_b"}),
        ("group_leader_a", {"staff_a"}),
        ("staff_a", {"staff_a"}),
        ("staff_b", {"staff_b"}),
    ],
)
def test_each_role_sees_only_photos_of_records_it_may_see(office, role, sees):
    admin = office.users["committee_admin"]
    for name in ["staff_a", "staff_b", "secretary_a"]:
        photographed(PracticalDeedFactory(person=office.people[name], date=D(2021, 3, 1)), approve_by=admin)
    assert {item.record.person.name for item in recent_photos(office.users[role])} == sees


def test_anonymous_users_see_none(office):
    from django.contrib.auth.models import AnonymousUser

    photographed(PracticalDeedFactory(person=office.people["staff_a"]), approve_by=office.users["committee_admin"])
    assert recent_photos(AnonymousUser()) == []


def _queries(user, **options):
    recent_photos(user, **options)  # content types and the scope are read once per process/request
    with CaptureQueriesContext(connection) as queries:
        photos = recent_photos(user, **options)
        [item.caption for item in photos]
    return len(queries)


@pytest.mark.parametrize("role", ["committee_admin", "secretary_a", "staff_a"])
def test_the_query_count_is_one_and_one_per_kind_whatever_the_number_of_photos(office, role):
    user = office.users[role]
    every_kind(office, office.people["staff_a"], D(2021, 4, 1))
    small = _queries(user, period=Period.year(2021))
    for day in range(1, 25):
        every_kind(office, office.people["staff_a"], D(2021, 5, day))
    large = _queries(user, period=Period.year(2021))
    assert small == large <= 5
