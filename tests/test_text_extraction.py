"""Text taken from a document's files (docs/TEXT.md): every type the site accepts, made by the
test run itself (tests/file_samples.py) — a PDF with a Vietnamese text layer, a scanned
(image-only) PDF and a PNG read by OCR in Vietnamese, a PDF with both, a .docx with Word's own
numbering and a table, a .doc converted by LibreOffice —, what a malformed file or a missing
program gives, and the job around them run eagerly (no broker): extraction saved, corrections
kept, provisions rebuilt, pages cleared, transient errors retried, a broker that cannot be
reached reported on the job. Jobs on real workers: tests/test_text_queue.py."""

from __future__ import annotations

import io
import shutil

import pytest
from django.core.cache import caches
from file_samples import (
    VIETNAMESE,
    broken_png_bytes,
    doc_bytes,
    numbered_docx_bytes,
    page_png_bytes,
    pdf_bytes,
    scanned_pdf_bytes,
    truncated_pdf_bytes,
)
from text_helpers import attach, latest_job

from documents import extraction
from documents.domain.vietnamese import fold
from documents.extraction import ExtractionFailed, extract
from documents.models import DocumentText, ExtractionJob, Provision
from documents.text_jobs import queue_extraction
from documents.uploads import DOC, DOCX, PDF, PNG

SCANNED = "dao tao, boi duong can bo chu chot cap xa"


