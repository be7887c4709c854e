#!/usr/bin/env python3
"""The catalogue's benchmark: ``make bench`` (or ``.venv/bin/python bench/run.py``).

1. Builds the benchmark database if it is missing: PostgreSQL ``catalogue_bench`` (or
   ``BENCH_DATABASE_URL``), migrated, with the seed data and ``generate_demo_data
   --documents 100000 --seed 1`` (about four minutes), and exports it to SQLite for Datasette.
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
of CI. Needs PostgreSQL on 127.0.0.1:5432 (user root) and Redis on 127.0.0.1:6379.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python")
RESULTS = ROOT / "bench" / "results"
DATA = ROOT / "bench" / ".data"
DATASETTE_VENV = ROOT / "bench" / ".datasette-venv"
DATASETTE_VERSION = "0.65.5"
WRK_SCRIPT = ROOT / "bench" / "wrk_report.lua"
DEFAULT_DB = "postgres://root@127.0.0.1:5432/catalogue_bench"
REDIS_URL = "redis://127.0.0.1:6379/2"
REDIS_PREFIX = "bench"


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(*args: str, env: dict, check: bool = True, capture: bool = False):
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=check,
                          text=True, capture_output=capture)


# --- the database ---------------------------------------------------------------------------


def pg(url: str):
    import psycopg

    return psycopg.connect(url, autocommit=True)


def ensure_database(url: str, documents: int, seed: int, env: dict) -> dict:
    """Create, migrate and fill the benchmark database when needed; returns facts about it."""
    from urllib.parse import urlsplit

    name = urlsplit(url).path.lstrip("/")
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with pg(admin_url) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            log(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')
    manage("migrate", "--noinput", "-v0", env=env)
    with pg(url) as conn:
        count = conn.execute(
            "SELECT count(*) FROM documents_document WHERE slug LIKE 'demo-%%'"
        ).fetchone()[0]
    if count < documents:
        log(f"generating {documents} demo documents (seed {seed}); a few minutes")
        started = time.perf_counter()
        manage("generate_demo_data", "--documents", str(documents), "--seed", str(seed),
               *(["--clear"] if count else []), env=env)
        log(f"generated in {time.perf_counter() - started:.0f} s")
    with pg(url) as conn:
        # The whole database fits in memory: random reads cost about what sequential ones do.
        conn.execute(f'ALTER DATABASE "{name}" SET random_page_cost = 1.1')
        conn.execute("VACUUM ANALYZE")
        facts = {
            "documents": conn.execute("SELECT count(*) FROM documents_document").fetchone()[0],
            "links": conn.execute("SELECT count(*) FROM documents_documentlink").fetchone()[0],
            "targets": conn.execute("SELECT count(*) FROM documents_target").fetchone()[0],
            "localities": conn.execute("SELECT count(*) FROM documents_locality").fetchone()[0],
            "bodies": conn.execute("SELECT count(*) FROM documents_issuingbody").fetchone()[0],
            "size": conn.execute(
                "SELECT pg_size_pretty(pg_database_size(current_database()))"
            ).fetchone()[0],
        }
        # A document page with links: a provincial plan carrying out a central document and
        # carried out in turn by several districts (the chain up and the tree down).
        facts["document_slug"] = conn.execute(
            """
            SELECT d.slug FROM documents_document d
            JOIN documents_locality l ON l.id = d.locality_id AND l.level = 1
            WHERE d.slug LIKE 'demo-%%'
              AND EXISTS (SELECT 1 FROM documents_documentlink o
                          WHERE o.from_document_id = d.id AND o.kind = 'implements')
              AND (SELECT count(*) FROM documents_documentlink i
                   WHERE i.to_document_id = d.id AND i.kind = 'implements') BETWEEN 3 AND 12
            ORDER BY d.id LIMIT 1
            """
        ).fetchone()[0]
        facts["document_id"] = conn.execute(
            "SELECT id FROM documents_document WHERE slug = %s", [facts["document_slug"]]
        ).fetchone()[0]
        facts["data_stamp"] = str(conn.execute(
            "SELECT max(updated_at) FROM documents_document"
        ).fetchone()[0])
    return facts


# --- Datasette --------------------------------------------------------------------------------


def ensure_datasette() -> Path:
    exe = DATASETTE_VENV / "bin" / "datasette"
    if not exe.exists():
        log(f"installing Datasette {DATASETTE_VERSION} in {DATASETTE_VENV}")
        subprocess.run([sys.executable, "-m", "venv", str(DATASETTE_VENV)], check=True)
        subprocess.run([str(DATASETTE_VENV / "bin" / "pip"), "install", "--quiet",
                        f"datasette=={DATASETTE_VERSION}"], check=True)
    return exe


def ensure_sqlite(env: dict, facts: dict) -> Path:
    db = DATA / "catalogue.db"
    stamp = DATA / "catalogue.stamp"
    wanted = f"{facts['documents']} {facts['data_stamp']}"
    if not db.exists() or not stamp.exists() or stamp.read_text() != wanted:
        log("exporting the documents to SQLite for Datasette")
        subprocess.run([PYTHON, "manage.py", "export_sqlite", str(db)], cwd=ROOT, env=env,
                       check=True)
        stamp.write_text(wanted)
    return db


# --- servers ----------------------------------------------------------------------------------


class Server:
    """A server process on a loopback port, whose workers' memory is sampled."""

    def __init__(self, name: str, argv: list[str], env: dict, port: int, ready_path: str):
        self.name, self.argv, self.env, self.port = name, argv, env, port
        self.ready_path = ready_path
        self.proc: subprocess.Popen | None = None
        self.rss: dict[int, int] = {}
        self._stop = threading.Event()
        self.log_path = RESULTS / f"{name}.log"

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self):
        RESULTS.mkdir(parents=True, exist_ok=True)
        self.log_file = self.log_path.open("w")
        self.proc = subprocess.Popen(self.argv, cwd=ROOT, env=self.env, stdout=self.log_file,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url(self.ready_path), timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        else:
            raise RuntimeError(f"{self.name} did not start; see {self.log_path}")
        threading.Thread(target=self._sample, daemon=True).start()
        return self

    def _children(self) -> list[int]:
        try:
            out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.proc.pid)],
                                 capture_output=True, text=True).stdout
        except OSError:
            return []
        return [int(p) for p in out.split()]

    def _sample(self) -> None:
        while not self._stop.is_set():
            for pid in [self.proc.pid, *self._children()]:
                try:
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmRSS:"):
                            kb = int(line.split()[1])
                            self.rss[pid] = max(self.rss.get(pid, 0), kb)
                except (OSError, ValueError):
                    pass
            self._stop.wait(0.5)

    def worker_rss_mb(self) -> list[float]:
        return sorted(
            round(kb / 1024, 1) for pid, kb in self.rss.items() if pid != self.proc.pid
        ) or [round(self.rss.get(self.proc.pid, 0) / 1024, 1)]

    def __exit__(self, *exc):
        self._stop.set()
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.log_file.close()


