"""Django's Redis cache backend, with one Redis client per connection pool instead of one per
operation.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` object for every cache
operation; building one registers some 170 response callbacks, which cost as much as the round
trip itself (measured with cProfile on the page cache's read: about half of each ``get``).
A ``redis.Redis`` object is safe to share between threads (it takes a connection from its
pool for each command), so the client is made once per pool and kept. Everything else is
Django's own. Used for every ``redis://`` cache URL (``catalogue/settings.py``).
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with :class:`RedisCacheClient`."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
