"""Telling a user something in the app, and reading what one was told."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from services.notifications.models import Notification, NotificationKind


def send(recipient_id, message, *, url="", kind=NotificationKind.OUTCOME):
    """Leave ``message`` (text already in the office's language) for the user ``recipient_id``."""
    return Notification.objects.create(recipient_id=recipient_id, kind=kind, message=message[:300], url=url)


@transaction.atomic
def send_waiting(recipient_id, message, *, url):
    """One more record waits for the reviewer ``recipient_id``.

    While the reviewer has not read their notice of waiting records, the record is added to it
    ("5 records wait for your review", linking to the review queue) and the notice moves to the
    top; otherwise ``message`` (naming the one record) and its ``url`` start a new notice.
    """
    notice = (
        Notification.objects.select_for_update()
        .filter(recipient_id=recipient_id, kind=NotificationKind.REVIEW, read_at__isnull=True)
        .first()
    )
    if notice is None:
        return send(recipient_id, message, url=url, kind=NotificationKind.REVIEW)
    if notice.count == 1 and notice.url == url:  # the same record again (corrected, resubmitted)
        notice.message = message[:300]
        notice.created_at = timezone.now()
        notice.save(update_fields=["message", "created_at"])
        return notice
    notice.count += 1
    with translation.override(settings.LANGUAGE_CODE):
        notice.message = ngettext(
            "%(count)d record waits for your review.", "%(count)d records wait for your review.", notice.count
        ) % {"count": notice.count}
    notice.url = reverse("services:review-queue")
    notice.created_at = timezone.now()
    notice.save(update_fields=["count", "message", "url", "created_at"])
    return notice


def mark_read(notification):
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user):
    """Every unread notification of the user, read now; returns how many."""
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())