def gunicorn(name: str, env: dict, workers: int) -> Server:
    port = free_port()
    argv = [str(BIN / "gunicorn"), "catalogue.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--worker-class", "sync",
            "--forwarded-allow-ips=127.0.0.1", "--log-level", "warning"]
    return Server(name, argv, env, port, "/bench/ceiling/")


def datasette(db: Path) -> Server:
    port = free_port()
    argv = [str(ensure_datasette()), "serve", "-i", str(db), "-h", "127.0.0.1", "-p", str(port)]
    return Server("datasette", argv, dict(os.environ), port, "/-/versions.json")


# --- load -------------------------------------------------------------------------------------


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


def flush_redis() -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{REDIS_PREFIX}:*", count=1000):
        client.delete(key)


# --- import timing ----------------------------------------------------------------------------


def import_test(url: str, env: dict) -> dict:
    """Export the benchmark database in the interchange format and time its import into an
    empty database (migrated, without the seed: the file holds everything)."""
    target = url.rsplit("/", 1)[0] + "/catalogue_bench_import"
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with pg(admin_url) as conn:
        conn.execute("DROP DATABASE IF EXISTS catalogue_bench_import")
        conn.execute("CREATE DATABASE catalogue_bench_import")
    path = DATA / "catalogue.json"
    started = time.perf_counter()
    manage("export_dataset", "-o", str(path), env=env)
    exported = time.perf_counter() - started
    target_env = {**env, "DATABASE_URL": target}
    manage("migrate", "--noinput", "-v0", env=target_env)
    started = time.perf_counter()
    done = manage("import_dataset", str(path), env=target_env, check=False, capture=True)
    imported = time.perf_counter() - started
    with pg(admin_url) as conn:
        conn.execute("DROP DATABASE IF EXISTS catalogue_bench_import")
    return {"export_s": round(exported, 1), "import_s": round(imported, 1),
            "ok": done.returncode == 0, "file_mb": round(path.stat().st_size / 2**20, 1),
            "tail": (done.stdout + done.stderr).strip().splitlines()[-3:]}


