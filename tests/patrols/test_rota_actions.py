"""每日一巡 排班: the duty rota's rules in the database and in its one action, ``save_rota``."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.people.models import PoliticalStatus
from services.patrols import actions
from services.patrols.models import DutyRota, ExtendedHoursDuty, PatrolDuty
from services.records.models import Patrol
from tests.factories import PatrolFactory, PersonFactory, ResponsibilityZoneFactory

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 12, 9, 10, 0))  # a Wednesday
D = datetime.date
MONTH = D(2026, 12, 1)


@pytest.fixture
def today(clock):
    clock(NOW)
    return NOW.date()


@pytest.fixture
def zone(office):
    return office.people["staff_a"].responsibility_zones.get()


def save(office, role="secretary_a", *, patrols=None, extended=None, month=MONTH, branch=None):
    return actions.save_rota(
        branch or office.branch_a, month, patrols=patrols or {}, extended=extended or {}, by=office.users[role]
    )


def cells():
    return (
        sorted((duty.zone.name, duty.date, duty.person.name) for duty in PatrolDuty.objects.all()),
        sorted((duty.date, duty.person.name) for duty in ExtendedHoursDuty.objects.all()),
    )


class TestSaving:
    def test_a_secretary_sets_who_patrols_and_who_serves_extended_hours(self, office, today, zone):
        people = office.people
        rota = save(
            office,
            patrols={(zone, D(2026, 12, 9)): people["staff_a"], (zone, D(2026, 12, 10)): people["secretary_a"]},
            extended={D(2026, 12, 9): people["group_leader_a"]},
        )
        assert (rota.branch, rota.month, rota.updated_by) == (office.branch_a, MONTH, office.users["secretary_a"])
        assert cells() == (
            [("商事登记责任区", D(2026, 12, 9), "staff_a"), ("商事登记责任区", D(2026, 12, 10), "secretary_a")],
            [(D(2026, 12, 9), "group_leader_a")],
        )

    def test_saving_again_writes_only_what_changed_with_its_history(self, office, today, zone):
        people = office.people
        first = {(zone, D(2026, 12, 9)): people["staff_a"], (zone, D(2026, 12, 10)): people["staff_a"]}
        save(office, patrols=first)
        save(office, role="branch_committee_a", patrols={**first, (zone, D(2026, 12, 10)): people["secretary_a"]})
        history = PatrolDuty.history.order_by("history_date", "history_id")
        assert [(entry.history_type, entry.person.name) for entry in history] == [("+", "staff_a"), ("+", "staff_a"), ("~", "secretary_a")]
        assert history.last().history_user == office.users["branch_committee_a"]

    def test_a_cell_left_out_is_nobody_and_an_empty_month_has_no_rota(self, office, today, zone):
        save(office, patrols={(zone, D(2026, 12, 9)): office.people["staff_a"]}, extended={D(2026, 12, 9): office.people["staff_a"]})
        save(office, patrols={(zone, D(2026, 12, 9)): None})
        assert not DutyRota.objects.exists() and cells() == ([], [])

    def test_ids_do_as_well_as_objects(self, office, today, zone):
        save(office, patrols={(zone.pk, D(2026, 12, 9)): office.people["staff_a"].pk})
        assert cells()[0] == [("商事登记责任区", D(2026, 12, 9), "staff_a")]

    @pytest.mark.parametrize("month", [D(2026, 11, 1), D(2027, 3, 1)])
    def test_last_month_and_three_months_ahead_can_be_kept(self, office, today, zone, month):
        day = month.replace(day=2) if month.month == 11 else month.replace(day=1)  # a Monday each
        save(office, month=month, patrols={(zone, day): office.people["staff_a"]})
        assert DutyRota.objects.get().month == month


class TestWho:
    @pytest.mark.parametrize("role", ["secretary_a", "branch_committee_a", "committee_admin"])
    def test_the_branchs_managers_keep_it(self, office, today, zone, role):
        save(office, role, patrols={(zone, D(2026, 12, 9)): office.people["staff_a"]})
        assert PatrolDuty.objects.count() == 1

    @pytest.mark.parametrize("role", ["staff_a", "group_leader_a", "secretary_b", "committee_member"])
    def test_nobody_else_may(self, office, today, zone, role):
        with pytest.raises(PermissionDenied):
            save(office, role, patrols={(zone, D(2026, 12, 9)): office.people["staff_a"]})
        assert not DutyRota.objects.exists()


def refused(office, expected, **kwargs):
    """The action refuses with ``expected`` among its messages and leaves the rota as it was."""
    before = cells()
    with pytest.raises(ValidationError) as refusal, transaction.atomic():
        save(office, **kwargs)
    assert any(expected in message for message in refusal.value.messages), refusal.value.messages
    assert cells() == before
    return refusal.value.messages


class TestBadInput:
    @pytest.fixture(autouse=True)
    def kept(self, office, today, zone):
        """A rota already saved: a refused save leaves it as it was."""
        save(office, patrols={(zone, D(2026, 12, 8)): office.people["staff_a"]}, extended={D(2026, 12, 8): office.people["staff_a"]})

    def test_a_person_of_another_branch(self, office, zone):
        message = _("%(name)s is not in post in this branch.") % {"name": "secretary_b"}
        refused(office, message, patrols={(zone, D(2026, 12, 9)): office.people["secretary_b"]})
        refused(office, _("%(name)s is not in post in this branch.") % {"name": "staff_b"}, extended={D(2026, 12, 9): office.people["staff_b"]})

    def test_a_zone_of_another_branch(self, office):
        other = ResponsibilityZoneFactory(member=PersonFactory(branch=office.branch_b), name="B 区")
        refused(office, _("The zone “%(zone)s” is not one of this branch's.") % {"zone": "B 区"},
                patrols={(other, D(2026, 12, 9)): office.people["secretary_a"]})

    def test_someone_who_is_not_a_party_member_patrols_no_zone(self, office, zone):
        activist = PersonFactory(branch=office.branch_a, name="积极分子", political_status=PoliticalStatus.ACTIVIST)
        refused(office, _("%(name)s is not a party member: zones are patrolled by party members.") % {"name": "积极分子"},
                patrols={(zone, D(2026, 12, 9)): activist})
        save(office, extended={D(2026, 12, 9): activist})  # but serves extended hours
        assert cells()[1] == [(D(2026, 12, 9), "积极分子")]

    def test_someone_who_left(self, office, zone):
        gone = PersonFactory(branch=office.branch_a, name="离职者", is_active=False)
        refused(office, _("%(name)s is not in post in this branch.") % {"name": "离职者"}, extended={D(2026, 12, 9): gone})

    @pytest.mark.parametrize("day, message", [
        (D(2026, 12, 12), "Duties fall on working days, Monday to Friday."),
        (D(2027, 1, 4), "The day is not in the rota's month."),
    ])
    def test_a_day_off_or_of_another_month(self, office, zone, day, message):
        messages = refused(office, _(message), patrols={(zone, day): office.people["staff_a"]})
        assert messages[0].startswith(f"{day:%m-%d}")

    def test_a_zone_not_in_force_that_day(self, office, zone):
        later = ResponsibilityZoneFactory(member=office.people["secretary_a"], name="新责任区", starts_on=D(2026, 12, 14))
        refused(office, _("The zone “%(zone)s” is not in force on that day.") % {"zone": "新责任区"},
                patrols={(later, D(2026, 12, 9)): office.people["secretary_a"]})

    @pytest.mark.parametrize("month", [D(2026, 10, 1), D(2027, 4, 1), D(2126, 12, 1), D(2026, 12, 9), "2026-12"])
    def test_a_month_out_of_reach(self, office, zone, month):
        refused(office, _("A rota can be kept from last month to %(months)s months ahead.") % {"months": 3},
                month=month, patrols={(zone, D(2026, 12, 9)): office.people["staff_a"]})

    def test_a_zone_or_person_that_does_not_exist(self, office, zone):
        refused(office, _("A zone or a person of the rota does not exist."), patrols={(zone, D(2026, 12, 9)): 10**9})
        refused(office, _("A zone or a person of the rota does not exist."), patrols={(10**9, D(2026, 12, 9)): office.people["staff_a"]})

    def test_every_wrong_cell_is_named_at_once(self, office, zone):
        messages = refused(
            office, "12-12",
            patrols={(zone, D(2026, 12, 12)): office.people["staff_a"], (zone, D(2026, 12, 9)): office.people["secretary_b"]},
        )
        assert len(messages) == 2


class TestTheDatabase:
    def test_one_rota_per_branch_and_month(self, office):
        DutyRota.objects.create(branch=office.branch_a, month=MONTH)
        with pytest.raises(IntegrityError), transaction.atomic():
            DutyRota.objects.create(branch=office.branch_a, month=MONTH)

    def test_one_patrol_duty_per_zone_and_day(self, office, zone):
        rota = DutyRota.objects.create(branch=office.branch_a, month=MONTH)
        PatrolDuty.objects.create(rota=rota, zone=zone, date=D(2026, 12, 9), person=office.people["staff_a"])
        with pytest.raises(IntegrityError), transaction.atomic():
            PatrolDuty.objects.create(rota=rota, zone=zone, date=D(2026, 12, 9), person=office.people["secretary_a"])

    def test_one_extended_hours_duty_per_branch_and_day(self, office):
        rota = DutyRota.objects.create(branch=office.branch_a, month=MONTH)
        ExtendedHoursDuty.objects.create(rota=rota, date=D(2026, 12, 9), person=office.people["staff_a"])
        with pytest.raises(IntegrityError), transaction.atomic():
            ExtendedHoursDuty.objects.create(rota=rota, date=D(2026, 12, 9), person=office.people["secretary_a"])

    def test_the_admin_checks_a_row_by_the_same_rules(self, office, zone):
        rota = DutyRota(branch=office.branch_a, month=D(2026, 12, 2))
        with pytest.raises(ValidationError):
            rota.full_clean()
        rota = DutyRota.objects.create(branch=office.branch_a, month=MONTH)
        duty = PatrolDuty(rota=rota, zone=zone, date=D(2026, 12, 12), person=office.people["staff_b"])
        with pytest.raises(ValidationError) as refusal:
            duty.full_clean()
        assert set(refusal.value.message_dict) == {"date", "person"}


class TestLoggingThePatrol:
    """A zone is patrolled by its holder, or by the member the rota puts on it that day."""

    def test_the_member_on_duty_may_log_the_zones_patrol(self, office, today, zone):
        save(office, patrols={(zone, D(2026, 12, 8)): office.people["secretary_a"]})
        patrol = PatrolFactory.build(zone=zone, person=office.people["secretary_a"], date=D(2026, 12, 8))
        patrol.full_clean()

    def test_not_on_another_day(self, office, today, zone):
        save(office, patrols={(zone, D(2026, 12, 8)): office.people["secretary_a"]})
        patrol = PatrolFactory.build(zone=zone, person=office.people["secretary_a"], date=D(2026, 12, 7))
        with pytest.raises(ValidationError) as refusal:
            patrol.full_clean()
        assert refusal.value.message_dict["zone"] == [
            _("You can only patrol your own responsibility zone, or one the duty rota gives you that day.")
        ]
        assert not Patrol.objects.exists()
