"""Redis keys' values, kept in this process until Redis says they changed.

Redis's server-assisted client-side caching (``CLIENT TRACKING``, Redis 6 and later): a
connection that turns tracking on and then reads a key is sent an *invalidation* message (a
RESP3 push naming the keys, or none for a flush) the moment any client changes, deletes or
expires that key or flushes its database. So a process can keep the values it read and re-read
a key only after such a message — a check that costs a non-blocking ``poll`` of its own
socket, not a round trip.

The page store (``documents/page_store.py``) keeps the **data version** and the **tags'
generations** this way when its shared store is Redis: a page served again then costs no round
trip at all, and a change made by any process (which bumps a tag's generation, or clears the
store and with it the version) is still seen by every worker on its next request — Redis has
written the invalidation to the worker's socket before the writer's own request has even
finished.

redis-py 8 has this built in (``cache_config``) but refuses servers older than 7.4; this
module needs only ``CLIENT TRACKING`` (these machines run Redis 7.0). It keeps one connection
of its own per process (made again after a ``fork``). Any error — the server restarted, the
connection dropped, so invalidations may have been lost — forgets every value and closes the
connection; a read then connects again and reads afresh (once), and raises as a plain read
would if the server cannot be reached. A message this module cannot read key by key forgets
every value (always safe).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterable, Mapping

import redis


class TrackedKeys:
    """The values of keys of the Redis database at *url* (``str``, or ``None`` for a key that
    does not exist), each read again only after Redis reports it changed."""

    def __init__(self, url: str):
        self.url = url
        self._lock = threading.Lock()
        self._client: redis.Redis | None = None
        self._pid: int | None = None
        self._values: dict[str, str | None] = {}

    def _connection(self) -> redis.Redis:
        if self._client is None or self._pid != os.getpid():
            self._values = {}
            client = redis.Redis.from_url(self.url, protocol=3, single_connection_client=True,
                                          decode_responses=True)
            # Tracking belongs to a connection: turn it on now and on every reconnection
            # (redis-py reconnects by itself on some errors), and forget the values then.
            client.connection.register_connect_callback(self._on_connect)
            self._on_connect(client.connection)
            self._client, self._pid = client, os.getpid()
        return self._client

    def _on_connect(self, connection) -> None:
        self._values = {}
        parser = getattr(connection, "_parser", None)
        if hasattr(parser, "set_invalidation_push_handler"):
            parser.set_invalidation_push_handler(self._invalidated)
        connection.send_command("CLIENT", "TRACKING", "ON")
        if connection.read_response() != "OK":
            raise redis.exceptions.ResponseError("CLIENT TRACKING was refused")

    def _invalidated(self, message) -> None:
        """``["invalidate", [key, …]]``; ``["invalidate", None]`` after a flush."""
        keys = message[1] if isinstance(message, list | tuple) and len(message) > 1 else None
        if keys is None:
            self._values = {}
            return
        for key in keys:
            self._values.pop(key.decode() if isinstance(key, bytes) else key, None)

    def _drain(self, client: redis.Redis) -> None:
        """Reads every message waiting on the socket: with no command pending, each one is
        an invalidation (or the connection closing, which raises)."""
        connection = client.connection
        while connection.can_read(timeout=0):
            message = connection.read_response(push_request=True)
            if message is not None:  # not handled key by key: forget everything
                self._values = {}

    def get_many(self, keys: Iterable[str]) -> dict[str, str | None]:
        keys = list(keys)
        with self._lock:
            try:
                return self._read(keys)
            except redis.exceptions.ConnectionError:
                self._reset()  # a dropped connection (a restarted server): once more, afresh
            try:
                return self._read(keys)
            except Exception:
                self._reset()
                raise

    def _read(self, keys: list[str]) -> dict[str, str | None]:
        client = self._connection()
        self._drain(client)
        unknown = [key for key in keys if key not in self._values]
        if unknown:
            self._values.update(zip(unknown, client.mget(unknown), strict=True))
        return {key: self._values.get(key) for key in keys}

    def add(self, key: str, value: str) -> bool:
        """Sets *key* if it does not exist (``SET NX``); whether it was set."""
        return self._write(lambda client: bool(client.set(key, value, nx=True)), [key])

    def set_many(self, mapping: Mapping[str, str]) -> None:
        """Sets every key of *mapping* (``MSET``)."""
        if mapping:
            self._write(lambda client: client.mset(dict(mapping)), list(mapping))

    def _write(self, command, keys: list[str]):
        with self._lock:
            try:
                client = self._connection()
                for key in keys:
                    self._values.pop(key, None)
                return command(client)
            except Exception:
                self._reset()
                raise

    def forget(self) -> None:
        """Read every key again next time (this process flushed the database)."""
        with self._lock:
            self._values = {}

    def _reset(self) -> None:
        self._values = {}
        client, self._client = self._client, None
        if client is not None:
            with contextlib.suppress(Exception):  # already broken
                client.close()


class TrackedKey:
    """One key of :class:`TrackedKeys`: its value (``None`` when it does not exist), read
    again only after Redis reports a change."""

    def __init__(self, url: str, key: str, keys: TrackedKeys | None = None):
        self.keys = keys or TrackedKeys(url)
        self.key = key

    @property
    def _client(self) -> redis.Redis | None:
        return self.keys._client

    def get(self) -> str | None:
        return self.keys.get_many([self.key])[self.key]

    def add(self, value: str) -> bool:
        """Sets the key if it does not exist (``SET NX``); whether it was set."""
        return self.keys.add(self.key, value)

    def forget(self) -> None:
        """Read the key (and every other) again next time (this process changed it)."""
        self.keys.forget()
