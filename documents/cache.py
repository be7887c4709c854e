"""Whole public pages from Django's cache framework; a change makes stale only the pages that
show it (or could show it), the rest of the site stays kept.

**Where pages are kept.** The ``pages`` cache alias (``CACHE_MIDDLEWARE_ALIAS``): a
:class:`documents.page_store.PageStore` over the shared store ``PAGE_CACHE_URL`` names. By
default that is Django's database cache (table ``catalogue_page_cache``, created by a
migration): every gunicorn worker and every management command on the same database share it,
so a change made anywhere — the admin, an import, a restore, the seed loader, a shell — is seen
by every worker on its next request. In production it is a Redis database of its own
(``redis://host:6379/2``): clearing the pages flushes that database, so it must hold nothing
else. Every key is namespaced by the **data version** (a token in the shared store, gone when
the pages are cleared), and each process keeps a copy of the pages it served last
(``PAGE_CACHE_LOCAL_ENTRIES``).

**Tags.** Each page has a few tags, from its address alone (``documents.page_tags``): a
document's page ``doc:<slug>`` and ``documents``, a place's ``place:<slug>`` and ``places``, a
body's ``body:<slug>`` and ``bodies``, every other page (home, lists, search, feeds, sitemap,
exports, API lists, graphs) ``lists``. Each tag has a **generation** (a random token in the
shared store). A page is kept with the generations of its tags as they were when its request
started, and served — from the shared store or from a process's copy — only while they are
still the current ones: one read of the version and the page's generations per request (one
query with the database cache, none with Redis until something changed: client tracking).

**Serving.** :class:`PageVersionMiddleware` reads the version and the generations once per
request, gives public pages an ETag made from them and the address (:func:`page_etag`; so a
page's ETag changes when its own tags are touched, not on every change) and answers a matching
``If-None-Match`` with 304 before any view runs. Django's ``UpdateCacheMiddleware`` and
``FetchFromCacheMiddleware`` (subclassed below only so that a cache that cannot be reached
serves pages uncached instead of failing) keep only GET/HEAD answers 200, under the full
address, the language and the request headers the answer varies on (``Vary: Accept`` on the
API schema, ``Accept-Language``, ``Cookie`` where a page reads the session), for
``PAGE_MAX_AGE`` seconds — which is also the ``max-age`` browsers and a CDN are given. The
admin's answers are ``private, no-store`` and never kept. :class:`ConditionalGetMiddleware`
(Django's, with the page's ETag) answers 304 to a matching ``If-None-Match`` after the
view for answers that have no such ETag — only for a 2xx answer, so ``If-None-Match: *``
never matches a page that does not exist.

**Invalidation.** The signals of every model of the ``documents`` app:

- a document's row (``pre_save``/``post_save``, ``pre_delete``; its topics and co-issuers,
  ``m2m_changed``) and a row of a document's own (:data:`OWNED`: a link, a target, a file, a
  text, a mention, a co-issuer, a status statement…) touch the tags of every page that shows
  the document before the change and after it (``documents.page_tags.change_tags``: ``lists``,
  the documents linked to it, their chains and trees, the places it applies to with the places
  above, its issuers' pages — or a whole kind when there are too many; about 22 queries, twice
  per save) — at once (:func:`tags_changed`) and once more, with every tag the transaction
  touched, when it commits;
- any other row (a place, a body, a term, a topic, a source, an event, a figure…: shown on
  pages that cannot be told apart) calls :func:`pages_changed`, which clears the alias at once
  and once more at commit, as every change did before.

A page rendered from data read before a change and stored after the change carries the
generations (or the version) read before it, and is never served. Bulk writes send no
signals: code that uses ``bulk_create``/``update``/COPY/``pg_restore`` calls
:func:`data_changed` itself when done (the importer, ``generate_demo_data``, ``restore``), which
clears everything and also forgets the document pages' kept parts (``documents.renderings``:
they are checked against ``updated_at``, which such writes may leave untouched). The catalogue's
version (``documents.catalogue_counts``) advances on every change either way.

Settings: ``PAGE_CACHE_URL`` (the shared store; ``dummycache://`` turns the page store off),
``PAGE_CACHE_LOCAL_ENTRIES`` (pages each process keeps a copy of; 0: none), ``PAGE_MAX_AGE``
(seconds a page is kept and may be kept by clients), ``RELEASE`` (in the ETag: set it on each
deploy).
"""

from __future__ import annotations

