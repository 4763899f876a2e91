"""The one upload policy: a stored file is named by the app and typed by its content.

Every file field of every model is a :class:`StoredFileField`, every uploaded spreadsheet goes
through :data:`SPREADSHEETS`; ``tests/kernel/test_uploads.py`` walks the models and fails on a
file field outside the policy. What a file is comes from its first bytes (and, for an image,
from Pillow reading it whole), never from the name or the content type the browser sent:

* the stored name is random, and its suffix is the one of the detected type;
* each field accepts an allow-list of types (:data:`POLICIES`);
* a stored file is served with its detected type, as an attachment unless it is an image
  (:func:`file_response`), so that a file can never be a page or a script of this origin.
"""

import posixpath
import uuid
import warnings
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.forms import ClearableFileInput
from django.forms import FileField as FormFileField
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image

MAX_IMAGE_PIXELS = 40_000_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class FileType:
    name: str
    suffix: str
    content_type: str
    is_image: bool = False


JPEG = FileType("JPEG", ".jpg", "image/jpeg", is_image=True)
PNG = FileType("PNG", ".png", "image/png", is_image=True)
GIF = FileType("GIF", ".gif", "image/gif", is_image=True)
WEBP = FileType("WebP", ".webp", "image/webp", is_image=True)
PDF = FileType("PDF", ".pdf", "application/pdf")
DOCX = FileType("Word", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileType("Excel", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PPTX = FileType("PowerPoint", ".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation")
DOC = FileType("Word 97", ".doc", "application/msword")
XLS = FileType("Excel 97", ".xls", "application/vnd.ms-excel")
PPT = FileType("PowerPoint 97", ".ppt", "application/vnd.ms-powerpoint")
#: What a stored file of no known type (one stored before the policy) is served as.
UNKNOWN = FileType("", "", "application/octet-stream")

PILLOW_FORMATS = {"JPEG": JPEG, "PNG": PNG, "GIF": GIF, "WEBP": WEBP}
OOXML_PARTS = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}
# The stream that names what a legacy (OLE) Office file holds, as its directory writes it.
OLE_STREAMS = {"WordDocument".encode("utf-16-le"): DOC, "Workbook".encode("utf-16-le"): XLS,
               "PowerPoint Document".encode("utf-16-le"): PPT}


def sniff(head):
    """The type the first bytes of a file announce, or None (images are checked further by
    :func:`detect`)."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    return None


def detect(content):
    """The type of ``content`` (a file object) read from its bytes, or None when it is none of the
    types the app stores. Its position is left where it was."""
    position = content.tell() if hasattr(content, "tell") else 0
    try:
        content.seek(0)
        head = content.read(16)
        found = sniff(head)
        if found is not None and found.is_image:
            return _image_type(content)
        if found is not None:
            return found
        content.seek(0)
        if head.startswith(OLE_MAGIC):
            return _ole_type(content.read())
        if head.startswith(b"PK"):
            return _ooxml_type(content)
        return None
    finally:
        content.seek(position)


class TooManyPixels(Exception):
    pass


def _image_type(content):
    """The image's type once Pillow has read it whole; a decompression bomb is refused."""
    content.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(content) as image:
                image_format, (width, height) = image.format, image.size
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise TooManyPixels from None
    except Exception:
        return None
    if width * height > MAX_IMAGE_PIXELS:
        raise TooManyPixels
    return PILLOW_FORMATS.get(image_format)


def _ole_type(data):
    for stream, file_type in OLE_STREAMS.items():
        if stream in data:
            return file_type
    return None


def _ooxml_type(content):
    try:
        with zipfile.ZipFile(content) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for part, file_type in OOXML_PARTS.items():
        if any(name.startswith(part) for name in names):
            return file_type
    return None


@dataclass(frozen=True)
class Policy:
    """What a kind of upload may be: its allowed types, its size limit (a setting) and what the
    user is told when a file is neither."""

    key: str
    types: frozenset
    max_bytes_setting: str
    refusal: str
    accept: str  # the file input's accept attribute: a hint to the browser, never a check

    def max_bytes(self):
        return getattr(settings, self.max_bytes_setting)

    def check(self, upload, *, max_bytes=None):
        """The type of ``upload`` if the policy allows it; ValidationError with a message if not."""
        limit = max_bytes or self.max_bytes()
        if upload.size is not None and upload.size > limit:
            raise ValidationError(
                _("The file is too large (%(size)s); the limit is %(limit)s."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
                code="too_large",
            )
        try:
            file_type = detect(upload)
        except TooManyPixels:
            raise ValidationError(_("The image has too many pixels."), code="too_many_pixels") from None
        if file_type not in self.types:
            raise ValidationError(self.refusal, code="file_type")
        return file_type

    def validate(self, value):
        """As a field's validator: a file being stored is checked, one stored already is not."""
        if value and not getattr(value, "_committed", True):
            self.check(value.file)


IMAGES = Policy(
    "images",
    frozenset({JPEG, PNG, GIF, WEBP}),
    "UPLOAD_MAX_IMAGE_BYTES",
    _("The file is not an image (JPEG, PNG, GIF or WebP)."),
    "image/jpeg,image/png,image/gif,image/webp",
)
DOCUMENTS = Policy(
    "documents",
    frozenset({PDF, DOCX, XLSX, PPTX, DOC, XLS, PPT, JPEG, PNG, WEBP}),
    "UPLOAD_MAX_DOCUMENT_BYTES",
    _("Upload a PDF, Word, Excel or PowerPoint file or an image."),
    ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.jpg,.jpeg,.png,.webp",
)
SPREADSHEETS = Policy(
    "spreadsheets",
    frozenset({XLSX}),
    "UPLOAD_MAX_SPREADSHEET_BYTES",
    _("The file is not an Excel workbook (.xlsx). Save it from Excel as “Excel Workbook (*.xlsx)”."),
    f".xlsx,{XLSX.content_type}",
)
#: The files the app itself builds for a user out of the request (branches.downloads), never uploaded.
PREPARED = Policy(
    "prepared",
    frozenset({DOCX, XLSX}),
    "PREPARED_FILE_MAX_BYTES",
    _("A prepared file is a Word or Excel file."),
    ".docx,.xlsx",
)
POLICIES = {policy.key: policy for policy in (IMAGES, DOCUMENTS, SPREADSHEETS, PREPARED)}


def stored_name(folder, file_type):
    """A new file's name: in its field's folder, random, with the suffix of its detected type."""
    return posixpath.join(folder, f"{uuid.uuid4().hex}{file_type.suffix}")


class StoredFieldFile(FieldFile):
    def save(self, name, content, save=True):
        """Store ``content`` under a name of the app's; the name given (the client's) is ignored."""
        file_type = self.field.policy.check(content)
        self.name = self.storage.save(stored_name(self.field.folder, file_type), content, max_length=self.field.max_length)
        setattr(self.instance, self.field.attname, self.name)
        self._committed = True
        if save:
            self.instance.save()

    save.alters_data = True


class PolicyFormField(FormFileField):
    """A form's file field under a policy: the file is checked where the form is validated."""

    def __init__(self, *, policy, max_bytes=None, **kwargs):
        self.policy = policy
        self.max_bytes = max_bytes
        kwargs.setdefault("widget", ClearableFileInput(attrs={"accept": policy.accept}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        cleaned = super().clean(data, initial)
        if cleaned and hasattr(cleaned, "size") and cleaned is not initial:
            self.policy.check(cleaned, max_bytes=self.max_bytes)
        return cleaned


class StoredFileField(models.FileField):
    """A model's file under the upload policy ``accepts`` (a key of :data:`POLICIES`), stored in
    ``folder`` under a random name typed by its content."""

    attr_class = StoredFieldFile

    def __init__(self, verbose_name=None, name=None, *, folder, accepts, **kwargs):
        self.folder = folder
        self.accepts = accepts
        kwargs["upload_to"] = folder
        super().__init__(verbose_name, name, **kwargs)

    @property
    def policy(self):
        return POLICIES[self.accepts]

    @property
    def validators(self):
        return [*super().validators, self.policy.validate]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("upload_to", None)
        kwargs.update(folder=self.folder, accepts=self.accepts)
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PolicyFormField, "policy": self.policy, **kwargs})


def stored_file_fields():
    """Every model's file fields: (model, field)."""
    from django.apps import apps

    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]


def normalised(path):
    """A requested media path as the name a row would store, or None when it leaves the folder:
    ``//records/x``, ``./records/x`` and ``a/../records/x`` all name ``records/x``."""
    name = posixpath.normpath("/" + path.replace("\\", "/")).lstrip("/")
    if not name or name.startswith("."):
        return None
    return name


def find_stored(name):
    """``(row, field)`` of the row that stores the file ``name``, or None: the file is found from
    its row, never from the path asked for."""
    folder = posixpath.dirname(name)
    for model, field in stored_file_fields():
        if isinstance(field, StoredFileField) and field.folder == folder:
            row = model._default_manager.filter(**{field.name: name}).first()
            if row is not None:
                return row, field
    return None


def visible_to(user, row):
    """Whether ``user`` may fetch the files of ``row``: the row's model says so with
    ``stored_files_visible_to(user)``; otherwise everyone signed in (portraits, logos, lecture
    materials are shown on pages the whole hall reads)."""
    check = getattr(row, "stored_files_visible_to", None)
    if check is not None:
        return check(user)
    return user.is_authenticated


def file_response(field_file, *, filename=None):
    """A stored file as a response: typed by its content, an attachment unless it is an image,
    and sandboxed, so that whatever it holds never runs as a page of this origin."""
    handle = field_file.open("rb")
    file_type = sniff(handle.read(16)) or detect(handle) or UNKNOWN
    handle.seek(0)
    attachment = not file_type.is_image
    stem = filename if filename is not None else posixpath.splitext(posixpath.basename(field_file.name))[0]
    filename = stem + file_type.suffix
    response = FileResponse(handle, content_type=file_type.content_type, as_attachment=attachment, filename=filename)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response
