"""The job queue's configuration (catalogue/queue.py, docs/TEXT.md): a malformed
CELERY_BROKER_URL stops the site at start-up; `make run` picks its broker (the configured one,
else a Redis answering on 127.0.0.1:6379, else none: eager); and the Celery worker gunicorn
starts beside itself (CATALOGUE_RUN_WORKER=1, as `make run` sets it) runs jobs and stops with
the server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from file_samples import VIETNAMESE, pdf_bytes
from test_cache import _database_url
from test_text_queue import REDIS_URL, needs
from text_helpers import attach, latest_job, queue_on, wait_for

from catalogue import queue

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("url", ["redis://127.0.0.1:6379/3", "rediss://cache.example:6380/0",
                                 "amqp://guest:guest@127.0.0.1:5672//",
                                 "amqp://u:p@rabbit:5672/catalogue"])
def test_a_well_formed_broker_is_used_and_jobs_are_not_eager(url):
    assert queue.broker_settings(url) == (url, False)


def test_no_broker_means_eager_jobs():
    assert queue.broker_settings("") == ("memory://", True)


@pytest.mark.parametrize(("url", "problem"), [
    ("redis://127.0.0.1:6379/abc", "is not a number"),
    ("http://127.0.0.1:6379/0", "neither Redis nor AMQP"),
    ("redis:///0", "no host"),
    ("amqp://guest:secret@127.0.0.1:99999//", "out of range"),
    ("127.0.0.1:6379", "neither Redis nor AMQP"),
])
def test_a_malformed_broker_stops_the_site(url, problem):
    with pytest.raises(ImproperlyConfigured, match=problem) as refused:
        queue.broker_settings(url)
    assert "secret" not in str(refused.value)


def test_the_site_refuses_to_start_with_a_malformed_broker():
    env = {**os.environ, "ENV_FILE": "/dev/null", "SECRET_KEY": "s" * 50,
           "CELERY_BROKER_URL": "redis://127.0.0.1:6379/jobs"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "CELERY_BROKER_URL is malformed" in result.stderr


def test_the_kept_counts_job_is_sent_every_day_just_after_midnight(settings):
    from catalogue.celery import app

    entry = queue.kept_schedule("00:01", "catalogue")["kept-counts-of-the-new-day"]
    assert entry["task"] in app.tasks  # the task the job after a change runs
    assert entry["options"] == {"queue": "catalogue-kept"}
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({0}, {1})
    assert settings.CELERY_TIMEZONE == settings.TIME_ZONE  # the day statuses are read on
    assert list(settings.CELERY_BEAT_SCHEDULE) == ["kept-counts-of-the-new-day"]
    assert queue.kept_schedule(" 23:45 ", "q")["kept-counts-of-the-new-day"]["schedule"].hour \
        == {23}


@pytest.mark.parametrize("at", ["24:00", "00:60", "midnight", "", "1:2:3", "-1:30"])
def test_a_malformed_time_for_the_kept_counts_stops_the_site(at):
    with pytest.raises(ImproperlyConfigured, match="KEPT_REFRESH_AT"):
        queue.kept_schedule(at, "catalogue")


def test_make_run_picks_its_broker(monkeypatch):
    assert queue.run_broker({"CELERY_BROKER_URL": "amqp://u:p@h:5672//"}) == "amqp://u:p@h:5672//"
    monkeypatch.setattr(queue, "redis_answers", lambda url, timeout=1.0: True)
    assert queue.run_broker({}) == "redis://127.0.0.1:6379/3"
    monkeypatch.setattr(queue, "redis_answers", lambda url, timeout=1.0: False)
    assert queue.run_broker({}) == ""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_gunicorn_runs_a_worker_beside_itself_and_stops_it(transactional_db, docs, settings,
                                                            collected_static, tmp_path):
    needs(6379, "Redis")
    name = f"catalogue-run-{uuid.uuid4().hex[:10]}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE", "PYTEST"))}
    env.update({"DATABASE_URL": _database_url(), "CELERY_BROKER_URL": REDIS_URL,
                "CELERY_QUEUE": name, "CATALOGUE_RUN_WORKER": "1",
                "MEDIA_ROOT": str(settings.MEDIA_ROOT), "ENV_FILE": "/dev/null",
                "SECRET_KEY": "g" * 50, "STATIC_ROOT": collected_static,
                "PAGE_CACHE_URL": "dummycache://", "CELERY_WORKER_LOGLEVEL": "WARNING"})
    gunicorn = Path(sys.executable).parent / "gunicorn"
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(gunicorn), "catalogue.wsgi", "-c", "python:catalogue.gunicorn_conf",
             "--bind", "127.0.0.1:0", "--workers", "1", "--log-level", "info"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    pidfile = ROOT / ".run" / f"celery-worker-{server.pid}.pid"
    kept_pidfile = ROOT / ".run" / f"celery-kept-{server.pid}.pid"
    try:
        with queue_on(settings, REDIS_URL, name):
            file = attach(docs["da34"], pdf_bytes(), "ban-ky.pdf")
            job = latest_job(file)
            try:
                done = wait_for([job.pk])[job.pk]
            except AssertionError as exc:
                raise AssertionError(f"{exc}\n{log.read_text()[-3000:]}") from exc
        assert done.status == "done"
        assert VIETNAMESE in type(file.text).objects.get(pk=file.text.pk).extracted
        assert "Celery worker started" in log.read_text()
        worker_pid = int(pidfile.read_text().strip())
        kept_pid = int(kept_pidfile.read_text().strip())  # the jobs after a change
        assert _alive(worker_pid) and _alive(kept_pid) and kept_pid != worker_pid
        # the kept jobs' worker runs the day's scheduler (its state beside its pid file)
        deadline = time.monotonic() + 30
        while not list(kept_pidfile.parent.glob(kept_pidfile.stem + ".schedule*")):
            assert time.monotonic() < deadline, "the kept worker started no scheduler"
            time.sleep(0.2)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(90)
    deadline = time.monotonic() + 60
    while (_alive(worker_pid) or _alive(kept_pid)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(worker_pid) and not _alive(kept_pid)
    assert not pidfile.exists() and not kept_pidfile.exists()
    assert not list(kept_pidfile.parent.glob(kept_pidfile.stem + ".schedule*"))
