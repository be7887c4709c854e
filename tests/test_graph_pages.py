"""Graph pictures, their downloads and the coverage table, on the seed data."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from django.test import override_settings
from page_helpers import attr, find, find_all, text

from documents.models import Document

needs_graphviz = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")


@needs_graphviz
def test_document_graph_draws_nodes_as_links_and_inferred_edges_dashed(client, seed):
    doc = Document.objects.get(symbol="15-ĐA/QU")
    response = client.get(f"/documents/{doc.slug}/graph/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html
    target = Document.objects.get(symbol="21-ĐA/TU")
    assert f'href="{target.get_absolute_url()}"' in html
    assert 'stroke-dasharray' in html  # the inferred link 15-ĐA/QU → 21-ĐA/TU
    # The text equivalent lists the same link, with its mark (and reason).
    assert "chưa chắc chắn (suy ra từ ngữ cảnh)" in html and "triển khai, cụ thể hóa" in html


def test_graph_text_equivalent_without_graphviz(client, seed, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    doc = Document.objects.get(symbol="34-ĐA/TU")
    html = client.get(f"/documents/{doc.slug}/graph/").content.decode()
    assert 'class="graph-svg' not in html and "Thiếu Graphviz".lower() in html.lower()
    # The zoomable drawing's data is still there for browsers with JavaScript.
    assert 'id="graph-data"' in html
    assert "04-NQ/TU" in html and "07-QĐ/TU" in html and "tiếp tục thực hiện" in html


@pytest.mark.parametrize("depth", ["0", "99", "abc", ""])
def test_bad_depth_falls_back(client, seed, depth):
    doc = Document.objects.get(symbol="34-ĐA/TU")
    assert client.get(f"/documents/{doc.slug}/graph/", {"depth": depth}).status_code == 200


def _graph_page(client, url: str, params: dict | None = None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


def _selected_depths(html: str) -> list[str]:
    """The depths marked selected in the graph page's drop-down."""
    select = find(html, "select", name="depth")
    return [attr(option, "value") for option in find_all(select, "option", selected=True)]


def _drawn_depth(html: str) -> str:
    caption = re.search(r"trong phạm vi (\d+) bước", text(find(html, "figcaption")))
    assert caption, "no caption"
    return caption.group(1)


@pytest.mark.parametrize("depth", ["0", "99", "abc", "-1", "2.5", "１"])
def test_unavailable_depth_is_said_and_the_drawn_one_selected(client, seed, depth):
    """An out-of-range or non-numeric depth is not silently replaced: the page says so and
    names the depth drawn, and the drop-down shows that depth (not the browser's first)."""
    doc = Document.objects.get(symbol="34-ĐA/TU")
    html = _graph_page(client, f"/documents/{doc.slug}/graph/", {"depth": depth})
    notice = text(find(html, "p", class_="notice", role="status"))
    assert f"Không có độ sâu “{depth}”" in notice
    assert "từ 1 đến 4" in notice and "vẽ với độ sâu 2" in notice
    assert _selected_depths(html) == ["2"]
    assert _drawn_depth(html) == "2"
    assert "?depth=2" in html  # the downloads are of the graph drawn


@pytest.mark.parametrize(("params", "drawn"), [({}, "2"), ({"depth": ""}, "2"),
                                               ({"depth": "1"}, "1"), ({"depth": "3"}, "3"),
                                               ({"depth": "4"}, "4")])
def test_available_depth_is_selected_without_a_notice(client, seed, params, drawn):
    doc = Document.objects.get(symbol="34-ĐA/TU")
    html = _graph_page(client, f"/documents/{doc.slug}/graph/", params)
    assert "Không có độ sâu" not in html
    assert _selected_depths(html) == [drawn]
    assert _drawn_depth(html) == drawn


