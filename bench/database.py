"""The benchmark's database: built when missing (migrated, the seed and
``generate_demo_data``), its SQLite export for Datasette, and the import timing."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from bench.common import DATA, PYTHON, ROOT, log, manage

SERVER = "postgres://root@127.0.0.1:5432"
DEFAULT_DB = f"{SERVER}/catalogue_bench"


#: The benchmark's document page: a provincial plan carrying out a central document and carried
#: out in turn by several districts (the chain up and the tree down).
DOCUMENT_SQL = """
    SELECT d.slug FROM documents_document d
    JOIN documents_locality l ON l.id = d.locality_id AND l.level = 1
    WHERE d.slug LIKE 'demo-%%'
      AND EXISTS (SELECT 1 FROM documents_documentlink o
                  WHERE o.from_document_id = d.id AND o.kind = 'implements')
      AND (SELECT count(*) FROM documents_documentlink i
           WHERE i.to_document_id = d.id AND i.kind = 'implements') BETWEEN 3 AND 12
    ORDER BY d.id LIMIT 1
"""


def default_url(documents: int) -> str:
    """The benchmark database of that size (``BENCH_DATABASE_URL`` overrides it): one per
    size, so a run at another size does not replace the 100.000-document one —
    ``catalogue_bench`` (100.000), ``catalogue_bench_1m`` (1.000.000), else
    ``catalogue_bench_<N>``."""
    if documents == 100_000:
        return DEFAULT_DB
    if documents % 1_000_000 == 0:
        return f"{DEFAULT_DB}_{documents // 1_000_000}m"
    return f"{DEFAULT_DB}_{documents}"


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
        texts = conn.execute("SELECT count(*) FROM documents_documenttext").fetchone()[0]
    generated_s = None
    if count < documents or not texts:  # a database of before the full texts: again
        log(f"generating {documents} demo documents (seed {seed}); a few minutes")
        started = time.perf_counter()
        manage("generate_demo_data", "--documents", str(documents), "--seed", str(seed),
               *(["--clear"] if count else []), env=env)
        generated_s = round(time.perf_counter() - started)
        log(f"generated in {generated_s} s")
    with pg(url) as conn:
        # The whole database fits in memory: random reads cost about what sequential ones do.
        conn.execute(f'ALTER DATABASE "{name}" SET random_page_cost = 1.1')
        # No JIT: compiling a facet statement's expressions cost more than running it
        # (docs/DEPLOYMENT.md, "Settings that matter")
        conn.execute(f'ALTER DATABASE "{name}" SET jit = off')
        conn.execute("VACUUM ANALYZE")
        facts = {
            "documents": conn.execute("SELECT count(*) FROM documents_document").fetchone()[0],
            "links": conn.execute("SELECT count(*) FROM documents_documentlink").fetchone()[0],
            "targets": conn.execute("SELECT count(*) FROM documents_target").fetchone()[0],
            "localities": conn.execute("SELECT count(*) FROM documents_locality").fetchone()[0],
            "bodies": conn.execute("SELECT count(*) FROM documents_issuingbody").fetchone()[0],
            "texts": conn.execute("SELECT count(*) FROM documents_documenttext").fetchone()[0],
            "provisions": conn.execute(
                "SELECT count(*) FROM documents_provision").fetchone()[0],
            "generated_s": generated_s,
            "size": conn.execute(
                "SELECT pg_size_pretty(pg_database_size(current_database()))"
            ).fetchone()[0],
        }
        facts["document_slug"] = conn.execute(DOCUMENT_SQL).fetchone()[0]
        facts["document_id"] = conn.execute(
            "SELECT id FROM documents_document WHERE slug = %s", [facts["document_slug"]]
        ).fetchone()[0]
        facts["data_stamp"] = str(conn.execute(
            "SELECT max(updated_at) FROM documents_document"
        ).fetchone()[0]) + f" {facts['provisions']}"  # texts added: export again
    return facts



def ensure_sqlite(env: dict, facts: dict) -> Path:
    """The benchmark database exported to SQLite for Datasette (again when its data changed):
    one file per benchmark database (``catalogue.db`` for the 100.000-document one,
    ``<database>.db`` for the others), so a run at one size keeps the other's export."""
    from urllib.parse import urlsplit

    name = urlsplit(env["DATABASE_URL"]).path.lstrip("/")
    base = "catalogue" if name == "catalogue_bench" else name
    db, stamp = DATA / f"{base}.db", DATA / f"{base}.stamp"
    wanted = f"{facts['documents']} {facts['data_stamp']}"
    if not db.exists() or not stamp.exists() or stamp.read_text() != wanted:
        log("exporting the documents to SQLite for Datasette")
        subprocess.run([PYTHON, "manage.py", "export_sqlite", str(db)], cwd=ROOT, env=env,
                       check=True)
        stamp.write_text(wanted)
    return db


#: The broker the import's queued link proposals go to while timed (their own queue, deleted
#: after): proposing links from a text is a job for workers, not part of the import's time.
BROKER = "amqp://guest:guest@127.0.0.1:5672//"


def import_test(url: str, env: dict, target_name: str = "catalogue_bench_import",
                path: Path | None = None, export: bool = True, keep: bool = False) -> dict:
    """Export the benchmark database in the interchange format (unless *export* is false and
    *path* exists) and time its import into an empty database *target_name* (created,
    migrated, without the seed: the file holds everything; dropped after unless *keep*).
    The import's peak resident memory is read from ``/usr/bin/time -v``."""
    target = url.rsplit("/", 1)[0] + "/" + target_name
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with pg(admin_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target_name}"')
        conn.execute(f'CREATE DATABASE "{target_name}"')
    path = path or DATA / "catalogue.json"
    exported = None
    if export or not path.exists():
        started = time.perf_counter()
        manage("export_dataset", "-o", str(path), env=env)
        exported = round(time.perf_counter() - started, 1)
    target_env = {**env, "DATABASE_URL": target, "CELERY_BROKER_URL": BROKER,
                  "CELERY_QUEUE": target_name}
    manage("migrate", "--noinput", "-v0", env=target_env)
    stats = path.with_suffix(".time")
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-v", "-o", str(stats), PYTHON, "manage.py",
                           "import_dataset", str(path)], cwd=ROOT, env=target_env, text=True,
                          capture_output=True)
    imported = time.perf_counter() - started
    peak = next((int(line.split(":")[1]) for line in stats.read_text().splitlines()
                 if "Maximum resident set size" in line), 0)
    manage("shell", "-c", "from catalogue.celery import app\n"  # the proposals queued
           f"with app.connection_for_write() as c: c.default_channel.queue_delete('{target_name}')",
           env=target_env, check=False, capture=True)
    if not keep:
        with pg(admin_url) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{target_name}"')
    return {"export_s": exported, "import_s": round(imported, 1),
            "ok": done.returncode == 0, "file_mb": round(path.stat().st_size / 2**20, 1),
            "peak_rss_mb": round(peak / 1024),
            "tail": (done.stdout + done.stderr).strip().splitlines()[-3:]}
