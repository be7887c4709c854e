"""The catalogue as one SQLite file, for Datasette and spreadsheet users (and for the
benchmark's comparison with Datasette, bench/run.py).

    manage.py export_sqlite OUT.sqlite      (or: download it from the About page)

Tables: ``documents`` (one row per document, with its issuing body, place, province and
``search_text``, the folded searchable text), ``links`` (from, kind, to) and
``documents_fts`` (FTS5 over title and search text, external content, which Datasette finds
by itself and uses for ``_search``); the full texts: ``texts`` (one row per text of a
document: method, OCR confidence, the public page it was read from or its file's SHA-256)
and ``provisions`` (one row per Điều, Khoản, numbered part…: kind, anchor, label, heading,
body, page, ``url`` (the provision's address on the site) and ``search_text``, folded), with
``provisions_fts`` (FTS5 over label, heading and folded text, external content) so that
``/catalogue/provisions?_search=dao+tao`` finds the provisions saying ``đào tạo``.
FTS5 removes tone marks but keeps ``đ``;
``search_text`` is folded by the catalogue (``đ`` → ``d``, no diacritics), so ``dao tao``
finds ``đào tạo``. ``status`` is the status as of ``status_as_of`` (the day of the export)
by the catalogue's one rule (``DocumentQuerySet.with_status()``), with its reason
(``status_reason``, one of ``documents/domain/validity.py``'s ``REASONS``); the status typed
when the document was recorded is ``recorded_status``. Indexes on the columns one filters
and facets on (type, status, year, province, body).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import uuid
from pathlib import Path

from django.utils import translation

from documents.streaming import rows_by_id

SCHEMA = """
CREATE TABLE documents (
    id INTEGER PRIMARY KEY, slug TEXT, symbol TEXT, doc_type TEXT, title TEXT, summary TEXT,
    issuing_body TEXT, locality TEXT, province TEXT, level INTEGER, issued_date TEXT,
    issued_year INTEGER, status TEXT, status_as_of TEXT, status_reason TEXT,
    recorded_status TEXT, period_start INTEGER, period_end INTEGER,
    search_text TEXT, uncertain TEXT
);
CREATE TABLE co_issuers (document_id INTEGER REFERENCES documents(id), position INTEGER,
                         issuing_body TEXT);
CREATE TABLE links (id INTEGER PRIMARY KEY, from_id INTEGER REFERENCES documents(id),
                    kind TEXT, to_id INTEGER REFERENCES documents(id));
CREATE TABLE texts (id INTEGER PRIMARY KEY, document_id INTEGER REFERENCES documents(id),
                    position INTEGER, method TEXT, ocr_confidence REAL, corrected INTEGER,
                    source_url TEXT, file_sha256 TEXT);
CREATE TABLE provisions (id INTEGER PRIMARY KEY, document_id INTEGER REFERENCES documents(id),
                         text_id INTEGER REFERENCES texts(id), position INTEGER, kind TEXT,
                         anchor TEXT, label TEXT, heading TEXT, body TEXT, page INTEGER,
                         url TEXT, search_text TEXT);
"""
INDEXES = """
CREATE INDEX documents_doc_type ON documents(doc_type);
CREATE INDEX documents_status ON documents(status);
CREATE INDEX documents_issued_year ON documents(issued_year);
CREATE INDEX documents_province ON documents(province);
CREATE INDEX documents_issuing_body ON documents(issuing_body);
CREATE INDEX co_issuers_document ON co_issuers(document_id);
CREATE INDEX co_issuers_issuing_body ON co_issuers(issuing_body);
CREATE INDEX links_from ON links(from_id);
CREATE INDEX links_to ON links(to_id);
CREATE VIRTUAL TABLE documents_fts USING fts5(title, search_text, content='documents',
                                              content_rowid='id');
INSERT INTO documents_fts(rowid, title, search_text)
    SELECT id, title, search_text FROM documents;
CREATE INDEX texts_document ON texts(document_id);
CREATE INDEX provisions_document ON provisions(document_id, text_id, position);
CREATE VIRTUAL TABLE provisions_fts USING fts5(label, heading, search_text,
                                               content='provisions', content_rowid='id');
INSERT INTO provisions_fts(rowid, label, heading, search_text)
    SELECT id, label, heading, search_text FROM provisions;
