"""Telling a user something, in the app and, as they chose, by e-mail; and reading what one was told.

Every notice is written in the office's language (settings.LANGUAGE_CODE) when it is sent: it is
read later, by someone whose language the sender does not know. Whether a notice is also e-mailed
is each recipient's choice per kind (:class:`NotificationPreference`); without one, it stays in
the app.
"""

import contextlib
import contextvars

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from branches.kernel import background
from services.notifications import mail
from services.notifications.models import (
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
)

_silenced = contextvars.ContextVar("notifications_silenced", default=False)


@contextlib.contextmanager
def silenced():
    """Tell nobody of what is written inside: the demo's past years, loaded as they happened,
    are old news (their notices would all be read at once)."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


def telling():
    """False inside :func:`silenced`: senders skip even working out whom to tell."""
    return not _silenced.get()


def send(recipient_id, message, *, url="", kind=NotificationKind.OUTCOME):
    """Leave ``message`` (text already in the office's language) for the user ``recipient_id``,
    and e-mail it (out of the request: services.notifications.mail) if they asked for this kind by e-mail."""
    if not telling():
        return None
    notification = Notification.objects.create(recipient_id=recipient_id, kind=kind, message=message[:300], url=url)
    if delivery_of(recipient_id, kind) == Delivery.EMAIL:
        background.later(mail.email_notices, [notification.pk])
    return notification


@transaction.atomic
def send_reminders(notices):
    """Leave each of ``notices`` — (recipient id, kind, key, message, url) — unless its recipient
    already has a notice of that key: a daily run tells each person once. Returns how many were new.

    The database holds one notice per recipient and key, so two runs at once cannot both write one.
    """
    if not telling():
        return 0
    notices = {(recipient_id, key): (kind, message, url) for recipient_id, kind, key, message, url in notices}
    if not notices:
        return 0
    recipients = {recipient_id for recipient_id, _key in notices}
    keys = {key for _recipient_id, key in notices}
    sent = set(
        Notification.objects.filter(recipient__in=recipients, key__in=keys).values_list("recipient_id", "key")
    )
    new = [
        Notification(recipient_id=recipient_id, kind=kind, key=key, message=message[:300], url=url)
        for (recipient_id, key), (kind, message, url) in sorted(notices.items())
        if (recipient_id, key) not in sent
    ]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    by_email = set(
        NotificationPreference.objects.filter(
            user__in={notice.recipient_id for notice in new}, delivery=Delivery.EMAIL
        ).values_list("user_id", "kind")
    )
    emailed = [
        (notice.recipient_id, notice.key) for notice in new if (notice.recipient_id, notice.kind) in by_email
    ]
    if emailed:
        background.later(mail.email_reminders, emailed)
    return len(new)


@transaction.atomic
def send_waiting(recipient_id, message, *, url, waiting):
    """A record now waits for the reviewer ``recipient_id``; ``waiting()`` counts the records
    their queue holds (this one included).

    A reviewer has one notice of waiting records while it is unread: it names the record when it
    is the only one (``message``, ``url``) and says how many wait otherwise ("5 records wait for
    your review", linking to the review queue). Each new record updates it and moves it to the
    top. The notice is locked (or created: the database allows one) before the queue is counted,
    so that of two records logged at once the second counts both. It is e-mailed, to a reviewer
    who asked, when it is new: one e-mail while it is unread, not one per record.
    """
    if not telling():
        return None
    notice, created = Notification.objects.select_for_update().get_or_create(
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
    if created and delivery_of(recipient_id, NotificationKind.REVIEW) == Delivery.EMAIL:
        background.later(mail.email_notices, [notice.pk])
    return notice


def mark_read(notification):
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user):
    """Every unread notification of the user, read now; returns how many."""
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())


def delivery_of(user_id, kind):
    """How the user wants notices of ``kind``: in the app only unless they chose otherwise."""
    chosen = NotificationPreference.objects.filter(user=user_id, kind=kind).values_list("delivery", flat=True).first()
    return chosen or Delivery.APP


def preferences_of(user):
    """{kind: delivery} for every kind, the user's choice or in the app only."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, Delivery.APP) for kind in NotificationKind.values}


@transaction.atomic
def save_preferences(user, choices):
    """Keep the user's choice of delivery for each kind in ``choices`` ({kind: delivery}); returns
    every kind's delivery now.

    E-mail is refused to a user without an address: they would believe they are told and hear
    nothing.
    """
    unknown = set(choices) - set(NotificationKind.values)
    wrong = {delivery for delivery in choices.values()} - set(Delivery.values)
    if unknown or wrong:
        raise ValidationError(gettext("Choose how to be told of each kind of notice."), code="invalid")
    if not user.email and any(delivery != Delivery.APP for delivery in choices.values()):
        raise ValidationError(
            gettext("Your account has no e-mail address: ask the committee office to add one before choosing e-mail."),
            code="no_email",
        )
    for kind, delivery in choices.items():
        NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})
    return preferences_of(user)