def mixed_pdf_bytes() -> bytes:
    """A PDF whose first page has a text layer and whose second is a scan."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(io.BytesIO(pdf_bytes(pages=1))).pages[0])
    writer.add_page(PdfReader(io.BytesIO(scanned_pdf_bytes())).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- the extractors -------------------------------------------------------------------------


def test_a_pdf_text_layer_is_read_page_by_page():
    result = extract(pdf_bytes(pages=2), PDF)
    assert result.method == "pdf_text" and result.ocr_confidence is None
    assert result.text.split("\f")[0].strip() == f"{VIETNAMESE} — trang 1"
    assert f"{VIETNAMESE} — trang 2" in result.text


def test_a_scanned_pdf_is_read_by_ocr_in_vietnamese_with_its_confidence():
    result = extract(scanned_pdf_bytes(), PDF)
    assert result.method == "pdf_ocr" and result.ocr_pages == 1
    assert SCANNED in fold(result.text)  # OCR's small slips aside: the words, folded
    assert "Đào tạo" in result.text  # diacritics read, not dropped
    assert 50 < result.ocr_confidence <= 100


def test_a_pdf_with_a_text_layer_and_a_scanned_page_is_mixed():
    result = extract(mixed_pdf_bytes(), PDF)
    assert result.method == "pdf_mixed" and result.ocr_pages == 1
    first, second = result.text.split("\f")
    assert VIETNAMESE in first and SCANNED in fold(second)


def test_an_image_is_read_by_ocr():
    result = extract(page_png_bytes(), PNG)
    assert result.method == "image_ocr" and result.ocr_pages == 1
    assert SCANNED in fold(result.text) and result.ocr_confidence > 50


def test_every_page_of_a_tiff_is_read():
    from file_samples import page_image

    out = io.BytesIO()
    first = page_image(("Điều 1. Phạm vi điều chỉnh",))
    first.save(out, "TIFF", save_all=True, append_images=[page_image()], dpi=(300, 300))
    result = extract(out.getvalue(), "image/tiff")
    assert result.method == "image_ocr" and result.ocr_pages == 2
    assert "pham vi dieu chinh" in fold(result.text) and SCANNED in fold(result.text)


def test_a_docx_keeps_its_paragraphs_tables_and_word_numbering():
    result = extract(numbered_docx_bytes(), DOCX)
    assert result.method == "docx"
    assert result.text.split("\n\n") == [
        "TỈNH ỦY BẮC NINH\tĐẢNG CỘNG SẢN VIỆT NAM", "QUYẾT ĐỊNH",
        "Điều 1. Phạm vi điều chỉnh", "Điều 2. Đào tạo, bồi dưỡng cán bộ",
        "a) cán bộ chủ chốt cấp xã", "b) công chức cấp xã", "Điều 3. Tổ chức thực hiện",
    ]


def test_a_doc_is_converted_by_libreoffice():
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: .ci/system-packages installs it")
    result = extract(doc_bytes(numbered_docx_bytes()), DOC)
    assert result.method == "doc"
    assert "Điều 2. Đào tạo, bồi dưỡng cán bộ" in result.text
    assert "a) cán bộ chủ chốt cấp xã" in result.text


def test_without_libreoffice_a_doc_fails_saying_so(settings):
    settings.SOFFICE_BINARY = "khong-co-soffice"
    with pytest.raises(ExtractionFailed, match="LibreOffice chưa được cài trên máy chủ"):
        extract(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 WordDocument", DOC)


def test_without_vietnamese_ocr_data_a_scan_fails_saying_so(settings):
    settings.OCR_LANGUAGES = "khongco"
    with pytest.raises(ExtractionFailed, match="tesseract-ocr-vie"):
        extract(page_png_bytes(), PNG)


@pytest.mark.parametrize(("content", "content_type", "message"), [
    (broken_png_bytes(), PNG, "Ảnh bị hỏng, không đọc được."),
    (truncated_pdf_bytes(), PDF, "Tệp PDF bị hỏng, không đọc được."),
    (b"PK\x03\x04 not a zip at all", DOCX, "Tệp Word (.docx) bị hỏng, không đọc được."),
])
def test_a_malformed_file_is_refused_with_a_clear_message(content, content_type, message):
    with pytest.raises(ExtractionFailed) as refused:
        extract(content, content_type)
    assert str(refused.value) == message


# --- the job, eagerly (no broker) ------------------------------------------------------------


def test_an_upload_queues_its_extraction_which_runs_after_commit(
        docs, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        file = attach(docs["da34"], pdf_bytes(), "ban-ky.pdf")
    text = DocumentText.objects.get(file=file)
    job = latest_job(file)
    assert (text.status, text.method, text.extracted) == ("queued", "pdf_text", "")
    assert (job.status, job.attempts) == ("queued", 0)  # nothing ran inside the transaction
    assert len(callbacks) == 1
    callbacks[0]()
    job.refresh_from_db()
    text.refresh_from_db()
    assert (job.status, job.attempts, job.error) == ("done", 1, "")
    assert job.started_at and job.finished_at and job.finished_at >= job.started_at
    assert text.status == "done" and VIETNAMESE in text.extracted and text.extracted_at
    assert Provision.objects.filter(document_text=text).exists()
    assert not text.history.exists()  # jobs leave no correction history


def test_a_correction_survives_reextraction_and_the_pages_are_cleared(
        docs, settings, django_capture_on_commit_callbacks):
    settings.CACHES = {**settings.CACHES, "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "text-pages"}}
    with django_capture_on_commit_callbacks(execute=True):
        file = attach(docs["da34"], page_png_bytes(), "trang.png", kind="scanned_pages")
    text = DocumentText.objects.get(file=file)
    assert text.method == "image_ocr" and text.ocr_confidence > 50
    text.corrected = "Điều 2. Đào tạo, bồi dưỡng cán bộ chủ chốt cấp xã (đã hiệu đính)"
    text.save()
    caches["pages"].set("trang", "cũ")
    with django_capture_on_commit_callbacks(execute=True):
        queue_extraction(file, requested_by="bientap")
    text.refresh_from_db()
    assert text.corrected.endswith("(đã hiệu đính)") and text.text == text.corrected
    assert SCANNED in fold(text.extracted)
    assert text.jobs.count() == 2 and latest_job(file).requested_by == "bientap"
    assert caches["pages"].get("trang") is None


def test_a_malformed_file_fails_at_once(docs, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        file = attach(docs["da34"], broken_png_bytes(), "hong.png", kind="scanned_pages")
    job = latest_job(file)
    assert (job.status, job.attempts, job.error) == ("failed", 1, "Ảnh bị hỏng, không đọc được.")
    assert DocumentText.objects.get(file=file).status == "failed"


def test_a_transient_error_is_retried_then_succeeds(docs, monkeypatch,
                                                    django_capture_on_commit_callbacks):
    calls = []

    def flaky(data):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("the storage did not answer")
        return extraction.Extraction("Điều 1. Đọc được ở lần thứ hai.", "pdf_text")

    extract(pdf_bytes(), PDF)  # the registry filled
    monkeypatch.setitem(extraction.EXTRACTORS, PDF, flaky)
    with django_capture_on_commit_callbacks(execute=True):
        file = attach(docs["da34"], pdf_bytes(), "a.pdf")
    job = latest_job(file)
    assert (job.status, job.attempts, job.error) == ("done", 2, "")
    assert DocumentText.objects.get(file=file).extracted == "Điều 1. Đọc được ở lần thứ hai."


def test_a_transient_error_that_persists_fails_after_the_retries(
        docs, settings, monkeypatch, django_capture_on_commit_callbacks):
    settings.EXTRACTION_MAX_RETRIES = 2

    def down(data):
        raise OSError("the storage did not answer")

    extract(pdf_bytes(), PDF)
    monkeypatch.setitem(extraction.EXTRACTORS, PDF, down)
    with django_capture_on_commit_callbacks(execute=True):
        file = attach(docs["da34"], pdf_bytes(), "a.pdf")
    job = latest_job(file)
    assert (job.status, job.attempts) == ("failed", 3)
    assert job.error.startswith("Lỗi tạm thời (lần 3): OSError")


def test_a_broker_that_cannot_be_reached_fails_the_job_not_the_upload(
        docs, settings, django_capture_on_commit_callbacks):
    from text_helpers import queue_on

    with queue_on(settings, "redis://127.0.0.1:1/0", "nowhere"), \
            django_capture_on_commit_callbacks(execute=True):
        file = attach(docs["da34"], pdf_bytes(), "a.pdf")
    job = latest_job(file)
    assert job.status == "failed" and job.error.startswith("Không gửi được công việc")
    assert file.pk and file.file.storage.exists(file.file.name)


def test_jobs_of_a_deleted_file_go_with_it(docs, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        file = attach(docs["da34"], pdf_bytes(), "a.pdf")
    job_id = latest_job(file).pk
    file.delete()
    from documents.text_jobs import extract_text

    assert not ExtractionJob.objects.filter(pk=job_id).exists()
    assert extract_text.apply(args=[job_id]).get() == "gone"


def test_files_kept_before_extraction_existed_are_queued_by_the_command(
        docs, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=False):
        old = attach(docs["da34"], pdf_bytes(), "cu.pdf")
        kept = attach(docs["nq04"], pdf_bytes(pages=1), "da-co.pdf")
    DocumentText.objects.filter(file=old).delete()  # as before texts were taken
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("extract_texts", stdout=out)
    assert out.getvalue().strip() == "1 extraction job(s) queued."
    assert DocumentText.objects.get(file=old).status == "done"
    assert ExtractionJob.objects.filter(document_text__file=kept).count() == 1
