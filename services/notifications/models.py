"""Notifications inside the app: a record approved or returned, records waiting for review."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    REVIEW = "review", _("records waiting for review")
    OUTCOME = "outcome", _("a record approved or returned")
    CHANGE = "change", _("an approved record changed")


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=NotificationKind.choices, default=NotificationKind.OUTCOME
    )
    # Records waiting for review arrive as one notice per reviewer while it is unread: each new
    # record adds one to it instead of a notice of its own.
    count = models.PositiveIntegerField(_("count"), default=1)
    message = models.CharField(_("message"), max_length=300)
    url = models.CharField(_("link"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["recipient", "-created_at"], name="notification_recent_idx"),
        ]
        constraints = [
            # A reviewer's one notice of waiting records while it is unread (actions.send_waiting):
            # two records logged at once cannot leave two.
            models.UniqueConstraint(
                fields=["recipient"],
                condition=models.Q(kind="review", read_at__isnull=True),
                name="one_unread_review_notice",
            ),
        ]

    def __str__(self):
        return self.message
