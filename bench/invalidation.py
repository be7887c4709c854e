#!/usr/bin/env python3
"""What one document's edit touches in the page cache, on the benchmark database.

    DATABASE_URL=postgres://root@127.0.0.1:5432/<a copy of catalogue_bench> \\
        .venv/bin/python bench/invalidation.py [--sample 300]

For a sample of documents (every n-th by id, plus the most linked one): the tags a save
touches (``documents.page_tags.change_tags``, computed once before and once after a save), the
queries and the time that takes, and how often a kind falls back to its whole-kind tag
(``documents``, ``places``, ``bodies``: every page of the kind is rendered again). Then the
cost of touching those tags in the database cache (the default ``PAGE_CACHE_URL``) and in
Redis (a key prefix of its own, removed afterwards; nothing is flushed), and of a request's
read of the version and its page's generations. Reads only the catalogue; writes only the
page-cache table and the Redis keys it names.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")


def _ms(values) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
    return f"p50 {statistics.median(values):.1f} ms, p95 {p95:.1f} ms, max {values[-1]:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from documents.models import Document, DocumentLink
    from documents.page_store import PageStore
    from documents.page_tags import BODIES, DOCUMENTS, PLACES, change_tags

    total = Document.objects.count()
    step = max(1, total // args.sample)
    ids = list(Document.objects.order_by("id").values_list("id", flat=True)[::step])
    most_linked = (DocumentLink.objects.values("to_document").annotate(n=Count("id"))
                   .order_by("-n").values_list("to_document", flat=True)[0])
    ids.append(most_linked)

    times, queries, sizes, coarse = [], [], [], {DOCUMENTS: 0, PLACES: 0, BODIES: 0}
    all_tags = []
    for pk in ids:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            tags = change_tags([pk])
            times.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured.captured_queries))
        sizes.append(len(tags))
        all_tags.append(tags)
        for kind in coarse:
            coarse[kind] += kind in tags
    print(f"{total} documents; {len(ids)} sampled (the most linked: id {most_linked})")
    print(f"tags of one document's state: {_ms(times)}; queries p50 "
          f"{statistics.median(queries):.0f}, max {max(queries)}; tags p50 "
          f"{statistics.median(sizes):.0f}, max {max(sizes)}")
    print("whole kind touched (share of edits): " + ", ".join(
        f"{kind} {100 * n / len(ids):.1f} %" for kind, n in coarse.items()))
    print(f"the most linked document touches: {sorted(all_tags[-1])[:8]}…")

    biggest = max(all_tags, key=len)
    for name, shared in (
        ("database cache", {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                            "LOCATION": "catalogue_page_cache"}),
        ("redis", {"BACKEND": "catalogue.redis_cache.RedisCache", "LOCATION": args.redis,
                   "KEY_PREFIX": f"bench-{uuid.uuid4().hex[:8]}"}),
    ):
        store = PageStore("", {"OPTIONS": {"SHARED": shared, "LOCAL_ENTRIES": 10}})
        bumps = []
        for tags in all_tags[:50] + [biggest]:
            started = time.perf_counter()
            store.bump(tags)
            bumps.append((time.perf_counter() - started) * 1000)
        reads = []
        page = (f"doc:{Document.objects.values_list('slug', flat=True).get(pk=ids[0])}",
                DOCUMENTS)
        store.read_state(page)
        for _ in range(200):
            started = time.perf_counter()
            store.read_state(page)
            reads.append((time.perf_counter() - started) * 1000)
        print(f"{name}: touching one edit's tags {_ms(bumps)} (the largest: {len(biggest)} "
              f"tags); a request's read of version and generations {_ms(reads)}")
        if name == "redis":
            client = store.shared._cache.get_client(None, write=True)
            keys = list(client.scan_iter(match=f"{shared['KEY_PREFIX']}:*"))
            if keys:
                client.delete(*keys)


if __name__ == "__main__":
    main()
