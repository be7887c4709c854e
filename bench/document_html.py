"""The document page's HTML, for comparing two versions of the code on one database.

    DEBUG=false DATABASE_URL=postgres://root@127.0.0.1:5432/<a copy> \\
        .venv/bin/python bench/document_html.py --tree /work/main --out /tmp/main.json
    DEBUG=false DATABASE_URL=… .venv/bin/python bench/document_html.py --out /tmp/mine.json \\
        --compare /tmp/main.json

Picks documents covering every kind of part the page shows (:data:`KINDS`: co-issuers, files,
targets with figures and quotes, sources, events with people, texts, status statements,
replacing, repealing and amending links, inferred links, uncertain facts, places reorganised
by a resolution, ambiguous symbols, placeholder titles, long link lists cut…; up to
``--per-kind`` of each, and the benchmark's document), requests each page in Vietnamese and in
English through Django's handler (nothing cached, as ``bench/document_page.py``), twice (the
first request may render the kept parts, the second reads them), and writes ``{address:
html}`` with the CSP nonce blanked. ``--tree`` runs another checkout's code (its templates,
modules and settings) against the same database. ``--compare`` prints the addresses whose HTML
differs from the file given, with the first differing lines, and exits 1 when any does.
Reads only — except the kept parts (``documents.renderings``), which the page writes itself:
point it at a copy of a shared database."""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
from pathlib import Path

#: SQL conditions on ``d`` (documents_document) naming the documents of each kind of part.
KINDS = {
    "co-issuers": "EXISTS (SELECT 1 FROM documents_documentcoissuer x WHERE x.document_id = d.id)",
    "files": "EXISTS (SELECT 1 FROM documents_documentfile x WHERE x.document_id = d.id)",
    "targets": "EXISTS (SELECT 1 FROM documents_target x WHERE x.document_id = d.id)",
    "target quotes": "EXISTS (SELECT 1 FROM documents_target x WHERE x.document_id = d.id "
                     "AND x.quote <> '')",
    "target provisions": "EXISTS (SELECT 1 FROM documents_target x WHERE x.document_id = d.id "
                         "AND x.provision <> '')",
    "sources": "EXISTS (SELECT 1 FROM documents_sourcemention x WHERE x.document_id = d.id)",
    "source quotes": "EXISTS (SELECT 1 FROM documents_sourcemention x "
                     "WHERE x.document_id = d.id AND x.quote <> '')",
    "events": "EXISTS (SELECT 1 FROM documents_event_documents x WHERE x.document_id = d.id)",
    "event people": "EXISTS (SELECT 1 FROM documents_event_documents x "
                    "JOIN documents_eventparticipant p ON p.event_id = x.event_id "
                    "WHERE x.document_id = d.id)",
    "texts": "EXISTS (SELECT 1 FROM documents_documenttext x WHERE x.document_id = d.id)",
    "statements": "EXISTS (SELECT 1 FROM documents_statusstatement x WHERE x.document_id = d.id)",
    "replaced": "EXISTS (SELECT 1 FROM documents_documentlink x WHERE x.to_document_id = d.id "
                "AND x.kind = 'replaces')",
    "repealed": "EXISTS (SELECT 1 FROM documents_documentlink x WHERE x.to_document_id = d.id "
                "AND x.kind = 'repeals')",
    "amended": "EXISTS (SELECT 1 FROM documents_documentlink x WHERE x.to_document_id = d.id "
               "AND x.kind = 'amends')",
    "link quotes": "EXISTS (SELECT 1 FROM documents_documentlink x WHERE (x.from_document_id = "
                   "d.id OR x.to_document_id = d.id) AND x.quote <> '')",
    "link provisions": "EXISTS (SELECT 1 FROM documents_documentlink x WHERE "
                       "x.from_document_id = d.id AND x.provision <> '')",
    "link notes": "EXISTS (SELECT 1 FROM documents_documentlink x WHERE (x.from_document_id = "
                  "d.id OR x.to_document_id = d.id) AND x.note <> '')",
    "uncertain links": "EXISTS (SELECT 1 FROM documents_documentlink x WHERE "
                       "(x.from_document_id = d.id OR x.to_document_id = d.id) "
                       "AND x.uncertain <> '{}'::jsonb)",
    "many links": "(SELECT count(*) FROM documents_documentlink x "
                  "WHERE x.to_document_id = d.id) > 50",
    "reorganised places": "EXISTS (SELECT 1 FROM documents_locality_successors x "
                          "WHERE x.document_id = d.id)",
    "uncertain facts": "d.uncertain <> '{}'::jsonb",
    "topics": "EXISTS (SELECT 1 FROM documents_document_topics x WHERE x.document_id = d.id)",
    "no place": "d.locality_id IS NULL",
    "no issuer": "d.issuing_body_id IS NULL",
    "no symbol": "d.symbol = ''",
    "summary": "d.summary <> ''",
    "date note": "d.date_note <> ''",
    "signer": "(d.signer_id IS NOT NULL OR d.signer_title <> '')",
    "term": "d.term_id IS NOT NULL",
    "period": "(d.period_start IS NOT NULL OR d.period_end IS NOT NULL)",
    "effective": "(d.effective_from IS NOT NULL OR d.effective_to IS NOT NULL)",
    "symbol as written": "d.symbol_as_written <> '' AND d.symbol_as_written <> d.symbol",
    "known by reference": "d.known_by_reference",
    "planned": "d.status IN ('planned', 'drafting')",
    "not demo": "d.slug NOT LIKE 'demo-%%'",
}


