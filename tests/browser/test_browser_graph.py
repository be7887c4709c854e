"""The zoomable link graph (issue 16: the whole-catalogue graph was a 1.142 × 68 px strip with
4 px text, its legend said "top row: central" of a drawing running left to right, its tooltips
were slugs). Cytoscape.js draws the graph pages' data (static/js/graph.js); these tests look at
what a reader sees: the drawing, its labels' size at the first view, zooming and panning,
tooltips, the legend against the drawing, a node followed to its page — with no console error
and no Content-Security-Policy violation."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from documents.models import Document, DocumentLink, Locality

# Every CSP violation the page meets, recorded before any of its scripts runs.
CSP_WATCH = """window.__csp = [];
document.addEventListener("securitypolicyviolation",
    (e) => window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline")));"""

VIEW_JS = """() => {
    const cy = document.querySelector(".graph-canvas").graph;
    return {zoom: cy.zoom(), pan: cy.pan(),
            font: Math.min(...cy.nodes().map(n => parseFloat(n.renderedStyle("font-size")))),
            visible: cy.nodes().filter(n => {
                const p = n.renderedPosition(), box = cy.container();
                return p.x > 0 && p.y > 0 && p.x < box.clientWidth && p.y < box.clientHeight;
            }).length};
}"""

NODES_JS = """() => document.querySelector(".graph-canvas").graph.nodes().map(n => ({
    level: n.data("level"), tip: n.data("tip"), url: n.data("url"),
    x: n.renderedPosition().x, y: n.renderedPosition().y}))"""


@pytest.fixture
def big_catalogue(site):
    """Sixty central decisions and twelve provincial plans on top of the seed, each central
    one implementing the one before: a catalogue whose whole picture cannot be read at once."""
    vn = Locality.objects.get(slug="viet-nam")
    hanoi = Locality.objects.get(slug="ha-noi")
    central = [Document.objects.create(
        symbol=f"{500 + i}-QĐ/TW", doc_type="quyet_dinh", title=f"Quyết định thử số {i}",
        locality=vn, issued_date=dt.date(2015, 1, 1) + dt.timedelta(days=30 * i))
        for i in range(60)]
    for older, newer in zip(central, central[1:], strict=False):
        DocumentLink.objects.create(from_document=newer, to_document=older, kind="implements")
    for i in range(12):
        plan = Document.objects.create(
            symbol=f"{900 + i}-KH/TU", doc_type="ke_hoach", title=f"Kế hoạch thử số {i}",
            locality=hanoi, issued_date=dt.date(2020, 1, 1) + dt.timedelta(days=20 * i))
        DocumentLink.objects.create(from_document=plan, to_document=central[i], kind="implements")
    return central


def _open_graph(open_page, path):
    page = open_page()
    page.add_init_script(CSP_WATCH)
    page.goto(path)
    canvas = page.locator(".graph-canvas")
    expect(canvas).to_be_visible()
    page.wait_for_function("() => document.querySelector('.graph-canvas').graph")
    return page, canvas


def test_big_graph_is_drawn_readable_zoomable_and_pannable(open_page, big_catalogue):
    page, canvas = _open_graph(open_page, "/graph/")
    # The server's picture gives way to the drawing; the text equivalent stays.
    expect(page.locator(".graph-svg")).to_be_hidden()
    expect(page.locator("#graph-text")).to_be_visible()
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box["width"] > 600 and box["height"] > 350  # not a strip
    start = page.evaluate(VIEW_JS)
    assert start["font"] >= 10, start  # labels readable at the first view (not 4 px)
    assert start["visible"] >= 6, start

    # Dragging the background pans (the first view leaves a margin at the top left).
    x, y = box["x"] + 8, box["y"] + 8
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 200, y + 120, steps=8)
    page.mouse.up()
    dragged = page.evaluate(VIEW_JS)
    assert dragged["pan"]["x"] - start["pan"]["x"] > 100, (start, dragged)
    assert dragged["pan"]["y"] - start["pan"]["y"] > 60

    # The buttons zoom; so does the wheel.
    page.get_by_role("button", name="Phóng to").click()
    zoomed = page.evaluate(VIEW_JS)
    assert zoomed["zoom"] > start["zoom"] * 1.1 and zoomed["font"] > start["font"]
    page.get_by_role("button", name="Thu nhỏ").click()
    page.get_by_role("button", name="Thu nhỏ").click()
    after = page.evaluate(VIEW_JS)
    assert after["zoom"] < zoomed["zoom"]
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -400)
    page.wait_for_function(f"() => document.querySelector('.graph-canvas').graph.zoom()"
                           f" > {after['zoom']}")

    # The keyboard: the drawing takes the focus, arrows pan, 0 goes back to the first view.
    canvas.focus()
    before = page.evaluate(VIEW_JS)
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(VIEW_JS)["pan"]["x"] != before["pan"]["x"]
    page.keyboard.press("0")
    back = page.evaluate(VIEW_JS)
    assert back["zoom"] == pytest.approx(start["zoom"]) and back["font"] >= 10

    page.get_by_role("button", name="Xem toàn bộ").click()
    whole = page.evaluate(VIEW_JS)
    assert whole["visible"] == len(page.evaluate(NODES_JS))  # every document in view
    assert not page.evaluate("() => window.__csp"), page.evaluate("() => window.__csp")
    assert page.problems == []


