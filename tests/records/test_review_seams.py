"""The review workflow at its seams: nobody reviews or silently changes their own record, an
approval is of the version the reviewer saw, and a person's hours of one day have a ceiling."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from services.notifications.models import Notification
from services.records import actions
from services.records.models import (
    ReviewStatus,
    ServiceKind,
    ServiceReason,
    ServiceRecord,
)
from tests.conftest import figure
from tests.factories import ServiceRecordFactory
from tests.records.helpers import YESTERDAY, form_data

pytestmark = pytest.mark.django_db


def service(person, **fields):
    values = {"person": person, "kind": ServiceKind.EXTENDED_HOURS, "date": YESTERDAY, "hours": Decimal("1"),
              "served_name": "王大爷", "reason": ServiceReason.SPECIAL_GROUP}
    return ServiceRecord(**{**values, **fields})


def logged(office, role, *, for_role=None, **fields):
    """A service record logged by ``role`` (for ``for_role``'s person, by default their own)."""
    person = office.people[for_role or role]
    return actions.submit(service(person, **fields), by=office.users[role])


def notified(office, role):
    return list(Notification.objects.filter(recipient=office.users[role]).values_list("message", flat=True))


class TestOwnRecords:
    def test_an_author_who_changes_their_approved_record_sends_it_back_to_review(self, office):
        """The probe's case: a secretary's 1-hour service, approved by another reviewer, changed by
        her to 16 hours "typo"."""
        record = logged(office, "secretary_a")
        actions.approve(record, by=office.users["branch_committee_a"], seen=record.version)
        record.hours = Decimal("16")
        changed = actions.update(record, by=office.users["secretary_a"], reason="typo")
        assert changed.status == ReviewStatus.SUBMITTED
        assert changed.submitted_by == office.users["secretary_a"]
        assert figure("service_hours", YESTERDAY.year, branch=office.branch_a) == 0
        assert changed.history.first().history_change_reason == "typo"
        assert any("16" in message for message in notified(office, "branch_committee_a"))
        with pytest.raises(PermissionDenied):
            actions.approve(changed, by=office.users["secretary_a"], seen=changed.version)
        actions.approve(changed, by=office.users["branch_committee_a"], seen=changed.version)
        assert figure("service_hours", YESTERDAY.year, branch=office.branch_a) == 16

    def test_a_reviewer_who_changes_someone_elses_approved_record_tells_the_branch(self, office):
        record = logged(office, "staff_a")
        actions.approve(record, by=office.users["branch_committee_a"], seen=record.version)
        record.hours = Decimal("2")
        changed = actions.update(record, by=office.users["secretary_a"], reason="以签到表为准")
        assert changed.status == ReviewStatus.APPROVED
        for role in ("branch_committee_a", "staff_a"):
            assert any("以签到表为准" in message for message in notified(office, role)), role
        assert not any("以签到表为准" in message for message in notified(office, "secretary_a"))

    def test_whoever_logged_a_record_for_someone_else_does_not_review_it(self, office):
        record = logged(office, "secretary_a", for_role="staff_a")
        assert record.submitted_by == office.users["secretary_a"]
        assert not actions.may_review(office.users["secretary_a"], record)
        with pytest.raises(PermissionDenied):
            actions.approve(record, by=office.users["secretary_a"], seen=record.version)
        assert not any("staff_a" in message for message in notified(office, "secretary_a"))
        actions.approve(record, by=office.users["branch_committee_a"], seen=record.version)

    def test_the_edit_page_says_an_authors_change_goes_back_to_review(self, login, office, media_root):
        record = logged(office, "secretary_a")
        actions.approve(record, by=office.users["branch_committee_a"], seen=record.version)
        data = form_data(office, "service", hours="16", served_name="王大爷", change_reason="typo")
        response = login("secretary_a").post(reverse("services:record-edit", args=["service", record.pk]), data, follow=True)
        assert _("Corrected and sent for review again.") in response.content.decode()
        record.refresh_from_db()
        assert record.status == ReviewStatus.SUBMITTED and record.hours == 16


class TestVersionSeen:
    def test_an_approval_of_a_version_the_reviewer_did_not_see_is_refused(self, office):
        record = logged(office, "staff_a")
        seen = record.version
        record.hours = Decimal("8")
        actions.update(record, by=office.users["staff_a"])
        with pytest.raises(ValidationError) as refused:
            actions.approve(record, by=office.users["secretary_a"], seen=seen)
        assert refused.value.code == "changed"
        record.refresh_from_db()
        assert record.status == ReviewStatus.SUBMITTED

    def test_the_record_page_refuses_a_stale_review_with_a_message(self, login, office):
        record = logged(office, "staff_a")
        seen = record.version
        record.hours = Decimal("8")
        actions.update(record, by=office.users["staff_a"])
        url = reverse("services:record-review", args=["service", record.pk])
        response = login("secretary_a").post(url, {"decision": "approve", "version": seen}, follow=True)
        assert _("The record changed since you opened it; look at it again.") in response.content.decode()
        record.refresh_from_db()
        assert record.status == ReviewStatus.SUBMITTED

    def test_the_queue_refuses_a_ticked_record_changed_since_the_queue_was_shown(self, login, office):
        record = logged(office, "staff_a")
        ticked = f"service:{record.pk}:{record.version}"
        record.hours = Decimal("8")
        actions.update(record, by=office.users["staff_a"])
        response = login("secretary_a").post(
            reverse("services:review-selected"), {"decision": "approve", "records": [ticked]}, follow=True
        )
        assert _("The record changed since you opened it; look at it again.") in response.content.decode()
        record.refresh_from_db()
        assert record.status == ReviewStatus.SUBMITTED

    def test_a_review_form_without_a_version_approves_nothing(self, login, office):
        record = logged(office, "staff_a")
        url = reverse("services:record-review", args=["service", record.pk])
        login("secretary_a").post(url, {"decision": "approve"})
        record.refresh_from_db()
        assert record.status == ReviewStatus.SUBMITTED


class TestHoursOfADay:
    def test_logging_past_the_ceiling_is_refused_on_the_hours_field(self, login, office):
        logged(office, "staff_a", hours=Decimal("16"), date=YESTERDAY)
        response = login("staff_a").post(
            reverse("services:record-log", args=["service"]), form_data(office, "service", hours="1")
        )
        assert response.status_code == 200
        assert response.context["form"].errors["hours"]
        assert ServiceRecord.objects.count() == 1

    def test_a_returned_record_does_not_count_until_it_is_resubmitted(self, office):
        record = logged(office, "staff_a", hours=Decimal("16"))
        actions.return_record(record, by=office.users["secretary_a"], comment="请核对", seen=record.version)
        logged(office, "staff_a", hours=Decimal("4"))
        record.hours = Decimal("13")
        with pytest.raises(ValidationError) as refused:
            actions.update(record, by=office.users["staff_a"])
        assert "hours" in refused.value.message_dict

    def test_approving_past_the_ceiling_is_refused(self, office):
        """Two records written past the actions (Django admin, an old import) are caught at approval."""
        first, second = ServiceRecordFactory.create_batch(2, person=office.people["staff_a"], date=YESTERDAY, hours=10)
        actions.approve(first, by=office.users["secretary_a"])
        with pytest.raises(ValidationError) as refused:
            actions.approve(second, by=office.users["secretary_a"])
        assert "hours" in refused.value.message_dict
        assert figure("service_hours", YESTERDAY.year) == 10

    def test_other_days_and_other_people_do_not_count(self, office):
        logged(office, "staff_a", hours=Decimal("16"))
        logged(office, "staff_a", hours=Decimal("16"), date=YESTERDAY - datetime.timedelta(days=1))
        logged(office, "group_leader_a", hours=Decimal("16"))
        assert ServiceRecord.objects.count() == 3

    def test_the_ceiling_is_a_setting(self, office, settings):
        settings.MAX_SERVICE_HOURS_PER_DAY = 4
        logged(office, "staff_a", hours=Decimal("3"))
        with pytest.raises(ValidationError):
            logged(office, "staff_a", hours=Decimal("2"))
