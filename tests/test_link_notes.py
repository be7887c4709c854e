"""A link's public note says what a reader needs; why the link is not a stated fact is its
uncertainty mark (issue 14). The seed's and the central corpus's link notes used to begin
"Suy luận: …" (or end "… liên kết suy ra"), repeating in public text what the mark already
said: the curators' reasoning is now the mark's note, shown beside the link as "chưa chắc
chắn (suy ra từ ngữ cảnh)", and a curator's speculation is an editorial note (admins only).
Migration 0100 moves the same on a database seeded before; the interchange file carries both."""

from __future__ import annotations

import importlib
import json
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Q
from page_helpers import attr, find_all, page_html, text
from public_urls import samples
from test_interchange import empty_database, export_text, run_import

from documents.models import Document, DocumentLink

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LINK_FILES = ("seed.json", "central.json", "central_pending.json")
#: How a curator's reasoning begins or ends: never a link's public note.
REASONING = ("suy luận", "suy ra", "không nêu rõ", "người biên soạn", "chưa kiểm chứng")
#: Never in any public answer (the link notes' old prefix).
PREFIX = "Suy luận:"


def _reasoning(note: str) -> list[str]:
    return [word for word in REASONING if word in note.lower()]


def _fixture_link_notes():
    seed = json.loads((FIXTURES / "seed.json").read_text(encoding="utf-8"))
    for obj in seed:
        if obj["model"] == "documents.documentlink":
            yield f"seed link {obj['pk']}", obj["fields"].get("note", "")
    for name in LINK_FILES[1:]:
        data = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
        for link in data["links"]:
            yield f"{name} {link['from']} {link['kind']} {link['to']}", link.get("note", "")


def test_no_link_note_in_the_fixtures_holds_the_curators_reasoning():
    found = [(what, _reasoning(note)) for what, note in _fixture_link_notes() if _reasoning(note)]
    assert found == []


@pytest.fixture
def catalogue(db):
    """The seed and the central corpus, loaded as ``make run`` loads them."""
    call_command("load_seed", verbosity=0)
    call_command("import_dataset", str(FIXTURES / "central.json"), stdout=StringIO(),
                 stderr=StringIO())


def _answer(client, url: str) -> tuple[str, str]:
    """(content type, text) of *url*'s answer."""
    response = client.get(url)
    assert response.status_code in (200, 301, 302), url
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return response.get("Content-Type", ""), raw.decode("utf-8", errors="replace")


def _body(client, url: str) -> str:
    return _answer(client, url)[1]


@pytest.mark.django_db
def test_no_public_answer_shows_a_links_reasoning_as_its_note(client, catalogue):
    linked = Document.objects.filter(
        Q(outgoing_links__isnull=False) | Q(incoming_links__isnull=False)).distinct()
    marked = DocumentLink.objects.filter(uncertain__has_key="link").select_related(
        "from_document", "to_document")
    assert marked.count() >= 11  # the seed's 9 and the corpus's own
    for link in DocumentLink.objects.all():
        assert not _reasoning(link.note), (str(link), link.note)
    urls = [url for _name, url, _kind in samples()]
    urls += [u for d in linked for u in (d.get_absolute_url(), f"/api/documents/{d.slug}/")]
    ends = {lk.from_document for lk in marked} | {lk.to_document for lk in marked}
    urls += [u for d in ends for u in (d.get_absolute_url() + "graph/",
                                       f"/documents/{d.slug}/graph.json")]
    urls += ["/api/links/", "/api/links/?inferred=true", "/graph.json",
             "/documents/export.json", "/documents/export.csv"]
    for url in urls:
        kind, body = _answer(client, url)
        assert PREFIX not in body, url
        if kind.startswith("text/html"):
            for note in find_all(body, "p", class_="link-note"):
                assert not _reasoning(text(note)), (url, text(note))
    for row in client.get("/api/links/", {"page_size": 200}).json()["results"]:
        assert not _reasoning(row["note"]), row


