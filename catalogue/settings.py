"""Settings for the catalogue, read from the environment (12-factor).

Every value comes from an environment variable, or from a ``.env`` file at the
project root (``make .env`` writes one with a fresh secret key for local use).

- ``SECRET_KEY``: required; the site refuses to start without one.
- ``DEBUG``: off unless set to a true value.
- ``DATABASE_URL``: ``postgres://user@host:port/name`` (PostgreSQL 15 or newer, psycopg 3).
  Unset: the project's own embedded server (``catalogue.localdb``, started by ``make run``
  and ``make test``).
- ``ALLOWED_HOSTS``: comma-separated; ``localhost,127.0.0.1`` by default.
- ``CSRF_TRUSTED_ORIGINS``: comma-separated origins, when served behind a proxy.
- ``ADMIN_URL``: where the admin lives (``admin/`` by default).
- ``SECURE_SSL``: when true, HTTPS-only cookies, HSTS and redirect to HTTPS
  (``SECURE_HSTS_SECONDS``: one year by default).
- Hardening (docs/SECURITY.md): ``SESSION_COOKIE_AGE`` (admin sessions, 8 hours),
  ``AXES_FAILURE_LIMIT`` (5) and ``AXES_COOLOFF_MINUTES`` (30) for login lock-out,
  ``PROXY_COUNT`` (reverse proxies in front; 0: never trust X-Forwarded-For),
  ``CSP_REPORT_URI`` (optional).
- ``STATIC_ROOT``: where ``collectstatic`` writes (``staticfiles/`` at the root by default).
- ``SQLITE_EXPORT_DIR``: where the About page's SQLite download is kept (``exports/``).
- ``CELERY_BROKER_URL`` (the job queue; unset: jobs run eagerly) and the extraction's limits:
  docs/TEXT.md. ``KEPT_REFRESH`` (default true): with a broker, a job counts the busiest kept
  counts again after each change (``documents/kept_refresh.py``).
- ``ENV_FILE``: the env file to read (``.env`` at the project root by default).
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from catalogue import localdb
from catalogue.queue import broker_settings, kept_schedule
from catalogue.site import SITE_NAME_VI
from catalogue.site import TIME_ZONE as SITE_TIME_ZONE

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# ENV_FILE points elsewhere (or to /dev/null) to ignore the local .env file.
environ.Env.read_env(env.str("ENV_FILE", default=str(BASE_DIR / ".env")), overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

try:
    SECRET_KEY = env.str("SECRET_KEY")
except ImproperlyConfigured as exc:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. For local use run `make .env` (writes a random key to .env); "
        "in production set the SECRET_KEY environment variable."
    ) from exc
if len(SECRET_KEY) < 32 and not DEBUG:
    raise ImproperlyConfigured("SECRET_KEY is too short (at least 32 characters).")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip("/") + "/"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "csp",
    "documents.apps.AxesConfig",  # django-axes, named in Vietnamese
    "documents",
    # Whole-page cache invalidated on every data change (signals connected in ready()).
    "documents.cache.PageCacheConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Hardening (docs/SECURITY.md): the Content-Security-Policy header on every response, no
    # cookie on public answers, 503 with a friendly page when the database cannot be reached,
    # NUL characters kept away from the database.
    "documents.middleware.ScopedCSPMiddleware",
    "documents.middleware.NoCookiesForReadersMiddleware",
    "documents.middleware.DatabaseUnavailableMiddleware",
    "documents.middleware.NulCharacterMiddleware",
    # Scale (docs/DEPLOYMENT.md, documents/cache.py): the data version read once per request
    # (ETag and 304 before any view runs); whole public pages kept in the ``pages`` cache
    # (Django's cache middleware: kept here, after Session and Locale have added their Vary
    # headers; served by FetchFromCache below).
    "documents.cache.PageVersionMiddleware",
    "documents.cache.UpdateCacheMiddleware",
    "documents.cache.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Reads to the replica except for writers and the admin.
    "documents.routers.PrimaryForWritersMiddleware",
    "documents.cache.FetchFromCacheMiddleware",
    # Writes to the public site: 405 before the CSRF check's 403 (docs/SECURITY.md).
    "documents.middleware.ReadOnlyPublicSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Admin login throttling and lock-out (django-axes); must be the last middleware.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "catalogue.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "documents.context_processors.feeds",
                "catalogue.site.context",
            ],
        },
    },
]

WSGI_APPLICATION = "catalogue.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=localdb.project.url())}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# No server-side cursors: .iterator() (the filter forms' choices) would otherwise DECLARE a
# WITH HOLD cursor per query outside transactions, which costs more than it saves for the
# few rows they read; and they do not survive a transaction-pooling proxy (pgbouncer).
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# Read replica (docs/DEPLOYMENT.md): reads go there, writes to default (documents.routers).
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["documents.routers.ReplicaRouter"]

# --- Caches (docs/DEPLOYMENT.md) ------------------------------------------------
# CACHE_URL (``default``: drawn graphs and other per-content values): local memory by default
# (per process); redis://host:6379/1 uses Django's own Redis backend.
# PAGE_CACHE_URL (``pages``: whole public pages, documents.cache): the database cache by
# default — shared by every worker and management command on the database, so a change made
# anywhere is served by every worker on its next request; in production a Redis database of
# its own (redis://host:6379/2: clearing the pages flushes it); dummycache:// keeps no pages.


def _cache(url: str, **extra) -> dict:
    if url.startswith("locmem://"):
        url = "locmemcache://" + url.removeprefix("locmem://")
    config = env.cache_url_config(
        url,
        # Django's Redis backend, keeping one client per pool (catalogue/redis_cache.py).
        backend="catalogue.redis_cache.RedisCache"
        if url.startswith(("redis://", "rediss://"))
        else None,
    )
    return {**config, **extra}


_KEY_PREFIX = env.str("CACHE_KEY_PREFIX", default="catalogue")
_pages_shared = _cache(env.str("PAGE_CACHE_URL", default="dbcache://catalogue_page_cache"),
                       KEY_PREFIX=_KEY_PREFIX)
if _pages_shared["BACKEND"].endswith("DatabaseCache"):
    _pages_shared.setdefault("OPTIONS", {})["MAX_ENTRIES"] = env.int(
        "PAGE_CACHE_MAX_ENTRIES", default=20000)
CACHES = {
    "default": _cache(env.str("CACHE_URL", default="locmemcache://"), KEY_PREFIX=_KEY_PREFIX),
    # The shared store above, with a copy of the pages each process served last
    # (PAGE_CACHE_LOCAL_ENTRIES; 0 turns the copy off), both keyed by the data version
    # (documents/page_store.py) — with Redis, a version each process keeps until Redis says
    # it changed (PAGE_CACHE_TRACK_VERSION; off: one read per request).
    "pages": {
        "BACKEND": "documents.page_store.PageStore",
        "OPTIONS": {"SHARED": _pages_shared,
                    "LOCAL_ENTRIES": env.int("PAGE_CACHE_LOCAL_ENTRIES", default=200),
                    "TRACK_VERSION": env.bool("PAGE_CACHE_TRACK_VERSION", default=True)},
    },
}
# Whole public pages (documents.cache): Django's cache middleware on the ``pages`` alias, kept
# and sent with max-age=PAGE_MAX_AGE seconds; RELEASE (e.g. the commit) keys them too.
PAGE_MAX_AGE = env.int("PAGE_MAX_AGE", default=300)
CACHE_MIDDLEWARE_ALIAS = "pages"
CACHE_MIDDLEWARE_SECONDS = PAGE_MAX_AGE
RELEASE = env.str("RELEASE", default="")
CACHE_MIDDLEWARE_KEY_PREFIX = RELEASE
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language: Vietnamese first, English available -------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = SITE_TIME_ZONE
# The day statuses and deadlines are read against (documents/clock.py): unset, today's date;
# CATALOGUE_TODAY=2025-06-01 shows the catalogue as of that day (every process alike: the job
# queue's worker counts what the pages read).
CATALOGUE_TODAY = env.str("CATALOGUE_TODAY", default="") or None
# Dates dd/mm/yyyy and numbers 11.473 / 17,9 in both languages' formats.
FORMAT_MODULE_PATH = ["catalogue.formats"]

# --- Static files: whitenoise, compressed and hashed ---------------------
STATIC_URL = "static/"
# Where `collectstatic` writes and whitenoise serves from (./staticfiles by default).
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# Where the About page's SQLite download is written (documents.sqlite_export).
SQLITE_EXPORT_DIR = Path(env.str("SQLITE_EXPORT_DIR", default=str(BASE_DIR / "exports")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Front-end packages installed from the npm registry (`npm ci`, run by `make install`).
_NOTO_SANS = BASE_DIR / "node_modules" / "@fontsource" / "noto-sans" / "files"
if _NOTO_SANS.is_dir():
    STATICFILES_DIRS.append(("vendor/noto-sans", _NOTO_SANS))
_NOTO_SANS_MONO = BASE_DIR / "node_modules" / "@fontsource" / "noto-sans-mono" / "files"
if _NOTO_SANS_MONO.is_dir():
    STATICFILES_DIRS.append(("vendor/noto-sans-mono", _NOTO_SANS_MONO))
# Cytoscape.js (MIT): the zoomable link graph (static/js/graph.js).
_CYTOSCAPE = BASE_DIR / "node_modules" / "cytoscape" / "dist"
if _CYTOSCAPE.is_dir():
    STATICFILES_DIRS.append(("vendor/cytoscape", _CYTOSCAPE))
# --- Documents' files (documents/models/files.py; docs/FILES.md) -------------------------
# On disk under MEDIA_ROOT by default (./media, ignored by git); in S3-compatible object
# storage with FILE_STORAGE=s3. Files are never served from MEDIA_URL: a view sends them
# (views/files.py) with Content-Disposition, nosniff and the site's CSP.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
DOCUMENT_FILE_MAX_BYTES = env.int("DOCUMENT_FILE_MAX_MB", default=50) * 1024 * 1024
# Uploads larger than this go to a temporary file rather than memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_STORAGE = env.str("FILE_STORAGE", default="filesystem")
if FILE_STORAGE == "s3":
    _S3_REQUIRED = ("S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY")
    _missing = [name for name in _S3_REQUIRED if not env.str(name, default="")]
    if _missing:
        raise ImproperlyConfigured(
            "FILE_STORAGE=s3 needs " + ", ".join(_missing) + " (docs/DEPLOYMENT.md)."
        )
    _DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("S3_BUCKET"),
            "access_key": env.str("S3_ACCESS_KEY_ID"),
            "secret_key": env.str("S3_SECRET_ACCESS_KEY"),
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "location": env.str("S3_PREFIX", default=""),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif FILE_STORAGE == "filesystem":
    _DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured("FILE_STORAGE must be 'filesystem' or 's3'.")
STORAGES = {
    "default": _DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- The job queue and text extraction (docs/TEXT.md; catalogue/celery.py, queue.py) -----
# CELERY_BROKER_URL: Redis (redis://127.0.0.1:6379/3) or RabbitMQ (amqp://…:5672//), checked
# here; unset, jobs run eagerly in the process that queued them once its transaction commits
# (documents/text_jobs.py) — for development and tests: time limits need a worker.
CELERY_BROKER_URL, CELERY_TASK_ALWAYS_EAGER = broker_settings(
    env.str("CELERY_BROKER_URL", default=""))
# After a change, a job counts the busiest kept counts again before a reader asks
# (documents/kept_refresh.py; only with a broker). KEPT_REFRESH=false: the first request does.
KEPT_REFRESH = env.bool("KEPT_REFRESH", default=True)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a job whose worker dies is delivered again
CELERY_TASK_REJECT_ON_WORKER_LOST = False  # …but one that killed its worker is not looped
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="catalogue")
# …and every day just after midnight (the site's time zone), for the counts kept per day: the
# scheduler runs in the worker of those jobs (catalogue/queue.py kept_schedule).
KEPT_REFRESH_AT = env.str("KEPT_REFRESH_AT", default="00:01")
CELERY_BEAT_SCHEDULE = kept_schedule(KEPT_REFRESH_AT, CELERY_TASK_DEFAULT_QUEUE) \
    if KEPT_REFRESH else {}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 5
# A request that queues a job waits at most a few seconds for a broker that does not answer.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0,
                                    "interval_step": 0.5, "interval_max": 1}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = SITE_TIME_ZONE
# One job's time limits (seconds): at the soft limit the job stops and fails with a message,
# at the hard limit its process is killed (and the job marked failed by the worker).
EXTRACTION_SOFT_TIME_LIMIT = env.int("EXTRACTION_SOFT_TIME_LIMIT", default=1800)
EXTRACTION_TIME_LIMIT = env.int("EXTRACTION_TIME_LIMIT",
                                default=EXTRACTION_SOFT_TIME_LIMIT + 60)
# A job still "running" EXTRACTION_TIME_LIMIT + this many seconds after it started lost its
# worker (killed outright: SIGKILL, out of memory): it is sent again or failed
# (documents/text_jobs.py recover_stale_jobs).
EXTRACTION_STALE_MARGIN = env.int("EXTRACTION_STALE_MARGIN", default=300)
# Transient errors (storage, a program timing out) are retried this many times, waiting
# EXTRACTION_RETRY_BACKOFF seconds, then twice as long each time (at most 10 minutes).
EXTRACTION_MAX_RETRIES = env.int("EXTRACTION_MAX_RETRIES", default=3)
EXTRACTION_RETRY_BACKOFF = env.int("EXTRACTION_RETRY_BACKOFF", default=30)
# OCR (Tesseract): languages, seconds per page, how finely PDF pages are rendered.
OCR_LANGUAGES = env.str("OCR_LANGUAGES", default="vie")
OCR_PAGE_TIMEOUT = env.int("OCR_PAGE_TIMEOUT", default=300)
OCR_DPI = env.int("OCR_DPI", default=300)
# LibreOffice (.doc → .docx): the program and seconds one conversion may take.
SOFFICE_BINARY = env.str("SOFFICE_BINARY", default="soffice")
SOFFICE_TIMEOUT = env.int("SOFFICE_TIMEOUT", default=180)

# --- Security -------------------------------------------------------------
SECURE_SSL = env.bool("SECURE_SSL", default=False)
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
SECURE_SSL_REDIRECT = SECURE_SSL
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if SECURE_SSL else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_SSL
SECURE_HSTS_PRELOAD = SECURE_SSL
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE_SSL else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Only the admin sets cookies (session, CSRF); public pages set none, so they stay cacheable.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Content-Security-Policy (django-csp): no inline scripts or styles on the public site.
# Graphviz's inline SVG uses presentation attributes (fill=, stroke=), which CSP allows.
_CSP_STRICT = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF],
    "font-src": [SELF],
    "connect-src": [SELF],
    "object-src": [NONE],
    "base-uri": [NONE],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}
if SECURE_SSL:
    _CSP_STRICT["upgrade-insecure-requests"] = True
if env.str("CSP_REPORT_URI", default=""):
    _CSP_STRICT["report-uri"] = env.str("CSP_REPORT_URI")
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_STRICT}
# Relaxed policies, by path prefix (documents.middleware.ScopedCSPMiddleware; the first
# matching prefix wins). Scripts stay 'self' everywhere: no page runs an inline script.
# - the Django admin: inline styles (its own templates, select2, simple-history) and data:
#   images; X-Robots-Tag keeps every admin answer out of search engines (robots.txt does not
#   name the admin's address).
# - the API's HTML pages: inline styles (Swagger UI, ReDoc and the browsable API set style
#   attributes and <style> elements) and data: images. Swagger UI is drf-spectacular's
#   split view (its start-up script is a separate file, /api/docs/?script=); ReDoc also
#   starts its search index in a blob: worker.
_CSP_API_PAGES = {**_CSP_STRICT, "style-src": [SELF, UNSAFE_INLINE], "img-src": [SELF, "data:"]}
CATALOGUE_CSP_SCOPES = [
    ("/" + ADMIN_URL, {
        "DIRECTIVES": {
            **_CSP_STRICT, "style-src": [SELF, UNSAFE_INLINE], "img-src": [SELF, "data:"],
        },
        "HEADERS": {"X-Robots-Tag": "noindex, nofollow"},
    }),
    ("/api/redoc/", {"DIRECTIVES": {**_CSP_API_PAGES, "worker-src": [SELF, "blob:"]}}),
    ("/api/", {"DIRECTIVES": _CSP_API_PAGES}),
]

# Admin login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one
# username from one address, that pair is locked out for AXES_COOLOFF_MINUTES (429 and a
# page saying so); `manage.py axes_reset` unlocks everyone. Behind a reverse proxy set
# PROXY_COUNT so the client address is read from X-Forwarded-For (never trusted otherwise).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
_PROXY_COUNT = env.int("PROXY_COUNT", default=0)
if _PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = _PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# --- JSON API ---------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "documents.api.errors.exception_handler",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{SITE_NAME_VI} — API",
    "DESCRIPTION": "Read-only API of Vietnamese personnel-policy documents, their links, "
    "targets, localities and issuing bodies.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "documents.api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "LocalityKindEnum": "documents.api.schema.LOCALITY_KIND_CHOICES",
        "BodyKindEnum": "documents.api.schema.BODY_KIND_CHOICES",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
