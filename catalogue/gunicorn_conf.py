"""gunicorn's settings for every server the project starts — ``make run``, the benchmark, the
load test and the tests' two-worker server all pass ``-c python:catalogue.gunicorn_conf``.

- **The control socket inside the project** (``.run/``, git-ignored), one per server: gunicorn
  27 otherwise puts it at ``~/.gunicorn/gunicorn.ctl``, shared by every server on the machine
  (tests, benchmarks and ``make run`` start several at once).
- **A Celery worker beside the server** when ``CATALOGUE_RUN_WORKER=1`` (``make run`` sets it
  when it found a broker: ``catalogue/queue.py``), started by ``on_starting`` and stopped by
  ``on_exit``; its pid file and log in ``.run/``.
- **One time zone in the logs**: Django switches each worker to ``TIME_ZONE`` when it starts,
  so the master logged in UTC and the workers in Vietnam's time; the master takes
  ``TIME_ZONE`` too.
"""

import os
import time
from pathlib import Path

from catalogue.site import TIME_ZONE

_RUN = Path(__file__).resolve().parent.parent / ".run"
_RUN.mkdir(exist_ok=True)

control_socket = str(_RUN / f"gunicorn-{os.getpid()}.ctl")

os.environ["TZ"] = TIME_ZONE
time.tzset()

# A Celery worker beside the server when `make run` found a broker (catalogue/queue.py):
# started before the workers fork, stopped when the server exits.
from catalogue.queue import start_worker, stop_worker  # noqa: E402

on_starting = start_worker
on_exit = stop_worker
