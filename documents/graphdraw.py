r"""Drawing and exporting link graphs.

- :func:`svg` lays a :class:`~documents.linkgraph.Graph` out with Graphviz (``dot``):
  documents in rows by administrative level (central at the top, then province,
  district, ward), left to right by date within a row, a level of more than
  ``ROW_WIDTH`` documents continuing on the next line (:func:`lines`, the reading order
  of a page: the whole catalogue is then not a strip a thousand documents long); nodes
  coloured by document type;
  edges labelled with the kind's wording and dashed when inferred; every node a link to
  its page. Returns ``None`` when Graphviz is not installed (pages then show only the
  text equivalent they always show).
- :func:`interactive` gives the same layout (the same :func:`lines`) as data for the
  zoomable drawing (``static/js/graph.js``, Cytoscape.js), so that one legend is true of
  both pictures.
- :func:`to_networkx`, :func:`graphml` and :func:`node_link_json` give the same
  graph for Gephi, networkx and other tools.

**Layout.** ``dot`` alone reorders the nodes of a row to reduce crossings, so the order
is fixed with invisible edges: within a row (``rank=same``) a chain from the oldest
document to the newest (a same-rank edge always runs left to right in ``dot``), and from
each row to the one above it. Drawn links do not constrain the layout
(``constraint=false``); a drawn link between two documents of one row that runs right to
left in time is given to ``dot`` reversed, with ``dir=back``, so that it cannot fight the
chain (its arrow still points the right way).

**Text.** Stored text never reaches DOT unescaped: labels are cleaned (runs of whitespace
and control characters become one space), ``&`` becomes ``&amp;`` (Graphviz reads
entities in labels) and backslashes are doubled (:func:`graphviz.escape`), and
``nohtml`` keeps ``<…>`` from being read as an HTML-like label. Tooltips (the full
titles) are not given to Graphviz at all — Graphviz 2.43 expands ``\N``/``\G`` in a
tooltip even when escaped —: the DOT source carries a placeholder that is replaced in
the SVG by the HTML-escaped :func:`tooltip` (symbol and title). Graphviz also writes each
node's and edge's name (the documents' slugs) as an SVG ``<title>``, which browsers show
on hover: these are replaced by the same tooltip (a link's: both documents and the
kind's wording), and the invisible layout edges' and the graph's own are removed.

**Cache.** Graphviz output depends only on the DOT source, so it is cached under a hash
of that source (and ``RELEASE``): always correct, whatever the data version, and a page
drawn once is not laid out again (``GRAPH_SVG_CACHE_SECONDS``; 0 turns it off).

The SVG carries no ``style`` attribute and no script (the site's Content-Security-Policy
forbids inline styles): colours and dashes are presentation attributes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
import json
import logging
import re
import shutil
import subprocess
import unicodedata
from collections import defaultdict

import graphviz
import networkx as nx
from django.conf import settings
from django.core.cache import cache

from documents.domain.vocabulary import DOCUMENT_TYPE_BY_KEY
from documents.language import link_wording, term_label

logger = logging.getLogger(__name__)

# Colour-blind-safe palette (Okabe–Ito and friends), one per document family.
TYPE_COLOURS = {
    "nghi_quyet": "#E69F00",
    "ket_luan": "#E69F00",
    "quyet_dinh": "#56B4E9",
    "quy_dinh": "#0072B2",
    "chi_thi": "#CC79A7",
    "ke_hoach": "#009E73",
    "de_an": "#F0E442",
    "chuong_trinh": "#8FD694",
    "thong_bao_ket_luan": "#D55E00",
    "thong_bao": "#D55E00",
    "luat": "#999999",
    "nghi_dinh": "#BBBBBB",
    "thong_tu": "#BBBBBB",
}
DEFAULT_COLOUR = "#DDDDDD"
# Fills dark enough for white text (the rest take black text).
_DARK_FILLS = {"#0072B2"}
RENDER_TIMEOUT_SECONDS = 10
SVG_CACHE_PREFIX = "catalogue:graph-svg"
_TOOLTIP = "@tip{}@"
_TOOLTIP_IN_SVG = re.compile(r'xlink:title="@tip(\d+)@"')
_NODE_TITLE = re.compile(r'(<g id="doc(?:-|&#45;)(\d+)" class="node">\s*<title>)[^<]*(</title>)')
_LINK_TITLE = re.compile(r'(<g id="link(?:-|&#45;)(\d+)" class="edge">\s*<title>)[^<]*(</title>)')
_OTHER_TITLE = re.compile(r'(<g id="(?:edge\d+|graph\d+)" class="(?:edge|graph)"[^>]*>\s*)'
                          r'<title>[^<]*</title>')
#: A level of more documents than this continues on the next line (:func:`lines`).
ROW_WIDTH = 8
_NO_DATE = (1, dt.date.max)


def available() -> bool:
    return shutil.which("dot") is not None


def _level(doc) -> int:
    return doc.locality.level if doc.locality_id else 0


def _when(doc) -> tuple:
    """When a document was issued, for ordering (a year alone counts as its last day)."""
    if doc.issued_date:
        return (0, doc.issued_date)
    if doc.issued_year:
        return (0, dt.date(doc.issued_year, 12, 31))
    return _NO_DATE


def _clean(text) -> str:
    """One line of plain text: whitespace runs (newlines too) as one space, no control
    characters (XML cannot carry most of them)."""
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cs") else ch
                   for ch in str(text or ""))
    return " ".join(text.split())


def dot_text(text) -> graphviz.quoting.NoHtml:
    """Stored text as a literal DOT label string (see the module's notes on text)."""
    return graphviz.escape(_clean(text).replace("&", "&amp;"))


def _lines(*parts) -> graphviz.quoting.NoHtml:
    return graphviz.nohtml("\\n".join(dot_text(p) for p in parts if p))


def _label_parts(doc, language: str = "vi") -> list[str]:
    """A document's label, line by line: its type, its name, its date."""
    term = DOCUMENT_TYPE_BY_KEY.get(doc.doc_type)
    kind = term_label(term, language) if term else doc.doc_type
    date = doc.issued_date.strftime("%d/%m/%Y") if doc.issued_date else (doc.issued_year or "")
    return [str(part) for part in (kind, short_name(doc), date) if part]


def _label(doc, language: str = "vi") -> graphviz.quoting.NoHtml:
    return _lines(*_label_parts(doc, language))


def wording(link, language: str = "vi") -> str:
    return link_wording(link, "from", language)


def rows(graph) -> list[tuple[str, list]]:
    """(level, documents) rows as drawn: central first, each row in time order (then by
    id); the level as a string, the key of ``LEVEL_NAMES`` (the ``level_label`` filter)."""
    by_level = defaultdict(list)
    for doc in graph.nodes.values():
        by_level[_level(doc)].append(doc)
    return [(str(level), sorted(by_level[level], key=lambda d: (_when(d), d.pk)))
            for level in sorted(by_level)]


def lines(graph, width: int = ROW_WIDTH) -> list[tuple[str, list]]:
    """The rows as drawn: each level's documents (:func:`rows`, in time order) cut into
    lines of at most *width*, read like a page — left to right, then the next line."""
    return [(level, docs[i : i + width])
            for level, docs in rows(graph) for i in range(0, len(docs), width)]


def short_name(doc) -> str:
    """A document's name in a picture: its symbol, or the start of its title."""
    title = _clean(doc.title)
    return doc.symbol or (title[:40] + ("…" if len(title) > 40 else ""))


def tooltip(doc) -> str:
    """What hovering a document shows: its symbol and its title (never its slug)."""
    title = _clean(doc.title)[:200]
    return " — ".join(part for part in (doc.symbol, title) if part) or _clean(doc.display_name)


def link_tooltip(link, language: str = "vi") -> str:
    return " ".join((short_name(link.from_document), wording(link, language),
                     short_name(link.to_document)))


def legend(graph) -> list[tuple[str, str]]:
    """(document type key, colour) for each type drawn, in the vocabulary's order."""
    keys = {doc.doc_type for doc in graph.nodes.values()}
    order = list(DOCUMENT_TYPE_BY_KEY)
    return [(key, TYPE_COLOURS.get(key, DEFAULT_COLOUR))
            for key in sorted(keys, key=lambda k: (order.index(k) if k in order else 99, k))]


def dot_source(graph, language: str = "vi") -> graphviz.Digraph:
    """The DOT graph. Tooltips are placeholders (``_TOOLTIP``): see :func:`svg`."""
    dot = graphviz.Digraph("links", format="svg")
    # BT: a link points up, from the implementing document to what it carries out.
    dot.attr(rankdir="BT", newrank="true", nodesep="0.35", ranksep="0.6", fontname="Noto Sans")
    dot.attr("node", shape="box", style="rounded,filled", fontname="Noto Sans", fontsize="10")
    dot.attr("edge", fontname="Noto Sans", fontsize="9", color="#444444")
    place: dict[int, tuple[int, int]] = {}  # document id -> (row, position in the row)
    # Nodes are named by the documents' permanent slugs, not database ids: the same picture
    # (and page) whatever ids a restore gives them.
    name = {pk: doc.slug for pk, doc in graph.nodes.items()}
    levels = [docs for _level_key, docs in lines(graph)]
    for r, row_docs in enumerate(levels):
        with dot.subgraph(name=f"line_{r}") as row:
            row.attr(rank="same")
            for i, doc in enumerate(row_docs):
                place[doc.pk] = (r, i)
                fill = TYPE_COLOURS.get(doc.doc_type, DEFAULT_COLOUR)
                row.node(
                    name[doc.pk],
                    label=_label(doc, language),
                    fillcolor=fill,
                    fontcolor="white" if fill in _DARK_FILLS else "black",
                    penwidth="3" if doc.pk == graph.focus else "1",
                    URL=doc.get_absolute_url(),
                    id=f"doc-{doc.pk}",
                    tooltip=_TOOLTIP.format(doc.pk),
                    target="_top",
                )
            # Time order within the row: the oldest on the left.
            for left, right in zip(row_docs, row_docs[1:], strict=False):
                row.edge(name[left.pk], name[right.pk], style="invis")
    # Lines in level order: each line's first document sits below the one of the line above.
    for upper, lower in zip(levels, levels[1:], strict=False):
        dot.edge(name[lower[0].pk], name[upper[0].pk], style="invis")
    for link in graph.edges:
        tail, head = link.from_document_id, link.to_document_id
        attrs = {
            "label": _lines(wording(link, language)),
            "style": "dashed" if link.inferred else "solid",
            "constraint": "false",
            "id": f"link-{link.pk}",
        }
        if tail in place and head in place and place[tail][0] == place[head][0] \
                and place[tail][1] > place[head][1]:
            tail, head = head, tail
            attrs["dir"] = "back"
        dot.edge(name[tail], name[head], **attrs)
    return dot


def _cache_key(source: str) -> str:
    digest = hashlib.sha256(
        f"{getattr(settings, 'RELEASE', '')}\0{source}".encode()).hexdigest()
    return f"{SVG_CACHE_PREFIX}:{digest}"


def _render(source: str) -> str | None:
    """Graphviz's SVG for a DOT source (cached by the source), or None if it fails."""
    seconds = int(getattr(settings, "GRAPH_SVG_CACHE_SECONDS", 24 * 3600))
    key = _cache_key(source)
    if seconds > 0:
        try:
            stored = cache.get(key)
        except Exception:  # the cache is down: draw without it
            stored = None
        if stored is not None:
            return stored
    try:
        result = subprocess.run(
            ["dot", "-Tsvg"],
            input=source,
            capture_output=True,
            text=True,
            timeout=RENDER_TIMEOUT_SECONDS,
            check=True,
        )
    except (subprocess.SubprocessError, OSError):
        logger.warning("Graphviz could not draw a graph", exc_info=True)
        return None
    if result.stderr.strip():
        logger.warning("Graphviz: %s", result.stderr.strip()[:500])
    start = result.stdout.find("<svg")
    if start < 0:
        return None
    drawn = result.stdout[start:]
    if seconds > 0:
        with contextlib.suppress(Exception):  # the cache is down: serve it undrawn next time
            cache.set(key, drawn, seconds)
    return drawn


def svg(graph, language: str = "vi") -> str | None:
    """The graph as an SVG document, or None without Graphviz or without nodes."""
    if not graph.nodes or not available():
        return None
    drawn = _render(dot_source(graph, language).source)
    if drawn is None:
        return None
    tips = {pk: html.escape(tooltip(doc), quote=True) for pk, doc in graph.nodes.items()}
    links = {link.pk: html.escape(link_tooltip(link, language), quote=True)
             for link in graph.edges}
    drawn = _TOOLTIP_IN_SVG.sub(
        lambda m: f'xlink:title="{tips.get(int(m.group(1)), "")}"', drawn)
    drawn = _NODE_TITLE.sub(
        lambda m: f"{m.group(1)}{tips.get(int(m.group(2)), '')}{m.group(3)}", drawn)
    drawn = _LINK_TITLE.sub(
        lambda m: f"{m.group(1)}{links.get(int(m.group(2)), '')}{m.group(3)}", drawn)
    return _OTHER_TITLE.sub(r"\1", drawn)


#: The interactive drawing's grid: a document's box and the gaps between them, in the
#: drawing's units (CSS pixels at zoom 1; static/js/graph.js draws labels at 12 px).
CELL_WIDTH, CELL_HEIGHT, LEVEL_GAP = 230, 100, 40


def interactive(graph, language: str = "vi") -> dict:
    """The graph as data for the zoomable drawing (``static/js/graph.js``): each document
    with its place on the same grid as :func:`svg` (:func:`lines`; a little more room
    between levels), label, tooltip, colours and page; each link with its wording."""
    nodes, y, previous = [], 0, None
    for level, docs in lines(graph):
        if previous is not None:
            y += CELL_HEIGHT + (LEVEL_GAP if level != previous else 0)
        previous = level
        for column, doc in enumerate(docs):
            fill = TYPE_COLOURS.get(doc.doc_type, DEFAULT_COLOUR)
            nodes.append({
                "id": f"d{doc.pk}", "label": "\n".join(_label_parts(doc, language)),
                "tip": tooltip(doc), "url": doc.get_absolute_url(), "fill": fill,
                "text": "#FFFFFF" if fill in _DARK_FILLS else "#000000",
                "focus": doc.pk == graph.focus, "level": int(level),
                "x": column * CELL_WIDTH, "y": y,
            })
    edges = [{"id": f"l{link.pk}", "source": f"d{link.from_document_id}",
              "target": f"d{link.to_document_id}", "label": wording(link, language),
              "tip": link_tooltip(link, language), "dashed": link.inferred}
             for link in graph.edges
             if link.from_document_id in graph.nodes and link.to_document_id in graph.nodes]
    return {"nodes": nodes, "edges": edges}


def to_networkx(graph, absolute=lambda path: path) -> nx.MultiDiGraph:
    """Nodes carry the status today (``status``, by ``with_status()``: one query for all)
    and the status recorded when the document was entered (``recorded_status``)."""
    from documents.document_links import attach_status

    attach_status([doc for doc in graph.nodes.values() if not hasattr(doc, "current_status")])
    g = nx.MultiDiGraph()
    for doc in graph.nodes.values():
        g.add_node(
            doc.slug,
            label=doc.symbol or doc.title,
            symbol=doc.symbol,
            title=doc.title,
            doc_type=doc.doc_type,
            status=doc.current_status,
            recorded_status=doc.status,
            issued_date=doc.issued_date.isoformat() if doc.issued_date else "",
            level=_level(doc),
            locality=doc.locality.name if doc.locality_id else "",
            issuing_body=doc.issuing_body.name if doc.issuing_body_id else "",
            url=absolute(doc.get_absolute_url()),
        )
    for link in graph.edges:
        g.add_edge(
            link.from_document.slug,
            link.to_document.slug,
            key=link.kind,
            kind=link.kind,
            label=wording(link),
            inferred=link.inferred,
            quote=link.quote,
        )
    return g


def graphml(graph, absolute=lambda path: path) -> str:
    return "\n".join(nx.generate_graphml(to_networkx(graph, absolute))) + "\n"


def node_link_json(graph, absolute=lambda path: path) -> str:
    data = nx.node_link_data(to_networkx(graph, absolute), edges="links")
    return json.dumps(data, ensure_ascii=False, indent=1)