"""


def write_sqlite(out: Path | str) -> int:
    """Write the catalogue to the SQLite file *out* (replaced whole, never half-written);
    returns the number of documents."""
    from documents.clock import today
    from documents.models import Document, DocumentCoIssuer, DocumentLink, Locality

    out = Path(out)
    day = today()
    as_of = day.isoformat()
    provinces = {
        loc.pk: loc.name for loc in Locality.objects.filter(level=1).only("pk", "name")
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f"{out.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
    db = sqlite3.connect(tmp)
    try:
        db.executescript(SCHEMA)
        rows = rows_by_id(  # in bounded memory (documents.streaming)
            Document.objects.with_status(day),
            "id", "slug", "symbol", "doc_type", "title", "summary", "issuing_body__name",
            "locality__name", "locality__path", "locality__level", "issued_date",
            "issued_year", "current_status", "status_reason", "status", "period_start",
            "period_end", "search_text", "uncertain",
        )

        def documents():
            for (pk, slug, symbol, doc_type, title, summary, body, place, path, level, issued,
                 year, status, reason, recorded, start, end, text, uncertain) in rows:
                ids = [int(p) for p in (path or "").strip("/").split("/") if p]
                province = next((provinces[i] for i in ids if i in provinces), None)
                yield (pk, slug, symbol, doc_type, title, summary, body, place, province, level,
                       issued.isoformat() if issued else None, year, status, as_of, reason,
                       recorded, start, end, text,
                       json.dumps(uncertain, ensure_ascii=False) if uncertain else None)

        db.executemany(f"INSERT INTO documents VALUES ({', '.join('?' * 20)})", documents())
        # a joint document's other issuers, in its order (the main one is documents.issuing_body)
        db.executemany(
            "INSERT INTO co_issuers VALUES (?, ?, ?)",
            DocumentCoIssuer.objects.order_by("document_id", "position", "id")
            .values_list("document_id", "position", "body__name").iterator(chunk_size=20000),
        )
        db.executemany(
            "INSERT INTO links SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM documents "
            "WHERE id = ?1) AND EXISTS (SELECT 1 FROM documents WHERE id = ?4)",
            rows_by_id(DocumentLink.objects.all(), "id", "from_document_id", "kind",
                       "to_document_id", chunk_size=20000),
        )
        _write_texts(db)
        db.executescript(INDEXES)
        db.commit()
        db.execute("ANALYZE")
        count = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    except BaseException:
        db.close()
        tmp.unlink(missing_ok=True)
        raise
    db.close()
    tmp.replace(out)
    return count


def _write_texts(db: sqlite3.Connection) -> None:
    """The documents' texts and their provisions (bodies as written, search text folded)."""
    from documents.models import DocumentText, Provision
    from documents.provision_refs import text_url

    texts = rows_by_id(DocumentText.objects.all(), "id", "document_id", "position", "method",
                       "ocr_confidence", "corrected", "source__url", "file__sha256")
    db.executemany(
        "INSERT INTO texts VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        ((pk, doc, pos, method, conf, bool(corrected), url or None, sha or None)
         for pk, doc, pos, method, conf, corrected, url, sha in texts),
    )
    provisions = rows_by_id(Provision.objects.all(), "id", "document_id", "document_text_id",
                            "position", "kind", "anchor", "label", "heading", "body", "page",
                            "document__slug", "search_text")
    # The address of the provision: text_url()'s (provision_refs.py), without loading each
    # document.
    with translation.override("vi"):
        prefix = text_url("SLUG")
    db.executemany(
        "INSERT INTO provisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((pk, doc, text, pos, kind, anchor, label, heading, body, page,
          prefix.replace("SLUG", slug) + "#" + anchor, folded)
         for pk, doc, text, pos, kind, anchor, label, heading, body, page, slug, folded
         in provisions),
    )


def fingerprint() -> str:
    """Changes whenever what :func:`write_sqlite` writes may have changed (a document saved,
    added or deleted; a link, co-issuer or status statement added or deleted; the day, which
    the status is computed as of): names the downloadable file."""
    from django.db.models import Count, Max

    from documents.clock import today
    from documents.models import (
        Document,
        DocumentCoIssuer,
        DocumentLink,
        Provision,
        StatusStatement,
    )

    docs = Document.objects.aggregate(n=Count("id"), changed=Max("updated_at"))
    links = DocumentLink.objects.aggregate(n=Count("id"), last=Max("id"))
    joint = DocumentCoIssuer.objects.aggregate(n=Count("id"), last=Max("id"))
    stated = StatusStatement.objects.aggregate(n=Count("id"), last=Max("id"))
    # provisions are rebuilt (new ids) whenever a text is extracted or corrected
    texts = Provision.objects.aggregate(n=Count("id"), last=Max("id"))
    text = (f"{docs['n']} {docs['changed']} {links['n']} {links['last']} {joint['n']} "
            f"{joint['last']} {stated['n']} {stated['last']} {texts['n']} {texts['last']} "
            f"{today().isoformat()}")
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def cached_file(directory: Path | str) -> Path:
    """The current catalogue as a SQLite file in *directory*, written if it is not there
    yet; older ones are removed."""
    directory = Path(directory)
    path = directory / f"catalogue-{fingerprint()}.sqlite"
    if not path.exists():
        write_sqlite(path)
        for old in directory.glob("catalogue-*.sqlite"):
            if old != path:
                old.unlink(missing_ok=True)
    return path
