#!/usr/bin/env python3
"""EXPLAIN every query of every public page and API endpoint on the benchmark database.

    DATABASE_URL=postgres://root@127.0.0.1:5432/catalogue_bench \\
        .venv/bin/python bench/explain.py [--verbose] [--json bench/results/explain.json]

For each address: the number of queries, their total and slowest time (EXPLAIN ANALYZE), and
every sequential scan of a table with more than ``--big`` rows (10.000 by default) — a page
that reads a whole large table instead of using an index. With ``--verbose`` the plan of each
query that scans is printed. Runs the views in-process through Django's test client (no page
cache), so it measures the database work only.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")
os.environ["PAGE_CACHE_URL"] = "dummycache://"


def addresses():
    """The public pages and API endpoints, with real slugs from the database."""
    from django.db.models import Count

    from bench.scenarios import TEXT_QUERY
    from documents.models import Document, DocumentLink, DocumentText, IssuingBody, Topic

    linked = (
        Document.objects.filter(slug__startswith="demo-", locality__level=1,
                                incoming_links__kind="implements")
        .order_by("id").values_list("slug", flat=True)[200]
    )
    most_cited = (
        DocumentLink.objects.values("to_document__slug").annotate(n=Count("id"))
        .order_by("-n").values_list("to_document__slug", flat=True)[0]
    )
    body = IssuingBody.objects.filter(slug__startswith="demo-", locality__level=1).order_by(
        "id").values_list("slug", flat=True)[0]
    topic = Topic.objects.order_by("id").values_list("slug", flat=True)[0]
    with_text = (DocumentText.objects.order_by("document_id")
                 .values_list("document__slug", flat=True)[0])
    return [
        ("home", "/"),
        ("list", "/documents/"),
        ("list, 3 filters", "/documents/?type=ke_hoach&locality=ha-noi&year_from=2020"),
        ("list, all filters", "/documents/?type=ke_hoach&type=de_an&status=in_force"
         f"&topic={topic}&locality=ha-noi&year_from=2015&year_to=2024&has_targets=yes"),
        ("list, page 200", "/documents/?page=200"),
        ("list, sort symbol", "/documents/?sort=symbol"),
        ("search", "/documents/?q=ke+hoach+luan+chuyen+can+bo"),
        ("search symbol", "/documents/?q=kh+188"),
        ("search typo", "/documents/?q=luan+chuyeen"),
        ("search titles", "/documents/?q=ke+hoach+luan+chuyen+can+bo&titles_only=on"),
        ("search in texts", "/documents/?q=" + TEXT_QUERY.replace(" ", "+")),
        ("document", f"/documents/{linked}/"),
        ("document most cited", f"/documents/{most_cited}/"),
        ("document graph", f"/documents/{linked}/graph/"),
        ("coverage", f"/documents/{linked}/coverage/"),
        ("document text", f"/documents/{with_text}/text/"),
        ("api document text", f"/api/documents/{with_text}/text/"),
        ("places", "/places/"),
        ("place country", "/places/viet-nam/"),
        ("place Hà Nội", "/places/ha-noi/"),
        ("place ward", "/places/viet-hung-00127-2025/"),
        ("place ward, below", "/places/viet-hung-00127-2025/?scope=below"),
        ("bodies", "/bodies/"),
        ("body", f"/bodies/{body}/"),
        ("targets", "/targets/"),
        ("targets Hà Nội 2025", "/targets/?locality=ha-noi&due_by=2025"),
        ("catalogue graph", "/graph/?locality=ha-noi"),
        ("about", "/about/"),
        ("feed", "/feeds/documents.atom"),
        ("feed place", "/feeds/places/ha-noi.atom"),
        ("sitemap", "/sitemap.xml"),
        ("sitemap documents", "/sitemap-documents.xml"),
        ("export csv", "/documents/export.csv?locality=ha-noi&year_from=2024"),
        ("api documents", "/api/documents/"),
        ("api documents filtered", "/api/documents/?locality=ha-noi&type=ke_hoach"),
        ("api document", f"/api/documents/{linked}/"),
        ("api localities", "/api/localities/"),
        ("api bodies", "/api/bodies/"),
        ("api targets", "/api/targets/"),
        ("api links", "/api/links/"),
    ]


def walk(plan, found):
    node_type = plan.get("Node Type", "")
    if node_type == "Seq Scan":
        found.append((plan.get("Relation Name"), plan.get("Actual Rows", 0) *
                      plan.get("Actual Loops", 1), plan.get("Plan Rows", 0)))
    for child in plan.get("Plans", []):
        walk(child, found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--big", type=int, default=10_000)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--json", help="write the findings here")
    parser.add_argument("--only", help="only addresses whose name contains this")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    sizes = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples FROM pg_class WHERE relkind = 'r'")
        sizes = {name: n for name, n in cursor.fetchall()}
    client = Client(raise_request_exception=True)
    client.get("/")  # warm up (imports, template loading)
    report = []
    print(f"{'address':26} {'st':>3} {'ms':>6} {'q':>3} {'sql ms':>7} {'max ms':>7}  scans")
    for name, url in addresses():
        if args.only and args.only not in name:
            continue
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            try:
                response = client.get(url)
            except Exception as exc:  # report and go on with the other addresses
                print(f"{name:26} ERR {type(exc).__name__}: {str(exc)[:80]}")
                continue
        elapsed = (time.perf_counter() - started) * 1000
        queries = []
        for query in ctx.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0]
            if isinstance(plan, str):
                plan = json.loads(plan)
            top = plan[0]
            found = []
            walk(top["Plan"], found)
            scans = [(rel, rows) for rel, rows, _est in found if sizes.get(rel, 0) > args.big]
            queries.append({"sql": sql, "ms": top["Execution Time"], "seq_scans": scans})
            if args.verbose:
                print(f"     {top['Execution Time']:7.1f} ms  {sql[:160]}")
            if scans and args.verbose:
                print(f"  -- scans: {sql[:400]}")
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN ANALYZE " + sql)
                    print("\n".join("     " + row[0] for row in cursor.fetchall()))
        total = sum(q["ms"] for q in queries)
        slowest = max((q["ms"] for q in queries), default=0)
        scans = sorted({rel for q in queries for rel, _rows in q["seq_scans"]})
        print(f"{name:26} {response.status_code:>3} {elapsed:6.0f} {len(ctx.captured_queries):3d}"
              f" {total:7.1f} {slowest:7.1f}  {', '.join(scans) or '-'}")
        report.append({"name": name, "url": url, "status": response.status_code,
                       "ms": round(elapsed, 1), "queries": len(ctx.captured_queries),
                       "sql_ms": round(total, 1), "slowest_ms": round(slowest, 1),
                       "seq_scans": scans})
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
