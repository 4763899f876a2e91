"""Issuing and revoking the hall's display screens (the committee administrator's), and noting
when a screen last showed the display page."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.display.models import HallDisplay
from branches.kernel.scope import scope_for

#: How often a screen's "last shown at" is written: once a minute is enough to see it is alive,
#: and spares the database a write on every reload of every screen.
SEEN_EVERY = datetime.timedelta(minutes=1)
DUPLICATE_NAME = next(c for c in HallDisplay._meta.constraints if c.name == "display_name_in_use_unique")


def may_manage(user):
    """The screens' tokens open the display without a login: the committee administrator issues
    and revokes them."""
    return scope_for(user).manages_all


def _check(user):
    if not may_manage(user):
        raise PermissionDenied(_("Hall displays are issued and revoked by the committee administrator."))


@transaction.atomic
def issue_display(name, *, by):
    """A new screen with a new random token, in use from now on."""
    _check(by)
    display = HallDisplay(name=(name or "").strip(), issued_by=by)
    display.full_clean(exclude=["token"], validate_constraints=False)
    duplicate = ValidationError({"name": DUPLICATE_NAME.violation_error_message}, code="duplicate_name")
    if HallDisplay.objects.in_use().filter(name=display.name).exists():
        raise duplicate
    try:
        with transaction.atomic():
            display.save()
    except IntegrityError:  # the same name issued at the same moment by another request
        raise duplicate from None
    return display


@transaction.atomic
def revoke_display(display, *, by):
    """Stop the screen's token from opening the display, at once and for good: a revoked screen
    is never taken back into use (issue a new one instead). Revoking it again changes nothing."""
    _check(by)
    display = HallDisplay.objects.select_for_update().get(pk=display.pk)
    if display.revoked_at is None:
        display.revoked_at = timezone.now()
        display.revoked_by = by
        display.save(update_fields=["revoked_at", "revoked_by"])
    return display


def record_seen(display, *, now=None):
    """Note that the screen showed the display page: one UPDATE at most once a minute (none
    otherwise), which leaves a screen revoked meanwhile as it is."""
    now = now or timezone.now()
    if display.last_seen_at is not None and now - display.last_seen_at < SEEN_EVERY:
        return False
    stale = Q(last_seen_at__isnull=True) | Q(last_seen_at__lt=now - SEEN_EVERY)
    HallDisplay.objects.filter(stale, pk=display.pk).update(last_seen_at=now)
    display.last_seen_at = now
    return True
