"""What cold pages cost in process, and where the time goes: any addresses.

    DEBUG=false DATABASE_URL=postgres://root@127.0.0.1:5432/h_copy \\
        .venv/bin/python bench/page_time.py [--requests 200] [--profile 25] [ADDRESS ...]

Without an address, the one-client pages of issue 17's aim that are lists: home, the list, the
list with three filters, the targets page and the API list (``bench/scenarios.py``'s
addresses). Each address is requested through Django's handler (the test client, ``DEBUG``
off, no page cache: the benchmark's cold mode), once to warm the process (templates compiled,
kept counts written when missing), then ``--requests`` times round-robin. Prints, per address
and for all, the median and 90th percentile wall time per request, the queries per request and
the time spent in them, and the process's CPU time per request (the Python side: steadier than
wall time on a loaded machine); ``--profile N`` adds cProfile's N costliest functions (cumulative;
``--only REGEX``: of the files or functions matching; ``--sort tottime`` for own time).
Reads only — except the kept counts (``documents.catalogue_counts``), which the pages write
themselves when missing or stale: point it at a copy of a shared database."""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

#: Issue 17's list pages (names as in bench/scenarios.py).
DEFAULT_ADDRESSES = [
    "/",
    "/documents/",
    "/documents/?type=ke_hoach&locality=ha-noi&year_from=2020",
    "/targets/",
    "/api/documents/",
]


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def setup(tree: str) -> None:
    """Django set up to run *tree*'s code as the benchmark's cold mode: ``DEBUG`` off, no
    page cache."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")
    os.environ["PAGE_CACHE_URL"] = os.environ["CACHE_URL"] = "dummycache://"
    os.environ.setdefault("DEBUG", "false")
    os.chdir(tree)
    sys.path.insert(0, str(Path(tree).resolve()))
    import django

    django.setup()


def measure(addresses: list[str], requests: int, profile: int = 0,
            sort: str = "cumulative", only: str = "") -> int:
    """Each of *addresses* requested twice to warm, then *requests* times round-robin; prints
    the figures per address and for all (the module's docstring); 1 when one does not answer
    200."""
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    for address in addresses:  # warm: templates compiled, kept counts and parts written
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

    per = {address: {"t": [], "q": [], "s": [], "c": []} for address in addresses}
    profiler = cProfile.Profile() if profile else None
    with connection.execute_wrapper(timed):
        for i in range(requests):
            address = addresses[i % len(addresses)]
            sql.update(n=0, s=0.0)
            if profiler:
                profiler.enable()
            started, cpu = time.perf_counter(), time.process_time()
            client.get(address)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            if profiler:
                profiler.disable()
            per[address]["t"].append(elapsed * 1000)
            per[address]["q"].append(sql["n"])
            per[address]["s"].append(sql["s"] * 1000)
            per[address]["c"].append(cpu * 1000)

    def line(name, t, q, s, c):
        return (f"{name[:58]:58} p50 {statistics.median(t):6.1f} p90 {percentile(t, 0.9):6.1f}"
                f" ms; queries {statistics.median(q):3.0f} (max {max(q):3d});"
                f" SQL p50 {statistics.median(s):5.1f} ms; CPU p50 {statistics.median(c):6.1f}")

    for address, got in per.items():
        if got["t"]:
            print(line(address, got["t"], got["q"], got["s"], got["c"]))
    every = {k: [v for got in per.values() for v in got[k]] for k in ("t", "q", "s", "c")}
    print(line(f"all ({len(addresses)} addresses, {requests} requests)",
               every["t"], every["q"], every["s"], every["c"]))
    if profiler:
        stats = pstats.Stats(profiler).sort_stats(sort)
        stats.print_stats(*([only] if only else []), profile)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("addresses", nargs="*")
    parser.add_argument("--requests", type=int, default=200,
                        help="requests in all, round-robin over the addresses")
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument("--sort", default="cumulative", help="with --profile: pstats order")
    parser.add_argument("--tree", default=str(Path(__file__).resolve().parents[1]),
                        help="the project's directory whose code runs (to compare two trees)")
    parser.add_argument("--only", default="", metavar="REGEX",
                        help="with --profile: only the functions whose file or name match")
    args = parser.parse_args()
    setup(args.tree)
    return measure(args.addresses or DEFAULT_ADDRESSES, args.requests, args.profile,
                   args.sort, args.only)


if __name__ == "__main__":
    sys.exit(main())
