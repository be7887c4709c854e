"""Whole-response caching for a read-mostly catalogue, invalidated by a data version.

**The data version.** One cache key (``DATA_VERSION_KEY``) holds a number that changes
whenever catalogue data changes: ``post_save``, ``post_delete`` and ``m2m_changed`` of every
model of the ``documents`` app (the admin, the seed loader, the article entry and the
importer all save through the models) call :func:`data_changed`, which bumps it at once and
again when the surrounding transaction commits (so a page cached by another request between
the write and the commit, with the old data, is not kept). Bulk writes send no signals:
code that uses ``bulk_create``/``update``/raw SQL calls :func:`bump_data_version` itself when
it is done (``generate_demo_data`` does).

**Pages.** :class:`PageCacheMiddleware` stores whole responses of public GET/HEAD requests
under a key made of the data version, the release, the language and the full address
(scheme, host, path and query string). A change to the data makes every stored page
unreachable at once; old entries simply expire (``PAGE_CACHE_SECONDS``). Never cached:

- the admin (``ADMIN_URL``), ``/i18n/`` and whatever ``PAGE_CACHE_SKIP_PREFIXES`` lists;
- requests carrying a session cookie (a signed-in administrator sees fresh pages);
- requests that arrive inside an open database transaction: what they would show may yet be
  rolled back (this never happens in production — ``ATOMIC_REQUESTS`` wraps only the view —
  but it is how test cases run, so tests see no cached pages unless they commit);
- responses that set a cookie, that are not 200, that are streamed, or that say
  ``private``/``no-store``/``no-cache``.

**Conditional requests.** Every cacheable response carries ``ETag`` (a hash of the data
version, release, address and language — known *before* the view runs) and
``Cache-Control: public, max-age=PAGE_MAX_AGE``; a request whose ``If-None-Match`` holds the
current tag is answered ``304 Not Modified`` without running the view at all. A CDN in front
may keep pages for ``max-age`` seconds and revalidate them cheaply afterwards.

The backend is the ``default`` cache (``CACHE_URL``: local memory by default — per process,
so each gunicorn worker has its own pages and version —, Redis in production, shared by every
worker and server). If the cache cannot be reached, pages are served uncached.

Each process also keeps the version it last read for ``PAGE_CACHE_VERSION_TTL`` seconds (1 by
default: a change made elsewhere shows within a second; its own changes at once) and the pages
it served last (``PAGE_CACHE_LOCAL_ENTRIES``, 200 by default) under their fingerprint — which
holds the version, so a kept page is never stale: a page served often costs no round trip to
Redis (whose client Django builds anew for every operation).

Settings: ``PAGE_CACHE_SECONDS`` (0 turns the page store off; conditional GET stays on),
``PAGE_MAX_AGE``, ``PAGE_CACHE_SKIP_PREFIXES``, ``PAGE_CACHE_VERSION_TTL``,
``PAGE_CACHE_LOCAL_ENTRIES``, ``RELEASE`` (change it on each deploy so pages rendered by older
code are not served).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import cc_delim_re
from django.utils.http import parse_etags

logger = logging.getLogger(__name__)

DATA_VERSION_KEY = "catalogue:data-version"
PAGE_KEY_PREFIX = "catalogue:page"
# Response headers worth keeping with a stored page (others are per request or added by the
# middleware outside this one on every response).
_SKIP_HEADERS = {"set-cookie", "date", "etag", "cache-control", "expires", "last-modified"}


def _setting(name: str, default):
    return getattr(settings, name, default)


# --- the data version ---------------------------------------------------------------------


class _Memo:
    """This process's copy of the data version and of recently served pages.

    The version is asked of the shared cache at most once every ``PAGE_CACHE_VERSION_TTL``
    seconds (a change made by this process is seen at once, by the others within that
    time); pages are kept under their fingerprint — which includes the version, so an entry
    can never be stale — in a small LRU (``PAGE_CACHE_LOCAL_ENTRIES``), so a page served
    often costs no round trip to Redis at all.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.version: int | None = None
        self.checked = 0.0
        self.pages: OrderedDict[str, tuple] = OrderedDict()

    def reset(self) -> None:
        with self.lock:
            self.version, self.checked = None, 0.0
            self.pages.clear()

    def set_version(self, version: int) -> None:
        with self.lock:
            self.version, self.checked = version, time.monotonic()

    def page(self, fingerprint: str):
        with self.lock:
            stored = self.pages.get(fingerprint)
            if stored is not None:
                self.pages.move_to_end(fingerprint)
            return stored

    def keep(self, fingerprint: str, stored: tuple) -> None:
        limit = int(_setting("PAGE_CACHE_LOCAL_ENTRIES", 200))
        if limit <= 0:
            return
        with self.lock:
            self.pages[fingerprint] = stored
            self.pages.move_to_end(fingerprint)
            while len(self.pages) > limit:
                self.pages.popitem(last=False)


