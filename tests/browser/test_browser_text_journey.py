"""Issue 15's journey, in headless Chromium against the site the test run serves: an admin
uploads a scanned (image-only) PDF of a plan on its document's admin page; the text is taken
in the background (the job runs once the upload's transaction commits: with no broker
configured, in the server's process, docs/TEXT.md) and read by OCR in Vietnamese; the admin
page says so; the text page shows the text with its table of contents; and a search typed
without diacritics for a phrase inside the scan finds the document at the right Điều."""

from __future__ import annotations

import re

import pytest
from browser_support import ADMIN_PASSWORD, ADMIN_USERNAME
from file_samples import scanned_pdf_bytes
from playwright.sync_api import expect

from documents.models import Document, DocumentText

PAGE = (
    "KẾ HOẠCH",
    "Điều 1. Phạm vi áp dụng",
    "Kế hoạch áp dụng cho các xã, phường của quận.",
    "Điều 2. Đào tạo, bồi dưỡng cán bộ chủ chốt cấp xã",
    "Nâng cao chất lượng đội ngũ công chức ở cơ sở.",
)


@pytest.mark.usefixtures("admin_user")
def test_an_uploaded_scan_is_read_shown_with_its_contents_and_found_at_its_article(
        open_page, tmp_path):
    document = Document.objects.get(symbol="34-ĐA/TU")
    scan = tmp_path / "Kế hoạch (bản quét).pdf"
    scan.write_bytes(scanned_pdf_bytes(PAGE))

    admin = open_page()
    admin.goto("/admin/")
    admin.get_by_label("Tên đăng nhập").fill(ADMIN_USERNAME)
    admin.get_by_label("Mật khẩu").fill(ADMIN_PASSWORD)
    admin.get_by_role("button", name="Đăng nhập").click()
    admin.goto(f"/admin/documents/document/{document.pk}/change/")
    files = admin.locator("#files-group")
    files.locator("a", has_text="Thêm một").click()
    files.locator("input[type=file]").first.set_input_files(str(scan))
    admin.locator("input[name=_continue]").first.click()
    expect(admin.locator(".messagelist .success")).to_be_visible()

    # The job ran after the upload committed: the file's row says how its text was taken.
    text = DocumentText.objects.get(file__document=document)
    assert text.status == "done" and text.method == "pdf_ocr", (text.status, text.method)
    assert text.ocr_confidence is not None
    expect(admin.locator("#files-group")).to_contain_text("Xong")

    # The text page: the OCR mark, the table of contents, each article at its anchor.
    site = open_page()
    site.goto(f"/documents/{document.slug}/text/")
    expect(site.locator("body")).to_contain_text("OCR")
    toc = site.locator("nav.toc")
    expect(toc).to_contain_text("Điều 1")
    expect(toc).to_contain_text("Điều 2")
    toc.get_by_role("link", name=re.compile(r"^Điều 2")).click()
    expect(site).to_have_url(re.compile(r"#dieu-2$"))
    expect(site.locator("#dieu-2")).to_contain_text("cán bộ chủ chốt cấp xã")

    # A search without diacritics for words of the scan finds it, at Điều 2.
    site.goto("/documents/?q=" + "nang cao chat luong doi ngu cong chuc o co so".replace(" ", "+"))
    passages = site.locator(".text-passages")
    expect(passages.first).to_contain_text("Điều 2")
    expect(passages.first).to_contain_text("chất lượng")
    passages.first.get_by_role("link", name=re.compile(r"^Điều 2")).click()
    expect(site).to_have_url(re.compile(rf"/documents/{re.escape(document.slug)}/text/#dieu-2$"))