def test_legend_matches_the_drawing_and_tooltips_name_documents(open_page, big_catalogue):
    page, canvas = _open_graph(open_page, "/graph/")
    legend = page.locator(".graph-legend").inner_text()
    match = re.search(r"từ trên xuống: ([^.]+)\.", legend)
    assert match, legend
    assert match.group(1).startswith("Trung ương → Tỉnh, thành phố")
    assert "cũ nhất bên trái, mới nhất bên phải" in legend
    assert "ngắt xuống dòng dưới" in legend
    page.get_by_role("button", name="Xem toàn bộ").click()
    nodes = page.evaluate(NODES_JS)
    central = [n for n in nodes if n["level"] == 0]
    province = [n for n in nodes if n["level"] == 1]
    # Top to bottom by level, as the legend says.
    assert max(n["y"] for n in central) < min(n["y"] for n in province)
    # Within a level, time runs left to right, then down a line (read like a page).
    tests = [n for n in central if n["tip"].startswith(tuple(f"{500 + i}-" for i in range(60)))]
    order = sorted(tests, key=lambda n: (round(n["y"]), n["x"]))
    assert [n["tip"].split("-")[0] for n in order] == [str(500 + i) for i in range(60)]

    # Hovering a document names it by symbol and title; clicking opens its page.
    node = next(n for n in nodes if n["tip"].startswith("510-QĐ/TW"))
    page.evaluate("""(tip) => {
        const cy = document.querySelector(".graph-canvas").graph;
        const node = cy.nodes().filter(n => n.data("tip") === tip)[0];
        cy.zoom(1); cy.center(node);
    }""", node["tip"])
    node = next(n for n in page.evaluate(NODES_JS) if n["tip"] == node["tip"])
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    # Onto the node as a hand does — from beside it, in several moves (one jump to a point
    # the pointer may already be at gives the drawing no move to react to).
    page.mouse.move(box["x"] + node["x"] - 40, box["y"] + node["y"] - 40)
    page.mouse.move(box["x"] + node["x"], box["y"] + node["y"], steps=8)
    expect(canvas).to_have_attribute("title", "510-QĐ/TW — Quyết định thử số 10")
    page.mouse.click(box["x"] + node["x"], box["y"] + node["y"])
    expect(page).to_have_url(re.compile(r"/documents/510-qd-tw-\d+/$"))
    assert page.problems == []


def test_document_graph_starts_on_its_document_and_depth_changes_it(open_page):
    page, _canvas = _open_graph(open_page, "/documents/34-da-tu-2023/graph/?depth=1")
    one = page.evaluate(NODES_JS)
    view = page.evaluate(VIEW_JS)
    assert view["font"] >= 10 and view["visible"] == len(one) == 4
    page.locator("#id_depth").select_option("4")
    page.get_by_role("button", name="Vẽ lại").click()
    page.wait_for_function("() => document.querySelector('.graph-canvas')?.graph")
    four = page.evaluate(NODES_JS)
    assert len(four) == 8 and {n["tip"] for n in one} < {n["tip"] for n in four}
    assert not page.evaluate("() => window.__csp")
    assert page.problems == []


def test_english_legend_and_buttons(open_page, big_catalogue):
    page, _canvas = _open_graph(open_page, "/en/graph/")
    legend = page.locator(".graph-legend").inner_text()
    assert "from the top down: Central → " in legend
    assert "oldest on the left, newest on the right" in legend
    expect(page.get_by_role("button", name="Zoom in")).to_be_visible()
    assert page.problems == []
