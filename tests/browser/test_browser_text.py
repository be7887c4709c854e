"""A document's full text in the browser (issue 15): on a phone without sideways scroll,
accessible, printable without the site's chrome, each provision's link going to its anchor."""

from __future__ import annotations

import pytest
from browser_support import PHONE, blocking, describe, overflow_problems, run_axe

from documents.models import Document, DocumentText, Source
from documents.provisions import rebuild_provisions

TEXT = ("BAN THƯỜNG VỤ THÀNH ỦY\nĐỀ ÁN\nCăn cứ Nghị quyết số 04-NQ/TU ngày 31/5/2021 của Thành "
        "ủy, đăng tại https://example.org/mot-dia-chi-rat-dai-khong-co-cho-ngat-dong-nao-ca-"
        "chi-de-thu-tran-ngang;\nI. MỤC TIÊU VÀ YÊU CẦU CỦA ĐỀ ÁN TẠO NGUỒN CÁN BỘ\n"
        "1. Mục tiêu chung\nNâng cao chất lượng đội ngũ cán bộ chủ chốt cấp xã, bảo đảm đủ về số "
        "lượng, hợp lý về cơ cấu.\na) Đào tạo;\nb) Bồi dưỡng.\n2. Mục tiêu cụ thể\n"
        + "Đến năm 2025, 100 % cán bộ được đào tạo. " * 30
        + "\nII. NHIỆM VỤ, GIẢI PHÁP\n1. Tuyển chọn.\n")


@pytest.fixture
def text_page(site):
    doc = Document.objects.get(slug="34-da-tu-2023")
    source = Source.objects.order_by("pk").first()
    text = DocumentText.objects.create(document=doc, source=source, status="done",
                                       method="pdf_ocr", ocr_confidence=87, extracted=TEXT)
    rebuild_provisions(text)
    return "/documents/34-da-tu-2023/text/"


def test_text_page_on_a_phone_and_with_axe(open_page, text_page):
    page = open_page(**PHONE)
    page.goto(text_page)
    assert overflow_problems(page) == []
    assert page.locator("#phan-i-muc-1-diem-a").is_visible()
    assert "độ tin cậy 87 %" in page.locator(".ocr-mark").inner_text()
    serious = blocking(run_axe(page))
    assert not serious, describe(serious)


def test_toc_and_copy_link_go_to_the_provision(open_page, text_page):
    page = open_page()
    page.goto(text_page)
    page.locator(".toc a[href='#phan-ii']").click()
    assert page.evaluate("location.hash") == "#phan-ii"
    page.locator("#phan-i-muc-2 .copy-link").click()
    assert page.evaluate("location.hash") == "#phan-i-muc-2"
    assert page.evaluate("document.querySelector(':target').id") == "phan-i-muc-2"


def test_text_page_prints_without_chrome(open_page, text_page):
    page = open_page(viewport={"width": 794, "height": 1123})
    page.goto(text_page)
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".breadcrumbs", ".copy-link",
                   ".toc .toc-list .toc-list"):
        assert not page.locator(hidden).first.is_visible(), f"{hidden} is printed"
    assert page.locator("#phan-i-muc-1").is_visible()
    assert overflow_problems(page) == []
