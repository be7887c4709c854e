"""Keyboard only: the search, the filters, the facets and the pagination are reached and used
with Tab, Space and Enter — no click anywhere — and the focused control is always visibly
marked."""

from __future__ import annotations

import re

from browser_support import focus_is_visible
from playwright.sync_api import expect


def tab_to(page, selector: str, limit: int = 250, key: str = "Tab") -> int:
    """Press Tab until the element matching *selector* has the focus, checking on the way
    that every focused element shows a focus indicator. Returns the number of presses."""
    target = page.locator(selector)
    expect(target).to_have_count(1)
    handle = target.element_handle()
    for presses in range(1, limit + 1):
        page.keyboard.press(key)
        focused = page.evaluate("() => document.activeElement && (document.activeElement.id "
                                "|| document.activeElement.textContent.trim().slice(0, 40))")
        assert focus_is_visible(page), f"no visible focus indicator on {focused!r}"
        if page.evaluate("el => document.activeElement === el", handle):
            return presses
    raise AssertionError(f"{selector} not reached in {limit} presses of {key}")


def in_view(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    size = page.viewport_size
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= size["height"] and (
        box["x"] >= 0 and box["x"] + box["width"] <= size["width"]
    )


def test_search_filters_facets_and_pagination_by_keyboard(open_page):
    page = open_page()
    page.goto("/")

    # The first Tab shows the skip link; following it lands in the main content.
    assert tab_to(page, ".skip-link") == 1
    assert in_view(page, ".skip-link")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    # From there, the home page's search box is the next stop.
    tab_to(page, "#home-q", limit=3)
    page.keyboard.type("ke hoach")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("ke hoach")
    expect(page.locator(".result-count")).to_be_visible()

    # A filter: tick a document type with Space, submit with Enter on the button.
    tab_to(page, "#id_type_6")  # Kế hoạch
    page.keyboard.press("Space")
    expect(page.locator("#id_type_6")).to_be_checked()
    tab_to(page, "#filters button[type=submit]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"type=ke_hoach"))
    expect(page.locator(".active-filters")).to_contain_text("Kế hoạch")
    for symbol in page.locator(".doc-list .doc-row-title").all_inner_texts():
        assert "Kế hoạch" in symbol

    # A facet: a plain link, followed with Enter.
    tab_to(page, '.facets a[href*="status=in_force"]')
    page.keyboard.press("Enter")
    expect(page.locator(".active-filters")).to_contain_text("Còn hiệu lực")

    # A chip removes its filter; "Xóa mọi bộ lọc" clears them all.
    tab_to(page, '#filters a[href="/documents/"]')
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/documents/$"))
    expect(page.locator(".result-count")).to_contain_text("Tìm thấy 26 văn bản")

    # The results come before the filters: from the top of the page the next page is a few
    # Tab presses away; the first stop in the results is the link to the filters (a skip
    # link, seen when focused), which leads to them.
    toggle_presses = tab_to(page, ".filters-toggle a")
    assert in_view(page, ".filters-toggle a")
    assert toggle_presses < 30
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#refine$"))
    page.goto("/documents/")
    presses = tab_to(page, '.pagination a[rel="next"]')
    assert presses < 60, f"{presses} Tab presses from the top to the next page"
    page.keyboard.press("Enter")
    expect(page.locator(".pagination [aria-current=page]")).to_contain_text("Trang 2 / 2")
    tab_to(page, '.pagination a[rel="prev"]', key="Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".pagination [aria-current=page]")).to_contain_text("Trang 1 / 2")
    assert page.problems == []
