"""Notices e-mailed as each person chose, delivered to a real SMTP server started in the test."""

import datetime

import pytest
from django.urls import reverse

from services.notifications import actions, mail, reminders
from services.notifications.models import Delivery, Notification, NotificationKind
from services.records import actions as record_actions
from tests.factories import LectureFactory, ServiceRecordFactory
from tests.smtp import free_port, smtp_server

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 7)


@pytest.fixture
def mailbox(settings):
    with smtp_server(settings, site_url="https://torchbearer.example") as received:
        yield received


def with_address(office, role, **choices):
    user = office.users[role]
    user.email = f"{role}@hall.example"
    user.save()
    actions.save_preferences(user, choices)
    return user


def test_an_outcome_chosen_by_email_reaches_the_smtp_server(
    office, mailbox, django_capture_on_commit_callbacks
):
    with_address(office, "staff_a", outcome=Delivery.EMAIL)
    record = ServiceRecordFactory(person=office.people["staff_a"], branch=office.branch_a)
    with django_capture_on_commit_callbacks(execute=True):
        record_actions.approve(record, by=office.users["secretary_a"])
    [(to, subject, body)] = mailbox.messages
    assert to == ["staff_a@hall.example"]
    assert "上门服务" in subject
    notice = Notification.objects.get(recipient=office.users["staff_a"])
    assert f"https://torchbearer.example{reverse('services:notification-open', args=[notice.pk])}" in body
    assert notice.emailed_at is not None


def test_nobody_is_emailed_who_did_not_ask(office, mailbox, django_capture_on_commit_callbacks):
    user = office.users["staff_a"]
    user.email = "staff_a@hall.example"
    user.save()
    record = ServiceRecordFactory(person=office.people["staff_a"], branch=office.branch_a)
    with django_capture_on_commit_callbacks(execute=True):
        record_actions.approve(record, by=office.users["secretary_a"])
    assert mailbox.messages == []
    assert Notification.objects.filter(recipient=user).exists()


def test_the_review_notice_is_emailed_once_while_it_is_unread(office, mailbox, django_capture_on_commit_callbacks):
    with_address(office, "secretary_a", review=Delivery.EMAIL)
    for _index in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            actions.send_waiting(
                office.users["secretary_a"].pk, "待审核", url="/services/review/", waiting=lambda: 1
            )
    assert len(mailbox.messages) == 1


def test_the_daily_digest_gathers_the_chosen_kinds_in_one_email(office, mailbox, django_capture_on_commit_callbacks):
    with_address(office, "staff_a", lecture=Delivery.DIGEST, deadline=Delivery.DIGEST)
    LectureFactory(date=TODAY + datetime.timedelta(days=1), branch=office.branch_a, topic="优化营商环境")
    LectureFactory(date=TODAY + datetime.timedelta(days=1), branch=None, topic="党课")
    actions.send(office.users["staff_a"].pk, "已通过：上门服务")
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_all(TODAY)
    assert mailbox.messages == []
    assert mail.send_digests() == 1
    [(to, subject, body)] = mailbox.messages
    assert "2" in subject
    assert "优化营商环境" in body and "党课" in body and "上门服务" not in body
    assert mail.send_digests() == 0


def test_a_mail_server_down_breaks_nothing_and_is_retried(office, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    with_address(office, "staff_a", outcome=Delivery.EMAIL)
    record = ServiceRecordFactory(person=office.people["staff_a"], branch=office.branch_a)
    with django_capture_on_commit_callbacks(execute=True):
        record_actions.approve(record, by=office.users["secretary_a"])
    assert Notification.objects.get(recipient=office.users["staff_a"]).emailed_at is None


def test_the_daily_command_leaves_reminders_and_sends_digests(office, mailbox):
    from django.core.management import call_command

    with_address(office, "staff_a", lecture=Delivery.DIGEST)
    LectureFactory(date=TODAY + datetime.timedelta(days=1), branch=office.branch_a)
    call_command("daily_notices", "--date", TODAY.isoformat())
    assert Notification.objects.filter(recipient=office.users["staff_a"], kind=NotificationKind.LECTURE).exists()
    assert len(mailbox.messages) == 1


@pytest.mark.parametrize("description", ["帮\nBcc: evil@example.com", "每日\r\n检查"])
def test_a_line_break_in_the_text_breaks_neither_the_page_nor_the_other_emails(
    office, mailbox, django_capture_on_commit_callbacks, description
):
    with_address(office, "staff_a", outcome=Delivery.EMAIL)
    with_address(office, "staff_b", outcome=Delivery.EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        actions.send(office.users["staff_a"].pk, f"已通过：{description}")
        actions.send(office.users["staff_b"].pk, "已通过：上门服务")
    assert len(mailbox.messages) == 2
    [(to, subject, body)] = [message for message in mailbox.messages if message[0] == ["staff_a@hall.example"]]
    assert "\n" not in subject and "Bcc" not in "".join(to)
    assert description.split()[0] in body


def test_a_person_who_left_is_not_emailed(office, mailbox, django_capture_on_commit_callbacks):
    user = with_address(office, "staff_a", outcome=Delivery.EMAIL)
    user.is_active = False
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        actions.send(user.pk, "已通过：上门服务")
    assert mailbox.messages == []
