"""The ``pages`` cache backend: a shared store with a small copy in each process, both keyed by
the data version, each page checked against the generations of its tags.

Django's cache middleware (``documents.cache``) keeps whole pages in the ``pages`` alias. On a
busy site most requests ask for a few pages; fetching them from Redis (or the database cache)
costs two round trips and unpickling a large value each time. This backend keeps the pages a
process served last in its own memory too, without ever serving a stale one:

- **The data version** is a random token kept in the shared store under ``VERSION_KEY``.
  Clearing the pages (``clear()``: a bulk write, ``documents.cache.data_changed``, or a change
  to data whose pages cannot be told apart) empties the shared store, token included; the next
  reader creates a new token (``add``: of two concurrent readers one wins and both read it).
  Every key is namespaced by the version (``<version>:<key>``), in the shared store and in the
  process's copy: a page kept under an older version can never be read again.
- **Tags and their generations.** Each page belongs to a few *tags* (``doc:<slug>``,
  ``place:<slug>``, ``lists``…: ``documents.page_tags``), each with a *generation* — a random
  token in the shared store (``catalogue:tag:<tag>``), replaced by a new one when something the
  tag's pages show changes (:meth:`PageStore.bump`). A page is kept with the generations of its
  tags (:class:`Entry`) and served only while they are all still the current ones: after an
  edit of one document, the pages that show it are rendered again and every other page stays.
- **One read per request.** :class:`documents.cache.PageVersionMiddleware` reads the version
  and the generations of the request's tags once, at the start of each request (before any
  data is read: a page rendered from data read before a change and stored after it carries
  the old generations, and is never served), and pins them (a context variable) for the cache
  middleware's reads and writes: a page kept in the process's copy is then served with no
  further round trip. With the database cache that read is one query (``get_many``); outside
  a request every operation reads what it needs itself.
- **No round trip at all with Redis.** When the shared store is Redis, the version and the
  generations are plain string keys read through ``catalogue.redis_tracking``: Redis's client
  tracking tells this process when one changed (a bump, a clear), so reading them is a
  non-blocking check of a socket until then (``TRACK_VERSION``: on by default).
- The process's copy is Django's local-memory cache (``LOCAL_ENTRIES`` pages, least recently
  used first out), written through on every ``set`` and filled on every shared ``get``; its
  entries carry their generations as the shared ones do, so a copy is never served once
  another process bumped one of its tags.

A shared store that keeps nothing (``dummycache://``) has no version: every read misses and
nothing is written, as with the dummy cache itself.

Configuration (``catalogue/settings.py`` builds it from ``PAGE_CACHE_URL``)::

    "pages": {"BACKEND": "documents.page_store.PageStore",
              "OPTIONS": {"SHARED": {<a cache configuration>}, "LOCAL_ENTRIES": 200}}
"""

from __future__ import annotations

import base64
import contextvars
import logging
import pickle
import secrets
import time
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import datetime
from typing import Any, NamedTuple

import redis
from django.core.cache import InvalidCacheBackendError
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router
from django.http import HttpResponseBase
from django.utils.http import parse_http_date_safe
from django.utils.module_loading import import_string

from catalogue.redis_tracking import TrackedKey
from documents.clock import today

logger = logging.getLogger(__name__)

VERSION_KEY = "catalogue:data-version"
#: A tag's generation is kept under this prefix and the tag.
GENERATION_PREFIX = "catalogue:tag:"

#: What is pinned for the current request (set by the middleware), per backend instance:
#: id(store) → (version, token).
_pinned: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "catalogue_page_version", default=None)


class Entry(NamedTuple):
    """A page as kept: the token (version and its tags' generations) it was rendered under."""

    token: str
    value: Any


def _backend(config: dict) -> BaseCache:
    try:
        backend_class = import_string(config["BACKEND"])
    except ImportError as error:
        raise InvalidCacheBackendError(f"Could not find backend {config['BACKEND']!r}") from error
    params = {k: v for k, v in config.items() if k not in ("BACKEND", "LOCATION")}
    return backend_class(config.get("LOCATION", ""), params)


def _new_token() -> str:
    return secrets.token_hex(8)


