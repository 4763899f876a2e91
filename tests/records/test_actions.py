"""The review workflow's actions, without HTTP: every transition, the illegal ones, concurrency."""

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction

from services.enterprises.models import Enterprise
from services.notifications.models import Notification
from services.records import actions
from services.records.models import (
    PracticalDeed,
    ReviewStatus,
    ServiceActivity,
    ServiceKind,
    ServiceReason,
    ServiceRecord,
)
from tests.factories import (
    EnterpriseFactory,
    PatrolFactory,
    PersonFactory,
    PracticalDeedFactory,
    ServiceRecordFactory,
    valid_credit_code,
)

pytestmark = pytest.mark.django_db

YESTERDAY = datetime.date.today() - datetime.timedelta(days=1)


def new_service(person, **fields):
    values = {
        "person": person,
        "kind": ServiceKind.EXTENDED_HOURS,
        "date": YESTERDAY,
        "hours": Decimal("1.5"),
        "served_name": "王大爷",
        "reason": ServiceReason.SPECIAL_GROUP,
    }
    values.update(fields)
    return ServiceRecord(**values)


@pytest.fixture
def submitted(office):
    """A record staff_a logged, waiting for branch A's review."""
    return actions.submit(new_service(office.people["staff_a"]), by=office.users["staff_a"])


def test_it_submits_a_record_into_the_persons_branch(office, submitted):
    assert submitted.status == ReviewStatus.SUBMITTED
    assert submitted.branch == office.branch_a
    assert submitted.history.count() == 1
    assert submitted.history.get().history_user == office.users["staff_a"]


def test_it_logs_for_the_user_by_default(office):
    record = new_service(None)
    record.person = None
    actions.submit(record, by=office.users["staff_b"])
    assert record.person == office.people["staff_b"]
    assert record.branch == office.branch_b


def test_it_tells_the_branch_reviewers_about_a_new_record(office, submitted):
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"secretary_a", "branch_committee_a"}


def test_staff_cannot_log_for_someone_else(office):
    with pytest.raises(PermissionDenied):
        actions.submit(new_service(office.people["staff_b"]), by=office.users["staff_a"])
    assert not ServiceRecord.objects.exists()


def test_a_secretary_may_log_for_a_member_of_the_branch(office):
    record = actions.submit(new_service(office.people["staff_a"]), by=office.users["secretary_a"])
    assert record.person == office.people["staff_a"]


def test_a_user_without_a_person_cannot_log(office, django_user_model):
    record = new_service(None)
    record.person = None
    with pytest.raises(PermissionDenied):
        actions.submit(record, by=django_user_model.objects.create(username="visitor"))


@pytest.mark.parametrize(
    "fields",
    [
        {"hours": Decimal("-1")},
        {"hours": Decimal("0")},
        {"hours": Decimal("100")},
        {"date": datetime.date.today() + datetime.timedelta(days=1)},
        {"served_name": ""},
        {"persons_sent": 0},
    ],
    ids=["negative hours", "no hours", "absurd hours", "future date", "nobody served", "nobody sent"],
)
def test_it_rejects_bad_records_and_saves_nothing(office, fields):
    with pytest.raises(ValidationError):
        actions.submit(new_service(office.people["staff_a"], **fields), by=office.users["staff_a"])
    assert not ServiceRecord.objects.exists()
    assert not Notification.objects.exists()


def test_a_deed_for_an_enterprise_names_it(office):
    deed = PracticalDeed(
        person=office.people["staff_a"], date=YESTERDAY, beneficiary="enterprise", description="帮办"
    )
    with pytest.raises(ValidationError):
        actions.submit(deed, by=office.users["staff_a"])
    assert not PracticalDeed.objects.exists()


def test_a_new_enterprise_is_saved_with_the_record(office):
    enterprise = Enterprise(credit_code=valid_credit_code(7), name="宁波新企业有限公司")
    record = actions.submit(
        new_service(office.people["staff_a"], served_name="", enterprise=enterprise), by=office.users["staff_a"]
    )
    assert record.enterprise.pk is not None
    assert Enterprise.objects.get().name == "宁波新企业有限公司"


def test_a_known_enterprise_is_not_duplicated(office):
    known = EnterpriseFactory()
    again = Enterprise(credit_code=known.credit_code, name="别的名字")
    record = actions.submit(
        new_service(office.people["staff_a"], served_name="", enterprise=again), by=office.users["staff_a"]
    )
    assert record.enterprise == known
    assert Enterprise.objects.count() == 1


