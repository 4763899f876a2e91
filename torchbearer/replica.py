"""Reading figures from a PostgreSQL replica, and a user's own writes from the primary.

With ``DATABASE_REPLICA_URL`` set (torchbearer.settings), the pages that only read figures (the
dashboards, the pillar pages, the annual report and its files: :func:`reads_figures`) read
from the replica, which takes their long counts off the primary. Everything else reads from the
primary: forms, lists, review queues, anything that writes.

A replica lags the primary by a moment, so a user who has just written (approved a record, logged
one) would not see it on the dashboard they go to next. :class:`PinAfterWriteMiddleware` marks
such a user with a cookie for ``REPLICA_PIN_SECONDS``, and their figure pages read from the
primary until it expires: their own writes are always read back. Signing in and out write
nothing a figure page shows, and do not pin: the dashboard after the morning's logins is the page
the replica is for. Who the user is and what they may see is read from the primary, before the
page's figures, so that a role taken away a moment ago is never read back.

Should replication stop, the figure pages would show older and older figures: watch the replica's
lag (docs/DEPLOYMENT.md).
"""

import contextvars
import functools
import time

from django.conf import settings

from branches.kernel.scope import scope_for

REPLICA = "replica"
PIN_COOKIE = "torchbearer_primary_until"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
NOT_PINNING = frozenset({"login", "logout"})

_reading_figures = contextvars.ContextVar("reading_figures_from_replica", default=False)


def configured():
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """Reads inside a figure page from the replica; all else, every write and every migration on
    the primary."""

    def db_for_read(self, model, **hints):
        return REPLICA if _reading_figures.get() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def pinned(request):
    """Whether the user wrote within the last ``REPLICA_PIN_SECONDS`` (their cookie says until when)."""
    try:
        return float(request.COOKIES.get(PIN_COOKIE, "0")) > time.time()
    except ValueError:
        return False


def reads_replica(request):
    """Whether a figure page asked by ``request`` may read from the replica."""
    return configured() and not pinned(request)


def reads_figures(view):
    """Marks a page that only reads figures: it reads from the replica unless its user has just
    written. (Any write it makes still goes to the primary.)"""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not reads_replica(request):
            return view(request, *args, **kwargs)
        scope_for(request.user)  # kept on the user: read from the primary
        token = _reading_figures.set(True)
        try:
            return view(request, *args, **kwargs)
        finally:
            _reading_figures.reset(token)

    wrapped.reads_figures = True
    return wrapped


class PinAfterWriteMiddleware:
    """After a request that may have written (any method but GET, HEAD, OPTIONS and TRACE; signing
    in and out aside), the user's figure pages read from the primary for ``REPLICA_PIN_SECONDS``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = request.resolver_match
        if configured() and request.method not in SAFE_METHODS and not (match and match.view_name in NOT_PINNING):
            seconds = settings.REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                f"{time.time() + seconds:.3f}",
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
