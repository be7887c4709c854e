"""What a cold document page costs in process, and where the time goes.

    DEBUG=false DATABASE_URL=postgres://root@127.0.0.1:5432/catalogue_bench \\
        .venv/bin/python bench/document_page.py [--requests 200] [--profile 25] [SLUG ...]

Without a slug, the benchmark's document (``bench/database.py``: a provincial plan with links
both ways) and 20 others taken evenly through the catalogue, each in Vietnamese and in English,
timed as ``bench/page_time.py`` times any page (its ``measure()``: Django's handler, ``DEBUG``
off, no page cache and no drawn-graph cache, twice to warm — the page's kept parts written as
its first reader would — then ``--requests`` times round-robin; wall time, queries, time in
SQL and CPU per address and for all; ``--profile N``, ``--sort``, ``--only``; ``--tree``: another
checkout's code).
Reads only — except the kept parts (``documents.renderings``), which the page writes itself
when missing or stale: point it at a copy of a shared database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("slugs", nargs="*")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--others", type=int, default=20,
                        help="documents taken evenly through the catalogue besides the bench's")
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument("--sort", default="cumulative", help="with --profile: pstats order")
    parser.add_argument("--tree", default=str(ROOT),
                        help="the project's directory whose code runs (to compare two trees)")
    parser.add_argument("--only", default="", metavar="REGEX",
                        help="with --profile: only the functions whose file or name match")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.page_time import measure, setup  # the same timing as the other pages

    setup(args.tree)
    from django.db import connection

    slugs = args.slugs or bench_slugs(connection, args.others)
    addresses = [prefix + f"/documents/{slug}/" for slug in slugs for prefix in ("", "/en")]
    return measure(addresses, args.requests, args.profile, args.sort, args.only)


def bench_slugs(connection, others: int) -> list[str]:
    """The benchmark's document (bench/database.py's query) and *others* spread evenly."""
    from bench.database import DOCUMENT_SQL  # (this checkout's: the same query in any tree)

    with connection.cursor() as cursor:
        cursor.execute(DOCUMENT_SQL)
        row = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM documents_document")
        total = cursor.fetchone()[0]
        step = max(1, total // max(1, others))
        cursor.execute(
            "SELECT slug FROM (SELECT slug, row_number() OVER (ORDER BY id) AS n "
            "FROM documents_document) s WHERE n %% %s = 1 LIMIT %s", [step, others])
        rest = [slug for (slug,) in cursor.fetchall()]
    return ([row[0]] if row else []) + rest


if __name__ == "__main__":
    sys.exit(main())
