"""The summary tables of approved records and the members' last active dates: kept on every change,
always equal to a fresh recount."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branches.kernel.periods import Period
from branches.organisation.models import Window
from branches.people.models import Person
from services.records import actions, activity_dates, tallies
from services.records import figures as records_figures
from services.records.models import (
    PracticalDeed,
    ReviewStatus,
    ServiceKind,
    ServiceRecord,
)
from services.records.tallies import (
    BranchTally,
    CommitteeTally,
    EnterpriseYearTally,
    MemberYearTally,
)
from services.satisfaction import figures as satisfaction_figures
from services.satisfaction.models import (
    MonthSatisfaction,
    SatisfactionTally,
    WindowYearSatisfaction,
)
from tests.conftest import figure
from tests.factories import EnterpriseFactory, PersonFactory, PracticalDeedFactory
from tests.records.helpers import make_record

pytestmark = pytest.mark.django_db

D = datetime.date
TABLES = (BranchTally, CommitteeTally, MemberYearTally, EnterpriseYearTally, WindowYearSatisfaction, MonthSatisfaction)


def snapshot():
    """Every tally row, as comparable values."""
    rows = {}
    for model in TABLES:
        fields = [field.attname for field in model._meta.concrete_fields if field.name != "id"]
        rows[model.__name__] = sorted(
            tuple(str(value) if isinstance(value, Decimal) else value for value in row)
            for row in model.objects.values_list(*fields)
        )
    rows["Person.last_active_on"] = sorted(Person.objects.values_list("pk", "last_active_on"))
    return rows


def assert_kept_equals_recount():
    kept = snapshot()
    tallies.rebuild()
    activity_dates.rebuild()
    assert kept == snapshot()


def approved_service(office, **fields):
    record = make_record("service", office.people["staff_a"], **fields)
    return actions.approve(record, by=office.users["secretary_a"])


class TestKept:
    def test_an_approval_counts_at_once(self, office):
        approved_service(office, date=D(2021, 3, 5), hours=Decimal("2.5"), kind=ServiceKind.EXTENDED_HOURS)
        assert figure("extended_service_hours", 2021) == Decimal("2.5")
        assert figure("extended_service_hours", 2021, branch=office.branch_a) == Decimal("2.5")
        assert figure("extended_service_hours", 2021, branch=office.branch_b) == 0
        assert_kept_equals_recount()

    def test_waiting_and_returned_records_never_count(self, office):
        waiting = make_record("service", office.people["staff_a"], date=D(2021, 3, 5))
        actions.return_record(make_record("deed", office.people["staff_a"], date=D(2021, 3, 6)), by=office.users["secretary_a"], comment="补充")
        assert not BranchTally.objects.exists() and not CommitteeTally.objects.exists()
        actions.approve(waiting, by=office.users["secretary_a"])
        assert BranchTally.objects.get().records == 1

    def test_changing_an_approved_record_moves_it_between_months_and_kinds(self, office):
        record = approved_service(office, date=D(2021, 3, 5), hours=Decimal("2"))
        record.date, record.hours, record.kind = D(2021, 5, 1), Decimal("3"), ServiceKind.APPOINTMENT
        actions.update(record, by=office.users["secretary_a"], reason="日期记错")
        trend = records_figures.monthly_trend(Period.year(2021))
        assert trend[2]["counts"][0] == 0 and trend[4]["counts"][0] == 1
        assert figure("appointments", 2021) == 1
        assert figure("service_hours", 2021) == Decimal("3")
        assert_kept_equals_recount()

    def test_a_deleted_record_no_longer_counts(self, office):
        record = approved_service(office, date=D(2021, 3, 5))
        ServiceRecord.objects.get(pk=record.pk).delete()
        assert figure("door_to_door_visits", 2021) == 0
        assert_kept_equals_recount()

    def test_enterprises_visited_are_counted_once_a_year(self, office):
        enterprise = EnterpriseFactory()
        for day in (3, 4):
            approved_service(office, date=D(2021, 3, day), enterprise=enterprise, served_name="")
        approved_service(office, date=D(2022, 3, 4), enterprise=enterprise, served_name="")
        assert figure("door_to_door_enterprises", 2021) == 1
        assert figure("door_to_door_visits", 2021) == 2
        assert EnterpriseYearTally.objects.get(year=2021).visits == 2
        assert_kept_equals_recount()

    def test_the_members_who_gave_most_hours(self, office):
        approved_service(office, date=D(2021, 3, 5), hours=Decimal("4"))
        other = PersonFactory(branch=office.branch_a)
        actions.approve(make_record("service", other, date=D(2021, 3, 6), hours=Decimal("1")), by=office.users["secretary_a"])
        top = records_figures.hours_by_member(2021)
        assert [(row["person__name"], row["hours"], row["services"]) for row in top] == [("staff_a", Decimal("4"), 1), (other.name, Decimal("1"), 1)]
        assert_kept_equals_recount()

    def test_an_approval_costs_a_bounded_number_of_queries(self, office, django_assert_max_num_queries):
        record = make_record("service", office.people["staff_a"], date=D(2021, 3, 5))
        with django_assert_max_num_queries(30):
            actions.approve(record, by=office.users["secretary_a"])


class TestSatisfaction:
    def test_tallies_saved_changed_and_deleted_keep_the_sums(self, office):
        march = SatisfactionTally.objects.create(month=D(2021, 3, 1), window=office.window_a, channel="mobile", positive=90, negative=10)
        SatisfactionTally.objects.create(month=D(2021, 4, 1), window=office.window_b, channel="mobile", positive=50)
        SatisfactionTally.objects.create(month=D(2021, 4, 1), window=None, channel="hall", positive=5, neutral=5)
        assert satisfaction_figures.satisfaction(2021)["total"] == 160
        assert satisfaction_figures.satisfaction(2021, branch=office.branch_a)["rate"] == Decimal("90.00")
        march.negative, march.month = 0, D(2021, 5, 1)
        march.save()
        assert satisfaction_figures.satisfaction(2021)["negative"] == 0
        assert [month["evaluations"] for month in satisfaction_figures.satisfaction_by_month(2021)][2:5] == [0, 60, 90]
        march.delete()
        assert satisfaction_figures.satisfaction(2021)["total"] == 60
        assert_kept_equals_recount()


class TestRebuild:
    def test_the_command_rebuilds_what_a_bulk_load_left_out(self, office):
        ServiceRecord.objects.bulk_create([ServiceRecord(person=office.people["staff_a"], branch=office.branch_a, kind=ServiceKind.DOOR_TO_DOOR, date=D(2021, 1, 4), hours=1, persons_sent=2, reason="special_group", served_name="张", status=ReviewStatus.APPROVED, reviewed_by=office.users["secretary_a"], reviewed_at=timezone.now())])
        assert figure("door_to_door_person_times", 2021) == 0
        assert Person.objects.get(pk=office.people["staff_a"].pk).last_active_on is None
        call_command("rebuild_caches", stdout=open("/dev/null", "w"))
        assert figure("door_to_door_person_times", 2021) == 2
        assert Person.objects.get(pk=office.people["staff_a"].pk).last_active_on == D(2021, 1, 4)

    def test_the_check_names_a_summary_that_differs_from_a_rebuild_and_changes_nothing(self, office):
        approved_service(office, date=D(2021, 3, 5))
        call_command("rebuild_caches", "--check", stdout=open("/dev/null", "w"))
        BranchTally.objects.update(records=99)
        Person.objects.filter(pk=office.people["staff_a"].pk).update(last_active_on=None)
        Window.objects.filter(pk=office.window_a.pk).update(zoned=False, zoned_as_of=timezone.localdate())
        with pytest.raises(CommandError, match="coverage, tallies, activity_dates"):
            call_command("rebuild_caches", "--check", stdout=open("/dev/null", "w"))
        assert set(BranchTally.objects.values_list("records", flat=True)) == {99}


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["submit", "approve", "return", "edit", "delete"]),
        st.sampled_from(["service", "deed", "activity", "patrol"]),
        st.integers(min_value=0, max_value=3),  # which record
        st.integers(min_value=1, max_value=12),  # a month of 2021
        st.sampled_from(["a", "b"]),  # whose
    ),
    max_size=14,
)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(operations=OPERATIONS)
def test_any_sequence_of_changes_keeps_the_tallies_equal_to_a_recount(office, operations):
    from django.db import transaction

    with transaction.atomic():
        records = {}
        staff = {"a": office.people["staff_a"], "b": office.people["staff_b"]}
        reviewer = {"a": office.users["secretary_a"], "b": office.users["secretary_b"]}
        for operation, kind, index, month, whose in operations:
            record = records.get((kind, index))
            if record is None:
                records[(kind, index)] = make_record(kind, staff[whose], date=D(2021, month, 1 + index * 7))
                continue
            if operation == "submit":
                continue
            record.refresh_from_db()
            branch = "a" if record.branch_id == office.branch_a.pk else "b"
            try:
                with transaction.atomic():
                    if operation == "approve" and record.status == ReviewStatus.SUBMITTED:
                        actions.approve(record, by=reviewer[branch])
                    elif operation == "return" and record.status == ReviewStatus.SUBMITTED:
                        actions.return_record(record, by=reviewer[branch], comment="补充")
                    elif operation == "edit":
                        record.date = D(2021, month, 1 + index * 7)
                        if kind == "service":
                            record.hours = Decimal(month) / 2
                        actions.update(record, by=reviewer[branch], reason="更正")
                    elif operation == "delete":
                        record.delete()
                        del records[(kind, index)]
            except (ValidationError, PermissionDenied):
                pass
        assert_kept_equals_recount()
        transaction.set_rollback(True)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="in-memory SQLite test databases are one connection")
def test_two_approvals_at_once_in_one_branch_and_month_both_count(office):
    records = [make_record("deed", office.people["staff_a"], date=D(2021, 3, day)) for day in (1, 2)]
    reviewers = [office.users["secretary_a"], office.users["branch_committee_a"]]
    barrier = threading.Barrier(2)

    def review(record, user):
        try:
            barrier.wait()
            actions.approve(PracticalDeed.objects.get(pk=record.pk), by=user)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=review, args=pair) for pair in zip(records, reviewers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert figure("deeds_for_masses", 2021) == 2
    assert figure("deeds_for_masses", 2021, branch=office.branch_a) == 2
    assert_kept_equals_recount()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="in-memory SQLite test databases are one connection")
def test_a_record_logged_in_a_branch_does_not_wait_for_an_approval_there(office):
    """The tally lock on the branch leaves the foreign-key check of a new record alone: with a
    plain FOR UPDATE, a record logged while an approval held the lock waited at its commit, and
    an approval waiting in turn for a row the new record's transaction held made a deadlock."""
    from django.db import transaction

    staff = office.people["staff_a"]
    locked, logged = threading.Event(), threading.Event()

    def approval_holding_the_lock():
        try:
            with transaction.atomic():
                tallies.refresh([tallies.Counted("service", office.branch_a.pk, D(2021, 3, 1), staff.pk, None)])
                locked.set()
                logged.wait(timeout=10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=approval_holding_the_lock)
    holder.start()
    try:
        assert locked.wait(timeout=10)

        def log():
            try:
                actions.submit(PracticalDeedFactory.build(person=staff, date=D(2021, 3, 2)), by=staff.user)
                logged.set()
            finally:
                connections.close_all()

        logger = threading.Thread(target=log)
        logger.start()
        logger.join(timeout=10)
        assert logged.is_set(), "logging a record waited for the approval's lock"
    finally:
        logged.set()
        holder.join()