def pick(connection, per_kind: int) -> list[tuple[str, str]]:
    """``(kind, slug)``: up to *per_kind* documents of each of :data:`KINDS` (spread through
    the catalogue: every n-th of those found), with the benchmark's document first."""
    from bench.database import DOCUMENT_SQL

    chosen: dict[str, str] = {}
    with connection.cursor() as cursor:
        cursor.execute(DOCUMENT_SQL)
        row = cursor.fetchone()
        if row:
            chosen[row[0]] = "bench"
        for kind, condition in KINDS.items():
            try:
                cursor.execute(
                    f"SELECT slug FROM (SELECT d.slug, row_number() OVER (ORDER BY d.id) AS n, "
                    f"count(*) OVER () AS total FROM documents_document d WHERE {condition}) s "
                    f"WHERE (n - 1) %% greatest(1, total / %s) = 0 ORDER BY n LIMIT %s",
                    [per_kind, per_kind])
            except Exception as error:  # a column this version lacks
                print(f"{kind}: {error}", file=sys.stderr)
                connection.rollback() if connection.in_atomic_block else None
                continue
            found = [slug for (slug,) in cursor.fetchall()]
            print(f"{kind}: {len(found)}", file=sys.stderr)
            for slug in found:
                chosen.setdefault(slug, kind)
    return sorted(chosen.items(), key=lambda item: item[0])


NONCE = re.compile(r'nonce="[^"]*"')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tree", default=str(Path(__file__).resolve().parents[1]),
                        help="the checkout whose code renders the pages")
    parser.add_argument("--out", required=True)
    parser.add_argument("--per-kind", type=int, default=3)
    parser.add_argument("--slugs", help="a file of slugs (one a line) instead of picking")
    parser.add_argument("--compare", help="the file of another run to compare with")
    args = parser.parse_args()

    tree = Path(args.tree).resolve()
    os.chdir(tree)
    sys.path.insert(0, str(tree))
    sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # this bench package
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")
    os.environ["PAGE_CACHE_URL"] = os.environ["CACHE_URL"] = "dummycache://"
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    assert Path(settings.BASE_DIR).resolve() == tree, settings.BASE_DIR
    if args.slugs:
        slugs = [line.strip() for line in Path(args.slugs).read_text().splitlines()
                 if line.strip()]
    else:
        slugs = [slug for slug, _kind in pick(connection, args.per_kind)]
    print(f"{len(slugs)} documents from {tree}", file=sys.stderr)
    client = Client(HTTP_HOST="127.0.0.1")
    pages = {}
    for slug in slugs:
        for prefix in ("", "/en"):
            address = f"{prefix}/documents/{slug}/"
            for attempt in ("first", "kept"):
                response = client.get(address)
                if response.status_code != 200:
                    print(f"{address}: {response.status_code}", file=sys.stderr)
                    return 1
                html = NONCE.sub('nonce=""', response.content.decode())
                key = address if attempt == "kept" else f"{address} (first)"
                pages[key] = html
    Path(args.out).write_text(json.dumps(pages, ensure_ascii=False, indent=0))
    print(f"{len(pages)} pages written to {args.out}", file=sys.stderr)
    if not args.compare:
        return 0
    other = json.loads(Path(args.compare).read_text())
    differing = [key for key in pages if other.get(key) != pages[key]]
    missing = [key for key in other if key not in pages]
    for key in differing[:10]:
        print(f"--- {key}")
        diff = difflib.unified_diff((other.get(key) or "").splitlines(),
                                    pages[key].splitlines(), lineterm="", n=1)
        print("\n".join(list(diff)[:40]))
    print(f"{len(pages)} pages compared: {len(differing)} differ, {len(missing)} missing")
    return 1 if differing or missing else 0


if __name__ == "__main__":
    sys.exit(main())
