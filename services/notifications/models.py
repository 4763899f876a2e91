"""What a user is told: in the app, and by e-mail at once or in a daily digest as they choose."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    REVIEW = "review", _("records waiting for review")
    OUTCOME = "outcome", _("a record approved or returned")
    CHANGE = "change", _("an approved record changed")
    DEADLINE = "deadline", _("a measure's deadline near or past")
    RATING = "rating", _("a rating phase: nominations or scores owed")
    LECTURE = "lecture", _("tomorrow's lecture, and feedback owed")
    DEVELOPMENT = "development", _("a development step due")
    PROBATION = "probation", _("a probation ending")


class Delivery(models.TextChoices):
    APP = "app", _("in the app only")
    EMAIL = "email", _("in the app and by e-mail at once")
    DIGEST = "digest", _("in the app and in the daily e-mail digest")


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
    # A reminder of a date (a deadline, a lecture, a probation) names what it is about, so that the
    # daily run tells each person once however often it runs.
    key = models.CharField(_("reminder key"), max_length=80, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

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
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~models.Q(key=""), name="one_notice_per_reminder"
            ),
        ]

    def __str__(self):
        return self.message


class NotificationPreference(models.Model):
    """How one user wants one kind of notification. A kind without a row arrives in the app only:
    nobody is e-mailed who did not ask for it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=NotificationKind.choices)
    delivery = models.CharField(_("delivery"), max_length=8, choices=Delivery.choices, default=Delivery.APP)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()}: {self.get_delivery_display()}"
