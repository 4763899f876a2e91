"""Upload checks: a file is what its content says, not what its name says, and not too big."""

import base64
import secrets
import uuid
import warnings
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
MAX_IMAGE_PIXELS = 40_000_000


def check_size(upload, limit, message):
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            message,
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )


def validate_image_upload(upload):
    """Accept JPEG, PNG, GIF or WebP images below the size limit whose content Pillow can read."""
    if upload is None:
        return
    check_size(
        upload,
        settings.UPLOAD_MAX_IMAGE_BYTES,
        _("The image is too large (%(size)s); the limit is %(limit)s."),
    )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format = image.format
                width, height = image.size
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("The image has too many pixels."), code="too_many_pixels")
    except Exception:
        raise ValidationError(
            _("The file is not an image (JPEG, PNG, GIF or WebP)."), code="not_an_image"
        )
    finally:
        try:
            upload.seek(position)
        except Exception:
            pass
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(
            _("The file is not an image (JPEG, PNG, GIF or WebP)."), code="not_an_image"
        )
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(_("The image has too many pixels."), code="too_many_pixels")


@deconstructible
class RandomName:
    """``upload_to`` that stores a file under a random name: stored names never come from users."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        suffix = Path(filename).suffix.lower()
        if not suffix or len(suffix) > 6 or not suffix[1:].isalnum():
            suffix = ""
        return f"{self.folder}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder


DOCUMENT_SUFFIXES = {
    ".pdf": "pdf",
    ".docx": "ooxml",
    ".xlsx": "ooxml",
    ".pptx": "ooxml",
    ".doc": "ole",
    ".xls": "ole",
    ".ppt": "ole",
    ".jpg": "image",
    ".jpeg": "image",
    ".png": "image",
    ".webp": "image",
}
OOXML_PARTS = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}


def validate_document_upload(upload):
    """Lecture materials: PDF, Word/Excel/PowerPoint or an image, whose content matches its name."""
    if upload is None:
        return
    check_size(
        upload,
        settings.UPLOAD_MAX_DOCUMENT_BYTES,
        _("The file is too large (%(size)s); the limit is %(limit)s."),
    )
    suffix = Path(upload.name or "").suffix.lower()
    kind = DOCUMENT_SUFFIXES.get(suffix)
    if kind is None:
        raise ValidationError(
            _("Upload a PDF, Word, Excel or PowerPoint file or an image."), code="document_type"
        )
    if kind == "image":
        validate_image_upload(upload)
        return
    if not _content_matches(upload, kind, suffix):
        raise ValidationError(
            _("The file's content does not match its name (%(name)s)."),
            params={"name": Path(upload.name).name},
            code="document_content",
        )


def _content_matches(upload, kind, suffix):
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        head = upload.read(8)
        if kind == "pdf":
            return head.startswith(b"%PDF-")
        if kind == "ole":
            return head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return False
        return "[Content_Types].xml" in names and any(name.startswith(OOXML_PARTS[suffix]) for name in names)
    finally:
        upload.seek(position)


def hold_for_confirmation(request, key, data, **details):
    """Keep a previewed file in the session until the user confirms it; returns the form's token.

    Whatever was held under ``key`` before is replaced, so only the latest preview can be confirmed.
    """
    token = secrets.token_urlsafe(16)
    request.session[key] = {"token": token, "data": base64.b64encode(data).decode("ascii"), **details}
    return token


def take_confirmed(request, key):
    """The file held under ``key`` if the POST carries its token, else None; it is released either way."""
    held = request.session.pop(key, None)
    if held is None or held["token"] != request.POST.get("token"):
        return None
    return {**held, "data": base64.b64decode(held["data"])}
