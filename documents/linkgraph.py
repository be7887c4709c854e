"""Walking the links between documents in the database: one recursive query per
direction, safe against cycles and bounded in depth.

``reachable_links(doc_id, "up")`` follows links *from* the document (to what it
rests on: căn cứ, triển khai, tiếp tục thực hiện…); ``"down"`` follows links *to*
it (everything that carries it out); ``"both"`` follows every link whichever way it
points, so that depth 2 also reaches a document's siblings (what else implements the
plan it implements) and each further step widens the picture — the graph page's
:func:`neighbourhood`. The recursive CTE uses ``UNION`` (not
``UNION ALL``) over ``(link, document, depth)`` rows, so a cycle can add each link
at most once per depth level and the walk stops at ``max_depth``: at most
``links × max_depth`` rows whatever the shape of the graph.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connections, router

from documents.domain.vocabulary import HIERARCHY_LINK_KINDS
from documents.models import DocumentLink

MAX_DEPTH = 8
#: A neighbourhood graph (a document's graph page and downloads) walks at most this many
#: rows (links, both ways); the graph is then marked ``truncated``.
NEIGHBOURHOOD_LINKS = 400

_SQL = """
WITH RECURSIVE walk(link_id, doc_id, depth) AS (
    SELECT l.id, l.{next_col}, 1
    FROM documents_documentlink l
    WHERE l.{start_col} = %s AND l.kind IN ({kinds})
  UNION
    SELECT l.id, l.{next_col}, w.depth + 1
    FROM documents_documentlink l
    JOIN walk w ON l.{start_col} = w.doc_id
    WHERE w.depth < %s AND l.kind IN ({kinds})
)
SELECT link_id, depth FROM walk{limit}
"""

# Both ways: the next document is the link's other end; the link just walked is not walked
# straight back (it would only return to the document it came from).
_SQL_BOTH = """
WITH RECURSIVE walk(link_id, doc_id, depth) AS (
    SELECT l.id,
           CASE WHEN l.from_document_id = %s THEN l.to_document_id ELSE l.from_document_id END,
           1
    FROM documents_documentlink l
    WHERE (l.from_document_id = %s OR l.to_document_id = %s) AND l.kind IN ({kinds})
  UNION
    SELECT l.id,
           CASE WHEN l.from_document_id = w.doc_id THEN l.to_document_id
                ELSE l.from_document_id END,
           w.depth + 1
    FROM documents_documentlink l
    JOIN walk w ON (l.from_document_id = w.doc_id OR l.to_document_id = w.doc_id)
                   AND l.id <> w.link_id
    WHERE w.depth < %s AND l.kind IN ({kinds})
)
SELECT link_id, depth FROM walk{limit}
"""


@dataclass(frozen=True)
class Step:
    """A link reached by the walk, at its shortest depth from the start."""

    link: DocumentLink
    depth: int


class Steps(list):
    """The steps of a walk (a list), and whether the walk was cut by its row limit.

    ``limit_reached`` is what to test for truncation, not ``len(steps) == limit``: the
    limit counts the walk's rows, and with a cycle or a diamond one link comes back at
    several depths, so the limit can be reached with fewer distinct links."""

    limit_reached: bool = False


def reachable_links(
    document_id: int,
    direction: str,
    max_depth: int = MAX_DEPTH,
    kinds: Iterable[str] = HIERARCHY_LINK_KINDS,
    limit: int | None = None,
) -> Steps:
    """Every link reachable from *document_id* going ``"up"``, ``"down"`` or ``"both"``
    (whichever way each link points), with the
    documents at both ends loaded (two queries in all).

    With *limit*, the walk stops after that many rows (the database evaluates the recursive
    query lazily, level by level, so the shallowest links come first): a decree that
    thousands of documents cite as their basis costs no more than a plain one. The result's
    ``limit_reached`` then says whether the walk may have stopped short."""
    if direction not in ("up", "down", "both"):
        raise ValueError("direction must be 'up', 'down' or 'both'")
    kinds = list(kinds)
    if not kinds or max_depth < 1:
        return Steps()
    placeholders = ", ".join(["%s"] * len(kinds))
    limit_sql = " LIMIT %s" if limit else ""
    if direction == "both":
        sql = _SQL_BOTH.format(kinds=placeholders, limit=limit_sql)
        params = [document_id, document_id, document_id, *kinds, max_depth, *kinds]
    else:
        start_col, next_col = (
            ("from_document_id", "to_document_id")
            if direction == "up"
            else ("to_document_id", "from_document_id")
        )
        sql = _SQL.format(start_col=start_col, next_col=next_col, kinds=placeholders,
                          limit=limit_sql)
        params = [document_id, *kinds, max_depth, *kinds]
    params += [limit] if limit else []
    depths: dict[int, int] = {}
    # Raw SQL: ask the router where reads go (a read replica when one is configured).
    with connections[router.db_for_read(DocumentLink)].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for link_id, depth in rows:
        if link_id not in depths or depth < depths[link_id]:
            depths[link_id] = depth
    result = Steps()
    # Rows, not distinct links: a link met again at another depth (a cycle, a diamond)
    # takes a row of the limit too.
    result.limit_reached = bool(limit) and len(rows) >= limit
    if not depths:
        return result
    links = DocumentLink.objects.filter(pk__in=depths).select_related(
        "from_document__locality",
        "from_document__issuing_body",
        "to_document__locality",
        "to_document__issuing_body",
        "source",
    )
    result.extend(sorted(
        (Step(link, depths[link.pk]) for link in links),
        key=lambda s: (s.depth, s.link.pk),
    ))
    return result


# --- graphs for drawing and download -------------------------------------------


@dataclass
class Graph:
    """Documents (nodes) and links (edges) to draw or download."""

    nodes: dict[int, object]  # id -> Document (with locality and issuing_body loaded)
    edges: list[DocumentLink]
    focus: int | None = None
    truncated: bool = False


def neighbourhood(
    document, depth: int = 2, kinds: Iterable[str] | None = None, limit: int | None = None
) -> Graph:
    """The document and every document within *depth* links of it, whichever way the
    links point (two queries): depth 1 is its direct links, depth 2 adds their other links
    (the other documents implementing what it implements, what its bases rest on…), and
    so on. At most *limit* (``NEIGHBOURHOOD_LINKS``) walk rows, then ``truncated``."""
    kinds = list(kinds) if kinds is not None else [k.key for k in _all_kinds()]
    limit = limit or NEIGHBOURHOOD_LINKS
    steps = reachable_links(document.pk, "both", depth, kinds, limit=limit)
    nodes = {document.pk: document}
    edges = {}
    for step in steps:
        link = step.link
        edges[link.pk] = link
        nodes.setdefault(link.from_document_id, link.from_document)
        nodes.setdefault(link.to_document_id, link.to_document)
    return Graph(nodes, sorted(edges.values(), key=lambda link: link.pk), focus=document.pk,
                 truncated=steps.limit_reached)


def direct_links(document, outgoing, incoming, truncated: bool = False,
                 max_links: int | None = None) -> Graph:
    """The depth-1 neighbourhood from links already loaded (no query): *outgoing* links
    (from *document*, with ``to_document`` and its locality loaded) and *incoming* ones
    (to it, with ``from_document`` and its locality loaded), as the document page has them.
    At most *max_links* links (the oldest first), then ``truncated``."""
    links = sorted({link.pk: link for link in [*outgoing, *incoming]}.values(),
                   key=lambda link: link.pk)
    if max_links is not None and len(links) > max_links:
        links, truncated = links[:max_links], True
    nodes = {document.pk: document}
    for link in links:
        # The document's own end was not joined in: point it at the loaded document, so
        # the text equivalent reads both ends without a query per link.
        if link.from_document_id == document.pk:
            link.from_document = document
        if link.to_document_id == document.pk:
            link.to_document = document
        nodes.setdefault(link.from_document_id, link.from_document)
        nodes.setdefault(link.to_document_id, link.to_document)
    return Graph(nodes, links, focus=document.pk, truncated=truncated)


def catalogue_graph(documents, limit: int | None = None) -> Graph:
    """The links among *documents* (a queryset, e.g. filtered by place and topic)."""
    if limit:
        ids = list(documents.newest_first().values_list("pk", flat=True)[
            : limit + 1
        ])
        truncated = len(ids) > limit
        ids = ids[:limit]
    else:  # everything: subqueries, not lists of 100.000 ids
        ids, truncated = documents.order_by().values("pk"), False
    links = list(
        DocumentLink.objects.filter(from_document_id__in=ids, to_document_id__in=ids)
        .select_related(
            "from_document__locality",
            "from_document__issuing_body",
            "to_document__locality",
            "to_document__issuing_body",
        )
        .order_by("pk")
    )
    nodes = {}
    for link in links:
        nodes.setdefault(link.from_document_id, link.from_document)
        nodes.setdefault(link.to_document_id, link.to_document)
    return Graph(nodes, links, truncated=truncated)


def _all_kinds():
    from documents.domain.vocabulary import LINK_KINDS

    return LINK_KINDS


# --- the documents a walk reaches, from several at once (the page cache's invalidation) ---

_SQL_MANY = """
WITH RECURSIVE walk(doc_id, depth) AS (
    SELECT l.{next_col}, 1
    FROM documents_documentlink l
    WHERE l.{start_col} = ANY(%s) AND l.kind IN ({kinds})
  UNION
    SELECT l.{next_col}, w.depth + 1
    FROM documents_documentlink l
    JOIN walk w ON l.{start_col} = w.doc_id
    WHERE w.depth < %s AND l.kind IN ({kinds})
)
SELECT doc_id FROM walk LIMIT %s
"""


def reachable_documents(
    document_ids: Iterable[int],
    direction: str,
    max_depth: int = MAX_DEPTH,
    kinds: Iterable[str] = HIERARCHY_LINK_KINDS,
    limit: int = 1000,
    using: str | None = None,
) -> set[int] | None:
    """The ids of the documents reached from any of *document_ids* going ``"up"`` or
    ``"down"`` (as :func:`reachable_links`) within *max_depth* links: one query on database
    *using*. None when the walk has more than *limit* rows (then it stops there)."""
    start_col, next_col = (("from_document_id", "to_document_id") if direction == "up"
                           else ("to_document_id", "from_document_id"))
    kinds, ids = list(kinds), list(document_ids)
    if not kinds or not ids or max_depth < 1:
        return set()
    placeholders = ", ".join(["%s"] * len(kinds))
    sql = _SQL_MANY.format(start_col=start_col, next_col=next_col, kinds=placeholders)
    with connections[using or router.db_for_read(DocumentLink)].cursor() as cursor:
        cursor.execute(sql, [ids, *kinds, max_depth, *kinds, limit + 1])
        rows = cursor.fetchall()
    return None if len(rows) > limit else {doc_id for (doc_id,) in rows}
