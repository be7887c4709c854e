"""Whole public pages from Django's cache framework, cleared whenever catalogue data changes.

**Where pages are kept.** The ``pages`` cache alias (``CACHE_MIDDLEWARE_ALIAS``), configured by
``PAGE_CACHE_URL``. By default it is Django's database cache (table ``catalogue_page_cache``,
created by a migration): every gunicorn worker and every management command on the same
database share it, so a change made anywhere — the admin, an import, a restore, the seed
loader, a shell — is seen by every worker on its next request. In production it is a Redis
database of its own (``redis://host:6379/2``): clearing the pages flushes that database, so it
must hold nothing else.

**Serving** is Django's ``UpdateCacheMiddleware`` and ``FetchFromCacheMiddleware`` (subclassed
below only so that a cache that cannot be reached serves pages uncached instead of failing):
only GET/HEAD answers 200 are kept, under the full address, the language and the request
headers the answer varies on (``Vary: Accept`` on the API schema, ``Accept-Language``,
``Cookie`` where a page reads the session), for ``PAGE_MAX_AGE`` seconds — which is also the
``max-age`` browsers and a CDN are given. The admin's answers are ``private, no-store`` and
never kept. ``ConditionalGetMiddleware`` gives every answer an ETag from its content and
answers 304 to a matching ``If-None-Match`` — only for a 2xx answer, so ``If-None-Match: *``
never matches a page that does not exist.

**Invalidation.** ``post_save``, ``post_delete`` and ``m2m_changed`` of every model of the
``documents`` app call :func:`data_changed`, which clears the alias at once and once more when
the surrounding transaction commits (a page cached by another request between the write and
the commit, with the old data, is not kept). Bulk writes send no signals: code that uses
``bulk_create``/``update``/COPY/``pg_restore`` calls :func:`data_changed` itself when done (the
importer, ``generate_demo_data``, ``restore``).

Settings: ``PAGE_CACHE_URL`` (the alias's backend; ``dummycache://`` turns the page store off),
``PAGE_MAX_AGE`` (seconds a page is kept and may be kept by clients).
"""

from __future__ import annotations

import logging

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware import cache as django_cache

logger = logging.getLogger(__name__)


def pages_alias() -> str:
    """The cache alias that holds pages (``CACHE_MIDDLEWARE_ALIAS``)."""
    return settings.CACHE_MIDDLEWARE_ALIAS


def clear_pages() -> None:
    """Forget every stored page (every worker's: the alias is shared)."""
    try:
        caches[pages_alias()].clear()
    except Exception:  # the cache is down: nothing is being served from it either
        logger.warning("could not clear the page cache", exc_info=True)


def data_changed(using: str = DEFAULT_DB_ALIAS) -> None:
    """Catalogue data changed on database *using*: clear the pages now, and once more when
    the outermost transaction commits (once per transaction, however many rows changed)."""
    clear_pages()
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return
    outermost = connection.atomic_blocks[0] if connection.atomic_blocks else None
    if outermost is not None and getattr(connection, "_catalogue_clear_block", None) is outermost:
        return
    connection._catalogue_clear_block = outermost
    transaction.on_commit(clear_pages, using=using, robust=True)


def _on_save_or_delete(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    data_changed(using)


def _on_m2m(sender, action, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
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
    """Clear the pages on any change to catalogue data (called from ``ready``).

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


# --- Django's cache middleware, tolerant of a cache that is down ----------------------------


class UpdateCacheMiddleware(django_cache.UpdateCacheMiddleware):
    """Keeps answers in the ``pages`` alias; an unreachable cache is logged, not fatal."""

    def process_response(self, request, response):
        try:
            return super().process_response(request, response)
        except Exception:
            logger.warning("page cache write failed", exc_info=True)
            return response


class FetchFromCacheMiddleware(django_cache.FetchFromCacheMiddleware):
    """Answers from the ``pages`` alias; an unreachable cache serves the page uncached."""

    def process_request(self, request):
        try:
            return super().process_request(request)
        except Exception:
            logger.warning("page cache unavailable; serving uncached", exc_info=True)
            request._cache_update_cache = False
            return None
