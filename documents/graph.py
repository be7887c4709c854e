"""Walking the links between documents across levels (central → city → district → ward).

Two pure functions over the ORM, each returning a :class:`Graph` the templates render
with ``partials/doc_tree.html``:

- :func:`chain_up` — what a document rests on: its outgoing links of the hierarchy
  kinds (``căn cứ``, ``triển khai``, ``hướng dẫn``, ``tiếp tục thực hiện``,
  ``phê duyệt``), then theirs, level by level;
- :func:`tree_down` — what rests on it: its incoming links of the same kinds, then
  theirs, each level ordered by the issuer locality's level (central first) and date.

Each direction is one recursive SQL query (:mod:`documents.linkgraph`) plus one to load
the links; a visited set makes cycles harmless (a document met again is shown once more
as a leaf marked ``repeated`` and not followed); ``max_depth`` bounds the walk, and
``truncated`` says the walk stopped with links left unexplored.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from documents.domain.vocabulary import HIERARCHY_LINK_KINDS
from documents.linkgraph import reachable_links
from documents.models import Document, DocumentLink

Direction = Literal["up", "down"]
DEFAULT_MAX_DEPTH = 6
#: At most this many links are walked per direction (a decree cited as the basis of
#: thousands of documents would otherwise make its page list them all); the graph is then
#: marked ``truncated``.
MAX_LINKS = 300
_NO_LEVEL = 99
_NO_DATE = dt.date.max


@dataclass
class GraphNode:
    """A document reached through one link.

    ``kind``/``inferred``/``note``/``link`` describe the link between this node and its
    parent node (or the starting document at depth 1). For the upward chain the parent
    <kind, forward wording> this document; for the downward tree the parent <kind,
    backward wording> this document.
    """

    document: Document
    link: DocumentLink
    depth: int
    repeated: bool = False
    children: list[GraphNode] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.link.kind

    @property
    def inferred(self) -> bool:
        return self.link.inferred

    @property
    def note(self) -> str:
        return self.link.note


@dataclass
class Graph:
    """The result of a walk: ``roots`` (depth 1), nested through ``children``."""

    direction: Direction
    roots: list[GraphNode]
    max_depth: int
    depth_reached: int = 0
    truncated: bool = False
    links_truncated: bool = False  # stopped after max_links links, whatever the depth
    max_links: int = MAX_LINKS

    @property
    def end(self) -> str:
        """Which end's wording the template uses: "from" going up, "to" going down."""
        return "from" if self.direction == "up" else "to"

    def __bool__(self) -> bool:
        return bool(self.roots)

    def __iter__(self) -> Iterator[GraphNode]:
        return iter(self.roots)

    def walk(self) -> Iterator[GraphNode]:
        """Every node, depth first."""
        stack = list(reversed(self.roots))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def documents(self) -> list[Document]:
        """The distinct documents reached (first occurrence order)."""
        seen: dict[int, Document] = {}
        for node in self.walk():
            seen.setdefault(node.document.pk, node.document)
        return list(seen.values())

    def __len__(self) -> int:
        return sum(1 for _ in self.walk())


def _order_key(node: GraphNode) -> tuple:
    doc = node.document
    level = doc.locality.level if doc.locality_id and doc.locality else _NO_LEVEL
    date = doc.issued_date or (dt.date(doc.issued_year, 12, 31) if doc.issued_year else _NO_DATE)
    return (level, date, doc.symbol or doc.title, doc.pk)


def _walk(
    document: Document, direction: Direction, max_depth: int, max_links: int = MAX_LINKS
) -> Graph:
    max_depth = max(0, int(max_depth))
    near, far = (
        ("from_document_id", "to_document") if direction == "up"
        else ("to_document_id", "from_document")
    )
    graph = Graph(direction=direction, roots=[], max_depth=max_depth)
    if document.pk is None or max_depth == 0:
        return graph

    # One recursive query (plus one to load the links): every link within one step more
    # than shown, so the last level can tell whether anything lies beyond it.
    by_near: dict[int, list[DocumentLink]] = defaultdict(list)
    steps = reachable_links(
        document.pk, direction, max_depth + 1, HIERARCHY_LINK_KINDS, limit=max_links
    )
    for step in steps:
        by_near[getattr(step.link, near)].append(step.link)

    visited: set[int] = {document.pk}
    # Nodes of the current level whose links are followed next, by document id.
    frontier: dict[int, list[GraphNode]] = {document.pk: graph.roots}
    depth = 0
    while frontier and depth < max_depth:
        depth += 1
        next_frontier: dict[int, list[GraphNode]] = {}
        new_nodes: list[GraphNode] = []
        for doc_id, children in frontier.items():
            for link in sorted(by_near.get(doc_id, []), key=lambda link: link.pk):
                target: Document = getattr(link, far)
                node = GraphNode(document=target, link=link, depth=depth)
                if target.pk in visited:
                    node.repeated = True
                else:
                    new_nodes.append(node)
                children.append(node)
        for node in new_nodes:
            # A document reached twice on the same level is followed once.
            if node.document.pk in visited:
                node.repeated = True
                continue
            visited.add(node.document.pk)
            next_frontier[node.document.pk] = node.children
        for children in frontier.values():
            children.sort(key=_order_key)
        if any(frontier.values()):
            graph.depth_reached = depth
        frontier = next_frontier

    graph.truncated = depth >= max_depth and any(by_near.get(pk) for pk in frontier)
    # The walk's rows, not its distinct links, meet the limit (a cycle repeats links).
    graph.links_truncated = steps.limit_reached
    graph.max_links = max_links
    return graph


def chain_up(document: Document, max_depth: int = DEFAULT_MAX_DEPTH) -> Graph:
    """The documents *document* rests on, level by level (two queries)."""
    return _walk(document, "up", max_depth)


def tree_down(document: Document, max_depth: int = DEFAULT_MAX_DEPTH) -> Graph:
    """Everything that implements, continues, guides, approves… *document*, as a tree
    ordered central → city → district → ward, then by date (two queries)."""
    return _walk(document, "down", max_depth)
