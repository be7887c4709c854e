"""Read replicas: reads go to the ``replica`` database alias when one is configured
(``DATABASE_REPLICA_URL``), writes always to ``default``.

Reads stay on ``default`` when a replica would give a wrong answer:

- inside a transaction on ``default`` (it must see its own uncommitted writes);
- for the rest of a request (or management command) after it has written anything
  ("read your writes": the replica may lag a little);
- during admin requests and any request that is not GET/HEAD/OPTIONS
  (:class:`PrimaryForWritersMiddleware` pins them; the admin must show what was just saved).

Only ``default`` is migrated; the replica receives the schema through replication.
Several replicas behind one address (a connection pooler or a load balancer such as
PgBouncer / HAProxy) look like one alias here.
"""

from __future__ import annotations

import contextvars

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA_DB_ALIAS = "replica"
#: Django's database cache (the page cache by default) reads and writes on ``default`` only,
#: and storing a page does not pin the request.
CACHE_APP_LABEL = "django_cache"

_pinned: contextvars.ContextVar[bool] = contextvars.ContextVar("primary_pinned", default=False)


def pin_to_primary() -> None:
    """Send every read of the current request (or command) to ``default``."""
    _pinned.set(True)


def unpin() -> None:
    _pinned.set(False)


def replica_configured() -> bool:
    return REPLICA_DB_ALIAS in connections.settings


class ReplicaRouter:
    """``DATABASE_ROUTERS = ["documents.routers.ReplicaRouter"]``."""

    def db_for_read(self, model, **hints):
        if model._meta.app_label == CACHE_APP_LABEL:
            return DEFAULT_DB_ALIAS  # the page cache: what every worker just stored or cleared
        if not replica_configured() or _pinned.get():
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA_DB_ALIAS

    def db_for_write(self, model, **hints):
        if replica_configured() and model._meta.app_label != CACHE_APP_LABEL:
            pin_to_primary()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        aliases = {DEFAULT_DB_ALIAS, REPLICA_DB_ALIAS}
        if obj1._state.db in aliases and obj2._state.db in aliases:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class PrimaryForWritersMiddleware:
    """Start each request unpinned; pin the admin and unsafe methods to the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _pinned.set(False)
        try:
            admin = "/" + getattr(settings, "ADMIN_URL", "admin/").strip("/") + "/"
            if request.method not in ("GET", "HEAD", "OPTIONS") or request.path.startswith(
                admin
            ):
                pin_to_primary()
            return self.get_response(request)
        finally:
            _pinned.reset(token)