# --- the report -------------------------------------------------------------------------------

COMPARABLE = {  # our page -> the Datasette operation it is compared with
    "list, 3 filters": "faceted filtered list",
    "search": "full-text search",
    "document": "single row",
}


def _ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.1f}" if theirs else "∞"


def report(result: dict) -> str:
    cold, warm, ds = result["cold"], result["warm"], result.get("datasette", {})
    ceiling_warm = warm["ceiling"]["rps"]
    head = (f"{'page':22} {'cold r/s':>9} {'p50':>6} {'p99':>6} {'1-cl p50':>8} {'1-cl p99':>8} "
            f"{'warm r/s':>9} {'p50':>6} {'p99':>6} {'warm/ceil':>9} "
            f"{'vs DS cold':>10} {'vs DS warm':>10}")
    lines = [head, "-" * len(head)]
    for name, c in cold.items():
        w = warm[name]
        vs = ds.get(COMPARABLE.get(name, ""), {})
        vs_cold = f"{_ratio(c['rps'], vs['rps'])}x" if vs else ""
        vs_warm = f"{_ratio(w['rps'], vs['rps'])}x" if vs else ""
        lines.append(
            f"{name:22} {c['rps']:9.1f} {c['p50_ms']:6.1f} {c['p99_ms']:6.1f} "
            f"{c.get('solo_p50_ms', 0):8.1f} {c.get('solo_p99_ms', 0):8.1f} "
            f"{w['rps']:9.1f} {w['p50_ms']:6.1f} "
            f"{w['p99_ms']:6.1f} {w['rps'] / ceiling_warm:8.0%} {vs_cold:>10} {vs_warm:>10}"
        )
    for name, d in ds.items():
        lines.append(
            f"{'DS: ' + name:22} {d['rps']:9.1f} {d['p50_ms']:6.1f} {d['p99_ms']:6.1f} "
            f"{d.get('solo_p50_ms', 0):8.1f} {d.get('solo_p99_ms', 0):8.1f}"
        )
    lines.append("")
    lines.append("Times in ms; cold = page cache off, warm = page cache in Redis; "
                 f"{result['connections']} connections, 1-cl = one client alone; "
                 "warm/ceil = warm req/s over the trivial view's (mean of a run before and "
                 "one after the pages); vs DS = our req/s over Datasette's (DS rows) on the "
                 "comparable operation.")
    rss = result["worker_rss_mb"]
    lines.append(f"gunicorn workers' peak resident memory (MB): cold {rss['cold']}, "
                 f"warm {rss['warm']}")
    return "\n".join(lines)


def aims(result: dict) -> list[str]:
    cold, warm, ds = result["cold"], result["warm"], result.get("datasette", {})
    ceiling = warm["ceiling"]["rps"]
    out = []
    pages = [n for n in warm if n != "ceiling"]
    worst = min(pages, key=lambda n: warm[n]["rps"])
    ok = all(warm[n]["rps"] >= 0.6 * ceiling for n in pages)
    out.append(f"{'MET' if ok else 'NOT MET'}: warm pages >= 60 % of the trivial view "
               f"(lowest: {worst} {warm[worst]['rps'] / ceiling:.0%})")
    for name in ("list", "list, 3 filters", "search", "document"):
        p99 = cold[name].get("solo_p99_ms")
        out.append(f"{'MET' if p99 is not None and p99 < 150 else 'NOT MET'}: cold {name} "
                   f"p99 < 150 ms with one client ({p99} ms)")
    for ours, theirs in COMPARABLE.items():
        if theirs in ds:
            theirs_rps = ds[theirs]["rps"] or 1e-9
            c, w = cold[ours]["rps"] / theirs_rps, warm[ours]["rps"] / theirs_rps
            out.append(f"{'MET' if c > 1 else 'NOT MET'}: ahead of Datasette cold on {theirs} "
                       f"({_ratio(cold[ours]['rps'], ds[theirs]['rps'])}x)")
            out.append(f"{'MET' if w >= 10 else 'NOT MET'}: >= 10x Datasette warm on {theirs} "
                       f"({_ratio(warm[ours]['rps'], ds[theirs]['rps'])}x)")
    peak = max(result["worker_rss_mb"]["cold"] + result["worker_rss_mb"]["warm"])
    out.append(f"{'MET' if peak < 200 else 'NOT MET'}: every gunicorn worker < 200 MB "
               f"resident (peak {peak} MB)")
    if "import" in result:
        imp = result["import"]
        out.append(f"{'MET' if imp['ok'] and imp['import_s'] < 120 else 'NOT MET'}: import of "
                   f"{result['database']['documents']} documents < 2 min "
                   f"({imp['import_s']} s{'' if imp['ok'] else ', FAILED'})")
    return out


