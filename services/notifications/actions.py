"""Reading one's notifications."""

from django.utils import timezone

from services.notifications.models import Notification


def mark_read(notification):
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user):
    """Every unread notification of the user, read now; returns how many."""
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())
