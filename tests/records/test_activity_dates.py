"""Person.last_active_on (services.activity_dates) follows the approved records of every kind."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from branches.people.models import Person, PoliticalStatus
from services.records import actions, activity_dates, figures
from services.records.models import ServiceRecord
from tests.factories import (
    PatrolFactory,
    PersonFactory,
    PracticalDeedFactory,
    ServiceActivityFactory,
    ServiceRecordFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
PROBATIONARY, FULL = PoliticalStatus.PROBATIONARY, PoliticalStatus.FULL


def last_active(person):
    return Person.objects.get(pk=person.pk).last_active_on


def approved(factory, *, by, **fields):
    return actions.approve(factory(**fields), by=by)


@pytest.fixture
def reviewer(office):
    return office.users["committee_admin"]


@pytest.fixture
def member(office):
    return office.people["staff_a"]


@pytest.mark.parametrize("factory", [ServiceRecordFactory, PracticalDeedFactory, ServiceActivityFactory])
def test_an_approval_of_any_kind_moves_it(member, reviewer, factory):
    record = factory(person=member, date=D(2026, 3, 5))
    assert last_active(member) is None  # waiting for review counts for nothing
    actions.approve(record, by=reviewer)
    assert last_active(member) == D(2026, 3, 5)


def test_logging_or_returning_a_record_leaves_the_persons_row_alone(member, reviewer):
    """Only approved records count; a person's row locked by every record logged would make an
    approval in the branch wait for it (and it for the approval)."""
    with CaptureQueriesContext(connection) as logged:
        record = actions.submit(ServiceRecordFactory.build(person=member, date=D(2026, 3, 5)), by=member.user)
        actions.return_record(record, by=reviewer, comment="补充")
    assert not [query for query in logged if query["sql"].startswith('UPDATE "branches_person"')]
    assert last_active(member) is None


def test_a_patrol_counts_for_the_member_of_its_zone(reviewer):
    patrol = PatrolFactory(date=D(2026, 4, 1))
    actions.approve(patrol, by=reviewer)
    assert last_active(patrol.person) == D(2026, 4, 1)


def test_it_is_the_latest_of_every_kind(member, reviewer):
    approved(ServiceRecordFactory, by=reviewer, person=member, date=D(2026, 2, 1))
    approved(PracticalDeedFactory, by=reviewer, person=member, date=D(2026, 5, 1))
    approved(ServiceRecordFactory, by=reviewer, person=member, date=D(2026, 3, 1))
    assert last_active(member) == D(2026, 5, 1)


def test_a_returned_or_deleted_record_no_longer_counts(member, reviewer):
    approved(ServiceRecordFactory, by=reviewer, person=member, date=D(2026, 2, 1))
    later = approved(PracticalDeedFactory, by=reviewer, person=member, date=D(2026, 5, 1))
    later.delete()
    assert last_active(member) == D(2026, 2, 1)
    ServiceRecord.objects.get(person=member).delete()
    assert last_active(member) is None


def test_an_approved_record_corrected_in_date(member, reviewer):
    record = approved(ServiceRecordFactory, by=reviewer, person=member, date=D(2026, 5, 1))
    record.date = D(2026, 1, 10)
    record.save()
    assert last_active(member) == D(2026, 1, 10)


def test_a_record_moved_to_another_person_leaves_the_first(member, reviewer, office):
    record = approved(ServiceRecordFactory, by=reviewer, person=member, date=D(2026, 5, 1))
    other = office.people["secretary_a"]
    record.person = other
    record.save()
    assert last_active(member) is None
    assert last_active(other) == D(2026, 5, 1)


def test_a_person_saved_whole_does_not_write_back_an_old_date(member, reviewer):
    loaded = Person.objects.get(pk=member.pk)
    approved(ServiceRecordFactory, by=reviewer, person=member, date=D(2026, 3, 5))
    loaded.phone = "13900000000"
    loaded.save()
    assert last_active(member) == D(2026, 3, 5)


class TestThemedDayParticipants:
    def test_they_count_once_the_day_is_approved(self, member, reviewer, office):
        day = ServiceActivityFactory(person=office.people["secretary_a"], date=D(2026, 6, 1))
        day.participants.set([member])
        assert last_active(member) is None
        actions.approve(day, by=reviewer)
        assert last_active(member) == D(2026, 6, 1)

    def test_added_removed_and_cleared_from_either_side(self, member, reviewer, office):
        day = approved(ServiceActivityFactory, by=reviewer, person=office.people["secretary_a"], date=D(2026, 6, 1))
        day.participants.add(member)
        assert last_active(member) == D(2026, 6, 1)
        day.participants.remove(member)
        assert last_active(member) is None
        member.service_activities.add(day)
        assert last_active(member) == D(2026, 6, 1)
        member.service_activities.clear()
        assert last_active(member) is None
        day.participants.add(member)
        day.participants.clear()
        assert last_active(member) is None

    def test_a_deleted_day_leaves_its_participants(self, member, reviewer, office):
        day = approved(ServiceActivityFactory, by=reviewer, person=office.people["secretary_a"], date=D(2026, 6, 1))
        day.participants.add(member)
        day.delete()
        assert last_active(member) is None
        assert last_active(office.people["secretary_a"]) is None


def test_rebuild_dates_rows_written_in_bulk(member, reviewer):
    approved(ServiceRecordFactory, by=reviewer, person=member, date=D(2026, 3, 5))
    Person.objects.update(last_active_on=None)
    activity_dates.rebuild()
    assert last_active(member) == D(2026, 3, 5)
    assert last_active(PersonFactory()) is None


def test_it_answers_as_the_records_do(office, reviewer):
    """The quiet members read from the kept date are those with no approved record since the day."""
    since = D(2026, 4, 1)
    people = [PersonFactory(branch=office.branch_a, political_status=status) for status in (PROBATIONARY, PROBATIONARY, FULL, FULL)]
    approved(ServiceRecordFactory, by=reviewer, person=people[0], date=D(2026, 3, 31))
    approved(PracticalDeedFactory, by=reviewer, person=people[1], date=since)
    day = approved(ServiceActivityFactory, by=reviewer, person=office.people["secretary_a"], date=D(2026, 5, 2))
    day.participants.add(people[2])
    ServiceRecordFactory(person=people[3], date=D(2026, 5, 3))  # waiting
    quiet = set(figures.members_without_activity(since, branch=office.branch_a))
    assert people[0] in quiet and people[3] in quiet
    assert people[1] not in quiet and people[2] not in quiet
