#!/usr/bin/env python3
"""Export the catalogue's documents to one SQLite file for Datasette (the benchmark's
comparison): what a researcher would do with the interchange file and ``sqlite-utils``.

    DATABASE_URL=postgres://…/catalogue_bench .venv/bin/python bench/export_sqlite.py OUT.db

Tables: ``documents`` (one row per document, with its issuing body, place, province and the
folded searchable text), ``links`` (from, kind, to) and ``documents_fts`` (FTS5 over title and
search text, external content, which Datasette finds by itself and uses for ``_search``).
Indexes on the columns the comparison filters and facets on (type, status, year, province,
body) — the best case for Datasette.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")

SCHEMA = """
CREATE TABLE documents (
    id INTEGER PRIMARY KEY, slug TEXT, symbol TEXT, doc_type TEXT, title TEXT, summary TEXT,
    issuing_body TEXT, locality TEXT, province TEXT, level INTEGER, issued_date TEXT,
    issued_year INTEGER, status TEXT, period_start INTEGER, period_end INTEGER,
    search_text TEXT
);
CREATE TABLE links (id INTEGER PRIMARY KEY, from_id INTEGER REFERENCES documents(id),
                    kind TEXT, to_id INTEGER REFERENCES documents(id));
"""
INDEXES = """
CREATE INDEX documents_doc_type ON documents(doc_type);
CREATE INDEX documents_status ON documents(status);
CREATE INDEX documents_issued_year ON documents(issued_year);
CREATE INDEX documents_province ON documents(province);
CREATE INDEX documents_issuing_body ON documents(issuing_body);
CREATE INDEX links_from ON links(from_id);
CREATE INDEX links_to ON links(to_id);
CREATE VIRTUAL TABLE documents_fts USING fts5(title, search_text, content='documents',
                                              content_rowid='id');
INSERT INTO documents_fts(rowid, title, search_text)
    SELECT id, title, search_text FROM documents;
"""


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    out = Path(sys.argv[1])
    import django

    django.setup()
    from documents.models import Document, DocumentLink, Locality

    started = time.perf_counter()
    provinces = {
        loc.pk: loc.name for loc in Locality.objects.filter(level=1).only("pk", "name")
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.executescript(SCHEMA)
    rows = (
        Document.objects.order_by("id")
        .values_list(
            "id", "slug", "symbol", "doc_type", "title", "summary", "issuing_body__name",
            "locality__name", "locality__path", "locality__level", "issued_date",
            "issued_year", "status", "period_start", "period_end", "search_text",
        )
        .iterator(chunk_size=5000)
    )

    def documents():
        for (pk, slug, symbol, doc_type, title, summary, body, place, path, level, issued,
             year, status, start, end, text) in rows:
            ids = [int(p) for p in (path or "").strip("/").split("/") if p]
            province = next((provinces[i] for i in ids if i in provinces), None)
            yield (pk, slug, symbol, doc_type, title, summary, body, place, province, level,
                   issued.isoformat() if issued else None, year, status, start, end, text)

    db.executemany(f"INSERT INTO documents VALUES ({', '.join('?' * 16)})", documents())
    db.executemany(
        "INSERT INTO links VALUES (?, ?, ?, ?)",
        DocumentLink.objects.order_by("id")
        .values_list("id", "from_document_id", "kind", "to_document_id")
        .iterator(chunk_size=20000),
    )
    db.executescript(INDEXES)
    db.commit()
    db.execute("ANALYZE")
    db.close()
    tmp.replace(out)
    count = Document.objects.count()
    print(f"Wrote {out}: {count} documents ({time.perf_counter() - started:.1f} s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