class PageStore(BaseCache):
    """A shared cache (``OPTIONS["SHARED"]``) with a per-process copy, keyed by the data
    version, pages checked against their tags' generations (see the module's documentation)."""

    def __init__(self, location, params):
        options = dict(params.get("OPTIONS") or {})
        shared = options.pop("SHARED", None)
        if not shared:
            raise InvalidCacheBackendError("PageStore needs OPTIONS['SHARED']")
        entries = int(options.pop("LOCAL_ENTRIES", 200))
        track = bool(options.pop("TRACK_VERSION", True))
        super().__init__({**params, "OPTIONS": options})
        self.shared = _backend(shared)
        self.redis = isinstance(self.shared, RedisCache)
        #: The version and generations kept in this process until Redis reports they changed
        #: (Redis stores only).
        self.tracked = (TrackedKey(self.shared._servers[0],
                                   self.shared.make_and_validate_key(VERSION_KEY) + ":plain")
                        if track and self.redis else None)
        self._plain_keys: dict[str, str] = {}
        self.local = (LocMemCache(f"catalogue-pages-{id(self)}",
                                  {"OPTIONS": {"MAX_ENTRIES": entries, "CULL_FREQUENCY": 4}})
                      if entries > 0 else None)

    # --- the data version and the tags' generations ---------------------------------------

    def read_version(self) -> str | None:
        """The current data version from the shared store (created when missing); ``None``
        when the store keeps nothing."""
        return self.read_state(())[0]

    def read_state(self, tags: Iterable[str]) -> tuple[str | None, str | None]:
        """(the data version, the token of the version and of *tags*' generations), read in
        one round trip (none with a tracked Redis); missing ones are created. (None, None) when
        the store keeps nothing."""
        tags = sorted(set(tags))
        if self.redis and self.tracked is not None:
            try:
                version, generations = self._tracked_state(tags)
                return version, ":".join([version, *generations])
            except redis.exceptions.ResponseError:  # a server without CLIENT TRACKING
                logger.warning("Redis refuses client tracking: the data version is read on "
                               "every request", exc_info=True)
                self.tracked = None
        if self.redis:
            version = self._redis_version()
            generations = self._redis_generations(tags) if version is not None else []
        else:
            version, generations = self._cache_state(tags)
        if version is None:
            return None, None
        return version, ":".join([version, *generations])

    def _cache_state(self, tags: list[str]) -> tuple[str | None, list[str]]:
        keys = [GENERATION_PREFIX + tag for tag in tags]
        found = self.shared.get_many([VERSION_KEY, *keys])
        version = found.get(VERSION_KEY)
        if version is None:
            self.shared.add(VERSION_KEY, _new_token(), timeout=None)
            version = self.shared.get(VERSION_KEY)
            if version is None:
                return None, []
        missing = [key for key in keys if key not in found]
        if missing:
            for key in missing:
                self.shared.add(key, _new_token(), timeout=None)
            found.update(self.shared.get_many(missing))
        return version, [str(found.get(key, "")) for key in keys]

    def _tracked_state(self, tags: list[str]) -> tuple[str, list[str]]:
        """The version and the generations from the keys this process keeps until Redis says
        they changed: one check of a socket, no round trip, when none did."""
        tracked = self.tracked
        keys = [self._plain_key(tag) for tag in tags]
        found = tracked.keys.get_many([tracked.key, *keys])
        version = found[tracked.key]
        if version is None:
            tracked.add(_new_token())
            version = tracked.get()
        missing = [key for key in keys if found[key] is None]
        if missing:
            for key in missing:
                tracked.keys.add(key, _new_token())
            found.update(tracked.keys.get_many(missing))
        return version, [found[key] or "" for key in keys]

    def _redis_version(self) -> str | None:
        version = self.shared.get(VERSION_KEY)
        if version is None:
            self.shared.add(VERSION_KEY, _new_token(), timeout=None)
            version = self.shared.get(VERSION_KEY)
        return version

    def _plain_key(self, tag: str) -> str:
        key = self._plain_keys.get(tag)
        if key is None:
            if len(self._plain_keys) > 10000:
                self._plain_keys.clear()
            key = self._plain_keys[tag] = (
                self.shared.make_and_validate_key(GENERATION_PREFIX + tag) + ":plain")
        return key

    def _redis_client(self):
        return self.shared._cache.get_client(None, write=True)

    def _redis_generations(self, tags: list[str]) -> list[str]:
        """With Redis the generations are plain strings (``MGET``, ``MSET``, ``SET NX``);
        without tracking they are read on every request."""
        keys = [self._plain_key(tag) for tag in tags]
        if not keys:
            return []
        client = self._redis_client()
        for _attempt in range(2):
            found = {key: value.decode() if isinstance(value, bytes) else value
                     for key, value in zip(keys, client.mget(keys), strict=True)}
            missing = [key for key, value in found.items() if value is None]
            if not missing:
                return [found[key] for key in keys]
            for key in missing:
                client.set(key, _new_token(), nx=True)
        return [found[key] or "" for key in keys]

    def bump(self, tags: Iterable[str]) -> None:
        """Give each of *tags* a new generation: every page of these tags, in every process
        and in the shared store, is rendered again on its next request."""
        token = _new_token()
        tags = set(tags)
        if not tags:
            return
        if self.redis:
            mapping = {self._plain_key(tag): token for tag in tags}
            if self.tracked is not None:
                self.tracked.keys.set_many(mapping)
            else:
                self._redis_client().mset(mapping)
        elif isinstance(self.shared, DatabaseCache):
            _database_set_many(self.shared, {GENERATION_PREFIX + tag: token for tag in tags})
        else:
            self.shared.set_many({GENERATION_PREFIX + tag: token for tag in tags}, timeout=None)

    def _pin(self) -> tuple[str, str] | None:
        pinned = _pinned.get()
        return pinned.get(id(self)) if pinned is not None else None

    def data_version(self) -> str | None:
        pin = self._pin()
        return pin[0] if pin is not None else self.read_version()

    @contextmanager
    def pinned(self, tags: Iterable[str] = ()):
        """Read the version and *tags*' generations once and use them for every operation
        inside the block (one request); yields the token that names them (None when the
        store keeps nothing): the ETag is made from it."""
        version, token = self.read_state(tags)
        pins = dict(_pinned.get() or {})
        pins[id(self)] = (version, token)
        pin = _pinned.set(pins)
        try:
            yield token
        finally:
            _pinned.reset(pin)

    # --- the cache API --------------------------------------------------------------------

    def _key(self, key, version) -> str | None:
        data_version = self.data_version()
        if data_version is None:
            return None
        # Today's date too: statuses and deadlines are read against it (documents.clock), so a
        # page kept yesterday is never served after midnight.
        day = today().isoformat()
        return f"{data_version}:{day}:{self.make_and_validate_key(key, version=version)}"

    def _current(self, value, default):
        """*value* as kept, or *default* when it is a page whose tags changed since."""
        if not isinstance(value, Entry):
            return value
        pin = self._pin()
        return value.value if pin is not None and value.token == pin[1] else default

    def get(self, key, default=None, version=None):
        full = self._key(key, version)
        if full is None:
            return default
        if self.local is not None:
            value = self.local.get(full, _MISSING)
            if value is not _MISSING:
                return self._current(value, default)
        value = self.shared.get(full, _MISSING)
        if value is _MISSING:
            return default
        if self.local is not None:
            self.local.set(full, value, self._remaining(value))
        return self._current(value, default)

    def _remaining(self, value):
        """How long a copy made on a read may live: until the page's own ``Expires`` (so it
        is never served older than its ``max-age``), else the shared store's default."""
        if isinstance(value, Entry):
            value = value.value
        expires = value.get("Expires") if isinstance(value, HttpResponseBase) else None
        at = parse_http_date_safe(expires) if expires else None
        if at is None:
            return self.shared.default_timeout
        return max(0, at - int(time.time()))

    def _kept(self, value):
        """A page is kept with the token pinned for the request that rendered it."""
        pin = self._pin()
        if isinstance(value, HttpResponseBase) and pin is not None and pin[1] is not None:
            return Entry(pin[1], value)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        full = self._key(key, version)
        if full is None:
            return
        value = self._kept(value)
        self.shared.set(full, value, timeout)
        if self.local is not None:
            self.local.set(full, value, timeout)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        full = self._key(key, version)
        if full is None:
            return False
        value = self._kept(value)
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
        """Forget every page: the shared store (and with it the version and the
        generations, so every process moves to a new version on its next read) and this
        process's copy."""
        if self.local is not None:
            self.local.clear()
        self.shared.clear()
        if self.tracked is not None:
            self.tracked.forget()

    def close(self, **kwargs):
        self.shared.close(**kwargs)


_MISSING = object()


def _database_set_many(cache: DatabaseCache, mapping: dict) -> None:
    """``cache.set_many(mapping, timeout=None)`` in one statement: Django's database cache
    costs three queries per key (counting the whole table each time) — two seconds for the
    hundred tags of a large change at 100.000 documents (docs/PERFORMANCE.md). The rows are
    written as Django writes them (the key made by the cache, the value pickled and in
    base64, never expiring), in key order (two changes at once lock them in the same order)."""
    db = router.db_for_write(cache.cache_model_class)
    connection = connections[db]
    expires = connection.ops.adapt_datetimefield_value(datetime.max.replace(microsecond=0))
    rows = sorted(
        (cache.make_and_validate_key(key),
         base64.b64encode(pickle.dumps(value, cache.pickle_protocol)).decode("latin1"))
        for key, value in mapping.items())
    table = connection.ops.quote_name(cache._table)
    values = ", ".join(["(%s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (cache_key, value, expires) VALUES {values} "
            "ON CONFLICT (cache_key) DO UPDATE SET value = EXCLUDED.value, "
            "expires = EXCLUDED.expires",
            [part for key, value in rows for part in (key, value, expires)])
