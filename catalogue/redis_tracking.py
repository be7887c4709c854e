"""One Redis key's value, kept in this process until Redis says it changed.

Redis's server-assisted client-side caching (``CLIENT TRACKING``, Redis 6 and later): a
connection that turns tracking on and then reads a key is sent an *invalidation* message (a
RESP3 push) the moment any client changes, deletes or expires that key or flushes its
database. So a process can keep the value it read and re-read it only after such a message —
a check that costs a non-blocking ``poll`` of its own socket, not a round trip.

The page store (``documents/page_store.py``) keeps the **data version** this way when its
shared store is Redis: a page served again then costs no round trip at all, and a change made
by any process (which clears the store, and with it the version) is still seen by every worker
on its next request — Redis has written the invalidation to the worker's socket before the
writer's own request has even finished.

redis-py 8 has this built in (``cache_config``) but refuses servers older than 7.4; this
module needs only ``CLIENT TRACKING`` (these machines run Redis 7.0). It keeps one connection
of its own per process (made again after a ``fork``). Any error — the server restarted, the
connection dropped, so invalidations may have been lost — forgets the value and closes the
connection; a read then connects again and reads afresh (once), and raises as a plain read
would if the server cannot be reached.
"""

from __future__ import annotations

import contextlib
import os
import threading

import redis

_UNKNOWN = object()


class TrackedKey:
    """The value of *key* in the Redis database at *url* (a ``str``, or ``None`` when the key
    does not exist), read again only after Redis reports a change."""

    def __init__(self, url: str, key: str):
        self.url = url
        self.key = key
        self._lock = threading.Lock()
        self._client: redis.Redis | None = None
        self._pid: int | None = None
        self._value = _UNKNOWN

    def _connection(self) -> redis.Redis:
        if self._client is None or self._pid != os.getpid():
            self._value = _UNKNOWN
            client = redis.Redis.from_url(self.url, protocol=3, single_connection_client=True,
                                          decode_responses=True)
            # Tracking belongs to a connection: turn it on now and on every reconnection
            # (redis-py reconnects by itself on some errors), and forget the value then.
            client.connection.register_connect_callback(self._on_connect)
            self._on_connect(client.connection)
            self._client, self._pid = client, os.getpid()
        return self._client

    def _on_connect(self, connection) -> None:
        self._value = _UNKNOWN
        connection.send_command("CLIENT", "TRACKING", "ON")
        if connection.read_response() != "OK":
            raise redis.exceptions.ResponseError("CLIENT TRACKING was refused")

    def _drain(self, client: redis.Redis) -> None:
        """Reads every message waiting on the socket: with no command pending, each one is
        an invalidation (or the connection closing, which raises)."""
        connection = client.connection
        while connection.can_read(timeout=0):
            connection.read_response(push_request=True)
            self._value = _UNKNOWN

    def get(self) -> str | None:
        with self._lock:
            try:
                return self._read()
            except redis.exceptions.ConnectionError:
                self._reset()  # a dropped connection (a restarted server): once more, afresh
            try:
                return self._read()
            except Exception:
                self._reset()
                raise

    def _read(self) -> str | None:
        client = self._connection()
        self._drain(client)
        if self._value is _UNKNOWN:
            self._value = client.get(self.key)
        return self._value

    def add(self, value: str) -> bool:
        """Sets the key if it does not exist (``SET NX``); whether it was set."""
        with self._lock:
            try:
                client = self._connection()
                self._value = _UNKNOWN
                return bool(client.set(self.key, value, nx=True))
            except Exception:
                self._reset()
                raise

    def forget(self) -> None:
        """Read the key again next time (this process changed it)."""
        with self._lock:
            self._value = _UNKNOWN

    def _reset(self) -> None:
        self._value = _UNKNOWN
        client, self._client = self._client, None
        if client is not None:
            with contextlib.suppress(Exception):  # already broken
                client.close()