def test_unavailable_depth_notice_is_escaped_and_short(client, seed):
    doc = Document.objects.get(symbol="34-ĐA/TU")
    html = _graph_page(client, f"/documents/{doc.slug}/graph/",
                       {"depth": "<script>alert(1)</script>" + "9" * 200})
    assert "<script>alert(1)" not in html
    notice = find(html, "p", class_="notice", role="status")
    assert not find_all(notice, "script")  # shown as text, not markup
    assert text(notice).startswith("Không có độ sâu “<script>alert(1)")
    assert "9" * 20 not in text(notice)
    assert _selected_depths(html) == ["2"]


def test_unavailable_depth_notice_in_english(client, seed):
    doc = Document.objects.get(symbol="34-ĐA/TU")
    html = _graph_page(client, f"/en/documents/{doc.slug}/graph/", {"depth": "99"})
    notice = text(find(html, "p", class_="notice", role="status"))
    assert "Depth “99” is not available" in notice
    assert "depth 2" in notice and "Không có độ sâu" not in html
    assert _selected_depths(html) == ["2"]


def test_graphml_and_json_open_in_networkx(client, seed):
    doc = Document.objects.get(symbol="34-ĐA/TU")
    response = client.get(f"/documents/{doc.slug}/graph.graphml", {"depth": 1})
    assert response.status_code == 200
    ET.fromstring(response.content)  # well-formed XML
    g = nx.parse_graphml(response.content.decode())
    assert {g.nodes[n]["symbol"] for n in g.nodes} >= {"34-ĐA/TU", "04-NQ/TU", "07-QĐ/TU"}
    data = json.loads(client.get(f"/documents/{doc.slug}/graph.json", {"depth": 1}).content)
    g2 = nx.node_link_graph(data, edges="links")
    assert g2.number_of_nodes() == g.number_of_nodes()
    kinds = {d["kind"] for _u, _v, d in g2.edges(data=True)}
    assert "continues" in kinds


def test_catalogue_graph_filters_and_downloads(client, seed):
    response = client.get("/graph/", {"locality": "long-bien"})
    assert response.status_code == 200
    data = json.loads(client.get("/graph.json", {"locality": "ha-noi"}).content)
    symbols = {n["symbol"] for n in data["nodes"]}
    assert "15-ĐA/QU" in symbols and "21-ĐA/TU" in symbols
    assert all(n["level"] >= 1 for n in data["nodes"])
    assert client.get("/graph.json", {"locality": "khong-co"}).status_code == 400
    assert client.get("/graph/", {"locality": "khong-co"}).status_code == 200


def test_coverage_table_and_csv(client, seed):
    doc = Document.objects.get(symbol="21-ĐA/TU")
    html = client.get(f"/documents/{doc.slug}/coverage/").content.decode()
    assert "Long Biên" in html and "15-ĐA/QU" in html and "Thanh Xuân" in html
    assert "Chưa có" in html
    response = client.get(f"/documents/{doc.slug}/coverage.csv")
    rows = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff").splitlines()
    assert rows[0].startswith("địa bàn")
    assert any(r.startswith("Long Biên") and "15-ĐA/QU" in r for r in rows)
    assert any(r.startswith("Thanh Xuân") and ",không," in r for r in rows)


def test_unknown_document_graph_is_404(client, db):
    assert client.get("/documents/khong-co/graph/").status_code == 404
    assert client.get("/documents/khong-co/coverage/").status_code == 404


def test_document_page_offers_graph_coverage_and_three_citation_formats(client, seed):
    doc = Document.objects.get(symbol="34-ĐA/TU")
    html = client.get(doc.get_absolute_url()).content.decode()
    assert f'href="/documents/{doc.slug}/graph/"' in html
    assert f'href="/documents/{doc.slug}/coverage/"' in html
    assert "@misc{34_da_tu_2023," in html
    assert "date = {2023-11-06}" in html
    assert "&quot;authority&quot;: &quot;Ban Thường vụ Thành ủy Hà Nội&quot;" in html
    assert "&quot;date-parts&quot;: [\n" in html or "2023,\n" in html