memo = _Memo()


def data_version() -> int:
    """The current data version (created on first use; never expires)."""
    ttl = float(_setting("PAGE_CACHE_VERSION_TTL", 1.0))
    if memo.version is not None and time.monotonic() - memo.checked < ttl:
        return memo.version
    version = cache.get(DATA_VERSION_KEY)
    if version is None:
        # A fresh start must not meet pages stored under an older run's numbers: begin at
        # the time in milliseconds, not at 1.
        cache.add(DATA_VERSION_KEY, int(time.time() * 1000), timeout=None)
        version = cache.get(DATA_VERSION_KEY)
    if version is None:
        # A cache that keeps nothing (the dummy backend; a cache that fails silently): this
        # process's own number, which it changes itself on every write it makes.
        version = memo.version if memo.version is not None else int(time.time() * 1000)
    memo.set_version(int(version))
    return int(version)


def bump_data_version() -> None:
    """Make every cached page stale (call after writes that send no signals)."""
    try:
        try:
            version = cache.incr(DATA_VERSION_KEY)
        except ValueError:  # not there yet (or evicted)
            cache.add(DATA_VERSION_KEY, int(time.time() * 1000), timeout=None)
            version = cache.incr(DATA_VERSION_KEY)
        memo.set_version(int(version))
    except Exception:  # the cache is down: nothing is being served from it either
        memo.reset()
        logger.warning("could not bump the data version", exc_info=True)


def data_changed(using: str = "default") -> None:
    """Catalogue data changed on database *using*: bump now, and once more when the
    outermost transaction commits (once per transaction, however many rows changed)."""
    bump_data_version()
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return
    outermost = connection.atomic_blocks[0] if connection.atomic_blocks else None
    if outermost is not None and getattr(connection, "_catalogue_bump_block", None) is outermost:
        return
    connection._catalogue_bump_block = outermost
    transaction.on_commit(bump_data_version, using=using, robust=True)


def _on_save_or_delete(sender, using="default", **kwargs) -> None:
    data_changed(using)


