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
per summary), then the first request — what a reader arriving after the job meets.

Last, what several readers arriving at once after a change meet (``CONCURRENT`` threads, 8 by
default, each with its own connection, on the first address): each one's time — the recount
is done by one of them while the others wait for its answer (``catalogue_counts``);
``EACH_COUNTS=1`` for comparison: each reader counts, as before."""

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

    import threading

    from django.db import connections

    readers = int(os.environ.get("CONCURRENT", "8"))
    if os.environ.get("EACH_COUNTS"):  # for comparison: nobody waits, each reader counts
        from documents import catalogue_counts

        catalogue_counts.WAIT_S = 0
    took: list[float] = []

    def read(address: str) -> None:
        started = time.perf_counter()
        Client(HTTP_HOST="127.0.0.1").get(address)
        took.append((time.perf_counter() - started) * 1000)
        connections.close_all()

    advance_version(DEFAULT_DB_ALIAS)
    threads = [threading.Thread(target=read, args=(addresses[0],)) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"{addresses[0]}: {readers} readers at once after a change: "
          + ", ".join(f"{ms:.0f}" for ms in sorted(took)) + " ms")


if __name__ == "__main__":
    main(sys.argv[1:] or ["/documents/", "/", "/api/documents/"])