def test_csl_json_and_bibtex_are_well_formed(seed):
    import datetime as dt

    from documents.citation import bibtex, csl_json

    doc = Document.objects.select_related("issuing_body").get(symbol="04-NQ/TU")
    item = csl_json(doc, "https://x/documents/04-nq-tu-2021/", dt.date(2026, 11, 22))
    assert item["issued"] == {"date-parts": [[2021, 5, 31]]}
    assert item["number"] == "04-NQ/TU" and item["type"] == "legislation"
    json.dumps(item)
    entry = bibtex(doc, "https://x/", dt.date(2026, 11, 22))
    assert entry.count("{") == entry.count("}")
    assert "urldate = {2026-11-22}" in entry


# --- the picture's layout: rows by level, time order within a row --------------------------

SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"


def _inline_svg(html: str) -> str:
    start = html.index("<svg", html.index('class="graph-svg"'))
    return html[start : html.index("</svg>", start) + len("</svg>")]


def _positions(svg: str) -> dict[int, tuple[float, float]]:
    """Each drawn document's centre (x, y) in the SVG Graphviz produced, by document id
    (each node's group is ``doc-<id>``; y grows downwards)."""
    import re

    found = {}
    for group in ET.fromstring(svg).iter(f"{SVG_NS}g"):
        if group.get("class") != "node":
            continue
        shape = next(el for el in group.iter() if el.tag in (f"{SVG_NS}path", f"{SVG_NS}polygon"))
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?",
                                                shape.get("d") or shape.get("points"))]
        xs, ys = numbers[0::2], numbers[1::2]
        pk = int(group.get("id").removeprefix("doc-"))
        found[pk] = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    return found


def _rows(positions: dict[int, tuple[float, float]]) -> list[list[int]]:
    """Document ids row by row (top first), each row left to right."""
    by_y: dict[float, list[int]] = {}
    for pk, (_x, y) in positions.items():
        by_y.setdefault(round(y), []).append(pk)
    return [sorted(ids, key=lambda pk: positions[pk][0]) for _y, ids in sorted(by_y.items())]


@needs_graphviz
def test_seed_row_runs_in_time_order(client, seed):
    """34-ĐA/TU (2023) continues 04-NQ/TU (2021-05) and 07-QĐ/TU (2021-08); left alone,
    Graphviz put 34-ĐA/TU first to spare a crossing."""
    doc = Document.objects.get(symbol="34-ĐA/TU")
    html = client.get(f"/documents/{doc.slug}/graph/", {"depth": 1}).content.decode()
    rows = _rows(_positions(_inline_svg(html)))
    assert len(rows) == 1
    symbols = [Document.objects.get(pk=pk).symbol for pk in rows[0]]
    # The undated plan comes last.
    assert symbols == ["04-NQ/TU", "07-QĐ/TU", "34-ĐA/TU", ""]


@needs_graphviz
def test_rows_by_level_central_on_top(client, seed):
    doc = Document.objects.get(symbol="21-ĐA/TU")
    html = client.get(f"/documents/{doc.slug}/graph/", {"depth": 3}).content.decode()
    levels = [{Document.objects.select_related("locality").get(pk=pk).locality.level
               for pk in row} for row in _rows(_positions(_inline_svg(html)))]
    assert levels == [{0}, {1}, {2}]


