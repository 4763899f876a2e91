"""The hall's display screens: each opens the read-only display page with a token the committee
office issues and can revoke, so that a screen needs no login and shows nothing personal."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches.kernel.scope import ScopedQuerySet


def new_token():
    return secrets.token_urlsafe(24)


class HallDisplayQuerySet(ScopedQuerySet):
    """Only the committee (which sees all) reads the screens and their tokens; its office keeps them."""

    def visible_q(self, scope):
        return Q(pk__in=[])

    def manageable_q(self, scope):
        return Q(pk__in=[])

    def in_use(self):
        return self.filter(revoked_at__isnull=True)


class HallDisplay(models.Model):
    """One screen of the hall (大厅显示屏) and the token its address carries."""

    name = models.CharField(_("screen"), max_length=60, help_text=_("Where the screen hangs, e.g. “一楼大厅入口”."))
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_seen_at = models.DateTimeField(_("last shown at"), null=True, blank=True)

    objects = HallDisplayQuerySet.as_manager()

    class Meta:
        verbose_name = _("hall display")
        verbose_name_plural = _("hall displays")
        ordering = ["-issued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(revoked_at__isnull=True),
                name="display_name_in_use_unique",
                violation_error_message=_(
                    "A screen in use already has this name: revoke it first, or name this one apart."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_revoked(self):
        return self.revoked_at is not None