import hashlib
import logging

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)
from django.middleware import cache as django_cache
from django.middleware.http import ConditionalGetMiddleware as DjangoConditionalGetMiddleware
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_response_headers

from documents.catalogue_counts import advance_version
from documents.page_tags import LISTS, page_tags

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
    """Catalogue data changed on database *using* by a bulk write (no signals, ``updated_at``
    perhaps untouched): forget the document pages' kept parts (``documents.renderings``), and
    clear the pages as :func:`pages_changed` does."""
    from documents.renderings import forget_all

    forget_all(using)
    pages_changed(using)


def pages_changed(using: str = DEFAULT_DB_ALIAS) -> None:
    """Clear the pages now, and once more when the outermost transaction commits (once per
    transaction, however many rows changed). The catalogue's version
    (:mod:`documents.catalogue_counts`) advances at the same times, so counts kept between
    requests are never read past a change. The document pages' kept parts need nothing: they
    check what they show on every read (``documents.renderings``)."""
    clear_pages()
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:  # committed already
        committed(using)
        return
    advance_version(using)
    outermost = connection.atomic_blocks[0] if connection.atomic_blocks else None
    if outermost is not None and getattr(connection, "_catalogue_clear_block", None) is outermost:
        return
    connection._catalogue_clear_block = outermost
    transaction.on_commit(clear_pages, using=using, robust=True)
    transaction.on_commit(lambda: committed(using), using=using, robust=True)


def committed(using: str = DEFAULT_DB_ALIAS, tags=()) -> None:
    """A change of the catalogue, shown on the pages of *tags*, committed: its version
    advances (counts kept so far are out of date) and a job counts the busiest ones again and
    renders the kept parts of the document pages among *tags* (``documents.kept_refresh``)."""
    from documents.kept_refresh import schedule

    advance_version(using)
    schedule(using, tags)


# --- changes told apart: the pages that show them, by tag ------------------------------------


def _store_keeps_pages():
    """The ``pages`` store when it keeps pages by tag (a :class:`PageStore` over a store that
    keeps something), else None."""
    store = caches[pages_alias()]
    shared = getattr(store, "shared", None)
    if not hasattr(store, "bump") or shared is None or isinstance(shared, DummyCache):
        return None
    return store


def bump_tags(tags) -> None:
    """Every page of *tags* is rendered again on its next request, in every process."""
    store = _store_keeps_pages()
    if store is None or not tags:
        return
    try:
        store.bump(tags)
    except Exception:  # the cache is down: nothing is being served from it either
        logger.warning("could not touch the pages' tags", exc_info=True)


class _Pending:
    """The tags one transaction touched, bumped once more when it commits."""

    def __init__(self):
        self.tags: set[str] = set()
        self.seen: dict = {}  # references looked at → the tags they gave
        self.done = False

    def flush(self, using: str) -> None:
        if not self.done:
            self.done = True
            bump_tags(self.tags)
            committed(using, self.tags)


def _pending(using: str) -> _Pending | None:
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return None
    outermost = connection.atomic_blocks[0] if connection.atomic_blocks else None
    block, pending = getattr(connection, "_catalogue_pending_tags", (None, None))
    # A new transaction (the same Atomic object serves every call of a decorated function:
    # a transaction of its own has no commit callback yet — every bump registers one).
    if (pending is None or block is not outermost or pending.done
            or not connection.run_on_commit):
        pending = _Pending()
        connection._catalogue_pending_tags = (outermost, pending)
    return pending


def tags_changed(tags, using: str = DEFAULT_DB_ALIAS) -> None:
    """The pages of *tags* are stale: bump them now, and once more when the outermost
    transaction commits (with every other tag it touched); the catalogue's version advances
    at the same times, as with :func:`pages_changed`."""
    bump_tags(tags)
    pending = _pending(using)
    if pending is None:  # committed already
        committed(using, tags)
        return
    advance_version(using)
    pending.tags |= set(tags)
    # Registered each time (a no-op after the first runs): a savepoint rolled back drops the
    # callbacks registered inside it.
    transaction.on_commit(lambda: pending.flush(using), using=using, robust=True)


