"""What a cold document page costs in process, and where the time goes.

    DEBUG=false DATABASE_URL=postgres://root@127.0.0.1:5432/catalogue_bench \\
        .venv/bin/python bench/document_page.py [--requests 200] [--profile 25] [SLUG ...]

Without a slug, the benchmark's document (``bench/database.py``: a provincial plan with links
both ways) and 20 others taken evenly through the catalogue. Each address is requested through
Django's handler (the test client, ``DEBUG`` off, no page cache and no drawn-graph cache: the
benchmark's cold mode), in Vietnamese and in English, once to warm the process (and to keep
the page's kept parts, as its first reader would), then ``--requests`` times round-robin.
Prints the median and 90th percentile wall time per request, the queries per request and the
time spent in them; ``--profile N`` adds cProfile's N costliest functions (cumulative;
``--only REGEX``: of the files or functions matching).
Reads only — except the kept parts (``documents.renderings``), which the page writes itself
when missing or stale: point it at a copy of a shared database."""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("slugs", nargs="*")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--others", type=int, default=20,
                        help="documents taken evenly through the catalogue besides the bench's")
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument("--only", default="", metavar="REGEX",
                        help="with --profile: only the functions whose file or name match")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")
    os.environ["PAGE_CACHE_URL"] = os.environ["CACHE_URL"] = "dummycache://"
    os.environ.setdefault("DEBUG", "false")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    slugs = args.slugs or bench_slugs(connection, args.others)
    addresses = [prefix + f"/documents/{slug}/" for slug in slugs for prefix in ("", "/en")]
    client = Client(HTTP_HOST="127.0.0.1")
    for address in addresses:  # warm: templates compiled, kept parts written
        for _ in range(2):
            status = client.get(address).status_code
            if status != 200:
                print(f"{address}: {status}", file=sys.stderr)
                return 1

    sql = {"n": 0, "s": 0.0}

    def timed(execute, query, params, many, context):
        started = time.perf_counter()
        try:
            return execute(query, params, many, context)
        finally:
            sql["n"] += 1
            sql["s"] += time.perf_counter() - started

    times, queries, sql_ms = [], [], []
    profiler = cProfile.Profile() if args.profile else None
    with connection.execute_wrapper(timed):
        for i in range(args.requests):
            address = addresses[i % len(addresses)]
            sql.update(n=0, s=0.0)
            if profiler:
                profiler.enable()
            started = time.perf_counter()
            client.get(address)
            elapsed = time.perf_counter() - started
            if profiler:
                profiler.disable()
            times.append(elapsed * 1000)
            queries.append(sql["n"])
            sql_ms.append(sql["s"] * 1000)
    print(f"{len(addresses)} addresses, {args.requests} requests: "
          f"p50 {statistics.median(times):.1f} ms, p90 {percentile(times, 0.9):.1f} ms; "
          f"queries per request p50 {statistics.median(queries):.0f} "
          f"(max {max(queries)}), in SQL p50 {statistics.median(sql_ms):.1f} ms")
    if profiler:
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(*([args.only] if args.only else []), args.profile)
    return 0


def bench_slugs(connection, others: int) -> list[str]:
    """The benchmark's document (bench/database.py's query) and *others* spread evenly."""
    from bench.database import DOCUMENT_SQL

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
