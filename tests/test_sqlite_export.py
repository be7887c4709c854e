"""The catalogue as a SQLite file for Datasette and spreadsheets (``manage.py export_sqlite``,
the About page's download): the file opens with sqlite3 and its FTS5 index finds documents
the way a Vietnamese user types, without diacritics."""

from __future__ import annotations

import sqlite3

import pytest
from django.core.management import call_command

from documents.models import Document, DocumentLink

FTS = ("SELECT d.symbol FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
       "WHERE documents_fts MATCH ? ORDER BY d.id")


def _open(path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


@pytest.mark.django_db
def test_the_command_writes_a_file_whose_fts_finds_dao_tao_in_dao_tao(seed, tmp_path):
    out = tmp_path / "catalogue.sqlite"
    call_command("export_sqlite", str(out))
    db = _open(out)
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == Document.objects.count()
    assert db.execute("SELECT count(*) FROM links").fetchone()[0] == DocumentLink.objects.count()
    title = db.execute("SELECT title FROM documents WHERE symbol = '34-ĐA/TU'").fetchone()[0]
    assert "đào tạo" in title  # the text as published, diacritics and all
    found = [row[0] for row in db.execute(FTS, ["dao tao"])]
    assert "34-ĐA/TU" in found
    # FTS5 alone removes tone marks but keeps đ: the title column does not match "dao";
    # the folded search text does.
    assert "34-ĐA/TU" not in [row[0] for row in db.execute(FTS, ["title: dao"])]
    assert "34-ĐA/TU" in [row[0] for row in db.execute(FTS, ["search_text: dao"])]
    # Typed with diacritics, it is found too.
    assert "34-ĐA/TU" in [row[0] for row in db.execute(FTS, ['"đào tạo"'])]
    db.close()
    assert [p.name for p in tmp_path.iterdir()] == ["catalogue.sqlite"]  # no temporary left


@pytest.mark.django_db
def test_the_about_page_links_a_download_kept_until_the_data_change(seed, client, settings,
                                                                     tmp_path):
    settings.SQLITE_EXPORT_DIR = tmp_path / "exports"
    about = client.get("/about/").content.decode()
    assert 'href="/catalogue.sqlite"' in about
    response = client.get("/catalogue.sqlite")
    assert response.status_code == 200
    assert 'filename="catalogue.sqlite"' in response["Content-Disposition"]
    downloaded = tmp_path / "downloaded.sqlite"
    downloaded.write_bytes(b"".join(response.streaming_content))
    db = _open(downloaded)
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == Document.objects.count()
    db.close()
    (first,) = (tmp_path / "exports").iterdir()
    client.get("/catalogue.sqlite")
    assert list((tmp_path / "exports").iterdir()) == [first]  # not written again

    doc = Document.objects.get(symbol="34-ĐA/TU")
    doc.title = doc.title + " (sửa)"
    doc.save()
    response = client.get("/catalogue.sqlite")
    (second,) = (tmp_path / "exports").iterdir()
    assert second != first
    downloaded.write_bytes(b"".join(response.streaming_content))
    db = _open(downloaded)
    assert db.execute("SELECT title FROM documents WHERE id = ?", [doc.pk]).fetchone()[0] == (
        doc.title)
    db.close()


@pytest.mark.django_db
def test_texts_and_provisions_with_their_fts(db, tmp_path):
    from documents.models import DocumentText, Provision, Source
    from documents.text_search import provision_url

    doc = Document.objects.create(symbol="5-KH/TU", doc_type="ke_hoach", title="Kế hoạch")
    source = Source.objects.create(kind="official", publisher="Cổng", headline="Toàn văn",
                                   url="https://example.org/kh5")
    text = DocumentText.objects.create(document=doc, source=source, method="web_page",
                                       status="done", extracted="…")
    Provision(document_text=text, document=doc, position=0, kind="dieu", number="5",
              anchor="dieu-5", label="Điều 5", heading="Đào tạo",
              body="Xây dựng kế hoạch đào tạo, bồi dưỡng cán bộ.").save()
    Provision(document_text=text, document=doc, position=1, kind="dieu", number="6",
              anchor="dieu-6", label="Điều 6", body="Kinh phí thực hiện.").save()
    out = tmp_path / "catalogue.sqlite"
    call_command("export_sqlite", str(out))
    db_ = _open(out)
    assert db_.execute("SELECT document_id, method, source_url FROM texts").fetchall() == [
        (doc.pk, "web_page", "https://example.org/kh5")]
    fts = ("SELECT p.label, p.body, p.url FROM provisions_fts f JOIN provisions p "
           "ON p.id = f.rowid WHERE provisions_fts MATCH ?")
    (row,) = db_.execute(fts, ["boi duong"]).fetchall()
    fifth = Provision.objects.get(anchor="dieu-5")
    assert row == ("Điều 5", "Xây dựng kế hoạch đào tạo, bồi dưỡng cán bộ.", provision_url(fifth))
    assert db_.execute(fts, ['"đào tạo"']).fetchall()[0][0] == "Điều 5"
    assert db_.execute(fts, ["kinh phi"]).fetchall()[0][0] == "Điều 6"
    db_.close()
