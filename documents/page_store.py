"""The ``pages`` cache backend: a shared store with a small copy in each process, both keyed by
the data version.

Django's cache middleware (``documents.cache``) keeps whole pages in the ``pages`` alias. On a
busy site most requests ask for a few pages; fetching them from Redis (or the database cache)
costs two round trips and unpickling a large value each time. This backend keeps the pages a
process served last in its own memory too, without ever serving a stale one:

- **The data version** is a random token kept in the shared store under ``VERSION_KEY``.
  Clearing the pages (``clear()``, called on every change to catalogue data,
  ``documents.cache.data_changed``) empties the shared store, token included; the next reader
  creates a new token (``add``: of two concurrent readers one wins and both read it).
- **Every key is namespaced by the version** (``<version>:<key>``), in the shared store and in
  the process's copy. A page kept under an older version can never be read again — not even
  one that a request rendered from data read *before* a change and stored *after* the
  change's clear (the race Django's plain middleware has).
- **One read of the version per request.** :class:`documents.cache.PageVersionMiddleware`
  reads the version once at the start of each request and pins it (a context variable) for
  the cache middleware's reads and writes; a page kept in the process's copy under that
  version is then served with no further round trip. Outside a request every operation reads
  the version itself. A change made by any process clears the shared store, so every worker
  sees a new version — and serves the change — on its next request.
- **No round trip at all with Redis.** When the shared store is Redis, the version is a plain
  string key read through ``catalogue.redis_tracking.TrackedKey``: Redis's client tracking
  tells this process when the key changed (a clear flushes it), so reading the version is a
  non-blocking check of a socket until then (``TRACK_VERSION``: on by default). With the
  database cache it is one query per request.
- The process's copy is Django's local-memory cache (``LOCAL_ENTRIES`` pages, least recently
  used first out), written through on every ``set`` and filled on every shared ``get``.

A shared store that keeps nothing (``dummycache://``) has no version: every read misses and
nothing is written, as with the dummy cache itself.

Configuration (``catalogue/settings.py`` builds it from ``PAGE_CACHE_URL``)::

    "pages": {"BACKEND": "documents.page_store.PageStore",
              "OPTIONS": {"SHARED": {<a cache configuration>}, "LOCAL_ENTRIES": 200}}
"""

from __future__ import annotations

import contextvars
import logging
import secrets
import time
from contextlib import contextmanager

import redis
from django.core.cache import InvalidCacheBackendError
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.http import HttpResponseBase
from django.utils.http import parse_http_date_safe
from django.utils.module_loading import import_string

from catalogue.redis_tracking import TrackedKey
from documents.clock import today

logger = logging.getLogger(__name__)

VERSION_KEY = "catalogue:data-version"

#: The version pinned for the current request (set by the middleware), per backend instance.
_pinned: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "catalogue_page_version", default=None)


def _backend(config: dict) -> BaseCache:
    try:
        backend_class = import_string(config["BACKEND"])
    except ImportError as error:
        raise InvalidCacheBackendError(f"Could not find backend {config['BACKEND']!r}") from error
    params = {k: v for k, v in config.items() if k not in ("BACKEND", "LOCATION")}
    return backend_class(config.get("LOCATION", ""), params)