@needs_graphviz
def test_time_order_holds_against_crossings_and_backward_links(places, bodies):
    """Two central documents, six provincial ones implementing them alternately (the order
    that spares crossings is not the time order), a provincial link running back in time
    and district documents below: every row runs oldest to newest, rows go by level."""
    from documents import graphdraw
    from documents.linkgraph import catalogue_graph
    from documents.models import DocumentLink

    def make(symbol, place, date, doc_type="ke_hoach"):
        return Document.objects.create(symbol=symbol, doc_type=doc_type, title=symbol,
                                       locality=places[place], issued_date=date)

    import datetime as dt

    central = [make("1-NQ/TW", "vn", dt.date(2018, 1, 1), "nghi_quyet"),
               make("2-NQ/TW", "vn", dt.date(2019, 1, 1), "nghi_quyet")]
    # Created newest first, so neither ids nor creation order give the time order.
    province = [make(f"{10 + i}-KH/TU", "hanoi", dt.date(2020, 6 - i, 1)) for i in range(6)]
    province.reverse()  # oldest first
    for i, doc in enumerate(province):
        DocumentLink.objects.create(from_document=doc, to_document=central[(i + 1) % 2],
                                    kind="implements")
    DocumentLink.objects.create(from_document=province[0], to_document=province[5],
                                kind="references", uncertain={"link": {"reason": "inferred"}})
    DocumentLink.objects.create(from_document=province[5], to_document=province[1],
                                kind="continues")
    district = [make("3-KH/QU", "long_bien", dt.date(2021, 3, 1)),
                make("4-KH/QU", "long_bien", dt.date(2020, 12, 1))]
    DocumentLink.objects.create(from_document=district[0], to_document=province[0],
                                kind="implements")
    DocumentLink.objects.create(from_document=district[1], to_document=province[5],
                                kind="implements")
    ward = make("5-KH/ĐU", "viet_hung", dt.date(2022, 1, 1))
    DocumentLink.objects.create(from_document=ward, to_document=central[1], kind="implements")

    drawn = graphdraw.svg(catalogue_graph(Document.objects.all()))
    rows = _rows(_positions(drawn))
    assert rows == [[d.pk for d in central], [d.pk for d in province],
                    [district[1].pk, district[0].pk], [ward.pk]]


# --- text that would break DOT -------------------------------------------------------------


@needs_graphviz
@pytest.mark.parametrize("title", [
    "Kết thúc bằng dấu gạch chéo ngược \\",
    'Có "ngoặc kép", \\" và \\\\',
    "<b>đậm</b> & &amp; <script>alert(1)</script> > <",
    "Hai\ndòng\r\nvà\ttab\x07",
    "Ký hiệu \\N \\G \\L \\l \\n \\E",
    '<x>] evil [URL="javascript:alert(4)" label=<y>',
])
def test_titles_that_would_break_the_dot_source(bodies, caplog, title):
    import logging
    import warnings

    from documents import graphdraw
    from documents.linkgraph import neighbourhood
    from documents.models import DocumentLink

    def clean(text):  # one line, control characters as spaces
        return " ".join(text.replace("\x07", " ").split())

    plain = clean(title)
    doc = Document.objects.create(doc_type="ke_hoach", title=title, issuing_body=bodies["btv"])
    other = Document.objects.create(symbol="9-NQ/TU", doc_type="nghi_quyet", title=title + "\\",
                                    issuing_body=bodies["thanh_uy"])
    DocumentLink.objects.create(from_document=doc, to_document=other, kind="implements",
                                quote=title)
    graph = neighbourhood(doc, 1)
    with warnings.catch_warnings(), caplog.at_level(logging.WARNING, "documents.graphdraw"):
        warnings.simplefilter("error")  # graphviz's DotSyntaxWarning included
        drawn = graphdraw.svg(graph)
    assert drawn is not None
    assert not caplog.records, [r.getMessage() for r in caplog.records]
    root = ET.fromstring(drawn)  # well-formed XML
    tips = {a.get(XLINK_TITLE) for a in root.iter(f"{SVG_NS}a")}
    # The symbol (when there is one) and the title; never the slug.
    assert tips == {plain, "9-NQ/TU — " + clean(title + "\\")}
    hovered = {g.find(f"{SVG_NS}title").text for g in root.iter(f"{SVG_NS}g")
               if g.get("class") == "node"}
    assert hovered == tips
    lines = [t.text for t in root.iter(f"{SVG_NS}text")]
    label = plain[:40] + ("…" if len(plain) > 40 else "")
    assert label in lines and "9-NQ/TU" in lines
    assert 'href="javascript:' not in drawn and "<script" not in drawn
    assert {a.get("{http://www.w3.org/1999/xlink}href") for a in root.iter(f"{SVG_NS}a")} == {
        doc.get_absolute_url(), other.get_absolute_url()}


