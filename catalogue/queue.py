"""Where the job queue's messages go (docs/TEXT.md, docs/OPERATIONS.md).

- :func:`broker_settings`: ``CELERY_BROKER_URL`` checked when the settings load — Redis
  (``redis://127.0.0.1:6379/3``) or RabbitMQ (``amqp://guest:guest@127.0.0.1:5672//``); a
  malformed address stops the site at start-up (``ImproperlyConfigured``) rather than at the
  first upload. Unset: no broker, tasks run eagerly in the process that queued them, after its
  transaction commits (``documents/text_jobs.py``).
- ``python -m catalogue.queue broker``: the broker ``make run`` gives the site and its worker —
  ``CELERY_BROKER_URL`` when set, else Redis database ``RUN_REDIS_DB`` on 127.0.0.1:6379 when a
  Redis answers there, else nothing (eager).
- :func:`start_worker` / :func:`stop_worker`: gunicorn's ``on_starting`` / ``on_exit`` hooks
  (``catalogue/gunicorn_conf.py``) start a Celery worker beside the server when
  ``CATALOGUE_RUN_WORKER=1`` (``make run`` sets it when there is a broker) and stop it with
  the server — and a second one for the short jobs after a change (:func:`kept_queue`) and
  after midnight (:func:`kept_schedule`); their pid files and logs are in ``.run/``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

SCHEMES = {"redis", "rediss", "amqp", "amqps", "pyamqp"}
RUN_REDIS = "redis://127.0.0.1:6379/{db}"
RUN_REDIS_DB = 3  # 1: the default cache, 2: the page cache in production (docs/DEPLOYMENT.md)
ROOT = Path(__file__).resolve().parent.parent
RUN_DIR = ROOT / ".run"


def broker_settings(url: str) -> tuple[str, bool]:
    """``(CELERY_BROKER_URL, CELERY_TASK_ALWAYS_EAGER)`` for the configured *url*."""
    url = (url or "").strip()
    if not url:
        return "memory://", True
    problem = broker_problem(url)
    if problem:
        raise ImproperlyConfigured(f"CELERY_BROKER_URL is malformed ({problem}): {safe(url)}. "
                                   "Expected redis://host:6379/N or "
                                   "amqp://user:password@host:5672/vhost (docs/TEXT.md).")
    return url, False


def broker_problem(url: str) -> str:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return str(exc)
    if parts.scheme not in SCHEMES:
        return f"scheme {parts.scheme or '(none)'!r} is neither Redis nor AMQP"
    if not parts.hostname:
        return "no host"
    if port == 0:
        return "port 0"
    if parts.scheme.startswith("redis"):
        db = parts.path.strip("/")
        if db and not db.isdigit():
            return f"the Redis database {db!r} is not a number"
    return ""


def safe(url: str) -> str:
    """*url* without its password, for messages and logs."""
    try:
        parts = urlsplit(url)
        if parts.password:
            return url.replace(":" + parts.password + "@", ":***@", 1)
    except ValueError:
        pass
    return url


def redis_answers(url: str, timeout: float = 1.0) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=timeout,
                                         socket_timeout=timeout).ping())
    except Exception:
        return False


def run_broker(environ=os.environ) -> str:
    """The broker ``make run`` uses: the configured one, else a local Redis, else ""."""
    configured = environ.get("CELERY_BROKER_URL", "").strip()
    if configured:
        return configured
    local = RUN_REDIS.format(db=RUN_REDIS_DB)
    return local if redis_answers(local) else ""


# --- the worker beside gunicorn (make run) --------------------------------------------------

_workers: list[subprocess.Popen] = []
_schedules: list[Path] = []  # the scheduler's state files, removed with the workers


def kept_queue(default_queue: str) -> str:
    """The queue of the short jobs after a change (``documents/kept_refresh.py``): beside
    the text jobs' queue, so that a long OCR never holds them up."""
    return f"{default_queue}-kept"


