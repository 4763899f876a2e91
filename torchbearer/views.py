"""The app's own small pages: the health check, the favicon, and uploaded files served by their
policy."""

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from branches.kernel import uploads


@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not; no login needed."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def favicon(request):
    """Browsers and the admin ask for /favicon.ico whatever the page says: the app's icon."""
    return redirect(static("favicon.ico"), permanent=True)


@login_required
def media(request, path):
    """An uploaded file, found from the row that stores it and served by the upload policy: a
    record's photos only to those who may see the record; portraits, logos and lecture materials
    (shown on public pages) to everyone signed in."""
    name = uploads.normalised(path)
    stored = uploads.find_stored(name) if name else None
    if stored is None or not uploads.visible_to(request.user, stored[0]):
        raise Http404
    row, field = stored
    try:
        return uploads.file_response(getattr(row, field.name))
    except FileNotFoundError:
        raise Http404 from None
