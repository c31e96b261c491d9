"""Settings for Diplomatic News Browser, read from the environment.

Development needs nothing set: SQLite in the project folder and DEBUG off unless
DJANGO_DEBUG says otherwise. Production sets DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS
and DATABASE_URL (postgres://...).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from articles.extraction.types import DEFAULT_MODEL  # light: no spaCy, no Django models

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    """Strict: a value that is neither clearly true nor clearly false is an error,
    so a typo such as DJANGO_DEBUG=ture never silently means something."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be one of {sorted(TRUE_WORDS | FALSE_WORDS - {''})}, not {raw!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it, or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

INSTALLED_APPS = [
    "articles.admin_widgets.DeskAdminConfig",  # django.contrib.admin with the desk's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "simple_history",
    # The API's docs page serves its Swagger UI from here (no CDN).
    "ninja",
    "articles",
]

MIDDLEWARE = [
    "newsapp.middleware.RefuseNulBytes",
    "django.middleware.security.SecurityMiddleware",
    "newsapp.middleware.SecurityHeaders",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "newsapp.routers.PublicReadsMiddleware",
]

ROOT_URLCONF = "newsapp.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "newsapp.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer at a time: a command or a queue worker waits up to
    # this many seconds for another's transaction instead of failing at once
    # ("database is locked"; Python's default is 5 s, short on a busy machine).
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = int(os.environ.get("SQLITE_BUSY_TIMEOUT", "30"))
    # A transaction takes the write lock when it begins. Begun deferred, one that
    # read first and then wrote failed at once with "database is locked" when
    # another process was writing (SQLite does not wait there, to avoid a
    # deadlock): seen when `ingest --queue` met a queue worker's write.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"


def planner_settings(database: dict) -> dict:
    """PostgreSQL: the planner's cost of a random page read, for each
    connection. The server's default (4) describes spinning disks; with the
    data in memory or on SSD, 1.1 is the usual setting, and with 4 the planner
    read every article's search vector (a sequential scan de-TOASTing them all)
    instead of the full-text index for a word in half of the articles: 43 ms
    against 13 ms for "Trump" on 8,000 articles. DATABASE_RANDOM_PAGE_COST
    changes it; an empty value leaves the server's."""
    cost = os.environ.get("DATABASE_RANDOM_PAGE_COST", "1.1")
    if database["ENGINE"].startswith("django.db.backends.postgresql") and cost:
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c random_page_cost={float(cost)}".strip()
    return database


planner_settings(DATABASES["default"])

# Read replicas (PostgreSQL streaming replicas of the primary), comma-separated
# URLs: the public pages read from them, everything else uses the primary (see
# newsapp/routers.py). In tests each mirrors the test database.
REPLICA_DATABASES = []
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), 1):
    DATABASES[f"replica_{number}"] = planner_settings({
        **dj_database_url.parse(
            url, conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")), conn_health_checks=True
        ),
        "TEST": {"MIRROR": "default"},
    })
    REPLICA_DATABASES.append(f"replica_{number}")
DATABASE_ROUTERS = ["newsapp.routers.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
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

# The spaCy pipeline the extractor loads; any installed English pipeline works.
SPACY_MODEL = os.environ.get("SPACY_MODEL", DEFAULT_MODEL)

# Ingestion refuses article files larger than this (bytes).
INGEST_MAX_FILE_BYTES = int(os.environ.get("INGEST_MAX_FILE_BYTES", str(2 * 1024 * 1024)))

LOGIN_URL = "admin:login"
# Where a login goes when its ?next= is missing or refused (another site's address).
LOGIN_REDIRECT_URL = "admin:index"

# Sent with every response (newsapp.middleware.SecurityHeaders): this site's own
# scripts, styles and images only, never framed; no browser feature it does not use.
CONTENT_SECURITY_POLICY = os.environ.get(
    "DJANGO_CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)
PERMISSIONS_POLICY = os.environ.get(
    "DJANGO_PERMISSIONS_POLICY",
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(), usb=(), "
    "screen-wake-lock=(), xr-spatial-tracking=()",
)

# Background jobs (articles/jobs.py, articles/tasks.py): Celery with Redis as the
# broker. An empty CELERY_BROKER_URL means no queue: `ingest --queue` refuses and
# the admin's "Extract again" runs in the request, as it did before the queue.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0").strip()
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "newsapp")
# A task is acknowledged when it has finished, not when a worker takes it, and a
# worker process that dies (SIGKILL, out of memory) hands its task back: the
# chunk is done again by another worker. Work is idempotent (articles/jobs.py).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A worker takes one chunk at a time: a chunk is seconds of spaCy, so prefetching
# more would only leave chunks waiting behind a busy worker while others idle.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# If a whole worker machine vanishes, Redis hands its unacknowledged chunk to
# another worker after this many seconds. It must exceed the longest chunk, or a
# chunk still running is started a second time (harmless, but wasted work).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))}
# The Job row is the result: no result backend to keep.
CELERY_TASK_IGNORE_RESULT = True
# Chunks carry article text: zlib makes them about a third of the size in Redis.
CELERY_TASK_COMPRESSION = "zlib"
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The worker logs through Django's LOGGING below, like every other process.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
