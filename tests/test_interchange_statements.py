"""An admin's sourced statements of a document's status (``StatusStatement``) in the
interchange format: exported under the document, imported, and merged like the rest — a
file adds statements and fills their empty fields, a different value is a conflict unless
``--replace``, a statement the file leaves out is kept unless the document is replaced; the
status the pages show follows what was imported."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from test_import_merge import _item, conflicts, dry_run
from test_interchange import empty_database, empty_file, export_text, refused, run_import

from documents.models import Document, StatusStatement


def _nq04(rich) -> Document:
    return rich["da34"].outgoing_links.get().to_document


def test_statements_are_exported_with_their_source_and_document_and_read_back(rich, tmp_path):
    data = json.loads(export_text())
    nq04 = _item(data, "documents", _nq04(rich).slug)
    assert nq04["status_statements"] == [{
        "as_of": "2025-07-01", "status": "replaced", "source": "arch/2023-01",
        "quote": "Nghị quyết 04-NQ/TU được thay thế.", "note": "ghi chú công khai",
        "by_document": rich["qd"].slug}]
    # a document without statements carries no key (older files stay as they were)
    assert "status_statements" not in _item(data, "documents", rich["da34"].slug)
    first = export_text()
    empty_database()
    run_import(tmp_path, first)
    assert export_text() == first
    statement = StatusStatement.objects.get()
    assert (statement.document.symbol, statement.by_document.symbol, statement.source.reference) \
        == ("04-NQ/TU", "1234/QĐ-UBND", "arch/2023-01")
    assert "nothing to change" in run_import(tmp_path, first)


def test_an_imported_statement_decides_the_status_shown(docs, tmp_path, client):
    data = empty_file(
        sources=[{"reference": "vbpl/1", "kind": "portal", "publisher": "vbpl.vn",
                  "headline": "Lịch sử"}],
        documents=[{"slug": docs["da34"].slug, "doc_type": "de_an", "title": docs["da34"].title,
                    "status_statements": [{"as_of": "2025-01-01", "status": "expired",
                                           "source": "vbpl/1", "quote": "Hết hiệu lực."}]}])
    lines, failed = dry_run(tmp_path, data)
    assert not failed
    assert f"documents/{docs['da34'].slug}: added: status_statements/2025-01-01/expired" in lines
    run_import(tmp_path, data)
    api = client.get(f"/api/documents/{docs['da34'].slug}/").json()
    assert (api["status"], api["recorded_status"]) == ("expired", "in_force")


def test_statements_merge_fill_conflict_and_replace(rich, tmp_path):
    nq04 = _nq04(rich)
    base = {"slug": nq04.slug, "doc_type": "nghi_quyet", "title": nq04.title}
    stated = {"as_of": "2025-07-01", "status": "replaced", "source": "arch/2023-01",
              "quote": "Nghị quyết 04-NQ/TU được thay thế."}
    StatusStatement.objects.update(note="", by_document=None)
    # fill: the note and the document were empty
    filled = empty_file(documents=[dict(base, status_statements=[
        dict(stated, note="ghi chú", by_document=rich["qd"].slug)])])
    lines, _ = dry_run(tmp_path, filled)
    assert f'documents/{nq04.slug}: filled: status_statements/2025-07-01/replaced/note: "" -> ' \
           '"ghi chú"' in lines
    run_import(tmp_path, filled)
    assert StatusStatement.objects.get().by_document_id == rich["qd"].pk
    # conflict: another quote for the same day and status; nothing written
    other = empty_file(documents=[dict(base, status_statements=[dict(stated, quote="Khác.")])])
    (line,) = conflicts(tmp_path, other)
    assert "conflict: status_statements/2025-07-01/replaced/quote: the database has " \
           '"Nghị quyết 04-NQ/TU được thay thế.", the file "Khác."' in line
    # a file with another statement adds it and keeps the stored one
    added = empty_file(documents=[dict(base, status_statements=[
        dict(stated, as_of="2026-01-01", status="expired", quote="Hết hiệu lực.")])])
    run_import(tmp_path, added)
    assert StatusStatement.objects.filter(document=nq04).count() == 2
    # --replace: the file's list is the document's
    run_import(tmp_path, other, "--replace")
    assert list(StatusStatement.objects.values_list("quote", "note")) == [("Khác.", "ghi chú")]


@pytest.mark.parametrize("statement, where, message", [
    ({"as_of": "2025-13-01"}, "as_of", ""),
    ({"source": "khong-co"}, "source", 'unknown source "khong-co"'),
    ({"by_document": "khong-co"}, "by_document", 'unknown document "khong-co"'),
    ({"quote": "  "}, "quote", "must not be empty"),
    ({"status": "dang-xet"}, "status", ""),
])
def test_a_broken_statement_is_refused_at_its_place(docs, tmp_path, statement, where, message):
    good = {"as_of": "2025-01-01", "status": "expired", "source": "vbpl/1", "quote": "Hết."}
    data = empty_file(
        sources=[{"reference": "vbpl/1", "kind": "portal", "publisher": "vbpl.vn",
                  "headline": "Lịch sử"}],
        documents=[{"slug": "d", "doc_type": "de_an", "title": "Đề án",
                    "status_statements": [dict(good, **statement)]}])
    errors = refused(tmp_path, data)
    assert any(f"/documents/0/status_statements/0/{where}" in e and message in e
               for e in errors), errors
    assert not Document.objects.filter(slug="d").exists()


def test_two_statements_of_the_same_day_and_status_are_refused(docs, tmp_path):
    st = {"as_of": "2025-01-01", "status": "expired", "source": "vbpl/1", "quote": "Hết."}
    data = empty_file(
        sources=[{"reference": "vbpl/1", "kind": "portal", "publisher": "vbpl.vn",
                  "headline": "Lịch sử"}],
        documents=[{"slug": "d", "doc_type": "de_an", "title": "Đề án",
                    "status_statements": [st, dict(st, quote="Lần nữa.")]}])
    errors = refused(tmp_path, data)
    assert any("/documents/0/status_statements/1/as_of" in e for e in errors), errors
    assert dt.date(2025, 1, 1) not in StatusStatement.objects.values_list("as_of", flat=True)


# --- people's and events' editorial notes; uncertainty merged fact by fact ------------------


def test_editorial_notes_of_people_and_events_travel_and_merge(rich, tmp_path):
    data = json.loads(export_text())
    assert _item(data, "people", "phan-van-mai")["editorial_note"] == \
        "Tên theo bài báo; chưa đối chiếu."
    assert data["events"][0]["editorial_note"] == "Ngày theo bài đăng."
    first = export_text()
    empty_database()
    run_import(tmp_path, first)
    assert export_text() == first
    # merged like any field: the same note changes nothing, another is a conflict
    person = dict(_item(data, "people", "phan-van-mai"), editorial_note="Khác.")
    (line,) = conflicts(tmp_path, empty_file(people=[person]))
    assert 'conflict: editorial_note: the database has "Tên theo bài báo; chưa đối chiếu.", ' \
           'the file "Khác."' in line
    event = dict(data["events"][0], editorial_note="")
    assert "nothing to change" in run_import(tmp_path, empty_file(events=[event]))


def test_a_file_marking_one_fact_uncertain_keeps_the_others_marks(docs, tmp_path):
    da34 = docs["da34"]
    Document.objects.filter(pk=da34.pk).update(
        uncertain={"term": {"reason": "inferred"}, "title": {"reason": "descriptive"}})
    item = {"slug": da34.slug, "doc_type": "de_an", "title": da34.title,
            "uncertain": {"issued_date": {"reason": "single_source"}}}
    lines, failed = dry_run(tmp_path, empty_file(documents=[item]))
    assert not failed
    assert f"documents/{da34.slug}: added: uncertain/issued_date" in lines
    run_import(tmp_path, empty_file(documents=[item]))
    da34.refresh_from_db()
    assert da34.uncertain == {"term": {"reason": "inferred"}, "title": {"reason": "descriptive"},
                              "issued_date": {"reason": "single_source"}}
    # another reason for a marked fact: a conflict, nothing written
    item["uncertain"] = {"term": {"reason": "single_source"}}
    (line,) = conflicts(tmp_path, empty_file(documents=[item]))
    assert "conflict: uncertain/term: the database has " in line
    # --replace: the file's marks are the document's
    run_import(tmp_path, empty_file(documents=[item]), "--replace")
    da34.refresh_from_db()
    assert da34.uncertain == {"term": {"reason": "single_source"}}
