"""Issue 16 in the browser: on a 390 px phone the results come within the first screen, the
filters open from one "Bộ lọc" link (with and without JavaScript), the targets are cards with
their deadline in view and no sideways scrolling, the home page's newest documents come within
about a screen; on paper no table header ends a page and no fold-out marker is printed."""

from __future__ import annotations

import io

import pytest
from browser_support import overflow_problems
from playwright.sync_api import expect

SCREEN = 844  # the phone's window height (browser_support.PHONE)


@pytest.mark.parametrize("javascript", [True, False])
def test_search_results_come_first_on_a_phone(open_page, javascript):
    page = open_page(phone=True, java_script_enabled=javascript)
    page.goto("/")
    page.locator("#home-q").fill("dao tao boi duong")
    page.locator("#home-q").press("Enter")
    expect(page.locator("h1")).to_contain_text("dao tao boi duong")
    first = page.locator(".doc-list .doc-row").first
    expect(first).to_be_visible()
    assert first.bounding_box()["y"] < SCREEN, "the first result starts within the first screen"
    # The filters are folded behind one link; it opens them (the address's #refine).
    filters = page.locator("aside#refine")
    expect(filters).to_be_hidden()
    toggle = page.locator(".filters-toggle a")
    expect(toggle).to_have_text("Bộ lọc")
    toggle.click()
    expect(filters).to_be_visible()
    page.locator("#filters input[name=type][value=de_an]").check()
    page.locator("#filters button[type=submit]").click()
    expect(page.locator(".filters-toggle a")).to_have_text("Bộ lọc (1 đang áp dụng)")
    expect(page.locator("aside#refine")).to_be_hidden()
    assert page.locator(".doc-list .doc-row").first.bounding_box()["y"] < SCREEN
    # "Đóng bộ lọc" goes back to the results.
    page.locator(".filters-toggle a").click()
    page.locator(".refine-close a").click()
    expect(page.locator("aside#refine")).to_be_hidden()
    assert overflow_problems(page) == []
    assert page.problems == []


def test_filters_stand_beside_the_results_on_a_desktop(open_page):
    page = open_page()
    page.goto("/documents/?q=dao+tao")
    filters = page.locator("aside#refine").bounding_box()
    results = page.locator("#results").bounding_box()
    assert filters["x"] + filters["width"] <= results["x"], "filters in the left column"
    assert abs(filters["y"] - results["y"]) < 5
    expect(page.locator(".filters-toggle a")).not_to_be_in_viewport()
    # For the keyboard, the link to the filters is the first stop in the results.
    page.locator(".filters-toggle a").focus()
    expect(page.locator(".filters-toggle a")).to_be_in_viewport()


def test_targets_are_cards_on_a_phone(open_page):
    page = open_page(phone=True)
    page.goto("/targets/")
    assert overflow_problems(page) == []
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    rows = page.locator("table.target-list tbody tr")
    assert rows.count() > 0
    for i in range(rows.count()):
        deadline = rows.nth(i).locator("td.deadline")
        box = deadline.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, "deadline in view"
        label = deadline.evaluate("td => getComputedStyle(td, '::before').content")
        assert "Thời hạn" in label
        indicator = rows.nth(i).locator("td").nth(1).bounding_box()
        assert indicator["x"] + indicator["width"] <= width
    # The table scrolls nowhere: its wrapper is as wide as the page.
    table = page.locator("table.target-list").bounding_box()
    assert table["width"] <= width


def test_home_on_a_phone_newest_within_a_screen(open_page):
    page = open_page(phone=True)
    page.goto("/")
    assert page.locator("input[type=search]").count() == 1
    newest = page.locator("#newest-h").bounding_box()
    assert newest["y"] < SCREEN * 0.9, f"the newest documents start at {newest['y']:.0f}px"
    row = page.locator("section[aria-labelledby=newest-h] .doc-row").first.bounding_box()
    assert row["y"] < SCREEN * 1.1
    assert overflow_problems(page) == []
    # The level rows are links to the filtered list.
    page.get_by_role("link", name="Trung ương").click()
    expect(page.locator(".active-filters")).to_contain_text("Cấp ban hành: Trung ương")


def test_printed_page_keeps_table_headers_with_rows_and_prints_no_markers(open_page):
    pypdf = pytest.importorskip("pypdf")
    page = open_page(viewport={"width": 794, "height": 1123})
    page.goto("/documents/34-da-tu-2023/")
    page.emulate_media(media="print")
    for summary in page.locator("summary").all():
        assert not summary.is_visible() or summary.evaluate(
            "s => getComputedStyle(s).listStyleType === 'none'"), "a fold-out marker is printed"
    expect(page.locator("details.target-note")).to_have_count(
        page.locator("details.target-note").count())
    for note in page.locator("details.target-note").all():
        expect(note).to_be_hidden()
    assert page.locator("thead").first.evaluate(
        "t => getComputedStyle(t).display") == "table-header-group"
    reader = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
    # pypdf reads Vietnamese letters with spaces between them: compare without spaces.
    header = "Chỉsố"  # the header row's first cell
    first_row = "".join(page.locator("table.targets tbody th").first.inner_text().split())[:12]
    seen_header = False
    for number, pdf_page in enumerate(reader.pages, 1):
        lines = ["".join(line.split()) for line in pdf_page.extract_text().splitlines()]
        lines = [line for line in lines if line]
        # A page never ends on the table's header row.
        assert not lines[-1].startswith(header), f"page {number} ends on the table header"
        heads = [i for i, line in enumerate(lines) if line.startswith(header)]
        if heads and not seen_header:
            seen_header = True
            after = "".join(lines[heads[0]:])
            assert first_row in after, f"page {number}: the header without its first row"
    assert seen_header, "the targets table's header was found in the PDF"
