"""The servers measured: gunicorn as production runs it, and Datasette; each on a free loopback
port, its workers' resident memory sampled; and the Redis page cache they share."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.common import BIN, RESULTS, ROOT, log
from bench.scenarios import CEILING

DATASETTE_VENV = ROOT / "bench" / ".datasette-venv"
DATASETTE_VERSION = "0.65.5"
REDIS_URL = "redis://127.0.0.1:6379/2"
REDIS_PREFIX = "bench"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_datasette() -> Path:
    exe = DATASETTE_VENV / "bin" / "datasette"
    if not exe.exists():
        log(f"installing Datasette {DATASETTE_VERSION} in {DATASETTE_VENV}")
        subprocess.run([sys.executable, "-m", "venv", str(DATASETTE_VENV)], check=True)
        subprocess.run([str(DATASETTE_VENV / "bin" / "pip"), "install", "--quiet",
                        f"datasette=={DATASETTE_VERSION}"], check=True)
    return exe


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
    argv = [str(BIN / "gunicorn"), "catalogue.wsgi", "-c", "python:catalogue.gunicorn_conf",
            "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--worker-class", "sync",
            "--forwarded-allow-ips=127.0.0.1", "--log-level", "warning"]
    return Server(name, argv, env, port, CEILING)


def datasette(db: Path) -> Server:
    """Datasette serving *db* as the database ``catalogue`` (the name in the operations'
    addresses, ``bench/scenarios.py``), whatever the file's name (one per benchmark database:
    a link named ``catalogue.db`` in a folder of its own)."""
    port = free_port()
    if db.stem != "catalogue":
        folder = db.parent / f"serve-{db.stem}"
        folder.mkdir(exist_ok=True)
        link = folder / "catalogue.db"
        link.unlink(missing_ok=True)
        link.symlink_to(db.resolve())
        db = link
    argv = [str(ensure_datasette()), "serve", "-i", str(db), "-h", "127.0.0.1", "-p", str(port)]
    return Server("datasette", argv, dict(os.environ), port, "/-/versions.json")


def flush_redis() -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{REDIS_PREFIX}:*", count=1000):
        client.delete(key)