class PageStore(BaseCache):
    """A shared cache (``OPTIONS["SHARED"]``) with a per-process copy, keyed by the data
    version (see the module's documentation)."""

    def __init__(self, location, params):
        options = dict(params.get("OPTIONS") or {})
        shared = options.pop("SHARED", None)
        if not shared:
            raise InvalidCacheBackendError("PageStore needs OPTIONS['SHARED']")
        entries = int(options.pop("LOCAL_ENTRIES", 200))
        track = bool(options.pop("TRACK_VERSION", True))
        super().__init__({**params, "OPTIONS": options})
        self.shared = _backend(shared)
        #: The version kept in this process until Redis reports it changed (Redis stores only).
        self.tracked = (TrackedKey(self.shared._servers[0],
                                   self.shared.make_and_validate_key(VERSION_KEY) + ":plain")
                        if track and isinstance(self.shared, RedisCache) else None)
        self.local = (LocMemCache(f"catalogue-pages-{id(self)}",
                                  {"OPTIONS": {"MAX_ENTRIES": entries, "CULL_FREQUENCY": 4}})
                      if entries > 0 else None)

    # --- the data version ---------------------------------------------------------------

    def read_version(self) -> str | None:
        """The current data version from the shared store (created when missing); ``None``
        when the store keeps nothing."""
        if self.tracked is not None:
            try:
                version = self.tracked.get()
                if version is None:
                    self.tracked.add(secrets.token_hex(8))
                    version = self.tracked.get()
                return version
            except redis.exceptions.ResponseError:  # a server without CLIENT TRACKING
                logger.warning("Redis refuses client tracking: the data version is read on "
                               "every request", exc_info=True)
                self.tracked = None
        version = self.shared.get(VERSION_KEY)
        if version is None:
            self.shared.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
            version = self.shared.get(VERSION_KEY)
        return version

    def data_version(self) -> str | None:
        pinned = _pinned.get()
        if pinned is not None and id(self) in pinned:
            return pinned[id(self)]
        return self.read_version()

    @contextmanager
    def pinned(self):
        """Read the version once and use it for every operation inside the block (one
        request); yields it."""
        version = self.read_version()
        pins = dict(_pinned.get() or {})
        pins[id(self)] = version
        token = _pinned.set(pins)
        try:
            yield version
        finally:
            _pinned.reset(token)

    # --- the cache API --------------------------------------------------------------------

    def _key(self, key, version) -> str | None:
        data_version = self.data_version()
        if data_version is None:
            return None
        # Today's date too: statuses and deadlines are read against it (documents.clock), so a
        # page kept yesterday is never served after midnight.
        day = today().isoformat()
        return f"{data_version}:{day}:{self.make_and_validate_key(key, version=version)}"

    def get(self, key, default=None, version=None):
        full = self._key(key, version)
        if full is None:
            return default
        if self.local is not None:
            value = self.local.get(full, _MISSING)
            if value is not _MISSING:
                return value
        value = self.shared.get(full, _MISSING)
        if value is _MISSING:
            return default
        if self.local is not None:
            self.local.set(full, value, self._remaining(value))
        return value

    def _remaining(self, value):
        """How long a copy made on a read may live: until the page's own ``Expires`` (so it
        is never served older than its ``max-age``), else the shared store's default."""
        expires = value.get("Expires") if isinstance(value, HttpResponseBase) else None
        at = parse_http_date_safe(expires) if expires else None
        if at is None:
            return self.shared.default_timeout
        return max(0, at - int(time.time()))

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        full = self._key(key, version)
        if full is None:
            return
        self.shared.set(full, value, timeout)
        if self.local is not None:
            self.local.set(full, value, timeout)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        full = self._key(key, version)
        if full is None:
            return False
        added = self.shared.add(full, value, timeout)
        if added and self.local is not None:
            self.local.set(full, value, timeout)
        return added

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        full = self._key(key, version)
        return False if full is None else self.shared.touch(full, timeout)

    def delete(self, key, version=None):
        full = self._key(key, version)
        if full is None:
            return False
        if self.local is not None:
            self.local.delete(full)
        return self.shared.delete(full)

    def has_key(self, key, version=None):
        return self.get(key, _MISSING, version=version) is not _MISSING

    def clear(self):
        """Forget every page: the shared store (and with it the version, so every process
        moves to a new one on its next read) and this process's copy."""
        if self.local is not None:
            self.local.clear()
        self.shared.clear()
        if self.tracked is not None:
            self.tracked.forget()

    def close(self, **kwargs):
        self.shared.close(**kwargs)


_MISSING = object()
