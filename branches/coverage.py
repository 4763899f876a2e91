"""Keeping ``Window.zoned``: whether a current zone of a member in post holds the window.

Window coverage ("无缝隙、全覆盖") is read on the committee dashboard, the 领跑 page and the hall
map. Worked out from the zones each time, it joins every zone link, zone and member: 40–70 ms at
province scale, on every such page. Stored on the window instead, it is one small scan.

The flag is right for the day in ``zoned_as_of`` only. :func:`refresh` works it out again, in one
UPDATE, for every window whose flag is not of the given day (a new day, or marked stale), and
every reader calls it first: when nothing changed it updates no row. Whatever can change a
window's answer marks that window stale: a zone saved or deleted, a zone's windows changed, a
member saved (they may have left the post), the window itself saved (it writes back the flag it
was loaded with). The mark is made at once, so that the same transaction reads the change, and
again once the transaction commits: a refresh running meanwhile in another transaction read the
zones as they were before, and may have stored that answer. Rows written in bulk (the dataset
generator's COPY, a restore) leave ``zoned_as_of`` empty or of an earlier day, so they are worked
out on first reading.

The zones keep a flag too, ``ResponsibilityZone.holds_windows``, for the hall map's list of zones
holding no window (finding them read every zone's windows: 15 ms at province scale on every
page of the map). It does not depend on the day, so it is simply worked out again, in one
UPDATE, for the zones whose windows changed, and for a zone saved whole (which writes back the
flag it was loaded with); again after the commit, for the same reason as above.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils import timezone

from branches.models import Person, ResponsibilityZone, Window


def holding_links(on):
    """The (zone, window) links by which a window is held on ``on``: its zone is current and
    its member in post. A window counts as covered when a branch is built on it and such a zone
    holds it; a zone whose member has left the post covers nothing."""
    return ResponsibilityZone.windows.through.objects.filter(
        responsibilityzone__member__is_active=True,
        responsibilityzone__starts_on__lte=on,
    ).filter(Q(responsibilityzone__ends_on__isnull=True) | Q(responsibilityzone__ends_on__gte=on))


def zoned(on):
    """Whether the window (``OuterRef("pk")``) is held on ``on`` (:func:`holding_links`).

    A correlated EXISTS reads the window's own links (an IN list of every zoned window took
    22 ms at province scale).
    """
    return Exists(holding_links(on).filter(window=OuterRef("pk")))


def refresh(on=None):
    """Work ``Window.zoned`` out again for the windows whose flag is not of ``on`` (today); one query."""
    on = on or timezone.localdate()
    Window.objects.exclude(zoned_as_of=on).update(zoned=zoned(on), zoned_as_of=on)
    return on


def mark_stale(window_ids):
    """The flags of these windows are to be worked out again: now, and after the commit."""
    window_ids = list(window_ids)
    if not window_ids:
        return

    def mark():
        Window.objects.filter(pk__in=window_ids).update(zoned_as_of=None)

    mark()
    transaction.on_commit(mark)


def refresh_holds_windows(zone_ids):
    """Work ``holds_windows`` out again for these zones: now, and after the commit."""
    zone_ids = list(zone_ids)
    if not zone_ids:
        return

    def refresh_zones():
        links = ResponsibilityZone.windows.through.objects.filter(responsibilityzone=OuterRef("pk"))
        ResponsibilityZone.objects.filter(pk__in=zone_ids).update(holds_windows=Exists(links))

    refresh_zones()
    transaction.on_commit(refresh_zones)


def _zones_of_window(window):
    return list(window.responsibility_zones.values_list("pk", flat=True))


def _windows_of_zone(zone):
    return zone.windows.values_list("pk", flat=True)


def _zone_saved(sender, instance, created, **kwargs):
    if not created:  # a new zone holds no window yet, as its flag's default says
        mark_stale(_windows_of_zone(instance))
        refresh_holds_windows([instance.pk])


def _zone_deleted(sender, instance, **kwargs):
    mark_stale(_windows_of_zone(instance))


def _zone_windows_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if reverse:  # window.responsibility_zones changed: only that window's answer can change
        mark_stale([instance.pk])
    elif action == "pre_clear":
        mark_stale(_windows_of_zone(instance))
    else:
        mark_stale(pk_set or [])


def _zone_links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Which zones' ``holds_windows`` a change of links may have changed. A window's links
    cleared are the zones it was in, read before the clearing."""
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            refresh_holds_windows([instance.pk])
    elif action in ("post_add", "post_remove"):
        refresh_holds_windows(pk_set or [])
    elif action == "pre_clear":
        instance._zones_before_clear = _zones_of_window(instance)
    elif action == "post_clear":
        refresh_holds_windows(instance.__dict__.pop("_zones_before_clear", []))


def _window_deleting(sender, instance, **kwargs):
    """Its links go with it, without a signal of their own: its zones are noted, then refreshed."""
    instance._zones_before_delete = _zones_of_window(instance)


def _window_deleted(sender, instance, **kwargs):
    refresh_holds_windows(instance.__dict__.pop("_zones_before_delete", []))


def _window_saved(sender, instance, created, **kwargs):
    """A window saved whole writes back the flag it was loaded with, which may be old by now."""
    if not created:
        mark_stale([instance.pk])


def _member_saved(sender, instance, created, **kwargs):
    if created:  # a new member holds no zone yet
        return
    mark_stale(Window.objects.filter(responsibility_zones__member=instance).values_list("pk", flat=True))


def connect():
    """Called once the apps are ready (branches.apps)."""
    post_save.connect(_zone_saved, sender=ResponsibilityZone, dispatch_uid="coverage-zone-saved")
    pre_delete.connect(_zone_deleted, sender=ResponsibilityZone, dispatch_uid="coverage-zone-deleted")
    m2m_changed.connect(_zone_windows_changed, sender=ResponsibilityZone.windows.through, dispatch_uid="coverage-zone-windows")
    post_save.connect(_window_saved, sender=Window, dispatch_uid="coverage-window-saved")
    post_save.connect(_member_saved, sender=Person, dispatch_uid="coverage-member-saved")
    m2m_changed.connect(_zone_links_changed, sender=ResponsibilityZone.windows.through, dispatch_uid="zone-holds-windows")
    pre_delete.connect(_window_deleting, sender=Window, dispatch_uid="zone-holds-windows-window-deleting")
    post_delete.connect(_window_deleted, sender=Window, dispatch_uid="zone-holds-windows-window-deleted")