def test_a_patrol_covers_the_patrollers_own_zone(office):
    zone = office.people["staff_a"].responsibility_zones.get()
    patrol = PatrolFactory.build(person=office.people["staff_b"], zone=zone, branch=office.branch_b)
    with pytest.raises(ValidationError):
        actions.submit(patrol, by=office.users["secretary_b"])


def test_a_secretary_approves(office, submitted):
    record = actions.approve(submitted, by=office.users["secretary_a"], comment="很好")
    record.refresh_from_db()
    assert record.status == ReviewStatus.APPROVED
    assert record.reviewed_by == office.users["secretary_a"]
    assert record.reviewed_at is not None
    assert record.review_comment == "很好"
    assert record.history.first().history_user == office.users["secretary_a"]
    assert Notification.objects.filter(recipient=office.users["staff_a"]).count() == 1


def test_the_branch_committee_and_the_committee_admin_may_approve(office):
    for reviewer in ["branch_committee_a", "committee_admin"]:
        record = actions.submit(new_service(office.people["staff_a"]), by=office.users["staff_a"])
        actions.approve(record, by=office.users[reviewer])
        record.refresh_from_db()
        assert record.is_approved


@pytest.mark.parametrize("role", ["staff_a", "group_leader_a", "committee_member", "secretary_b", "staff_b"])
def test_others_may_not_approve(office, submitted, role):
    with pytest.raises(PermissionDenied):
        actions.approve(submitted, by=office.users[role])
    submitted.refresh_from_db()
    assert submitted.is_waiting


def test_nobody_reviews_their_own_record(office):
    record = actions.submit(new_service(office.people["secretary_a"]), by=office.users["secretary_a"])
    with pytest.raises(PermissionDenied):
        actions.approve(record, by=office.users["secretary_a"])


def test_an_approved_record_cannot_be_approved_again(office, submitted):
    actions.approve(submitted, by=office.users["secretary_a"])
    with pytest.raises(ValidationError):
        actions.approve(submitted, by=office.users["branch_committee_a"])
    assert submitted.history.count() == 2


def test_returning_needs_a_comment(office, submitted):
    with pytest.raises(ValidationError):
        actions.return_record(submitted, by=office.users["secretary_a"], comment="  ")
    submitted.refresh_from_db()
    assert submitted.is_waiting


def test_a_returned_record_is_corrected_and_resubmitted(office, submitted):
    actions.return_record(submitted, by=office.users["secretary_a"], comment="请补充服务对象")
    record = ServiceRecord.objects.get()
    assert record.is_returned
    assert "请补充服务对象" in Notification.objects.filter(recipient=office.users["staff_a"]).get().message
    record.served_name = "王大爷（独居老人）"
    actions.update(record, by=office.users["staff_a"])
    record.refresh_from_db()
    assert record.is_waiting
    assert record.review_comment == "请补充服务对象"
    notice = Notification.objects.get(recipient=office.users["secretary_a"])  # the same record: one notice
    assert notice.count == 1 and "重新提交" in notice.message
    actions.approve(record, by=office.users["secretary_a"])
    record.refresh_from_db()
    assert record.is_approved


def test_a_returned_record_cannot_be_approved_before_resubmission(office, submitted):
    actions.return_record(submitted, by=office.users["secretary_a"], comment="请补充")
    with pytest.raises(ValidationError):
        actions.approve(submitted, by=office.users["secretary_a"])


def test_the_owner_cannot_change_an_approved_record(office, submitted):
    actions.approve(submitted, by=office.users["secretary_a"])
    submitted.hours = Decimal("9")
    with pytest.raises(PermissionDenied):
        actions.update(submitted, by=office.users["staff_a"], reason="改一下")
    assert ServiceRecord.objects.get().hours == Decimal("1.5")


def test_a_reviewer_changes_an_approved_record_only_with_a_reason(office, submitted):
    actions.approve(submitted, by=office.users["secretary_a"])
    record = ServiceRecord.objects.get()
    record.hours = Decimal("2")
    with pytest.raises(ValidationError):
        actions.update(record, by=office.users["secretary_a"], reason="")
    assert ServiceRecord.objects.get().hours == Decimal("1.5")
    actions.update(record, by=office.users["secretary_a"], reason="时长登记有误")
    record.refresh_from_db()
    assert record.hours == Decimal("2")
    assert record.is_approved
    latest = record.history.first()
    assert latest.history_change_reason == "时长登记有误"
    assert latest.history_user == office.users["secretary_a"]


