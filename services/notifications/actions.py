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
def send_waiting(recipient_id, message, *, url, waiting):
    """A record now waits for the reviewer ``recipient_id``; ``waiting()`` counts the records
    their queue holds (this one included).

    A reviewer has one notice of waiting records while it is unread: it names the record when it
    is the only one (``message``, ``url``) and says how many wait otherwise ("5 records wait for
    your review", linking to the review queue). Each new record updates it and moves it to the
    top. The notice is locked (or created: the database allows one) before the queue is counted,
    so that of two records logged at once the second counts both.
    """
    notice, _created = Notification.objects.select_for_update().get_or_create(
        recipient_id=recipient_id, kind=NotificationKind.REVIEW, read_at=None
    )
    count = waiting()
    if count > 1:
        with translation.override(settings.LANGUAGE_CODE):
            message = ngettext(
                "%(count)d record waits for your review.", "%(count)d records wait for your review.", count
            ) % {"count": count}
        url = reverse("services:review-queue")
    notice.count, notice.message, notice.url, notice.created_at = max(count, 1), message[:300], url, timezone.now()
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