DOCS = ROOT / "docs" / "PERFORMANCE.md"


def _replace_between(text: str, name: str, body: str) -> str:
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    if not rest:
        raise SystemExit(f"{DOCS}: no {start} … {end} markers")
    return f"{head}{start}\n{body}\n{end}{tail}"


def update_docs(result: dict) -> None:
    """The latest table and aims into docs/PERFORMANCE.md, between its markers."""
    facts = result["database"]
    def n(number: int) -> str:  # 100.026, as the site writes numbers
        return f"{number:,}".replace(",", ".")

    when = (f"Measured {result['when'].replace('T', ' ')} on {result['machine']['cpus']} "
            f"cores, Python {result['machine']['python']}: {n(facts['documents'])} documents, "
            f"{n(facts['links'])} links, {n(facts['targets'])} targets, "
            f"{n(facts['localities'])} places, {n(facts['bodies'])} bodies ({facts['size']}); "
            f"{result['workers']} gunicorn workers.")
    table = f"{when}\n\n```text\n{result['table']}\n```"
    aims_text = "\n".join(f"- {line}" for line in result["aims"])
    text = DOCS.read_text(encoding="utf-8")
    text = _replace_between(text, "results", table)
    text = _replace_between(text, "aims", aims_text)
    DOCS.write_text(text, encoding="utf-8")


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
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "false", "LOG_LEVEL": "WARNING"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    facts = ensure_database(url, args.documents, args.seed, env)
    log(f"database: {facts['documents']} documents, {facts['links']} links, "
        f"{facts['targets']} targets, {facts['localities']} places ({facts['size']})")
    manage("collectstatic", "--noinput", "-v0", env=env)

    pages = [
        ("ceiling", "/bench/ceiling/"),
        ("home", "/"),
        ("list", "/documents/"),
        ("list, 3 filters", "/documents/?type=ke_hoach&locality=ha-noi&year_from=2020"),
        ("search", "/documents/?q=ke+hoach+luan+chuyen+can+bo"),
        ("document", f"/documents/{facts['document_slug']}/"),
        ("place Hà Nội", "/places/ha-noi/"),
        ("targets", "/targets/"),
        ("api list", "/api/documents/"),
        ("feed", "/feeds/documents.atom"),
    ]
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
            again = wrk(server.url("/bench/ceiling/"), args.duration, args.connections)
            ceiling = result[mode]["ceiling"]
            ceiling["rps_runs"] = [ceiling["rps"], again["rps"]]
            ceiling["rps"] = round((ceiling["rps"] + again["rps"]) / 2, 1)
            result["worker_rss_mb"][mode] = server.worker_rss_mb()
    flush_redis()

    if not args.skip_datasette:
        db = ensure_sqlite(env, facts)
        hanoi = urllib.request.quote("Hà Nội")
        operations = [
            ("faceted filtered list",
             f"/catalogue/documents?doc_type=ke_hoach&province={hanoi}&issued_year__gte=2020"
             "&_facet=doc_type&_facet=status&_facet=issued_year&_facet=issuing_body"),
            ("full-text search", "/catalogue/documents?_search=ke+hoach+luan+chuyen+can+bo"),
            ("single row", f"/catalogue/documents/{facts['document_id']}"),
        ]
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