@needs_graphviz
def test_the_svg_is_cached_by_its_dot_source_and_tooltips_stay_fresh(docs, monkeypatch):
    from documents import graphdraw
    from documents.linkgraph import neighbourhood
    from documents.models import DocumentLink

    DocumentLink.objects.create(from_document=docs["da34"], to_document=docs["nq04"],
                                kind="continues")
    runs = []
    real_run = graphdraw.subprocess.run
    monkeypatch.setattr(graphdraw.subprocess, "run",
                        lambda *a, **k: runs.append(1) or real_run(*a, **k))
    docs["nq04"].title = "Tiêu đề lần một (bộ nhớ đệm)"
    docs["nq04"].save()
    first = graphdraw.svg(neighbourhood(docs["da34"], 1))
    again = graphdraw.svg(neighbourhood(docs["da34"], 1))
    assert first == again and len(runs) == 1
    # A new title, same label (the document has a symbol): the layout is reused, the
    # tooltip is the new one.
    docs["nq04"].title = "Tiêu đề lần hai"
    docs["nq04"].save()
    changed = graphdraw.svg(neighbourhood(docs["da34"], 1))
    assert len(runs) == 1 and 'xlink:title="04-NQ/TU — Tiêu đề lần hai"' in changed
    # A change that moves things (a new symbol) is drawn anew.
    docs["nq04"].symbol = "05-NQ/TU"
    docs["nq04"].save()
    assert "05&#45;NQ/TU" in graphdraw.svg(neighbourhood(docs["da34"], 1)) and len(runs) == 2
    graphdraw_off = graphdraw.svg
    with override_settings(GRAPH_SVG_CACHE_SECONDS=0):
        graphdraw_off(neighbourhood(docs["da34"], 1))
    assert len(runs) == 3


@needs_graphviz
def test_english_picture_uses_english_labels(client, seed):
    doc = Document.objects.get(symbol="34-ĐA/TU")
    html = client.get(f"/en/documents/{doc.slug}/graph/", {"depth": 1}).content.decode()
    texts = [t.text for t in ET.fromstring(_inline_svg(html)).iter(f"{SVG_NS}text")]
    assert "Scheme" in texts and "Resolution" in texts and "continues" in texts
    assert "Đề án" not in texts


# --- coverage: labels in the active language, places' periods of existence ---------------


def _csv_rows(response) -> list[list[str]]:
    import csv
    import io

    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def test_coverage_csv_shows_the_kind_label_in_the_active_language(client, seed):
    doc = Document.objects.get(symbol="21-ĐA/TU")
    rows = _csv_rows(client.get(f"/documents/{doc.slug}/coverage.csv"))
    kind = rows[0].index("loại")
    long_bien = next(r for r in rows if r[0] == "Long Biên")
    assert long_bien[kind] == "Quận"
    rows_en = _csv_rows(client.get(f"/en/documents/{doc.slug}/coverage.csv"))
    assert next(r for r in rows_en if r[0] == "Long Biên")[kind] == "Urban district"
    assert not any("urban_district" in cell for row in rows + rows_en for cell in row)
    html = client.get(f"/en/documents/{doc.slug}/coverage/").content.decode()
    assert "Urban district" in html