def _changed(using: str, docs=(), places=(), bodies=(), *, document_row: bool = False) -> None:
    """Rows referring to *docs*, *places* and *bodies* changed: touch every page showing
    them (``documents.page_tags.change_tags``, from the database's state now). Within one
    transaction the same references are looked at once, except a document's own row (its
    place, issuer, symbol or slug may be what changed): the same tags are touched again.
    (Rows of a document's own never move it, and what they name is in the key.)"""
    if _store_keeps_pages() is None:
        pages_changed(using)  # nothing kept by tag: the catalogue's version still advances
        return
    from documents.page_tags import change_tags

    key = (frozenset(docs), frozenset(places), frozenset(bodies))
    pending = _pending(using)
    tags = None if pending is None or document_row else pending.seen.get(key)
    if tags is None:
        try:
            with transaction.atomic(using=using):  # an error must not undo the change
                tags = change_tags(docs, places, bodies, using=using)
        except Exception:
            logger.exception("could not tell the pages a change shows on: clearing them all")
            pages_changed(using)
            return
        if pending is not None:
            pending.seen[key] = tags
    tags_changed(tags, using)


def _is_document(model) -> bool:
    return model._meta.label_lower == "documents.document"


#: Rows that belong to one document (or two: a link): a change to one is a change to its
#: documents, and to the places and bodies it names (a target's place, a co-issuer).
OWNED = ("documents.documentcoissuer", "documents.documentfile", "documents.documentlink",
         "documents.textlinkproposal", "documents.sourcemention", "documents.target",
         "documents.documenttext", "documents.provision", "documents.statusstatement",
         "documents.extractionjob")


def _references(model, values: dict, using: str = DEFAULT_DB_ALIAS) -> tuple[set, set, set]:
    """(documents, places, bodies) a row of *model* with field *values* refers to."""
    docs, places, bodies = set(), set(), set()
    texts = set()
    for field in model._meta.concrete_fields:
        if not field.many_to_one or values.get(field.attname) is None:
            continue
        label = field.related_model._meta.label_lower
        target = {"documents.document": docs, "documents.locality": places,
                  "documents.issuingbody": bodies, "documents.documenttext": texts}.get(label)
        if target is not None:
            target.add(values[field.attname])
    if texts:
        from documents.models import DocumentText
        docs |= set(DocumentText.objects.using(using).filter(pk__in=texts)
                    .values_list("document_id", flat=True))
    return docs, places, bodies


def _row_values(instance) -> dict:
    return {field.attname: getattr(instance, field.attname, None)
            for field in instance._meta.concrete_fields}


