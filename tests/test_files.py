"""A document's files (documents/models/files.py, documents/uploads.py, admin/files.py,
views/files.py): checked by content, kept through the storage API, attached on the
document's admin page by editors only, listed and downloaded on the public page, in the API."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from file_samples import (
    VIETNAMESE,
    docx_bytes,
    encrypted_pdf_bytes,
    html_as_pdf_bytes,
    pdf_bytes,
    png_bytes,
    truncated_pdf_bytes,
    zip_bomb_docx_bytes,
)

from documents.domain.filenames import sanitise_filename
from documents.models import DocumentFile
from documents.uploads import DOCX, PDF, PNG, UploadRefused, inspect_upload


def attach(document, content: bytes, name: str = "quyet-dinh.pdf", **fields) -> DocumentFile:
    kept = DocumentFile(document=document, file=SimpleUploadedFile(name, content), **fields)
    kept.full_clean()
    kept.save()
    return kept


# --- checks by content ---------------------------------------------------------------------


def test_a_pdf_with_a_vietnamese_text_layer_is_kept_with_its_facts():
    content = pdf_bytes(pages=3)
    facts = inspect_upload(io.BytesIO(content))
    assert facts.content_type == PDF and facts.page_count == 3 and facts.size == len(content)
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "trang 1" in text
    if "Đ" in text:  # a font with Vietnamese glyphs on this machine (DejaVu Sans)
        assert VIETNAMESE in text


@pytest.mark.parametrize(("content", "message"), [
    (encrypted_pdf_bytes(), "mã hóa"),
    (truncated_pdf_bytes(), "hỏng"),
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>"
     b"\n%%EOF\n", "hỏng"),
    (html_as_pdf_bytes(), "Loại tệp không được nhận"),
    (b"MZ\x90\x00" + b"\0" * 200, "Loại tệp không được nhận"),
    (b"", "rỗng"),
])
def test_bad_files_are_refused_with_a_vietnamese_message(content, message):
    with pytest.raises(UploadRefused, match=message):
        inspect_upload(io.BytesIO(content))


def test_a_zip_bomb_docx_is_refused_before_it_is_decompressed():
    bomb = zip_bomb_docx_bytes()
    assert len(bomb) < 1024 * 1024  # 200 MB declared, under a megabyte on disk
    with pytest.raises(UploadRefused, match="bất thường"):
        inspect_upload(io.BytesIO(bomb))


def test_a_docx_made_with_python_docx_and_a_png_are_accepted():
    assert inspect_upload(io.BytesIO(docx_bytes())).content_type == DOCX
    assert inspect_upload(io.BytesIO(png_bytes())).content_type == PNG


def test_a_zip_that_is_not_a_word_file_is_refused():
    out = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", "xin chào")
    with pytest.raises(UploadRefused, match="không phải văn bản Word"):
        inspect_upload(io.BytesIO(out.getvalue()))


def test_the_size_limit_is_a_setting(settings):
    settings.DOCUMENT_FILE_MAX_BYTES = 1000
    with pytest.raises(UploadRefused, match="quá lớn"):
        inspect_upload(io.BytesIO(pdf_bytes()))


@pytest.mark.parametrize(("name", "extension", "expected"), [
    ("../../etc/passwd", ".pdf", "passwd.pdf"),
    ("C:\\Users\\a\\Quyết định 244.PDF", ".pdf", "Quyết định 244.pdf"),
    ("Quye\u0302\u0301t đi\u0323nh\x00\n\u202e.pdf", ".pdf", "Quyết định.pdf"),
    ("anh.jpeg", ".jpg", "anh.jpeg"),
    ("baocao.pdf", ".docx", "baocao.pdf.docx"),
    ("...", ".pdf", "tep.pdf"),
    ("a" * 400 + ".pdf", ".pdf", "a" * 146 + ".pdf"),
])
def test_file_names_are_sanitised(name, extension, expected):
    assert sanitise_filename(name, extension) == expected


# --- the model -------------------------------------------------------------------------------


def test_a_file_is_stored_through_the_storage_api_with_its_checksum(docs):
    kept = attach(docs["da34"], pdf_bytes(), name="../Đề án 34.pdf", kind="attached_scheme")
    kept.refresh_from_db()
    assert kept.original_name == "Đề án 34.pdf"
    assert kept.file.name == f"documents/{docs['da34'].pk}/{kept.sha256}.pdf"
    assert kept.file.storage.exists(kept.file.name)
    assert kept.page_count == 2 and kept.content_type == PDF
    assert kept.history.count() == 1


def test_the_same_file_twice_on_one_document_is_refused_naming_the_first(docs):
    content = pdf_bytes()
    attach(docs["da34"], content, name="ban-goc.pdf")
    again = DocumentFile(document=docs["da34"], file=SimpleUploadedFile("khac.pdf", content))
    with pytest.raises(ValidationError, match="ban-goc.pdf"):
        again.full_clean()
    attach(docs["nq04"], content)  # another document may hold the same file
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentFile.objects.create(document=docs["da34"], file=SimpleUploadedFile(
            "x.pdf", content))


def test_a_change_to_a_file_clears_the_pages(docs, monkeypatch):
    from documents.cache import catalogue_models

    assert DocumentFile in catalogue_models()


# --- public page, download, API --------------------------------------------------------------


def test_the_document_page_lists_its_files_in_a_bounded_number_of_queries(client, docs):
    doc = docs["da34"]
    attach(doc, pdf_bytes(pages=1), name="ban-goc.pdf")
    url = doc.get_absolute_url()
    client.get(url)  # the page's link parts rendered and kept (documents.renderings)
    with CaptureQueriesContext(connection) as one:
        page = client.get(url)
    assert "ban-goc.pdf" in page.content.decode()
    for n in range(2, 6):
        attach(doc, pdf_bytes(text=f"Phụ lục {n}", pages=n), name=f"phu-luc-{n}.pdf",
               kind="appendix")
    with CaptureQueriesContext(connection) as five:
        page = client.get(url)
    body = page.content.decode()
    assert all(f"phu-luc-{n}.pdf" in body for n in range(2, 6))
    assert "5 trang" in body and "Phụ lục" in body
    assert len(five.captured_queries) == len(one.captured_queries)


def test_a_file_is_downloaded_as_an_attachment_with_safe_headers(client, docs):
    content = pdf_bytes()
    kept = attach(docs["da34"], content, name="Đề án 34.pdf")
    response = client.get(kept.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%C4%90%E1%BB%81%20%C3%A1n%2034.pdf" in disposition
    assert response["Content-Type"] == PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src" in response["Content-Security-Policy"]
    assert client.post(kept.get_absolute_url()).status_code == 405


def test_an_unknown_file_is_404(client, docs):
    kept = attach(docs["da34"], pdf_bytes())
    assert client.get(reverse("documents:file", kwargs={"slug": docs["da34"].slug,
                                                        "pk": kept.pk + 999})).status_code == 404
    wrong_document = reverse("documents:file", kwargs={"slug": docs["nq04"].slug, "pk": kept.pk})
    assert client.get(wrong_document).status_code == 404


def test_the_api_gives_the_files_addresses_and_metadata(client, docs):
    kept = attach(docs["da34"], docx_bytes(), name="du-thao.docx", kind="word")
    data = client.get(f"/api/documents/{docs['da34'].slug}/").json()
    [entry] = data["files"]
    assert entry["url"].endswith(kept.get_absolute_url())
    assert entry["sha256"] == kept.sha256 and entry["content_type"] == DOCX
    assert entry["name"] == "du-thao.docx" and entry["kind"] == "word"
    assert entry["pages"] is None and entry["size"] == kept.size


def test_the_export_carries_the_files_metadata_and_checksums_valid_by_the_schema(docs):
    from documents.interchange.export import build_dataset
    from documents.interchange.schema import iter_schema_errors

    kept = attach(docs["da34"], pdf_bytes(), name="ban-goc.pdf", title="Bản ký")
    dataset = build_dataset()
    [entry] = [d for d in dataset["documents"] if d["slug"] == docs["da34"].slug]
    assert entry["files"] == [{
        "sha256": kept.sha256, "name": "ban-goc.pdf", "kind": "signed_original",
        "language": "vi", "title": "Bản ký", "content_type": PDF, "size": kept.size,
        "pages": 2}]
    assert "files" not in next(d for d in dataset["documents"]
                               if d["slug"] == docs["nq04"].slug)
    assert list(iter_schema_errors(dataset)) == []
