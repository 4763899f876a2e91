"""Backups: every database row (as Django's own fixture format) and every uploaded file, in one zip.

Rows are written with natural keys for content types and permissions, so a backup loads into
any freshly migrated database; uploaded files keep their stored names under ``media/``.
"""

import io
import tempfile
import zipfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from torchbearer import caches

DATA_NAME = "data.json"
MEDIA_PREFIX = "media/"
# Rebuilt by migrate, or not worth keeping: content types, permissions, sessions, login attempts.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]


def write_backup(path):
    """Write the backup zip to ``path``; returns (rows, files) counted."""
    data = io.StringIO()
    call_command(
        "dumpdata",
        exclude=EXCLUDED,
        natural_foreign=True,
        natural_primary=False,
        stdout=data,
        verbosity=0,
    )
    media_root = Path(settings.MEDIA_ROOT)
    files = [file for file in media_root.rglob("*") if file.is_file()] if media_root.exists() else []
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DATA_NAME, data.getvalue())
        for file in files:
            archive.write(file, MEDIA_PREFIX + file.relative_to(media_root).as_posix())
    return data.getvalue().count('"model":'), len(files)


def database_is_empty():
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return not user_model.objects.exists() and not apps.get_model("branches", "Person").objects.exists()


def restore_backup(path):
    """Load the rows (all or none) and put the uploaded files back; returns (rows, files)."""
    media_root = Path(settings.MEDIA_ROOT)
    with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory() as folder:
        fixture = Path(folder) / DATA_NAME
        fixture.write_bytes(archive.read(DATA_NAME))
        # The backup holds the audit history already: loading a row's many-to-many relations must
        # not write history of its own (saving rows raw writes none).
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", str(fixture), verbosity=0)
            caches.rebuild()  # derived from the rows: whatever the backup held, they agree
        names = [name for name in archive.namelist() if name.startswith(MEDIA_PREFIX) and not name.endswith("/")]
        for name in names:
            target = (media_root / name[len(MEDIA_PREFIX):]).resolve()
            if media_root.resolve() not in target.parents:
                continue  # a name that would escape the media folder is never written
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(name))
    return fixture_rows(path), len(names)


def fixture_rows(path):
    with zipfile.ZipFile(path) as archive:
        return archive.read(DATA_NAME).decode("utf-8").count('"model":')
