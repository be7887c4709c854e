"""Full texts in the interchange format (documents/interchange/texts.py, docs/INTERCHANGE.md):
exported with their source or file, imported back (provisions derived again), merged safely."""

from __future__ import annotations

import json

import jsonschema
import pytest
from django.conf import settings
from test_import_merge import conflicts
from test_interchange import empty_database, export_text, run_import

from documents.models import Document, DocumentText, Provision, Source
from documents.provisions import rebuild_provisions
from documents.search import DocumentSearch

SCHEMA = json.loads((settings.BASE_DIR / "docs" / "interchange.schema.json").read_text())


@pytest.fixture
def texts(docs):
    page = Source.objects.create(kind="gazette", publisher="Cơ sở dữ liệu văn bản",
                                 headline="Toàn văn Đề án 34", reference="vbpl/34",
                                 url="https://example.org/34")
    text = DocumentText.objects.create(
        document=docs["da34"], source=page, method="web_page", status="done",
        extracted="Điều 1. Đào tạo, bồi dưỡng cán bộ chủ chốt cấp xã.",
        corrected="")
    rebuild_provisions(text)
    return {"text": text, "page": page, **docs}


def exported() -> dict:
    return json.loads(export_text())


def doc_item(data, slug):
    return next(d for d in data["documents"] if d["slug"] == slug)


@pytest.mark.django_db
def test_export_carries_the_text_with_its_source(texts):
    data = exported()
    jsonschema.validate(data, SCHEMA)
    item = doc_item(data, texts["da34"].slug)
    assert item["texts"] == [{
        "source": "vbpl/34", "file": None, "position": 0, "method": "web_page",
        "status": "done", "extracted": "Điều 1. Đào tạo, bồi dưỡng cán bộ chủ chốt cấp xã.",
        "corrected": "", "excerpt": False, "ocr_confidence": None, "ocr_pages": None}]
    assert "texts" not in doc_item(data, texts["nq04"].slug)  # only where there are texts


@pytest.mark.django_db
def test_round_trip_is_identical_and_the_text_searchable_again(texts, tmp_path):
    first = export_text()
    empty_database()
    assert not DocumentText.objects.exists()
    output = run_import(tmp_path, first)
    assert "texts: 1 created" in output
    assert export_text() == first
    text = DocumentText.objects.get()
    assert text.source.reference == "vbpl/34"
    assert Provision.objects.filter(document_text=text).exists()  # derived from the text
    search = DocumentSearch("boi duong chu chot cap xa")
    assert text.document in search.filter(Document.objects.all())
    run_import(tmp_path, first)  # again: nothing added, nothing lost
    assert export_text() == first and DocumentText.objects.count() == 1


@pytest.mark.django_db
def test_import_fills_what_is_empty_and_reports_conflicts(texts, tmp_path):
    data = exported()
    item = doc_item(data, texts["da34"].slug)
    item["texts"][0]["corrected"] = "Điều 1. Đào tạo, bồi dưỡng cán bộ chủ chốt cấp xã, phường."
    output = run_import(tmp_path, data)
    assert "texts: 0 created, 1 updated" in output
    text = DocumentText.objects.get()
    assert text.corrected.endswith("cấp xã, phường.")  # filled: there was no correction
    assert "phuong" in " ".join(text.provisions.values_list("search_text", flat=True))

    item["texts"][0]["corrected"] = "Một bản hiệu đính khác."
    i = data["documents"].index(item)
    (line,) = conflicts(tmp_path, data)
    assert line.startswith(f"documents/{texts['da34'].slug} (/documents/{i}): conflict: "
                           "texts/source:vbpl/34/corrected: the database has")
    run_import(tmp_path, data, "--replace")
    assert DocumentText.objects.get().corrected == "Một bản hiệu đính khác."


@pytest.mark.django_db
def test_a_text_the_file_leaves_out_is_kept_unless_replaced(texts, tmp_path):
    data = exported()
    doc_item(data, texts["da34"].slug)["texts"] = []
    run_import(tmp_path, data)
    assert DocumentText.objects.count() == 1
    run_import(tmp_path, data, "--replace")
    assert not DocumentText.objects.exists() and not Provision.objects.exists()


@pytest.mark.django_db
def test_a_new_text_and_a_text_of_an_absent_file(texts, tmp_path):
    data = exported()
    item = doc_item(data, texts["nq04"].slug)
    item["texts"] = [
        {"source": "vbpl/34", "extracted": "Nghị quyết về tập trung xây dựng đội ngũ."},
        {"file": "a" * 64, "method": "pdf_text", "extracted": "Văn bản trong tệp."},
    ]
    output = run_import(tmp_path, data)
    assert "texts: 1 created, 0 updated, 1 unchanged, 1 skipped" in output
    (added,) = DocumentText.objects.filter(document=texts["nq04"])
    assert added.status == "done" and added.extracted.startswith("Nghị quyết")


@pytest.mark.django_db
def test_bad_texts_are_refused_with_their_place(texts, tmp_path):
    from test_interchange import refused

    data = exported()
    i = data["documents"].index(doc_item(data, texts["nq04"].slug))
    doc_item(data, texts["nq04"].slug)["texts"] = [
        {"extracted": "không rõ nguồn"}, {"source": "khong-co", "extracted": "x"}]
    lines = refused(tmp_path, data)
    assert any(f"/documents/{i}/texts/0" in line and "exactly one" in line for line in lines)
    assert any(f"/documents/{i}/texts/1/source" in line for line in lines)
