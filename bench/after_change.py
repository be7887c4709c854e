"""What the first request after a change costs: the counts and summaries kept per change of the
catalogue (documents/catalogue_counts.py) are recounted by the first request that needs them.

    DEBUG=false DATABASE_URL=postgres://root@127.0.0.1:5432/catalogue_bench_1m \\
        .venv/bin/python bench/after_change.py /documents/ / /api/documents/ /places/ha-noi/

For each address: requested once (the process's own first request compiles templates and loads
what it needs: not what a change costs), then the catalogue's version is advanced (as any change
does) and the address requested twice in-process with no page cache — the first request
recounts, the next reads what was kept. Prints both times; changes no catalogue data.

Then the same with the job a change sends when there is a job queue
(``documents/kept_refresh.py``): the version advanced, the job's work done (its time printed
per summary), then the first request — what a reader arriving after the job meets."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def main(addresses: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")
    os.environ["PAGE_CACHE_URL"] = os.environ["CACHE_URL"] = "dummycache://"
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.db import DEFAULT_DB_ALIAS
    from django.test import Client

    from documents.catalogue_counts import advance_version

    client = Client(HTTP_HOST="127.0.0.1")
    for address in addresses:
        client.get(address)  # the process warmed up, and what is kept kept
        advance_version(DEFAULT_DB_ALIAS)
        times = []
        for _ in range(2):
            started = time.perf_counter()
            status = client.get(address).status_code
            times.append((time.perf_counter() - started) * 1000)
        print(f"{address}: first after a change {times[0]:.0f} ms, next {times[1]:.0f} ms "
              f"({status})")

    from documents.kept_refresh import refresh

    advance_version(DEFAULT_DB_ALIAS)
    for name, ms in refresh().items():
        print(f"job after a change: {name} {ms:.0f} ms")
    for address in addresses:
        started = time.perf_counter()
        status = client.get(address).status_code
        print(f"{address}: first after the job {(time.perf_counter() - started) * 1000:.0f} ms "
              f"({status})")


if __name__ == "__main__":
    main(sys.argv[1:] or ["/documents/", "/", "/api/documents/"])
