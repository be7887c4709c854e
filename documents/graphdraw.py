"""Drawing and exporting link graphs.

- :func:`svg` lays a :class:`~documents.linkgraph.Graph` out with Graphviz (``dot``):
  documents in rows by administrative level (central → province → district →
  ward), left to right by date within a row; nodes coloured by document type;
  edges labelled with the kind's wording and dashed when inferred; every node a
  link to its page. Returns ``None`` when Graphviz is not installed (pages then
  show only the text equivalent they always show).
- :func:`to_networkx`, :func:`graphml` and :func:`node_link_json` give the same
  graph for Gephi, networkx and other tools.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import defaultdict

import graphviz
import networkx as nx

from documents.domain.vocabulary import DOCUMENT_TYPE_BY_KEY, LINK_KIND_BY_KEY

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
RENDER_TIMEOUT_SECONDS = 10


def available() -> bool:
    return shutil.which("dot") is not None


def _level(doc) -> int:
    return doc.locality.level if doc.locality_id else 0


def _label(doc, language: str = "vi") -> str:
    name = doc.symbol or (doc.title[:40] + ("…" if len(doc.title) > 40 else ""))
    kind = getattr(DOCUMENT_TYPE_BY_KEY[doc.doc_type], "en" if language == "en" else "vi")
    date = doc.issued_date.strftime("%d/%m/%Y") if doc.issued_date else (doc.issued_year or "")
    return f"{kind}\n{name}\n{date}".strip()


def wording(link, language: str = "vi") -> str:
    kind = LINK_KIND_BY_KEY[link.kind]
    return kind.en_forward if language == "en" else kind.vi_forward


def dot_source(graph, language: str = "vi") -> graphviz.Digraph:
    dot = graphviz.Digraph("links", format="svg")
    dot.attr(rankdir="BT", newrank="true", nodesep="0.35", ranksep="0.6", fontname="Noto Sans")
    dot.attr("node", shape="box", style="rounded,filled", fontname="Noto Sans", fontsize="10")
    dot.attr("edge", fontname="Noto Sans", fontsize="9", color="#444444")
    by_level = defaultdict(list)
    for doc in graph.nodes.values():
        by_level[_level(doc)].append(doc)
    for level in sorted(by_level):
        with dot.subgraph(name=f"level_{level}") as row:
            row.attr(rank="same")
            for doc in sorted(by_level[level], key=lambda d: (d.issued_date is None,
                                                              d.issued_date, d.pk)):
                row.node(
                    f"d{doc.pk}",
                    # nohtml: stored text is never read as a DOT HTML-like string ("<…>"),
                    # which would let a title add nodes or javascript: links to the picture.
                    label=graphviz.nohtml(_label(doc)),
                    fillcolor=TYPE_COLOURS.get(doc.doc_type, DEFAULT_COLOUR),
                    penwidth="3" if doc.pk == graph.focus else "1",
                    URL=doc.get_absolute_url(),
                    tooltip=graphviz.nohtml(doc.title[:200]),
                    target="_top",
                )
    for link in graph.edges:
        dot.edge(
            f"d{link.from_document_id}",
            f"d{link.to_document_id}",
            label=graphviz.nohtml(wording(link, language)),
            style="dashed" if link.inferred else "solid",
        )
    return dot


def svg(graph, language: str = "vi") -> str | None:
    """The graph as an SVG document, or None without Graphviz or without nodes."""
    if not graph.nodes or not available():
        return None
    try:
        result = subprocess.run(
            ["dot", "-Tsvg"],
            input=dot_source(graph, language).source,
            capture_output=True,
            text=True,
            timeout=RENDER_TIMEOUT_SECONDS,
            check=True,
        )
    except (subprocess.SubprocessError, OSError):
        return None
    data = result.stdout
    start = data.find("<svg")
    return data[start:] if start >= 0 else None


def to_networkx(graph, absolute=lambda path: path) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for doc in graph.nodes.values():
        g.add_node(
            doc.slug,
            label=doc.symbol or doc.title,
            symbol=doc.symbol,
            title=doc.title,
            doc_type=doc.doc_type,
            status=doc.status,
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
