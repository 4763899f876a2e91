"""Keeping ``Window.zoned``: whether a current zone of a member in post holds the window.

Window coverage ("无缝隙、全覆盖") is read on the committee dashboard, the 领跑 page and the hall
map. Worked out from the zones each time, it joins every zone link, zone and member on every such
page; stored on the window instead, it is one small scan (docs/PERFORMANCE.md).

The flag is right for the day in ``zoned_as_of`` only, so readers take it through
:func:`held_on`: the flag where it is of the day read, else worked out from the zones for that
window alone. Nobody refreshes it before reading. It is kept in step by the writers: whatever can
change a window's answer works that window's flag out again, at once (so that the same
transaction reads the change) and once the transaction commits (a reader meanwhile in another
transaction may have seen the zones as they were): a zone saved or deleted, a zone's windows
changed, a member saved (they may have left the post), the window itself saved (it writes back the
flag it was loaded with). A new day, or rows written in bulk (the dataset generator's COPY, a
restore), leave flags of an earlier day; ``manage.py rebuild_caches coverage`` (run once a night,
see docs/OPERATIONS.md) works them out for today, and until it runs readers are right, slower.

The zones keep a flag too, ``ResponsibilityZone.holds_windows``, for the hall map's list of zones
holding no window. It does not depend on the day, so it is simply worked out again, in one
UPDATE, for the zones whose windows changed, and for a zone saved whole (which writes back the
flag it was loaded with); again after the commit, for the same reason as above.
"""

from django.db import transaction
from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, When
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils import timezone

from branches.organisation.models import ResponsibilityZone, Window
from branches.people.models import Person


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

    A correlated EXISTS reads the window's own links, where an IN list would hold every zoned
    window (docs/PERFORMANCE.md).
    """
    return Exists(holding_links(on).filter(window=OuterRef("pk")))


def held_on(on):
    """Whether the window is held on ``on``: its kept flag when the flag is of that day, else
    worked out from its zones (:func:`zoned`), for the windows whose flag is of another day only."""
    return Case(When(zoned_as_of=on, then=F("zoned")), default=zoned(on), output_field=BooleanField())


def rebuild(on=None):
    """Work ``Window.zoned`` out for ``on`` (today) for every window whose flag is of another day,
    and ``holds_windows`` for every zone; two queries."""
    on = on or timezone.localdate()
    Window.objects.exclude(zoned_as_of=on).update(zoned=zoned(on), zoned_as_of=on)
    links = ResponsibilityZone.windows.through.objects.filter(responsibilityzone=OuterRef("pk"))
    ResponsibilityZone.objects.update(holds_windows=Exists(links))
    return on


def agrees(on=None):
    """Whether every window's flag as readers take it on ``on`` (today), and every zone's flag,
    equals what the zones say: ``rebuild_caches --check`` asks this, since a rebuild leaves the
    flags already of the day as they are."""
    on = on or timezone.localdate()
    links = ResponsibilityZone.windows.through.objects.filter(responsibilityzone=OuterRef("pk"))
    windows_wrong = Window.objects.alias(read=held_on(on), fresh=zoned(on)).exclude(read=F("fresh"))
    zones_wrong = ResponsibilityZone.objects.alias(fresh=Exists(links)).exclude(holds_windows=F("fresh"))
    return not (windows_wrong.exists() or zones_wrong.exists())


def recompute(window_ids):
    """Work the flags of these windows out again for today: now, and after the commit."""
    window_ids = list(window_ids)
    if not window_ids:
        return

    def work_out():
        today = timezone.localdate()
        Window.objects.filter(pk__in=window_ids).update(zoned=zoned(today), zoned_as_of=today)

    work_out()
    transaction.on_commit(work_out)


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
        recompute(_windows_of_zone(instance))
        refresh_holds_windows([instance.pk])


def _zone_deleting(sender, instance, **kwargs):
    """Its windows are noted before it goes, then worked out again once it has gone."""
    instance._windows_before_delete = list(_windows_of_zone(instance))


def _zone_deleted(sender, instance, **kwargs):
    recompute(instance.__dict__.pop("_windows_before_delete", []))


def _zone_windows_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A window's answer is worked out once its links have changed; a zone's windows cleared are
    noted before the clearing."""
    if reverse:  # window.responsibility_zones changed: only that window's answer can change
        if action in ("post_add", "post_remove", "post_clear"):
            recompute([instance.pk])
    elif action == "pre_clear":
        instance._windows_before_clear = list(_windows_of_zone(instance))
    elif action == "post_clear":
        recompute(instance.__dict__.pop("_windows_before_clear", []))
    elif action in ("post_add", "post_remove"):
        recompute(pk_set or [])


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
        recompute([instance.pk])


def _member_saved(sender, instance, created, **kwargs):
    if created:  # a new member holds no zone yet
        return
    recompute(Window.objects.filter(responsibility_zones__member=instance).values_list("pk", flat=True))


def connect():
    """Called once the apps are ready (torchbearer.caches)."""
    post_save.connect(_zone_saved, sender=ResponsibilityZone, dispatch_uid="coverage-zone-saved")
    pre_delete.connect(_zone_deleting, sender=ResponsibilityZone, dispatch_uid="coverage-zone-deleting")
    post_delete.connect(_zone_deleted, sender=ResponsibilityZone, dispatch_uid="coverage-zone-deleted")
    m2m_changed.connect(_zone_windows_changed, sender=ResponsibilityZone.windows.through, dispatch_uid="coverage-zone-windows")
    post_save.connect(_window_saved, sender=Window, dispatch_uid="coverage-window-saved")
    post_save.connect(_member_saved, sender=Person, dispatch_uid="coverage-member-saved")
    m2m_changed.connect(_zone_links_changed, sender=ResponsibilityZone.windows.through, dispatch_uid="zone-holds-windows")
    pre_delete.connect(_window_deleting, sender=Window, dispatch_uid="zone-holds-windows-window-deleting")
    post_delete.connect(_window_deleted, sender=Window, dispatch_uid="zone-holds-windows-window-deleted")
