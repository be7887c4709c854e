"""The admin fits a 1.366 px screen and stays usable on a tablet: adding a link row does not
widen the page (it once made it 2.640 px wide), and the document list's title column is wide
enough to read (it was some 70 px)."""

from __future__ import annotations

import pytest
from browser_support import ADMIN_PASSWORD, ADMIN_USERNAME
from django.contrib import admin

from documents.models import Document

LAPTOP = {"viewport": {"width": 1366, "height": 768}}
TABLET = {"viewport": {"width": 1024, "height": 768}, "has_touch": True}


def _log_in(page):
    page.goto("/admin/login/")
    page.get_by_label("Tên đăng nhập").fill(ADMIN_USERNAME)
    page.get_by_label("Mật khẩu").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/admin/")


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("screen", [LAPTOP, TABLET], ids=["1366", "tablet"])
def test_adding_link_rows_keeps_the_document_page_on_screen(open_page, admin_user, screen):
    page = open_page(**screen)
    _log_in(page)
    document = Document.objects.exclude(symbol="").order_by("pk").first()
    page.goto(f"/admin/documents/document/{document.pk}/change/")
    width = screen["viewport"]["width"]
    for group in ("outgoing_links", "incoming_links", "mentions", "co_issuer_rows"):
        page.locator(f"#{group}-group").locator("a", has_text="Thêm một").click()
    for row in ("outgoing_links", "incoming_links"):
        assert page.locator(f"#{row}-group tr.dynamic-{row}").count() >= 1
    assert _page_width(page) <= width
    # the new row's boxes are there to be used: each one starts inside the screen
    for field in ("kind", "quote", "note", "editorial_note"):
        box = page.locator(f"#id_outgoing_links-{_last(page, 'outgoing_links')}-{field}")
        box.scroll_into_view_if_needed()
        assert box.bounding_box()["x"] + 40 <= width, field


def _last(page, prefix: str) -> int:
    return int(page.locator(f"#id_{prefix}-TOTAL_FORMS").input_value()) - 1


@pytest.mark.parametrize("screen", [LAPTOP, TABLET], ids=["1366", "tablet"])
def test_the_document_lists_titles_can_be_read(open_page, admin_user, screen):
    page = open_page(**screen)
    _log_in(page)
    page.goto("/admin/documents/document/")
    title = page.locator("#result_list th.column-title_short")
    assert title.bounding_box()["width"] >= (250 if screen is LAPTOP else 200)
    assert _page_width(page) <= screen["viewport"]["width"]


@pytest.mark.parametrize("screen", [LAPTOP, TABLET], ids=["1366", "tablet"])
def test_every_admin_list_and_form_fits_the_screen(open_page, admin_user, screen):
    page = open_page(**screen)
    _log_in(page)
    width = screen["viewport"]["width"]
    too_wide = {}
    for model, model_admin in admin.site._registry.items():
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        addresses = [base] + ([f"{base}add/"] if model_admin.has_add_permission(
            _Request(admin_user)) else [])
        for address in addresses:
            assert page.goto(address).status == 200, address
            if _page_width(page) > width:
                too_wide[address] = _page_width(page)
    page.goto("/admin/documents/document/from-article/")
    if _page_width(page) > width:
        too_wide["from-article"] = _page_width(page)
    assert too_wide == {}


class _Request:
    def __init__(self, user):
        self.user = user
