"""A prepared file's page: "being prepared" (the page reloads itself), then the file to download,
or what went wrong. Only its owner reaches it; anyone else's id is a 404."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from branches.downloads.models import PreparedFile, PreparedFileStatus
from branches.kernel import background, uploads


@login_required
def prepared_file(request, pk):
    prepared = get_object_or_404(PreparedFile.objects.visible_to(request.user), pk=pk)
    return render(
        request,
        "downloads/prepared_file.html",
        {
            "prepared": prepared,
            "statuses": PreparedFileStatus,
            "reload_seconds": background.RELOAD_SECONDS,
            "kept_days": background.KEPT_DAYS,
        },
    )


@login_required
def prepared_file_download(request, pk):
    prepared = get_object_or_404(
        PreparedFile.objects.visible_to(request.user).filter(status=PreparedFileStatus.READY), pk=pk
    )
    stem = prepared.file_name.rsplit(".", 1)[0]
    try:
        return uploads.file_response(prepared.file, filename=stem)
    except FileNotFoundError:
        raise Http404 from None
