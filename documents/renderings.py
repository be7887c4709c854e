"""The document page's heavy parts, rendered once per change of what they show.

The document page (``views.detail.document_detail``) shows the picture of its direct links
(Graphviz, with its text equivalent) and the chain upward and the tree downward across levels
(two recursive walks). Together they were most of a cold page's time (docs/PERFORMANCE.md,
issue 17), and they change only when the document, a document they show, the place of one of
those, or a link touching one of those changes. So they are rendered as one piece of HTML
(``partials/doc_link_parts.html``) and kept in the table ``catalogue_document_rendering``
(migration ``0024_document_renderings``; derived data, like the page cache's table: never exported,
backed up or imported), one row per document and language, with

- ``doc_ids``: the documents the piece shows (the document itself, its direct neighbours, the
  chain's and the tree's), ``up_ids`` and ``down_ids`` those of the chain and of the tree;
- ``fingerprint``: :data:`FINGERPRINT_SQL` over those documents as they were when the piece
  was rendered — each document's id and ``updated_at``, its place's and its issuer's whole
  rows (a document without a title is named by its issuer), and the whole
  rows of every link of the document, of the links (of the kinds the walks follow) going up
  from the chain's documents and coming down to the tree's — prefixed by the code's version
  (:func:`variant`: ``RELEASE``, :data:`FORMAT`, a digest of the templates, translations and
  code the piece is built from, whether Graphviz is installed).

**Reading** (:func:`stored`) is one indexed query that returns the piece only when the
fingerprint computed now, over the same documents, is still the one kept. A neighbour renamed
in the admin, a link added to a document of the tree, a place renamed: the fingerprint differs,
and the page renders the piece again on that very request, in every worker — nothing is kept
in a process and nothing needs to be told.

**Rendering** (when missing or stale) happens inside one ``REPEATABLE READ`` snapshot
(:func:`snapshot`): the page's data, the walks and the fingerprint are read from the same state
of the database, so a change committed meanwhile can never be kept under a fingerprint that
already includes it. The row is written after the snapshot ends (``INSERT … ON CONFLICT``, one
query, no signals: it is not catalogue data and must not clear the page cache).

Bulk writes that bypass ``updated_at`` (``.update()``, COPY, restore) call
``documents.cache.data_changed``, which forgets every kept piece (:func:`forget_all`).
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import logging
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, connections, router, transaction
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from documents import graph, graphdraw
from documents.domain.vocabulary import HIERARCHY_LINK_KINDS
from documents.language import active_language
from documents.streaming import rows_by_id

logger = logging.getLogger(__name__)

TABLE = "catalogue_document_rendering"
TEMPLATE = "partials/doc_link_parts.html"
#: Bump when the piece's template or what it is built from changes shape without a new RELEASE.
FORMAT = 1
#: What the piece is built from, hashed by :func:`code_version`: a change to any of these files
#: (a template, a translation, the code drawing and walking the links) makes every kept piece
#: stale, with or without a new ``RELEASE``.
CODE_GLOBS = ("templates/**/*.html", "locale/**/*.mo", "documents/**/*.py")

#: What the kept piece depends on: one md5 over each shown document's id and ``updated_at``
#: with its place's and its issuer's rows (``{ids}``), then over the rows of the links the
#: piece was built from or would be built from now — every link of the page's document
#: ``{doc}`` (the picture), the links of the kinds the walks follow going up from a document
#: of the chain (``{up}``) and coming down to one of the tree (``{down}``). A document high
#: in the chain (a central decree carried out by thousands) thus costs its few outgoing
#: links, not its thousands incoming.
FINGERPRINT_SQL = """md5(
  coalesce((SELECT string_agg(fd.id || '@' || fd.updated_at::text || '@'
                              || coalesce(md5(fl::text), '') || '@'
                              || coalesce(md5(fb::text), ''), ',' ORDER BY fd.id)
            FROM documents_document fd
            LEFT JOIN documents_locality fl ON fl.id = fd.locality_id
            LEFT JOIN documents_issuingbody fb ON fb.id = fd.issuing_body_id
            WHERE fd.id = ANY({ids})), '')
  || '|' ||
  coalesce((SELECT string_agg(md5(fk::text), ',' ORDER BY fk.id)
            FROM documents_documentlink fk
            WHERE fk.from_document_id = {doc} OR fk.to_document_id = {doc}
               OR (fk.from_document_id = ANY({up}) AND fk.kind = ANY({kinds}))
               OR (fk.to_document_id = ANY({down}) AND fk.kind = ANY({kinds}))), ''))"""


@functools.cache
def code_version() -> str:
    """A digest of the files the piece is built from (:data:`CODE_GLOBS`), read once per
    process: code deployed or edited without a new ``RELEASE`` never serves an old piece."""
    digest = hashlib.md5(usedforsecurity=False)
    root = Path(settings.BASE_DIR)
    for pattern in CODE_GLOBS:
        for path in sorted(root.glob(pattern)):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def variant() -> str:
    """The code's part of the fingerprint: a piece rendered by other code (another release,
    another format, other templates or code, with or without Graphviz) is never served."""
    return (f"{getattr(settings, 'RELEASE', '')}:{FORMAT}:{code_version()}:"
            f"{int(graphdraw.available())}:")


def _language() -> str:
    return active_language()


def stored(slug: str) -> SafeString | None:
    """The kept piece of the document *slug* in the active language if it is still current,
    else None (one query)."""
    sql = f"""
        SELECT r.html, r.fingerprint = %(variant)s || {FINGERPRINT_SQL.format(
            ids="r.doc_ids", up="r.up_ids", down="r.down_ids", doc="r.document_id",
            kinds="%(kinds)s")}
        FROM {TABLE} r JOIN documents_document d ON d.id = r.document_id
        WHERE d.slug = %(slug)s AND r.language = %(language)s"""
    with connections[read_alias()].cursor() as cursor:
        cursor.execute(sql, {"variant": variant(), "kinds": list(HIERARCHY_LINK_KINDS),
                             "slug": slug, "language": _language()})
        row = cursor.fetchone()
    if row is None or not row[1]:
        return None
    return mark_safe(row[0])


#: The rows rendered during the current snapshot, written when it ends.
_pending: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "catalogue_renderings_pending", default=None)


def read_alias() -> str:
    """Where the page reads the catalogue from: the replica for a public page when one is
    configured (``documents.routers``), else ``default``. The kept pieces are read, and their
    fingerprints computed, on the same database as the data they show."""
    from documents.models import Document

    return router.db_for_read(Document)


@contextmanager
def snapshot():
    """Read everything inside from one state of the database the page reads
    (``REPEATABLE READ`` on :func:`read_alias`: the replica's own snapshot when the page reads
    from a replica) and keep the pieces rendered meanwhile once it ends — on ``default``, the
    one database written to. Inside a transaction already (tests, a caller's ``atomic``) that
    transaction's own view is used as it is."""
    pending: list = []
    token = _pending.set(pending)
    alias = read_alias()
    reading = connections[alias]
    try:
        if reading.in_atomic_block:
            yield
        else:
            with transaction.atomic(using=alias):
                with reading.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                yield
    finally:
        _pending.reset(token)
    _write(pending)


def _write(rows: list) -> None:
    for row in rows:
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"""
                    INSERT INTO {TABLE} (document_id, language, doc_ids, up_ids, down_ids,
                                         fingerprint, html, rendered_at)
                    VALUES (%s, %s, %s, %s, %s, %s, %s, now())
                    ON CONFLICT (document_id, language) DO UPDATE SET
                      doc_ids = EXCLUDED.doc_ids, up_ids = EXCLUDED.up_ids,
                      down_ids = EXCLUDED.down_ids, fingerprint = EXCLUDED.fingerprint,
                      html = EXCLUDED.html, rendered_at = EXCLUDED.rendered_at""", row)
        except DatabaseError:  # a read-only database: served, not kept
            logger.warning("could not keep a document rendering", exc_info=True)