def test_an_edit_never_overwrites_the_review_state(office, submitted):
    """An instance loaded before the approval must not put the record back to 'submitted'."""
    stale = ServiceRecord.objects.get()
    actions.approve(submitted, by=office.users["secretary_a"])
    stale.notes = "补充说明"
    with pytest.raises(PermissionDenied):
        actions.update(stale, by=office.users["staff_a"])
    assert ServiceRecord.objects.get().is_approved


def test_two_reviewers_with_the_same_stale_record_give_one_approval(office, submitted):
    first = ServiceRecord.objects.get()
    second = ServiceRecord.objects.get()
    actions.approve(first, by=office.users["secretary_a"])
    with pytest.raises(ValidationError):
        actions.approve(second, by=office.users["branch_committee_a"])
    record = ServiceRecord.objects.get()
    assert record.reviewed_by == office.users["secretary_a"]
    assert record.history.filter(status=ReviewStatus.APPROVED).count() == 1
    assert Notification.objects.filter(recipient=office.users["staff_a"]).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="in-memory SQLite test databases are one connection")
def test_concurrent_approvals_in_two_connections_give_one_approval(office):
    record = actions.submit(new_service(office.people["staff_a"]), by=office.users["staff_a"])
    barrier = threading.Barrier(2)
    outcomes = []

    def review(role):
        try:
            barrier.wait()
            actions.approve(ServiceRecord.objects.get(pk=record.pk), by=office.users[role])
            outcomes.append("approved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=review, args=(role,)) for role in ["secretary_a", "branch_committee_a"]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["approved", "refused"]
    assert ServiceRecord.objects.get().history.filter(status=ReviewStatus.APPROVED).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="in-memory SQLite test databases are one connection")
def test_a_service_record_and_a_deed_logged_at_once_in_one_branch_both_commit(office):
    """The deed's transaction holds the reviewers' notice and commits while the service record's
    waits for that notice: the service record's lock must not hold a row the deed's foreign keys
    check at COMMIT (it held the branch's, and PostgreSQL detected a deadlock: bench/cluster.py)."""
    deed_written = threading.Event()
    outcomes = []

    def log_deed():
        try:
            with transaction.atomic():
                deed = PracticalDeedFactory.build(person=office.people["group_leader_a"], branch=office.branch_a)
                actions.submit(deed, by=office.users["group_leader_a"])
                deed_written.set()
                time.sleep(0.5)  # the service record now waits for the reviewers' notice
            outcomes.append("deed")
        except Exception as error:
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    def log_service():
        try:
            deed_written.wait(10)
            actions.submit(new_service(office.people["staff_a"]), by=office.users["staff_a"])
            outcomes.append("service")
        except Exception as error:
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=log_deed), threading.Thread(target=log_service)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["deed", "service"]


def test_review_many_reports_each_failure_and_does_the_rest(office):
    staff = office.people["staff_a"]
    records = [actions.submit(new_service(staff), by=office.users["staff_a"]) for _ in range(3)]
    actions.approve(records[0], by=office.users["secretary_a"])
    done, problems = actions.review_many(records, by=office.users["branch_committee_a"], decision="approve")
    assert done == 2
    assert len(problems) == 1
    assert ServiceRecord.objects.approved().count() == 3


def test_participants_are_kept_with_a_themed_party_day(office):
    activity = ServiceActivity(
        person=office.people["staff_a"], kind="into_communities", date=YESTERDAY, title="进社区", place="锦屏"
    )
    actions.submit(activity, by=office.users["staff_a"], participants=[office.people["staff_a"], office.people["secretary_a"]])
    assert set(ServiceActivity.objects.get().participants.all()) == {office.people["staff_a"], office.people["secretary_a"]}


def test_only_approved_records_count(office):
    staff = office.people["staff_a"]
    approved = actions.submit(new_service(staff, hours=Decimal("2")), by=office.users["staff_a"])
    actions.approve(approved, by=office.users["secretary_a"])
    actions.submit(new_service(staff, hours=Decimal("5")), by=office.users["staff_a"])
    returned = actions.submit(new_service(staff, hours=Decimal("7")), by=office.users["staff_a"])
    actions.return_record(returned, by=office.users["secretary_a"], comment="重填")
    from django.db.models import Sum

    assert ServiceRecord.objects.approved().aggregate(total=Sum("hours"))["total"] == Decimal("2")


def test_an_unknown_person_in_a_factory_record_belongs_to_their_branch(office):
    record = ServiceRecordFactory(person=PersonFactory(branch=office.branch_b))
    assert record.branch == office.branch_b
