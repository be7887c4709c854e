"""The import's bulk path for the texts of new documents (documents/interchange/bulk_texts.py):
the same texts, provisions and link proposals as the one-by-one writer
(``documents.provisions.rebuild_provisions``), and still all or nothing."""

from __future__ import annotations

import json

import pytest
from django.core.management.base import CommandError
from test_document_text import TEXT, add_text, page_source  # noqa: F401 - the fixture
from test_interchange import empty_database, export_text, refused, run_import, snapshot

from documents.interchange.writing import Writer
from documents.models import DocumentText, Provision, Source, TextLinkProposal
from documents.provisions import rebuild_provisions

SECOND = """Điều 1. Phạm vi
Kế hoạch này triển khai Nghị quyết số 04-NQ/TU ngày 31/5/2021 của Thành ủy.
Điều 2. Tổ chức thực hiện
Các cơ quan thực hiện./."""


@pytest.fixture
def two_texts(docs, page_source):  # noqa: F811
    """The Đề án with two texts whose anchors collide (both have Điều 1, Điều 2), the second
    placed first on the page (position 0): its anchors are the prefixed ones all the same
    (the rank counts the texts written before it)."""
    add_text(docs["da34"], page_source, position=1)
    add_text(docs["da34"], Source.objects.create(
        kind="portal", publisher="Cổng TTĐT", headline="Kế hoạch", reference="kh-1",
        url="https://example.org/kh"), text=SECOND, position=0)
    return docs


def provisions() -> list[tuple]:
    """Every provision as readers see it (not its id: the two writers number them in another
    order), with its text's key and its parent's anchor."""
    return sorted(
        (p.document_text.source.headline, p.position, p.anchor, p.parent.anchor if p.parent
         else None, p.depth, p.kind, p.number, p.label, p.heading, p.body, p.page,
         p.search_text, str(p.search_vector))
        for p in Provision.objects.select_related("document_text__source", "parent"))


def proposals() -> list[tuple]:
    return sorted(TextLinkProposal.objects.values_list(
        "document_text__source__headline", "from_document__slug", "to_document__slug", "kind",
        "quote", "provision", "reference", "status"))


@pytest.mark.django_db
def test_the_bulk_path_writes_what_rebuild_provisions_writes(
        two_texts, tmp_path, django_capture_on_commit_callbacks):
    first = export_text()
    empty_database()
    with django_capture_on_commit_callbacks(execute=True):  # the proposals, after commit
        output = run_import(tmp_path, first)
    assert "texts: 2 created" in output
    assert export_text() == first
    bulk = provisions(), proposals()
    assert len(bulk[0]) == 9 + 2  # TEXT has 9 provisions, SECOND 2
    assert {row[2] for row in bulk[0]} >= {"dieu-1", "tep-2-dieu-1"}
    assert bulk[1], "the texts name Nghị quyết 04-NQ/TU: links are proposed"
    # the one-by-one writer, on the same texts in the same order: the same rows
    Provision.objects.all().delete()
    TextLinkProposal.objects.all().delete()
    for text in DocumentText.objects.order_by("pk"):
        rebuild_provisions(text)
    assert (provisions(), proposals()) == bulk


@pytest.mark.django_db
def test_proposals_wait_for_the_commit_and_skip_the_files_own_links(
        docs, page_source, tmp_path, django_capture_on_commit_callbacks):  # noqa: F811
    add_text(docs["da34"], page_source)
    data = json.loads(export_text())
    data["links"].append({"from": docs["da34"].slug, "kind": "based_on",
                          "to": docs["nq04"].slug})
    empty_database()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run_import(tmp_path, data)
    assert not TextLinkProposal.objects.exists()  # nothing before the commit
    for callback in callbacks:
        callback()
    # the text's "Căn cứ Nghị quyết 04" is the file's based_on link: not proposed again
    assert list(TextLinkProposal.objects.values_list("kind", flat=True)) == ["references"]


@pytest.mark.django_db
def test_an_error_late_in_the_file_writes_nothing(two_texts, tmp_path):
    data = json.loads(export_text())
    empty_database()
    data["events"].append({"kind": "meeting", "source": data["sources"][0]["reference"],
                           "date": "2023-02-30", "title": "Hội nghị"})
    errors = refused(tmp_path, data)
    assert any(line.startswith(f"/events/{len(data['events']) - 1}/date") for line in errors)
    assert not DocumentText.objects.exists() and not Provision.objects.exists()


@pytest.mark.django_db
def test_a_failure_after_the_texts_are_copied_rolls_everything_back(
        two_texts, tmp_path, monkeypatch):
    first = export_text()
    empty_database()
    before = snapshot()

    def broken(self):
        assert DocumentText.objects.count() == 2  # copied in already, inside the transaction
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Writer, "write_events", broken)
    with pytest.raises((RuntimeError, CommandError)):
        run_import(tmp_path, first)
    assert snapshot() == before
    assert not DocumentText.objects.exists() and not Provision.objects.exists()
