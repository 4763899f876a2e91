"""Settings for Torchbearer, read from the environment.

Development needs nothing set: DEBUG is on, the database is a SQLite file under ``var/`` and a
development secret key is used. Production is ``DEBUG=false``; it refuses to start with the
development secret and passes ``manage.py check --deploy``.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TORCHBEARER_VAR_DIR", BASE_DIR / "var"))

DEVELOPMENT_SECRET_KEY = "development-only-secret-key-do-not-use-in-production"


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set in the environment when DEBUG is off (production)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "import_export",
    "simple_history",
    "django_tasks",
    "torchbearer.apps.TaskResultsConfig",  # django-tasks' database backend, named for the admin
    "torchbearer.apps.LockoutConfig",  # django-axes, named for the admin
    "branches",
    "services",
    "torchbearer",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "torchbearer.middleware.ChineseUnlessChosenMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "torchbearer.replica.PinAfterWriteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "torchbearer.middleware.OwnNotFoundPageMiddleware",
    "torchbearer.middleware.PasswordChangeRequiredMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "torchbearer.urls"
WSGI_APPLICATION = "torchbearer.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The project's templates (the base, the pages that compose), then each feature's own folder.
        "DIRS": [BASE_DIR / "templates", *sorted(BASE_DIR.glob("*/*/templates"))],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "torchbearer.context_processors.scope",
                "torchbearer.context_processors.notifications",
                "torchbearer.context_processors.large_text",
            ],
            # The template tags of the features, each in its own package.
            "libraries": {
                "coverage": "branches.organisation.templatetags",
                "lectures": "branches.lectures.templatetags",
                "people": "branches.people.templatetags",
                "problem_loop": "services.problems.templatetags",
                "record_cards": "services.records.templatetags",
            },
        },
    },
]

SQLITE_PATH = VAR_DIR / "db.sqlite3"
if not os.environ.get("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{SQLITE_PATH}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # BEGIN IMMEDIATE: a transaction that will write takes the lock when it starts, so two
    # reviewers approving the same record queue up instead of both reading "submitted".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # The waiting-records indexes carry INCLUDE columns for PostgreSQL's index-only scans;
    # SQLite builds them on their key alone, which is all it needs at an office's scale.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: it starts for any query the planner estimates as costly (a year's
    # figures over a province) and takes longer to compile than such a query takes to run; off,
    # the committee dashboard is markedly faster at province scale (docs/PERFORMANCE.md).
    # No parallel workers either: starting two for a dashboard's counts of a page of branches
    # took longer than the counting itself, and on a server of two cores the other requests
    # need them more.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off -c max_parallel_workers_per_gather=0"
# Through PgBouncer in transaction mode (PGBOUNCER=true) a connection is a different server
# session at each transaction: no cursor may outlive its transaction (Django's .iterator() opens
# one otherwise) and no setting may be sent when connecting (PgBouncer refuses startup options;
# set jit and parallel workers on the database instead: docs/DEPLOYMENT.md).
PGBOUNCER = env_bool("PGBOUNCER", False)
if PGBOUNCER:
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"].get("OPTIONS", {}).pop("options", None)
# A streaming replica of PostgreSQL (DATABASE_REPLICA_URL): the pages that only read figures read
# from it, except for a user who has just written (torchbearer.replica); every write, every
# other page and every migration stay on the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"],
            conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
            conn_health_checks=True,
        ),
        "OPTIONS": dict(DATABASES["default"].get("OPTIONS", {})),
        "DISABLE_SERVER_SIDE_CURSORS": PGBOUNCER,
        # Tests see the primary through it, as the replica would once it has caught up.
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["torchbearer.replica.ReplicaRouter"]
# How long after a write a user's pages read from the primary only: longer than the replica lags.
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "15"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache: local memory in one process; Redis (REDIS_URL) when the app runs as several nodes,
# which must share the throttles' counts and the hall display's slides.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "torchbearer",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Work out of the request (django-tasks, the backport of Django 6's django.tasks): e-mail and
# large files. TASKS_BACKEND=immediate (the default) runs a task at once in the process that asks;
# TASKS_BACKEND=database queues it in the database for ``manage.py db_worker`` on any node.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
if TASKS_BACKEND not in {"immediate", "database"}:
    raise ImproperlyConfigured("TASKS_BACKEND must be 'immediate' or 'database'.")
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if TASKS_BACKEND == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Lock-out after repeated failed logins (django-axes, the established package for it): five
# failures for one username from one address lock that pair for a quarter of an hour.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind the TLS proxy, the client's address is the one the trusted proxies forwarded
# (branches.kernel.clients), or the whole hall would share the proxy's address and one name's
# five wrong passwords would lock it for everybody. TRUSTED_PROXY_COUNT: the proxies in front.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1")) if env_bool("BEHIND_TLS_PROXY", False) else 0
AXES_CLIENT_IP_CALLABLE = "branches.kernel.clients.client_address"

# Content Security Policy (django-csp): scripts only from our own static files, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# E-mail: SMTP where EMAIL_HOST is set, else written to the console (the README's run command).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "torchbearer@localhost")
# The app's address as people open it, for the links of e-mails (read outside any request).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")
if not DEBUG and EMAIL_HOST and "SITE_URL" not in os.environ:
    raise ImproperlyConfigured(
        "SITE_URL must be set in the environment when e-mail is sent in production: "
        "the links of every e-mail start with it."
    )
# "Forgot your password?" sends a reset link only where e-mail really leaves the machine; else the
# committee administrator sets a temporary password (on the person's page).
PASSWORD_RESET_BY_EMAIL = bool(EMAIL_HOST)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: images and documents are checked again by content and size in the forms.
UPLOAD_MAX_IMAGE_BYTES = 5 * 1024 * 1024
UPLOAD_MAX_SPREADSHEET_BYTES = 5 * 1024 * 1024
UPLOAD_MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
# A file the task worker builds for a user (branches.downloads): a province's year of records.
PREPARED_FILE_MAX_BYTES = 200 * 1024 * 1024

# A person's service hours on one date, over all their records (services.records.actions.check_daily_hours).
MAX_SERVICE_HOURS_PER_DAY = int(os.environ.get("MAX_SERVICE_HOURS_PER_DAY", "16"))
# How long each slide of the hall display shows, in seconds (torchbearer.display).
HALL_DISPLAY_SECONDS = int(os.environ.get("HALL_DISPLAY_SECONDS", "15"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

SESSION_COOKIE_AGE = 60 * 60 * 10
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
