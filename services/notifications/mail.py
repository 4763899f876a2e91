"""Notices by e-mail, sent out of the request by a task (branches.kernel.background).

A notice is marked e-mailed only once its message was accepted. A mail server that is down makes
the task fail, and it is tried again later for the notices still not e-mailed; an address the
server refuses is logged and skipped (trying again would not help).
"""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection, send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from branches.kernel import background
from services.notifications.models import Delivery, Notification, NotificationPreference

logger = logging.getLogger(__name__)


@background.task
def email_notices(notification_ids):
    """The task of :func:`email_at_once`."""
    return email_at_once(notification_ids)


@background.task
def email_reminders(recipient_keys):
    """E-mail the reminders (recipient id, key) just written."""
    wanted = {tuple(pair) for pair in recipient_keys}
    written = Notification.objects.filter(
        recipient__in={recipient_id for recipient_id, _key in wanted},
        key__in={key for _recipient_id, key in wanted},
        emailed_at=None,
    ).values_list("pk", "recipient_id", "key")
    return email_at_once([pk for pk, recipient_id, key in written if (recipient_id, key) in wanted])


@background.task
def email_digests():
    """The task of :func:`send_digests`, queued by the daily run."""
    return send_digests()


def email_at_once(notification_ids):
    """E-mail each of these notices not e-mailed yet to its recipient, one message each, and mark
    them e-mailed; returns how many e-mails went out."""
    notices = list(
        Notification.objects.filter(pk__in=notification_ids, emailed_at=None, recipient__is_active=True)
        .exclude(recipient__email="")
        .select_related("recipient")
    )
    messages = [
        (notice, _subject(notice.message), _body("notifications/email/notice.txt", {"notices": [notice]}))
        for notice in notices
    ]
    return _deliver([(notice.recipient.email, subject, body, [notice]) for notice, subject, body in messages])


def send_digests(now=None):
    """One e-mail to each user who chose the daily digest for some kinds, listing their unread
    notices of those kinds not yet e-mailed; returns how many e-mails went out."""
    now = now or timezone.now()
    digest_kinds = {}
    for user_id, kind in NotificationPreference.objects.filter(
        delivery=Delivery.DIGEST, user__is_active=True
    ).exclude(user__email="").values_list("user_id", "kind"):
        digest_kinds.setdefault(user_id, set()).add(kind)
    pending = {}
    for notice in Notification.objects.filter(
        recipient__in=digest_kinds, read_at=None, emailed_at=None, created_at__lte=now
    ).order_by("recipient", "-created_at", "-pk"):
        if notice.kind in digest_kinds[notice.recipient_id]:
            pending.setdefault(notice.recipient_id, []).append(notice)
    addresses = dict(get_user_model().objects.filter(pk__in=pending).values_list("pk", "email"))
    messages = []
    for user_id, notices in sorted(pending.items()):
        with translation.override(settings.LANGUAGE_CODE):
            subject = ngettext(
                "Torchbearer: %(count)d new notice", "Torchbearer: %(count)d new notices", len(notices)
            ) % {"count": len(notices)}
        body = _body("notifications/email/digest.txt", {"notices": notices})
        messages.append((addresses[user_id], subject, body, notices))
    return _deliver(messages)


def site_url(path):
    """The absolute address of ``path`` for a message read outside the app."""
    return settings.SITE_URL.rstrip("/") + path


def _subject(message):
    """The notice's first words on one line: a description may hold line breaks, which no header
    may (Django refuses such a subject rather than send it)."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Torchbearer: %(message)s") % {"message": " ".join(message.split())[:60]}


def _body(template_name, context):
    """The message's text; each notice with the absolute link that opens it (and marks it read)."""
    notices = [
        (notice.message, site_url(reverse("services:notification-open", args=[notice.pk])))
        for notice in context.pop("notices")
    ]
    context = {
        "notices": notices,
        "list_url": site_url(reverse("services:notification-list")),
        "preferences_url": site_url(reverse("services:notification-preferences")),
        **context,
    }
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(template_name, context)


def _deliver(messages):
    """Send (address, subject, body, notices) over one connection and mark each message's notices
    e-mailed once it was accepted; returns how many were. A mail server down raises, after the
    messages it did accept, so that the task is tried again for the rest."""
    sent = 0
    if not messages:
        return sent
    try:
        with get_connection() as connection:
            for address, subject, body, notices in messages:
                try:
                    send_mail(subject, body, None, [address], connection=connection)
                except (ValueError, smtplib.SMTPRecipientsRefused):  # an address or header refused
                    logger.warning("E-mail of notices %s refused", [notice.pk for notice in notices], exc_info=True)
                    continue
                Notification.objects.filter(pk__in=[notice.pk for notice in notices]).update(
                    emailed_at=timezone.now()
                )
                sent += 1
    except (smtplib.SMTPException, OSError):
        logger.warning("E-mail of notifications failed after %d of %d messages", sent, len(messages))
        raise
    return sent
