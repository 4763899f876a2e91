"""Issuing and revoking hall displays: the committee administrator's alone; revoked stays revoked."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from branches.display import actions
from branches.display.models import HallDisplay
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

OTHERS = [role for role in ROLES if role != "committee_admin"]


def test_it_issues_a_screen_with_a_long_random_token(office):
    admin = office.users["committee_admin"]
    first = actions.issue_display("  一楼大厅入口 ", by=admin)
    second = actions.issue_display("二楼休息区", by=admin)
    assert first.name == "一楼大厅入口"
    assert first.issued_by == admin and first.issued_at is not None
    assert len(first.token) >= 32 and first.token != second.token
    assert list(HallDisplay.objects.in_use().order_by("pk")) == [first, second]


@pytest.mark.parametrize("role", OTHERS)
def test_only_the_committee_administrator_issues(office, role):
    with pytest.raises(PermissionDenied):
        actions.issue_display("一楼大厅入口", by=office.users[role])
    assert not HallDisplay.objects.exists()


@pytest.mark.parametrize("name", ["", "   ", "大" * 61], ids=["empty", "blank", "too long"])
def test_a_bad_name_is_refused_and_nothing_saved(office, name):
    with pytest.raises(ValidationError) as refused:
        actions.issue_display(name, by=office.users["committee_admin"])
    assert "name" in refused.value.message_dict
    assert not HallDisplay.objects.exists()


def test_two_screens_in_use_cannot_share_a_name_but_a_revoked_ones_name_is_free(office):
    admin = office.users["committee_admin"]
    old = actions.issue_display("一楼大厅入口", by=admin)
    with pytest.raises(ValidationError):
        actions.issue_display("一楼大厅入口", by=admin)
    actions.revoke_display(old, by=admin)
    assert actions.issue_display("一楼大厅入口", by=admin).token != old.token


def test_revoking_is_for_good(office, clock):
    admin = office.users["committee_admin"]
    display = actions.issue_display("一楼大厅入口", by=admin)
    moment = timezone.now()
    clock(moment)
    revoked = actions.revoke_display(display, by=admin)
    assert (revoked.revoked_at, revoked.revoked_by, revoked.is_revoked) == (moment, admin, True)
    clock(moment + datetime.timedelta(days=1))
    assert actions.revoke_display(display, by=admin).revoked_at == moment
    assert not HallDisplay.objects.in_use().exists()


@pytest.mark.parametrize("role", OTHERS)
def test_only_the_committee_administrator_revokes(office, role):
    display = actions.issue_display("一楼大厅入口", by=office.users["committee_admin"])
    with pytest.raises(PermissionDenied):
        actions.revoke_display(display, by=office.users[role])
    display.refresh_from_db()
    assert display.revoked_at is None


def test_a_screen_is_noted_as_seen_at_most_once_a_minute(office, django_assert_num_queries):
    display = actions.issue_display("一楼大厅入口", by=office.users["committee_admin"])
    start = timezone.now()
    with django_assert_num_queries(1):
        assert actions.record_seen(display, now=start)
    with django_assert_num_queries(0):
        assert not actions.record_seen(display, now=start + datetime.timedelta(seconds=59))
    assert actions.record_seen(display, now=start + datetime.timedelta(seconds=61))
    display.refresh_from_db()
    assert display.last_seen_at == start + datetime.timedelta(seconds=61)
