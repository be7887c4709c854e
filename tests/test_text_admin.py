"""Texts and extraction jobs in the admin (documents/admin/texts.py, docs/TEXT.md): each file
on its document's page shows its text's status, method, OCR confidence and last error, with
"Trích xuất lại" (a confirmation, then a POST); editors correct a text (kept in history,
provisions rebuilt); the failed jobs are listed with "Chạy lại". Every new address, with every
method, as every role: only editors and superusers change anything."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from file_samples import pdf_bytes
from test_admin_every_url import _encode, attack_data
from test_files_admin import client_for
from test_text_recovery import running
from text_helpers import attach, latest_job

from documents.extraction import Extraction
from documents.models import DocumentText, ExtractionJob, Provision
from documents.text_jobs import fail, finish

METHODS = ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")


@pytest.fixture
def texts(docs):
    """A document with a file read by OCR (done) and one whose job failed."""
    doc = docs["da34"]
    good = attach(doc, pdf_bytes(), "ban-ky.pdf")
    finish(latest_job(good), Extraction("Điều 1. Đào tạo cán bộ.", "pdf_ocr", 87.5, 2))
    bad = attach(doc, pdf_bytes(pages=1), "phu-luc.pdf", kind="appendix")
    fail(latest_job(bad).pk, "Tệp PDF bị hỏng, không đọc được.")
    return doc, good, bad


def rows():
    return (list(DocumentText.objects.order_by("pk").values_list(
                "pk", "status", "extracted", "corrected", "corrected_at")),
            list(ExtractionJob.objects.order_by("pk").values_list("pk", "status", "error")),
            list(Provision.objects.order_by("pk").values_list("pk", "body")))


def test_the_document_page_shows_each_files_text(texts, django_user_model):
    doc, good, bad = texts
    client = client_for(django_user_model, "editor")
    html = client.get(reverse("admin:documents_document_change", args=[doc.pk])).content.decode()
    assert "Nhận dạng chữ (OCR) trang quét PDF" in html and "87,5 %" in html
    assert "Xong" in html and "Lỗi" in html
    assert "Tệp PDF bị hỏng, không đọc được." in html
    for file in (good, bad):
        assert reverse("admin:documents_documentfile_extract", args=[file.pk]) in html
        assert reverse("admin:documents_documenttext_change", args=[file.text.pk]) in html
    reviewer = client_for(django_user_model, "reviewer")
    html = reviewer.get(reverse("admin:documents_document_change", args=[doc.pk])).content.decode()
    assert "87,5 %" in html and "Trích xuất lại" not in html  # offered to editors only


def test_the_files_texts_cost_no_query_per_file(texts, django_user_model):
    doc, _good, _bad = texts
    client = client_for(django_user_model, "superuser")
    address = reverse("admin:documents_document_change", args=[doc.pk])
    client.get(address)
    with CaptureQueriesContext(connection) as two:
        client.get(address)
    for n in range(3):
        attach(doc, pdf_bytes(text=f"Điều {n}. Thêm tệp"), f"them-{n}.pdf", kind="appendix")
    with CaptureQueriesContext(connection) as five:
        client.get(address)
    assert len(five) == len(two)


def test_an_editor_extracts_again_keeping_the_correction(texts, django_user_model,
                                                        django_capture_on_commit_callbacks):
    doc, good, _bad = texts
    DocumentText.objects.filter(pk=good.text.pk).update(corrected="Điều 1. Bản hiệu đính.")
    client = client_for(django_user_model, "editor")
    address = reverse("admin:documents_documentfile_extract", args=[good.pk])
    page = client.get(address)
    assert page.status_code == 200
    assert "ban-ky.pdf" in page.content.decode() and "được giữ nguyên" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(address)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:documents_document_change", args=[doc.pk])
    job = latest_job(good)
    assert (job.status, job.requested_by) == ("done", "editor")
    text = DocumentText.objects.get(pk=good.text.pk)
    assert text.corrected == "Điều 1. Bản hiệu đính." and text.method == "pdf_text"
    assert "Điều 1. Đào tạo, bồi dưỡng" in text.extracted


def test_an_editor_corrects_a_text(texts, django_user_model):
    _doc, good, _bad = texts
    client = client_for(django_user_model, "editor")
    address = reverse("admin:documents_documenttext_change", args=[good.text.pk])
    data = attack_data(client, address)
    data["corrected"] = ["Điều 1. Đào tạo, bồi dưỡng cán bộ (đã sửa lỗi OCR)."]
    response = client.post(address, _encode(data),
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302, response.content.decode()[:3000]
    text = DocumentText.objects.get(pk=good.text.pk)
    assert text.corrected.endswith("(đã sửa lỗi OCR).") and text.corrected_at is not None
    assert text.extracted == "Điều 1. Đào tạo cán bộ."  # the extraction itself untouched
    bodies = " ".join(Provision.objects.filter(document_text=text).values_list("body", flat=True))
    assert "đã sửa lỗi OCR" in bodies
    version = text.history.order_by("-history_id").first()
    assert version.history_user.username == "editor" and "đã sửa" in version.corrected


def test_failed_jobs_are_listed_and_run_again(texts, django_user_model,
                                             django_capture_on_commit_callbacks):
    _doc, good, bad = texts
    client = client_for(django_user_model, "editor")
    listing = reverse("admin:documents_extractionjob_changelist") + "?status__exact=failed"
    html = client.get(listing).content.decode()
    assert "phu-luc.pdf" in html and "ban-ky.pdf" not in html and "Chạy lại" in html
    failed = latest_job(bad)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(listing, {"action": "rerun_selected",
                                         "_selected_action": [str(failed.pk)]})
    assert response.status_code == 302
    again = latest_job(bad)
    assert again.pk != failed.pk and again.status == "done"
    assert DocumentText.objects.get(file=bad).status == "done"


@pytest.mark.parametrize("role", ["anonymous", "staff_without_role", "reviewer", "editor",
                                  "superuser"])
def test_every_new_address_with_every_method(role, texts, django_user_model):
    _doc, good, bad = texts
    boss = client_for(django_user_model, "superuser") if role != "superuser" else None
    client = client_for(django_user_model, role)
    boss = boss or client
    text = good.text
    job = latest_job(bad)
    stale = running(latest_job(good), 10_000)  # its worker died: the recover action's job
    version = text.history.order_by("history_id").first()
    addresses = [
        reverse("admin:documents_documentfile_extract", args=[good.pk]),
        reverse("admin:documents_documenttext_changelist"),
        reverse("admin:documents_documenttext_change", args=[text.pk]),
        reverse("admin:documents_documenttext_history", args=[text.pk]),
        reverse("admin:documents_extractionjob_changelist") + "?status__exact=failed",
        reverse("admin:documents_extractionjob_changelist") + "?status__exact=running",
        reverse("admin:documents_extractionjob_change", args=[job.pk]),
        reverse("admin:documents_extractionjob_delete", args=[job.pk]),
        reverse("admin:documents_documentfile_extract", args=[999999]),
    ]
    if version is not None:
        addresses.append(reverse("admin:documents_documenttext_simple_history",
                                 args=[text.pk, version.history_id]))
    for address in addresses:
        data = attack_data(boss, address)
        data.setdefault("corrected", ["Sửa trộm"])
        if "changelist" in address or address.endswith("/documenttext/") or "?" in address:
            if "=running" in address:
                data["action"], data["_selected_action"] = ["recover_selected"], [str(stale.pk)]
            else:
                data["action"] = ["rerun_selected" if "extractionjob" in address
                                  else "reextract_selected"]
                data["_selected_action"] = [str(job.pk if "extractionjob" in address
                                                else text.pk)]
        for method in METHODS:
            before = rows()
            response = client.generic(method, address, _encode(data),
                                      content_type="application/x-www-form-urlencoded")
            where = f"{role} {method} {address}"
            assert response.status_code < 500, where
            if role in ("anonymous", "staff_without_role", "reviewer"):
                assert rows() == before, where
            if role == "reviewer" and method == "GET":
                expected = 403 if "/extract/" in address or "/delete/" in address else 200
                assert response.status_code == expected, where
            if role == "editor" and method in ("PUT", "PATCH", "DELETE"):
                assert rows() == before, where
    jobs = ExtractionJob.objects.count()
    stale.refresh_from_db()
    if role in ("anonymous", "staff_without_role", "reviewer"):
        assert jobs == 2 and stale.status == "running"
    else:  # the extract POST and the two actions each queued a job; the stale one recovered
        assert jobs > 2 and stale.status != "running"


def test_unknown_and_malformed_ids_are_404(django_user_model, db):
    client = client_for(django_user_model, "editor")
    for bad in ("999999", "abc", "1%00"):
        response = client.get(f"/admin/documents/documentfile/{bad}/extract/")
        assert response.status_code in (302, 404), bad  # 302: the admin's "not found" message
    assert Client().get("/admin/documents/documentfile/1/extract/").status_code == 302