def _on_m2m(sender, action, using="default", **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        data_changed(using)


def catalogue_models():
    """Every model of the documents app except django-simple-history's own tables."""
    return [
        model
        for model in apps.get_app_config("documents").get_models()
        if not hasattr(model, "instance_type")  # HistoricalX models
    ]


def connect_signals() -> None:
    """Bump on any change to catalogue data (called from ``DocumentsConfig.ready``).

    Receivers are registered per model (not for every sender) so that deleting, say,
    sessions keeps Django's fast path."""
    for model in catalogue_models():
        uid = f"catalogue-cache-{model._meta.label_lower}"
        post_save.connect(_on_save_or_delete, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_on_save_or_delete, sender=model, dispatch_uid=uid + "-delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _on_m2m, sender=through, dispatch_uid=f"{uid}-{field.name}-m2m"
            )


class PageCacheConfig(AppConfig):
    """Listed in ``INSTALLED_APPS`` (``documents.cache.PageCacheConfig``) so that the
    signals are connected in every process — web workers and management commands alike."""

    name = "documents.cache"
    label = "catalogue_cache"
    verbose_name = "Page cache"

    def ready(self):
        connect_signals()


# --- the middleware -----------------------------------------------------------------------


class PageCacheMiddleware:
    """Serve public pages from the cache; answer conditional requests with 304."""

    def __init__(self, get_response):
        self.get_response = get_response

    # -- what may be cached ---------------------------------------------------------------
    @staticmethod
    def skip_prefixes() -> tuple[str, ...]:
        admin = "/" + _setting("ADMIN_URL", "admin/").strip("/") + "/"
        extra = tuple(_setting("PAGE_CACHE_SKIP_PREFIXES", ()))
        return (admin, "/i18n/", *extra)

    def request_is_cacheable(self, request) -> bool:
        if request.method not in ("GET", "HEAD"):
            return False
        if request.path.startswith(self.skip_prefixes()):
            return False
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return False
        return not connections[DEFAULT_DB_ALIAS].in_atomic_block

    @staticmethod
    def response_is_cacheable(response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        control = {
            part.split("=", 1)[0].strip().lower()
            for part in cc_delim_re.split(response.get("Cache-Control", ""))
            if part.strip()
        }
        return not control & {"private", "no-store", "no-cache"}

    # -- keys ----------------------------------------------------------------------------
    @staticmethod
    def address(request) -> str:
        return f"{request.scheme}://{request.get_host()}{request.get_full_path()}"

    def fingerprint(self, request, version: int) -> str:
        language = getattr(request, "LANGUAGE_CODE", "") or ""
        raw = "\n".join(
            (str(version), _setting("RELEASE", ""), language, self.address(request))
        )
        return hashlib.sha256(raw.encode()).hexdigest()[:32]

    # -- the request -----------------------------------------------------------------------
    def __call__(self, request):
        if not self.request_is_cacheable(request):
            return self.get_response(request)
        try:
            version = data_version()
        except Exception:
            logger.warning("page cache unavailable; serving uncached", exc_info=True)
            return self.get_response(request)
        fingerprint = self.fingerprint(request, version)
        etag = f'"{fingerprint}"'
        seconds = int(_setting("PAGE_CACHE_SECONDS", 600))
        max_age = int(_setting("PAGE_MAX_AGE", 300))

        if self.etag_matches(request, fingerprint):
            response = HttpResponseNotModified()
            self.add_headers(response, etag, max_age)
            return response

        key = f"{PAGE_KEY_PREFIX}:{fingerprint}"
        if seconds > 0:
            stored = memo.page(fingerprint)
            if stored is None:
                try:
                    stored = cache.get(key)
                except Exception:
                    logger.warning("page cache read failed", exc_info=True)
                if stored is not None:
                    memo.keep(fingerprint, stored)
            if stored is not None:
                response = self.rebuild(stored)
                self.add_headers(response, etag, max_age)
                response["X-Page-Cache"] = "hit"
                return response

        response = self.get_response(request)
        if not self.response_is_cacheable(response):
            return response
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        self.add_headers(response, etag, max_age)
        if seconds > 0:
            response["X-Page-Cache"] = "miss"
            stored = self.freeze(response)
            memo.keep(fingerprint, stored)
            try:
                cache.set(key, stored, seconds)
            except Exception:
                logger.warning("page cache write failed", exc_info=True)
        return response

    @staticmethod
    def etag_matches(request, fingerprint: str) -> bool:
        header = request.META.get("HTTP_IF_NONE_MATCH")
        if not header:
            return False
        tags = parse_etags(header)
        if "*" in tags:
            return True
        return any(tag.removeprefix("W/").strip('"') == fingerprint for tag in tags)

    @staticmethod
    def add_headers(response, etag: str, max_age: int) -> None:
        response["ETag"] = etag
        response["Cache-Control"] = f"public, max-age={max_age}"

    @staticmethod
    def freeze(response) -> tuple:
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in _SKIP_HEADERS
        ]
        return (response.status_code, headers, response.content)

    @staticmethod
    def rebuild(stored: tuple) -> HttpResponse:
        status, headers, content = stored
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        return response