def render(request, doc, links) -> SafeString:
    """Render the piece of *doc* (its links loaded: ``document_links``), and keep it when the
    current :func:`snapshot` ends (two recursive walks, the drawing, one query for the
    fingerprint)."""
    from documents.views.graph import page_figure

    context = {
        "doc": doc,
        "chain": graph.chain_up(doc, max_depth=graph.DEFAULT_MAX_DEPTH),
        "tree": graph.tree_down(doc, max_depth=graph.DEFAULT_MAX_DEPTH),
        # The picture of its direct links, from the links loaded by the page (no query).
        "link_graph": page_figure(doc, links.outgoing, links.incoming, cut=links.cut),
    }
    html = render_to_string(TEMPLATE, context, request=request)
    pending = _pending.get()
    if pending is not None:
        up = sorted(d.pk for d in context["chain"].documents())
        down = sorted(d.pk for d in context["tree"].documents())
        ids = sorted({doc.pk, *context["link_graph"]["graph"].nodes, *up, *down})
        with connections[read_alias()].cursor() as cursor:
            cursor.execute(
                "SELECT %(variant)s || " + FINGERPRINT_SQL.format(
                    ids="%(ids)s", up="%(up)s", down="%(down)s", doc="%(doc)s",
                    kinds="%(kinds)s"),
                {"variant": variant(), "ids": ids, "up": up, "down": down, "doc": doc.pk,
                 "kinds": list(HIERARCHY_LINK_KINDS)})
            fingerprint = cursor.fetchone()[0]
        pending.append([doc.pk, _language(), ids, up, down, fingerprint, html])
    return mark_safe(html)


def keep(documents, languages=None) -> int:
    """Render and keep the piece of each of *documents* (a queryset) in each of *languages*
    (every language of the site by default) whose kept piece is missing or stale, as its page
    would on its next request; how many were rendered. For after an import or a restore, so
    that no reader pays for the first request (``manage.py keep_document_parts``)."""
    from django.utils import translation

    from documents.document_links import document_links
    from documents.models import Document

    languages = languages or [code for code, _name in settings.LANGUAGES]
    rendered = 0
    for (slug,) in rows_by_id(documents, "slug"):  # in bounded memory (documents.streaming)
        for language in languages:
            with translation.override(language):
                if stored(slug) is not None:
                    continue
                with snapshot():
                    doc = (Document.objects.select_related("issuing_body", "locality")
                           .filter(slug=slug).first())
                    if doc is None:  # deleted meanwhile
                        continue
                    render(None, doc, document_links(doc))
                rendered += 1
    return rendered


def forget_all(using: str = "default") -> None:
    """Forget every kept piece (after a bulk write that bypassed ``updated_at``)."""
    from django.db import connections

    conn = connections[using]
    try:
        with transaction.atomic(using=using), conn.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")
    except DatabaseError:  # not migrated yet
        logger.debug("no document renderings to forget", exc_info=True)