@pytest.mark.django_db
def test_the_reason_is_shown_beside_the_link_as_its_mark(client, catalogue):
    """Each marked link, on the page of the document it starts from: the mark
    "chưa chắc chắn (…)" and its note, the reasoning the public note used to repeat."""
    for link in DocumentLink.objects.filter(uncertain__has_key="link").select_related(
            "from_document", "to_document"):
        mark = link.uncertain["link"]
        assert mark.get("note"), f"{link}: the reason's words for the reader"
        html = page_html(client.get(link.from_document.get_absolute_url()))
        items = [li for li in find_all(html, "li", class_="inferred")
                 if link.to_document.get_absolute_url() in
                 [attr(a, "href") for a in find_all(li, "a")]]
        assert items, str(link)
        shown = [(attr(m, "data-reason"), text(m)) for li in items
                 for m in find_all(li, "span", class_="uncertain-mark")
                 if attr(m, "data-fact") == "link"]
        assert mark["reason"] in {reason for reason, _ in shown}, str(link)
        assert all(words.startswith("chưa chắc chắn (") for _, words in shown), shown
        notes = [text(n) for li in items for n in find_all(li, "span", class_="uncertain-note")]
        assert mark["note"] in notes, str(link)
    # 15-ĐA/QU → 21-ĐA/TU: the seed's first inference, in the reader's words
    page = _body(client, Document.objects.get(symbol="15-ĐA/QU").get_absolute_url())
    assert "chưa chắc chắn (suy ra từ ngữ cảnh)" in page
    assert "bài không nói thẳng 15-ĐA/QU triển khai 21-ĐA/TU" in page
    # the API says the same: the mark with its note, no reasoning as the note
    row = next(r for r in client.get("/api/links/", {"inferred": "true"}).json()["results"]
               if r["from_document"]["slug"] == "15-da-qu")
    assert row["note"] == "" and "không nói thẳng" in row["uncertain"]["link"]["note"]


@pytest.mark.django_db
def test_the_curators_speculation_is_an_editorial_note(client, catalogue):
    link = DocumentLink.objects.get(from_document__symbol="210-TB/TU", kind="references")
    assert "chưa kiểm chứng" in link.editorial_note
    assert "chưa kiểm chứng" not in _body(client, link.from_document.get_absolute_url())
    assert "chưa kiểm chứng" not in _body(client, link.to_document.get_absolute_url())


@pytest.mark.django_db
def test_the_interchange_round_trip_carries_the_reason(catalogue, tmp_path):
    before = {(lk.from_document.slug, lk.kind, lk.to_document.slug):
              (lk.note, lk.uncertain, lk.editorial_note)
              for lk in DocumentLink.objects.select_related("from_document", "to_document")}
    first = export_text()
    exported = {(lk["from"], lk["kind"], lk["to"]): lk for lk in json.loads(first)["links"]}
    key = ("15-da-qu", "implements", "21-da-tu")
    assert exported[key]["uncertain"]["link"]["note"].startswith("Bài viết nêu hai đề án")
    assert not exported[key].get("note")
    empty_database()
    run_import(tmp_path, first)
    after = {(lk.from_document.slug, lk.kind, lk.to_document.slug):
             (lk.note, lk.uncertain, lk.editorial_note)
             for lk in DocumentLink.objects.select_related("from_document", "to_document")}
    assert after == before
    assert export_text() == first


@pytest.mark.django_db
def test_the_migration_moves_the_reasoning_of_a_database_seeded_before(catalogue):
    migration = importlib.import_module("documents.migrations.0022_link_notes_reasons")
    model = apps.get_model("documents", "DocumentLink")

    def link(ends):
        source, kind, target = ends
        return model.objects.get(from_document__slug=source, kind=kind, to_document__slug=target)

    for ends, field, old, _new in migration.LINK_CHANGES:
        model.objects.filter(pk=link(ends).pk).update(**{field: old})
    edited = migration.LINK_CHANGES[0][0]
    model.objects.filter(pk=link(edited).pk).update(note="Sửa bởi quản trị.")
    assert link(("21-da-tu", "implements", "18-nq-tw")).note.startswith(PREFIX)
    migration.forward(apps, None)
    for ends, field, _old, new in migration.LINK_CHANGES:
        value = getattr(link(ends), field)
        if (ends, field) == (edited, "note"):
            assert value == "Sửa bởi quản trị."  # an admin's edit is kept
        else:
            assert value == new, (ends, field)
    migration.backward(apps, None)
    assert link(("21-da-tu", "implements", "18-nq-tw")).note.startswith(PREFIX)