def kept_schedule(at: str, default_queue: str) -> dict:
    """``CELERY_BEAT_SCHEDULE``: the job of :func:`kept_queue` sent every day at *at*
    (``HH:MM``, the site's time zone; ``KEPT_REFRESH_AT``), so that the counts kept per day
    (a status changes at midnight) are counted for the new day before its first reader. A
    malformed time stops the site at start-up (``ImproperlyConfigured``)."""
    from celery.schedules import crontab

    try:
        hour, minute = (int(part) for part in at.strip().split(":"))
        if not (0 <= hour < 24 and 0 <= minute < 60):
            raise ValueError(at)
    except ValueError:
        raise ImproperlyConfigured(
            f"KEPT_REFRESH_AT is not a time of day (HH:MM): {at!r}") from None
    return {"kept-counts-of-the-new-day": {
        "task": "documents.kept_refresh.refresh_kept",
        "schedule": crontab(hour=hour, minute=minute),
        "options": {"queue": kept_queue(default_queue)},
    }}


def worker_command(pidfile: Path, logfile: Path, queue: str | None = None) -> list[str]:
    """The text jobs' worker (the default queue; ``CELERY_WORKER_CONCURRENCY``, 1 by
    default: one core per OCR job), or with *queue* a worker of that queue alone, in one
    process (the jobs after a change are short), which also runs the scheduler of
    ``CELERY_BEAT_SCHEDULE`` (:func:`kept_schedule`; its state beside the pid file) — one
    scheduler per site: there is one such worker."""
    if queue is None:
        concurrency = ["--concurrency", os.environ.get("CELERY_WORKER_CONCURRENCY", "1")]
    else:
        concurrency = ["--queues", queue, "--pool", "solo", "--beat",
                       "--schedule", str(pidfile.with_suffix(".schedule"))]
    return [sys.executable, "-m", "celery", "-A", "catalogue", "worker",
            "--loglevel", os.environ.get("CELERY_WORKER_LOGLEVEL", "INFO"),
            *concurrency, "--pidfile", str(pidfile), "--logfile", str(logfile),
            "--without-gossip", "--without-mingle"]


def start_worker(server=None) -> None:
    """gunicorn's ``on_starting``: beside the server (``CATALOGUE_RUN_WORKER``), a Celery
    worker for the text jobs and one for the jobs after a change (:func:`kept_queue`)."""
    if os.environ.get("CATALOGUE_RUN_WORKER") != "1" or _workers:
        return
    RUN_DIR.mkdir(exist_ok=True)
    tag = os.getpid()
    queue = kept_queue(os.environ.get("CELERY_QUEUE", "catalogue"))
    for name, kept in (("worker", None), ("kept", queue)):
        pidfile = RUN_DIR / f"celery-{name}-{tag}.pid"
        logfile = RUN_DIR / f"celery-{name}-{tag}.log"
        process = subprocess.Popen(worker_command(pidfile, logfile, kept), cwd=ROOT)
        if kept is not None:
            _schedules.append(pidfile.with_suffix(".schedule"))
        _workers.append(process)
        message = (f"Celery {'worker' if kept is None else 'worker of ' + kept} started "
                   f"(pid {process.pid}, broker "
                   f"{safe(os.environ.get('CELERY_BROKER_URL', ''))}, log {logfile})")
        if server is not None:
            server.log.info(message)
        else:
            print(message, file=sys.stderr)


def stop_worker(server=None) -> None:
    """gunicorn's ``on_exit``: the workers finish their jobs (warm shutdown) and stop."""
    for process in _workers:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in _workers:
        try:
            process.wait(int(os.environ.get("CELERY_WORKER_STOP_SECONDS", "60")))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
    _workers.clear()
    for schedule in _schedules:
        for path in schedule.parent.glob(schedule.name + "*"):
            path.unlink(missing_ok=True)
    _schedules.clear()


if __name__ == "__main__":
    if sys.argv[1:] == ["broker"]:
        print(run_broker())
    else:
        print("usage: python -m catalogue.queue broker", file=sys.stderr)
        sys.exit(2)
