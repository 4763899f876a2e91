"""Settings of the page benchmark: the production settings, plus a trivial "floor" page.

DEBUG is off (as in production: no query log, cached templates, the static files' manifest);
plain HTTP is accepted, since the test client talks to the app in-process.
"""

import os
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "0123456789abcdef" * 3)
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("STATIC_ROOT", str(_ROOT / "var" / "bench" / "static"))
os.environ.setdefault("LOG_LEVEL", "ERROR")

from torchbearer.settings import *  # noqa: E402,F403
from torchbearer.settings import ALLOWED_HOSTS  # noqa: E402

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "bench.storage.TolerantManifestStorage"},
}
