"""Large downloads built by the task worker: the user sees "being prepared", then the file.

A download view marked :func:`prepared` stays the one place that decides what its file holds and
who may have it. Where tasks are queued (``TASKS_BACKEND=database``), asking for it records a
:class:`PreparedFile` and queues :func:`build_file`, which asks the same view again in the worker,
as the same user, in the same language, and keeps what it answered. Where tasks run at once (one
machine, the tests), the view answers in the request as it always did.
"""

import datetime
import functools
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.http import Http404, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.test import RequestFactory
from django.urls import resolve
from django.utils import timezone, translation
from django.utils.http import parse_header_parameters
from django.utils.translation import gettext as _

from branches.downloads.models import PreparedFile, PreparedFileStatus
from branches.kernel import background

logger = logging.getLogger(__name__)

#: Files one user may have being prepared at once: a further ask waits for them.
MOST_PREPARING = 3


def prepared(view=None, *, check=None):
    """Marks a download view whose file may take long to build (a province's workbooks).

    ``check(request, *args, **kwargs)``, if given, is the view's own refusal (PermissionDenied,
    Http404), asked before the file is queued, so that a user who may not have the file, or asked
    for one that does not exist, is told at once."""
    if view is None:
        return functools.partial(prepared, check=check)

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if getattr(request, "building_in_background", False) or background.runs_at_once(build_file):
            return view(request, *args, **kwargs)
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        if check is not None:
            check(request, *args, **kwargs)
        path = request.get_full_path_info()
        if len(path) > PreparedFile._meta.get_field("path").max_length:
            return HttpResponseBadRequest(_("The address is too long: choose fewer filters."))
        return redirect(prepare(request, path))

    wrapped.prepared = True
    return wrapped


def prepare(request, path):
    """The file of ``path`` for the user: the one being prepared already if they asked twice, the
    latest of theirs being prepared if they have ``MOST_PREPARING`` already, else a new one, queued."""
    preparing = PreparedFile.objects.filter(owner=request.user, status=PreparedFileStatus.PREPARING)
    waiting = preparing.filter(path=path).first()
    if waiting is not None:
        return waiting
    if preparing.count() >= MOST_PREPARING:
        messages.info(request, _("Your other files are still being prepared: ask for this one once they are ready."))
        return preparing.first()
    prepared_file = PreparedFile.objects.create(
        owner=request.user, path=path, language=translation.get_language() or settings.LANGUAGE_CODE
    )
    background.later(build_file, prepared_file.pk)
    return prepared_file


def _failed(prepared_file_id):
    """Every attempt failed: the owner is told, rather than waiting for ever."""
    PreparedFile.objects.filter(pk=prepared_file_id, status=PreparedFileStatus.PREPARING).update(
        status=PreparedFileStatus.FAILED, finished_at=timezone.now()
    )


@background.task(gave_up=_failed, priority=background.BULK)
def build_file(prepared_file_id):
    """Ask the download's view for its file as its owner, and keep the file, or the failure."""
    prepared_file = PreparedFile.objects.select_related("owner").filter(pk=prepared_file_id).first()
    if prepared_file is None or prepared_file.status != PreparedFileStatus.PREPARING:
        return None
    try:
        content, file_name = _ask(prepared_file)
        prepared_file.file.save(file_name.rsplit(".", 1)[0], ContentFile(content), save=False)
    except (Http404, PermissionDenied, NotAFile, ValidationError):  # asking again would not help
        logger.warning("Prepared file %s refused", prepared_file.pk, exc_info=True)
        _finish(prepared_file, PreparedFileStatus.FAILED)
        return None
    prepared_file.file_name = file_name[:200]
    _finish(prepared_file, PreparedFileStatus.READY)
    return prepared_file.pk


class NotAFile(Exception):
    """The view answered with something else than a file (a page, a redirect)."""


def _ask(prepared_file):
    """(content, file name) of the download, asked for as its owner outside any request."""
    request = RequestFactory().get(prepared_file.path, SERVER_NAME=urlsplit(settings.SITE_URL).hostname or "localhost")
    request.user = prepared_file.owner
    request.building_in_background = True
    request.LANGUAGE_CODE = prepared_file.language
    match = resolve(urlsplit(prepared_file.path).path)
    if not getattr(match.func, "prepared", False):
        raise NotAFile(prepared_file.path)
    with translation.override(prepared_file.language):
        response = match.func(request, *match.args, **match.kwargs)
        content = b"".join(response)
    _disposition, parameters = parse_header_parameters(response.get("Content-Disposition", ""))
    if response.status_code != 200 or "filename" not in parameters:
        raise NotAFile(prepared_file.path)
    return content, parameters["filename"]


def _finish(prepared_file, status):
    prepared_file.status = status
    prepared_file.finished_at = timezone.now()
    prepared_file.save(update_fields=["file", "file_name", "status", "finished_at"])


def delete_old(now=None):
    """Delete the prepared files older than ``KEPT_DAYS`` and their stored files; returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=background.KEPT_DAYS)
    old = PreparedFile.objects.filter(created_at__lt=cutoff)
    storage = PreparedFile._meta.get_field("file").storage
    for name in old.exclude(file="").values_list("file", flat=True):
        storage.delete(name)
    deleted, _by_model = old.delete()
    return deleted
