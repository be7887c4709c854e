"""Driving a server with ``wrk``: a warm-up, then the measured run with many clients and, when
asked, with one client alone once the server is idle again."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.request

from bench.common import ROOT, log
from bench.servers import Server

WRK_SCRIPT = ROOT / "bench" / "wrk_report.lua"


def wrk(url: str, seconds: float, connections: int, threads: int = 1) -> dict:
    argv = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{max(1, round(seconds))}s",
            "--timeout", "10s", "-s", str(WRK_SCRIPT), url]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    data = json.loads(next(line for line in out.splitlines() if line.startswith("{")))
    secs = data["duration_us"] / 1e6
    return {
        "rps": round(data["requests"] / secs, 1) if secs else 0.0,
        "p50_ms": round(data["p50_us"] / 1000, 1),
        "p90_ms": round(data["p90_us"] / 1000, 1),
        "p99_ms": round(data["p99_us"] / 1000, 1),
        "max_ms": round(data["max_us"] / 1000, 1),
        "requests": data["requests"],
        "errors": data["socket_errors"] + data["non2xx"],
        "connections": connections,
    }


def check(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as r:
        body = r.read()
        return {"status": r.status, "bytes": len(body)}


def settle(server: Server, quiet_ms: float = 20.0, limit_s: float = 15.0) -> None:
    """Wait until the server has finished what the last run left queued.

    wrk stops after its duration, but the requests its connections had sent are still in
    gunicorn's backlog, and sync workers serve them even though nobody reads the answers: a
    run with one client started at once would time its first requests behind up to eight
    others (400–500 ms on the heavier pages, which was most of their p99). So: wait until the
    server's ready address (the trivial view) answers quickly five times in a row.
    """
    deadline = time.monotonic() + limit_s
    quick = 0
    while quick < 5 and time.monotonic() < deadline:  # five quick answers in a row, 1 s
        time.sleep(0.2)
        started = time.perf_counter()
        check(server.url(server.ready_path))
        quick = quick + 1 if (time.perf_counter() - started) * 1000 < quiet_ms else 0


def measure(server: Server, pages: list[tuple[str, str]], args, single: bool) -> dict:
    results = {}
    for name, path in pages:
        url = server.url(path)
        first = check(url)
        if first["status"] != 200:
            raise RuntimeError(f"{name}: {url} answered {first['status']}")
        wrk(url, args.warmup, args.connections)
        row = wrk(url, args.duration, args.connections)
        row["bytes"] = first["bytes"]
        if single:
            settle(server)
            solo = wrk(url, args.single_duration, 1)
            row.update({"solo_rps": solo["rps"], "solo_p50_ms": solo["p50_ms"],
                        "solo_p99_ms": solo["p99_ms"]})
        results[name] = row
        log(f"{server.name:9} {name:22} {row['rps']:8.1f} req/s  p50 {row['p50_ms']:6.1f}  "
            f"p99 {row['p99_ms']:6.1f} ms" + (f"  (1 client p99 {row['solo_p99_ms']} ms)"
                                              if single else ""))
    return results

