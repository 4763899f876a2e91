"""What reviewers are told: one notice of the records waiting, not one per record; a patrol that
found nothing asks nobody."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from services.notifications import actions as notifications
from services.notifications.models import Notification, NotificationKind
from services.records import actions
from services.records.models import Patrol, ReviewStatus
from tests.records.helpers import form_data

pytestmark = pytest.mark.django_db

REVIEW_QUEUE = reverse("services:review-queue")


def log_deeds(login, office, count):
    client = login("staff_a")
    for index in range(count):
        data = form_data(office, "deed", description=f"帮助群众办理第 {index + 1} 件事")
        assert client.post(reverse("services:record-log", args=["deed"]), data).status_code == 302


def notices_of(office, role):
    return list(Notification.objects.filter(recipient=office.users[role]))


def test_records_waiting_arrive_as_one_notice_per_reviewer(login, office):
    log_deeds(login, office, 5)
    for role in ("secretary_a", "branch_committee_a"):
        (notice,) = notices_of(office, role)
        assert notice.kind == NotificationKind.REVIEW
        assert notice.count == 5
        assert notice.message == "5 条记录等待您审核。"
        assert notice.url == REVIEW_QUEUE
    assert notices_of(office, "secretary_b") == []


def test_a_single_waiting_record_names_itself_and_links_to_it(login, office):
    log_deeds(login, office, 1)
    (notice,) = notices_of(office, "secretary_a")
    assert "帮助群众办理第 1 件事" in notice.message
    assert notice.url.startswith("/services/deed/")


def test_once_read_the_next_record_starts_a_new_notice_that_counts_the_queue(login, office):
    log_deeds(login, office, 2)
    notifications.mark_all_read(office.users["secretary_a"])
    log_deeds(login, office, 1)
    read, unread = sorted(notices_of(office, "secretary_a"), key=lambda notice: notice.read_at is None)
    assert (read.count, unread.count) == (2, 3)  # the two unreviewed still wait
    assert unread.message == "3 条记录等待您审核。"


def test_the_number_is_what_the_queue_holds_not_how_many_arrived(login, office):
    log_deeds(login, office, 2)
    for record in office.people["staff_a"].practicaldeed_records.all():
        actions.approve(record, by=office.users["branch_committee_a"])
    log_deeds(login, office, 1)
    (notice,) = notices_of(office, "secretary_a")
    assert notice.count == 1
    assert "帮助群众办理第 1 件事" in notice.message and notice.url.startswith("/services/deed/")


def test_the_outcome_of_a_review_is_told_to_the_staff_member_each_time(login, office):
    log_deeds(login, office, 2)
    for record in office.people["staff_a"].practicaldeed_records.all():
        actions.approve(record, by=office.users["secretary_a"])
    outcomes = notices_of(office, "staff_a")
    assert len(outcomes) == 2
    assert {notice.kind for notice in outcomes} == {NotificationKind.OUTCOME}


def test_a_patrol_that_found_nothing_is_counted_without_review(login, office):
    client = login("staff_a")
    assert client.post(reverse("services:record-log", args=["patrol"]), form_data(office, "patrol")).status_code == 302
    patrol = Patrol.objects.get()
    assert patrol.status == ReviewStatus.APPROVED
    assert patrol.reviewed_at is not None and patrol.reviewed_by is None
    assert patrol.review_comment == "无发现，直接记录，无需审核。"
    assert not Notification.objects.exists()
    queue = login("secretary_a").get(REVIEW_QUEUE).content.decode()
    assert patrol.get_absolute_url() not in queue


def test_the_owner_corrects_a_patrol_that_was_counted_without_review(login, office):
    """Ticked "nothing found" by mistake: the owner may still correct it, and then it waits for a
    reviewer (a change by its author always does)."""
    client = login("staff_a")
    client.post(reverse("services:record-log", args=["patrol"]), form_data(office, "patrol"))
    patrol = Patrol.objects.get()
    assert actions.may_edit(office.users["staff_a"], patrol)
    patrol.found_problem, patrol.findings = True, "自助机卡纸"
    actions.update(patrol, by=office.users["staff_a"], reason="漏填发现")
    patrol.refresh_from_db()
    assert patrol.status == ReviewStatus.SUBMITTED
    assert notices_of(office, "secretary_a")[0].url == patrol.get_absolute_url()


def test_a_reviewed_record_stays_locked_for_its_owner(login, office):
    log_deeds(login, office, 1)
    record = office.people["staff_a"].practicaldeed_records.get()
    actions.approve(record, by=office.users["secretary_a"])
    record.refresh_from_db()
    assert not actions.may_edit(office.users["staff_a"], record)


def test_the_database_keeps_one_unread_notice_of_waiting_records(office):
    from django.db import IntegrityError, transaction

    from services.notifications.models import Notification as N

    N.objects.create(recipient=office.users["secretary_a"], kind=NotificationKind.REVIEW, message="1")
    with pytest.raises(IntegrityError), transaction.atomic():
        N.objects.create(recipient=office.users["secretary_a"], kind=NotificationKind.REVIEW, message="2")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="in-memory SQLite test databases are one connection")
def test_two_records_logged_at_once_leave_one_notice(office):
    barrier = threading.Barrier(2)
    failures = []

    def log(index):
        try:
            barrier.wait()
            record = make_record_for_log(office, index)
            actions.submit(record, by=office.users["staff_a"])
        except Exception as error:  # noqa: BLE001 — reported below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=log, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    (notice,) = notices_of(office, "secretary_a")
    assert notice.count == 2 and notice.message == "2 条记录等待您审核。"


def make_record_for_log(office, index):
    from services.records.models import PracticalDeed

    return PracticalDeed(person=office.people["staff_a"], beneficiary="masses", date=datetime.date.today(), description=f"同时登记 {index}")
