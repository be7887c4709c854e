#!/usr/bin/env python3
"""A bounded load test of the public site, on loopback only.

By default it starts the site itself with gunicorn on 127.0.0.1 (a free port), using the
current environment (``DATABASE_URL``, ``.env``…), then runs ``--clients`` concurrent
clients (64) for ``--duration`` seconds (30) over a weighted mix of public pages, API
endpoints, feeds, exports and static files, stops the server and reports:

- requests, requests per second, answers by status, latency percentiles per page kind;
- failures: any 5xx, any connection error or timeout, any unexpected status, and any error
  in the server's log (a traceback, an ``ERROR`` or ``CRITICAL`` line).

It exits with status 1 if there was any failure, 0 otherwise. ``--prepare`` first runs
``migrate``, ``load_seed`` and ``collectstatic`` (all idempotent), so a fresh database works.
``--url http://127.0.0.1:8000`` tests a server that is already running instead (its log is
then not checked); only loopback addresses are accepted.

    .venv/bin/python bench/loadtest.py --prepare                    # make load-test
    .venv/bin/python bench/loadtest.py --clients 16 --duration 5    # a quick look
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
LOG_FAILURE = re.compile(r"Traceback \(most recent call last\)|\bERROR\b|\bCRITICAL\b|\[ERROR\]")


# --- the page mix ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    kind: str
    path: str
    expect: tuple[int, ...] = (200,)


def _get_json(conn: http.client.HTTPConnection, path: str):
    conn.request("GET", path, headers={"Accept": "application/json"})
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"GET {path}: {response.status}")
    return json.loads(body)


def discover(host: str, port: int) -> list[tuple[Page, int]]:
    """The weighted mix, with real slugs read from the API."""
    conn = http.client.HTTPConnection(host, port, timeout=30)
    docs = [d["slug"] for d in _get_json(conn, "/api/documents/?page_size=200")["results"]]
    places = [p["slug"] for p in _get_json(conn, "/api/localities/?page_size=200")["results"]]
    bodies = [b["slug"] for b in _get_json(conn, "/api/bodies/?page_size=200")["results"]]
    conn.close()
    if not docs:
        raise RuntimeError("the catalogue is empty: load the seed data first (--prepare)")
    mix: list[tuple[Page, int]] = [
        (Page("home", "/"), 6),
        (Page("home", "/en/"), 2),
        (Page("list", "/documents/"), 6),
        (Page("list", "/documents/?page=2"), 2),
        (Page("search", "/documents/?q=" + quote("ke hoach 188")), 3),
        (Page("search", "/documents/?q=" + quote("đào tạo bồi dưỡng cán bộ")), 3),
        (Page("search", "/documents/?q=" + quote("34-DA/TU")), 2),
        (Page("list", "/documents/?locality=ha-noi&year_from=2020&year_to=2025"), 2),
        (Page("list", "/documents/?type=ke_hoach&sort=-date"), 1),
        (Page("bad-input", "/documents/?issued_from=31/02/2023&page=abc&type=zzz"), 1),
        (Page("places", "/places/"), 2),
        (Page("bodies", "/bodies/"), 2),
        (Page("targets", "/targets/"), 2),
        (Page("targets", "/targets/?locality=ha-noi&due_by=2025"), 2),
        (Page("about", "/about/"), 1),
        (Page("graph", "/graph/"), 1),
        (Page("api", "/api/documents/"), 3),
        (Page("api", "/api/documents/?q=" + quote("ke hoach")), 2),
        (Page("api", "/api/targets/"), 1),
        (Page("api", "/api/localities/"), 1),
        (Page("feed", "/feeds/documents.atom"), 2),
        (Page("export", "/documents/export.csv"), 1),
        (Page("export", "/targets/export.json"), 1),
        (Page("sitemap", "/sitemap.xml"), 1),
        (Page("static", "/static/css/site.css"), 2),
        (Page("not-found", "/documents/khong-co-van-ban-nay/", (404,)), 1),
        (Page("robots", "/robots.txt"), 1),
    ]
    for slug in docs:
        mix.append((Page("document", f"/documents/{slug}/"), 3))
        mix.append((Page("document", f"/en/documents/{slug}/"), 1))
        mix.append((Page("api-document", f"/api/documents/{slug}/"), 1))
        mix.append((Page("coverage", f"/documents/{slug}/coverage/"), 1))
    for slug in docs[:8]:
        mix.append((Page("doc-graph", f"/documents/{slug}/graph/"), 1))
    for slug in places:
        mix.append((Page("place", f"/places/{slug}/"), 2))
    for slug in bodies:
        mix.append((Page("body", f"/bodies/{slug}/"), 1))
    return mix


# --- the clients -----------------------------------------------------------------------------


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter = field(default_factory=Counter)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: list[str] = field(default_factory=list)
    requests: int = 0

    def record(self, page: Page, status: int | None, seconds: float, error: str | None) -> None:
        with self.lock:
            self.requests += 1
            self.statuses[status if status is not None else "error"] += 1
            self.latencies[page.kind].append(seconds)
            if error is not None:
                self.failures.append(f"{page.path}: {error}")
            elif status is not None and (status >= 500 or status not in page.expect):
                self.failures.append(f"{page.path}: status {status}")


def client(n: int, host: str, port: int, mix, deadline: float, results: Results,
           timeout: float) -> None:
    rng = random.Random(1000 + n)
    pages = [page for page, _weight in mix]
    weights = [weight for _page, weight in mix]
    conn = None
    while time.monotonic() < deadline:
        page = rng.choices(pages, weights)[0]
        started = time.monotonic()
        try:
            if conn is None:
                conn = http.client.HTTPConnection(host, port, timeout=timeout)
            conn.request("GET", page.path, headers={"Accept-Encoding": "gzip"})
            response = conn.getresponse()
            response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
            results.record(page, status, time.monotonic() - started, None)
        except (OSError, http.client.HTTPException) as exc:
            results.record(page, None, time.monotonic() - started,
                           f"{type(exc).__name__}: {exc}")
            if conn is not None:
                conn.close()
            conn = None
    if conn is not None:
        conn.close()


def run_load(host: str, port: int, clients: int, duration: float,
             timeout: float) -> tuple[Results, float]:
    mix = discover(host, port)
    results = Results()
    started = time.monotonic()
    deadline = started + duration
    threads = [
        threading.Thread(target=client, args=(n, host, port, mix, deadline, results, timeout),
                         daemon=True)
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + timeout + 30)
    return results, time.monotonic() - started


# --- the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, check=True)


def wait_until_up(host: str, port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped (exit status {server.returncode})")
        try:
            conn = http.client.HTTPConnection(host, port, timeout=5)
            conn.request("GET", "/robots.txt")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the server did not answer within a minute")


def start_server(port: int, workers: int, threads: int, log) -> subprocess.Popen:
    gunicorn = Path(PYTHON).with_name("gunicorn")
    command = [
        str(gunicorn) if gunicorn.exists() else "gunicorn", "catalogue.wsgi",
        "-c", "python:catalogue.gunicorn_conf",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
        "--worker-class", "gthread", "--threads", str(threads), "--timeout", "60",
        "--graceful-timeout", "10", "--error-logfile", "-", "--log-level", "warning",
    ]
    env = {**os.environ, "DEBUG": "false"}
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# --- report ----------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(results: Results, clients: int, duration: float, log_failures: list[str]) -> dict:
    rps = results.requests / duration if duration else 0.0
    all_latencies = [x for values in results.latencies.values() for x in values]
    print(f"\n{clients} clients for {duration:.0f} s: {results.requests} requests, "
          f"{rps:.1f} requests/s")
    print("answers: " + ", ".join(f"{k}: {v}" for k, v in sorted(
        results.statuses.items(), key=lambda kv: str(kv[0]))))
    if all_latencies:
        print(f"latency (ms): median {1000 * statistics.median(all_latencies):.0f}, "
              f"p95 {1000 * percentile(all_latencies, .95):.0f}, "
              f"p99 {1000 * percentile(all_latencies, .99):.0f}, "
              f"max {1000 * max(all_latencies):.0f}")
    print(f"{'page kind':<14}{'requests':>9}{'median ms':>11}{'p95 ms':>9}")
    for kind, values in sorted(results.latencies.items()):
        print(f"{kind:<14}{len(values):>9}{1000 * statistics.median(values):>11.0f}"
              f"{1000 * percentile(values, .95):>9.0f}")
    failures = results.failures + log_failures
    server_errors = sum(v for k, v in results.statuses.items() if isinstance(k, int) and k >= 500)
    print(f"5xx: {server_errors}; connection errors: {results.statuses.get('error', 0)}; "
          f"errors in the server log: {len(log_failures)}")
    for line in failures[:20]:
        print("  FAIL " + line)
    if len(failures) > 20:
        print(f"  … and {len(failures) - 20} more")
    return {"requests": results.requests, "rps": round(rps, 1), "failures": len(failures),
            "server_errors": server_errors, "statuses": {str(k): v for k, v in
                                                         results.statuses.items()}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=int(os.environ.get("LOADTEST_CLIENTS", 64)))
    parser.add_argument("--duration", type=float,
                        default=float(os.environ.get("LOADTEST_DURATION", 30)))
    parser.add_argument("--url", help="test this already running server (loopback only)")
    parser.add_argument("--prepare", action="store_true",
                        help="run migrate, load_seed and collectstatic first")
    parser.add_argument("--workers", type=int, default=max(2, os.cpu_count() or 2))
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=30.0, help="per request, seconds")
    parser.add_argument("--json", metavar="FILE", help="also write the summary as JSON")
    args = parser.parse_args(argv)
    if not (1 <= args.clients <= 256) or not (0 < args.duration <= 600):
        parser.error("--clients must be 1–256 and --duration 0–600 seconds (a bounded test)")

    server = None
    log_path = None
    if args.url:
        parts = urlsplit(args.url)
        host, port = parts.hostname or "", parts.port or 80
        try:
            loopback = ipaddress.ip_address(socket.gethostbyname(host)).is_loopback
        except (OSError, ValueError):
            loopback = False
        if parts.scheme != "http" or not loopback:
            parser.error("--url must be http:// on a loopback address (127.0.0.1, localhost)")
    else:
        if args.prepare:
            manage("migrate", "--noinput", "--verbosity", "0")
            manage("load_seed")
            manage("collectstatic", "--noinput", "--verbosity", "0")
        host, port = "127.0.0.1", free_port()
        handle, name = tempfile.mkstemp(prefix="loadtest-", suffix=".log")
        log_path = Path(name)
        with os.fdopen(handle, "w") as log_file:  # the server keeps its own copy of the fd
            server = start_server(port, args.workers, args.threads, log_file)
    try:
        if server is not None:
            wait_until_up(host, port, server)
        print(f"load test of http://{host}:{port}/ …", flush=True)
        results, elapsed = run_load(host, port, args.clients, args.duration, args.timeout)
    finally:
        if server is not None:
            stop_server(server)
    log_failures: list[str] = []
    if log_path is not None:
        text = log_path.read_text(encoding="utf-8", errors="replace")
        log_failures = [f"server log: {line.strip()[:200]}" for line in text.splitlines()
                        if LOG_FAILURE.search(line)]
        print(f"server log: {log_path} ({len(text.splitlines())} lines)")
    summary = report(results, args.clients, elapsed, log_failures)
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    ok = summary["failures"] == 0 and results.requests > 0
    print("OK: no server errors." if ok else "FAILED.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
