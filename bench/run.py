#!/usr/bin/env python3
"""The catalogue's benchmark: ``make bench`` (or ``.venv/bin/python bench/run.py``).

1. Builds the benchmark database if it is missing: PostgreSQL ``catalogue_bench`` (or
   ``catalogue_bench_1m`` for ``--documents 1000000``, one per size:
   ``database.default_url``; or ``BENCH_DATABASE_URL``), migrated, with the seed data and
   ``generate_demo_data --documents 100000 --seed 1``, and exports it to SQLite for
   Datasette.
2. Starts gunicorn the way production does (``catalogue.wsgi`` application, sync workers,
   ``DEBUG`` off, whitenoise static files, persistent database connections), on a free
   loopback port, with ``bench.settings`` (production settings plus a trivial view, the
   framework's ceiling on this machine), twice:
   - **cold**: the page cache off (``PAGE_CACHE_URL=dummycache://``): every request runs its
     view;
   - **warm**: the page cache on, in a Redis database of its own
     (``PAGE_CACHE_URL=redis://127.0.0.1:6379/2``), as in production.
3. Drives each address with ``wrk`` (Debian package ``wrk``): a short warm-up, then
   ``--duration`` seconds with ``--connections`` clients; in the cold run also one client
   alone (latency without queueing). Samples the resident memory of every gunicorn worker.
4. Runs Datasette (installed in its own virtual environment, ``bench/.datasette-venv``) on
   the same documents exported to SQLite, on the comparable operations: a filtered, faceted
   list, a full-text search and a single row.
5. Optionally times ``import_dataset`` of the whole 100.000-document interchange file into an
   empty database (``--import-test``).

Prints one table and writes it as JSON (``bench/results/latest.json``). Nothing here is part
of CI. This module runs the steps; what they measure is in ``scenarios``, the database in
``database``, the servers in ``servers``, ``wrk`` in ``load``, the table and aims in
``report``. Needs PostgreSQL on 127.0.0.1:5432 (user root) and Redis on 127.0.0.1:6379.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: bench.*

from bench import scenarios
from bench.common import RESULTS, log, manage
from bench.database import default_url, ensure_database, ensure_sqlite, import_test
from bench.load import measure, wrk
from bench.report import DOCS, aims, report, update_docs
from bench.servers import REDIS_PREFIX, REDIS_URL, datasette, flush_redis, gunicorn


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=int, default=8, help="seconds per address")
    parser.add_argument("--single-duration", type=int, default=10,
                        help="seconds per address with one client (cold run)")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--skip-datasette", action="store_true")
    parser.add_argument("--import-test", action="store_true",
                        help="also time import_dataset of the whole database (minutes)")
    parser.add_argument("--out", default=str(RESULTS / "latest.json"))
    parser.add_argument("--update-docs", action="store_true",
                        help="write the table and the aims into docs/PERFORMANCE.md")
    args = parser.parse_args()

    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
        return 2
    url = os.environ.get("BENCH_DATABASE_URL") or default_url(args.documents)
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "false", "LOG_LEVEL": "WARNING"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    facts = ensure_database(url, args.documents, args.seed, env)
    log(f"database: {facts['documents']} documents, {facts['links']} links, "
        f"{facts['targets']} targets, {facts['localities']} places ({facts['size']})")
    manage("collectstatic", "--noinput", "-v0", env=env)

    pages = scenarios.pages(facts)
    server_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.settings", "CACHE_URL": REDIS_URL,
                  "PAGE_CACHE_URL": REDIS_URL, "CACHE_KEY_PREFIX": REDIS_PREFIX,
                  "RELEASE": f"bench-{time.time():.0f}"}
    result = {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "database": facts, "workers": args.workers, "connections": args.connections,
        "duration_s": args.duration, "pages": dict(pages), "worker_rss_mb": {},
    }
    for mode in ("cold", "warm"):
        flush_redis()
        mode_env = {**server_env, "PAGE_MAX_AGE": "600"}
        if mode == "cold":
            # Nothing cached anywhere: no pages, and no drawn graphs either (the document
            # page's picture is otherwise kept by the hash of its source).
            mode_env.update({"CACHE_URL": "dummycache://", "PAGE_CACHE_URL": "dummycache://"})
        with gunicorn(f"gunicorn-{mode}", mode_env, args.workers) as server:
            log(f"{mode}: gunicorn on port {server.port}, {args.workers} workers")
            result[mode] = measure(server, pages, args, single=(mode == "cold"))
            # The ceiling again at the end (the machine is shared: its speed drifts); the
            # ratios use the mean of both runs.
            again = wrk(server.url(scenarios.CEILING), args.duration, args.connections)
            ceiling = result[mode]["ceiling"]
            ceiling["rps_runs"] = [ceiling["rps"], again["rps"]]
            ceiling["rps"] = round((ceiling["rps"] + again["rps"]) / 2, 1)
            result["worker_rss_mb"][mode] = server.worker_rss_mb()
    flush_redis()

    if not args.skip_datasette:
        db = ensure_sqlite(env, facts)
        operations = scenarios.datasette_operations(facts)
        with datasette(db) as server:
            log(f"Datasette on port {server.port}")
            result["datasette"] = measure(server, operations, args, single=True)
            result["datasette_rss_mb"] = server.worker_rss_mb()
        result["datasette_pages"] = dict(operations)

    if args.import_test:
        log("timing import_dataset of the whole database (export, then import)")
        result["import"] = import_test(url, env)

    table = report(result)
    result["table"] = table
    result["aims"] = aims(result)
    print()
    print(table)
    print()
    print("\n".join(result["aims"]))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    log(f"wrote {args.out}")
    if args.update_docs:
        update_docs(result)
        log(f"updated {DOCS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
