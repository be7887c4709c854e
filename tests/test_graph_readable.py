"""Issue 16's graph findings: depth changes the picture, hovering shows a document's symbol and
title (never its slug), the legend says what the drawing does, a long level wraps into lines,
and the graph pages carry the zoomable drawing's data (the browser side is in
tests/browser/test_browser_graph.py)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from page_helpers import find, text

from documents import graphdraw
from documents.linkgraph import catalogue_graph
from documents.models import Document, DocumentLink

needs_graphviz = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")
SVG_NS = "{http://www.w3.org/2000/svg}"


def _caption_count(html: str) -> int:
    return int(re.search(r"\((\d+) văn bản\)", text(find(html, "figcaption"))).group(1))


def _graph_data(html: str) -> dict:
    block = re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', html,
                      re.S)
    assert block, "no data block for the zoomable drawing"
    return json.loads(block.group(1))


def test_depth_widens_the_picture_on_the_seed(client, seed):
    """34-ĐA/TU: depth 1 is its four direct links' documents; depth 2 adds 188-KH/TU (which
    also continues 04-NQ/TU); depth 4 reaches three documents more. Walking only straight up
    and straight down, depths 2 to 4 gave the same picture."""
    doc = Document.objects.get(symbol="34-ĐA/TU")
    drawn = {}
    for depth in (1, 2, 4):
        html = client.get(f"/documents/{doc.slug}/graph/", {"depth": depth}).content.decode()
        data = _graph_data(html)
        drawn[depth] = {node["tip"].split(" — ")[0] for node in data["nodes"]}
        assert _caption_count(html) == len(data["nodes"])
    assert len(drawn[1]) == 4 and len(drawn[2]) == 5 and len(drawn[4]) == 8
    assert drawn[1] < drawn[2] < drawn[4]
    assert "188-KH/TU" in drawn[2] - drawn[1]


def test_depth_4_page_queries_are_bounded(client, seed, django_assert_max_num_queries):
    doc = Document.objects.get(symbol="34-ĐA/TU")
    with django_assert_max_num_queries(16):
        assert client.get(f"/documents/{doc.slug}/graph/", {"depth": 4}).status_code == 200


@needs_graphviz
def test_nothing_hovered_shows_a_slug(client, seed):
    doc = Document.objects.get(symbol="21-ĐA/TU")
    html = client.get(f"/documents/{doc.slug}/graph/", {"depth": 3}).content.decode()
    start = html.index("<svg", html.index('class="graph-svg'))
    root = ET.fromstring(html[start: html.index("</svg>", start) + 6])
    titles = [t.text or "" for t in root.iter(f"{SVG_NS}title")]
    slugs = set(Document.objects.values_list("slug", flat=True))
    assert titles and not any(title in slugs or title.replace("&#45;", "-") in slugs
                              for title in titles)
    assert "links" not in titles  # the graph's own name
    assert "21-ĐA/TU — " + Document.objects.get(symbol="21-ĐA/TU").title in titles
    # A link's: both documents and the kind's wording.
    assert any(re.fullmatch(r"15-ĐA/QU .+ 21-ĐA/TU", title) for title in titles)
    # The zoomable drawing's tooltips too.
    tips = [node["tip"] for node in _graph_data(html)["nodes"]]
    assert not slugs & set(tips) and all(" — " in tip or "/" in tip for tip in tips)


def test_legend_names_the_levels_top_to_bottom(client, seed):
    doc = Document.objects.get(symbol="21-ĐA/TU")
    html = client.get(f"/documents/{doc.slug}/graph/", {"depth": 3}).content.decode()
    legend = text(find(html, "p", class_="graph-legend"))
    assert "từ trên xuống: Trung ương → Tỉnh, thành phố → Quận, huyện" in legend \
        or re.search(r"từ trên xuống: Trung ương → [^→]+ → [^→.]+\.", legend), legend
    assert "cũ nhất bên trái, mới nhất bên phải" in legend
    assert "Hàng trên: Trung ương" not in html
    # The drawing's data agrees: each level below the one before it.
    nodes = _graph_data(html)["nodes"]
    by_level = {}
    for node in nodes:
        by_level.setdefault(node["level"], []).append(node["y"])
    levels = sorted(by_level)
    assert len(levels) == 3
    for upper, lower in zip(levels, levels[1:], strict=False):
        assert max(by_level[upper]) < min(by_level[lower])


def test_one_level_legend_says_so(client, seed):
    doc = Document.objects.get(symbol="34-ĐA/TU")
    html = client.get(f"/documents/{doc.slug}/graph/", {"depth": 1}).content.decode()
    legend = text(find(html, "p", class_="graph-legend"))
    assert "Các văn bản đều thuộc một cấp: Tỉnh, thành phố." in legend
    html = client.get(f"/en/documents/{doc.slug}/graph/", {"depth": 1}).content.decode()
    legend = text(find(html, "p", class_="graph-legend"))
    assert "oldest on the left, newest on the right" in legend


@pytest.fixture
def many_central(places, bodies):
    """Twenty central decisions, each implementing the one before: one level of twenty."""
    made = []
    for i in range(20):
        made.append(Document.objects.create(
            symbol=f"{100 + i}-QĐ/TW", doc_type="quyet_dinh", title=f"Quyết định {i}",
            locality=places["vn"], issued_date=dt.date(2020, 1, 1) + dt.timedelta(days=40 * i)))
    for older, newer in zip(made, made[1:], strict=False):
        DocumentLink.objects.create(from_document=newer, to_document=older, kind="implements")
    return made


def test_a_long_level_wraps_into_lines_read_like_a_page(many_central):
    graph = catalogue_graph(Document.objects.all())
    lines = graphdraw.lines(graph)
    assert [len(docs) for _level, docs in lines] == [8, 8, 4]
    read = [doc.pk for _level, docs in lines for doc in docs]
    assert read == [doc.pk for doc in many_central]
    data = graphdraw.interactive(graph)
    at = {node["id"]: (node["x"], node["y"]) for node in data["nodes"]}
    places = [at[f"d{doc.pk}"] for doc in many_central]
    # Reading order: left to right within a line, then the next line down.
    assert places == sorted(places, key=lambda xy: (xy[1], xy[0]))
    assert len({y for _x, y in places}) == 3
    assert len(data["edges"]) == 19 and all(e["label"] for e in data["edges"])


@needs_graphviz
def test_the_wrapped_picture_keeps_the_reading_order(many_central):
    from test_graph_pages import _positions, _rows

    rows = _rows(_positions(graphdraw.svg(catalogue_graph(Document.objects.all()))))
    assert [pk for row in rows for pk in row] == [doc.pk for doc in many_central]
    assert [len(row) for row in rows] == [8, 8, 4]


def test_catalogue_page_carries_the_zoomable_drawing(client, many_central):
    html = client.get("/graph/").content.decode()
    data = _graph_data(html)
    assert len(data["nodes"]) == 20
    node = next(n for n in data["nodes"] if n["id"] == f"d{many_central[0].pk}")
    assert node["tip"] == "100-QĐ/TW — Quyết định 0"
    assert node["url"] == many_central[0].get_absolute_url()
    assert "/static/vendor/cytoscape/cytoscape.min.js" in html
    assert "/static/js/graph.js" in html
    assert "<script>" not in html  # no inline script (the site's CSP)
    legend = text(find(html, "p", class_="graph-legend"))
    assert "hơn 8 văn bản thì ngắt xuống dòng dưới" in legend
    # The text equivalent stays: every document and every link.
    assert html.count("100-QĐ/TW") >= 2 and "Các liên kết (dạng văn bản)" in html