@pytest.fixture
def reform(places, bodies):
    """Hà Nội before and after the 2025 reform: Long Biên and Thanh Xuân (districts) end on
    30/06/2025; the ward Hồng Hà, directly under the city, begins on 01/07/2025."""
    import datetime as dt

    from documents.models import Locality

    long_bien = places["long_bien"]
    long_bien.valid_to = dt.date(2025, 6, 30)
    long_bien.save()
    thanh_xuan = Locality.objects.create(slug="thanh-xuan", name="Thanh Xuân",
                                         kind="urban_district", parent=places["hanoi"],
                                         valid_to=dt.date(2025, 6, 30))
    hong_ha = Locality.objects.create(slug="hong-ha", name="Hồng Hà", kind="ward",
                                      parent=places["hanoi"], valid_from=dt.date(2025, 7, 1))
    return {"long_bien": long_bien, "thanh_xuan": thanh_xuan, "hong_ha": hong_ha}


def _plan(bodies, places, symbol, place="hanoi", **dates):
    return Document.objects.create(symbol=symbol, doc_type="ke_hoach", title=symbol,
                                   issuing_body=bodies["btv"], locality=places[place], **dates)


def test_coverage_leaves_out_places_that_did_not_exist_when_issued(client, places, bodies,
                                                                   reform):
    import datetime as dt

    from documents.coverage import coverage
    from documents.models import DocumentLink

    before = _plan(bodies, places, "1-KH/TU", issued_date=dt.date(2024, 3, 1))
    after = _plan(bodies, places, "2-KH/TU", issued_date=dt.date(2026, 1, 5))
    that_year = _plan(bodies, places, "3-KH/TU", issued_year=2025)
    undated = _plan(bodies, places, "4-KH/TU")
    local = _plan(bodies, places, "5-KH/QU", place="long_bien", issued_date=dt.date(2024, 5, 1))
    DocumentLink.objects.create(from_document=local, to_document=before, kind="implements")

    def status(doc):
        return {row.locality.slug: (row.covered, row.existed, row.counted)
                for row in coverage(doc)}

    assert status(before) == {"long-bien": (True, True, True),
                              "thanh-xuan": (False, True, True),
                              "hong-ha": (False, False, False)}  # created after
    assert status(after) == {"long-bien": (False, False, False),  # ceased before
                             "thanh-xuan": (False, False, False),
                             "hong-ha": (False, True, True)}
    assert all(existed for _c, existed, _n in status(that_year).values())  # within 2025
    assert all(existed for _c, existed, _n in status(undated).values())

    html = client.get(f"/documents/{before.slug}/coverage/").content.decode()
    assert "1/2." in html  # Hồng Hà is listed but not counted
    assert "chưa thành lập hoặc đã giải thể" in html
    html = client.get(f"/documents/{after.slug}/coverage/").content.decode()
    assert "0/1." in html
    rows = _csv_rows(client.get(f"/documents/{after.slug}/coverage.csv"))
    header = rows[0]
    by_place = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert by_place["Hồng Hà"]["tồn tại khi văn bản ban hành"] == "có"
    assert by_place["Hồng Hà"]["tồn tại từ"] == "2025-07-01"
    assert by_place["Thanh Xuân"]["tồn tại khi văn bản ban hành"] == "không"
    assert by_place["Thanh Xuân"]["tồn tại đến"] == "2025-06-30"


def test_a_covered_place_counts_even_outside_its_period(client, places, bodies, reform):
    """A document carrying it out is evidence enough: the row is covered and counted."""
    import datetime as dt

    from documents.coverage import coverage
    from documents.models import DocumentLink

    after = _plan(bodies, places, "6-KH/TU", issued_date=dt.date(2026, 1, 5))
    late = _plan(bodies, places, "7-KH/QU", place="long_bien", issued_date=dt.date(2026, 2, 1))
    DocumentLink.objects.create(from_document=late, to_document=after, kind="implements")
    row = next(r for r in coverage(after) if r.locality.slug == "long-bien")
    assert row.covered and not row.existed and row.counted and not row.missing