def _on_pre_save(sender, instance, raw=False, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Before a row of a document (or of its own) is saved: the pages that show its state
    until now."""
    if instance.pk is None or _store_keeps_pages() is None:
        return
    if _is_document(sender):
        _changed(using, [instance.pk], document_row=True)
    elif sender._meta.label_lower in OWNED:
        fields = [field.attname for field in sender._meta.concrete_fields]
        old = sender._default_manager.using(using).filter(pk=instance.pk).values(*fields).first()
        if old is not None:
            _changed(using, *_references(sender, old, using))


def _on_pre_delete(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    if _is_document(sender) and _store_keeps_pages() is not None:
        _changed(using, [instance.pk], document_row=True)


def _on_save_or_delete(sender, instance=None, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    label = sender._meta.label_lower
    if _is_document(sender):
        if kwargs.get("signal") is post_delete:
            tags_changed({LISTS}, using)  # what showed it: touched before it went
        else:
            _changed(using, [instance.pk], document_row=True)
    elif label in OWNED and instance is not None:
        _changed(using, *_references(sender, _row_values(instance), using))
    else:  # a place, a body, a topic, a source…: shown on pages that cannot be told apart
        pages_changed(using)


def _on_m2m(sender, instance, action, model=None, pk_set=None, using=DEFAULT_DB_ALIAS,
            **kwargs) -> None:
    if action not in ("pre_add", "pre_remove", "pre_clear", "post_add", "post_remove",
                      "post_clear"):
        return
    if _is_document(type(instance)):
        docs, others = [instance.pk], pk_set or ()
        other_label = model._meta.label_lower
    elif model is not None and _is_document(model) and pk_set is not None:
        docs, others = list(pk_set), [instance.pk]
        other_label = type(instance)._meta.label_lower
    else:
        if action.startswith("post_"):
            pages_changed(using)
        return
    bodies = others if other_label == "documents.issuingbody" else ()
    places = others if other_label == "documents.locality" else ()
    if other_label not in ("documents.issuingbody", "documents.locality", "documents.topic"):
        if action.startswith("post_"):
            pages_changed(using)  # an event's or a source's documents: shown elsewhere too
        return
    if action.startswith("pre_") and _store_keeps_pages() is None:
        return
    _changed(using, docs, places, bodies, document_row=True)


def catalogue_models():
    """Every model of the documents app except django-simple-history's own tables."""
    return [
        model
        for model in apps.get_app_config("documents").get_models()
        if not hasattr(model, "instance_type")  # HistoricalX models
    ]


def connect_signals() -> None:
    """Touch the pages on any change to catalogue data (called from ``ready``).

    Receivers are registered per model (not for every sender) so that deleting, say,
    sessions keeps Django's fast path."""
    for model in catalogue_models():
        uid = f"catalogue-cache-{model._meta.label_lower}"
        pre_save.connect(_on_pre_save, sender=model, dispatch_uid=uid + "-pre-save")
        pre_delete.connect(_on_pre_delete, sender=model, dispatch_uid=uid + "-pre-delete")
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
        if not response.streaming:
            # One piece, kept and sent: a feed is written element by element (some 1.600
            # pieces for 50 entries), and a WSGI server sends each piece of an answer with a
            # system call of its own — which made the feed, cached or not, several times
            # slower to serve than pages twice its size (docs/PERFORMANCE.md).
            response.content = response.content
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


# --- the data version: one read per request, ETag and 304 without running the view -----------


def page_etag(request, token: str) -> str:
    """The ETag of a public page, known before its view runs: a hash of the token its
    data was read under (the data version and the generations of the page's tags:
    ``documents.page_store``), the release (``RELEASE``: code), today's date (statuses and
    deadlines are read against it), the full address and the request headers an answer may
    vary on."""
    meta = request.META
    parts = (token, settings.RELEASE, timezone.localdate().isoformat(),
             request.scheme, meta.get("HTTP_HOST", ""), request.get_full_path(),
             meta.get("HTTP_ACCEPT", ""),
             meta.get("HTTP_ACCEPT_LANGUAGE", ""), meta.get("HTTP_COOKIE", ""))
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f'"{digest}"'


def _is_public_read(request) -> bool:
    return request.method in ("GET", "HEAD") and not request.path_info.startswith(
        "/" + settings.ADMIN_URL)


class PageVersionMiddleware:
    """Reads the data version and the generations of the page's tags
    (``documents.page_tags.page_tags``, from the address) once per request — the ``pages``
    store's ``pinned``, ``documents.page_store`` — and keeps them for the cache middleware
    inside; gives public pages an ETag made from them (:func:`page_etag`: it changes when the
    page's own tags are touched, not on every change) and answers a matching
    ``If-None-Match`` with 304 before anything else runs — Django's
    ``get_conditional_response``, as its ``etag`` decorator does. ``If-None-Match: *`` is left
    to :class:`ConditionalGetMiddleware`, after the view: only a page that exists matches it.
    Placed just before ``UpdateCacheMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        store = caches[pages_alias()]
        pinned = getattr(store, "pinned", None)
        if pinned is None or not _is_public_read(request):
            return self.get_response(request)
        try:
            context = pinned(page_tags(request.path_info))
            token = context.__enter__()
        except Exception:
            logger.warning("page cache unavailable; serving uncached", exc_info=True)
            return self.get_response(request)
        try:
            if token is not None:
                request._page_etag = page_etag(request, token)
                asked = request.META.get("HTTP_IF_NONE_MATCH", "")
                if asked and asked.strip() != "*" and "HTTP_IF_MATCH" not in request.META:
                    answer = get_conditional_response(request, etag=request._page_etag)
                    if answer is not None:  # what the 200 would say of itself, as Django's
                        answer["ETag"] = request._page_etag  # etag decorator does
                        patch_response_headers(answer, settings.CACHE_MIDDLEWARE_SECONDS)
                        return answer
            return self.get_response(request)
        finally:
            context.__exit__(None, None, None)


class ConditionalGetMiddleware(DjangoConditionalGetMiddleware):
    """Django's, with the data-version ETag (:class:`PageVersionMiddleware`) on every public
    page that may be kept (200, not private or ``no-store``/``no-cache``); other answers get
    Django's ETag from their content."""

    def process_response(self, request, response):
        etag = getattr(request, "_page_etag", None)
        if (etag and response.status_code == 200 and not response.streaming
                and not response.has_header("ETag")):
            cache_control = response.get("Cache-Control", "").lower()
            if not any(word in cache_control for word in ("private", "no-store", "no-cache")):
                response["ETag"] = etag
        return super().process_response(request, response)
