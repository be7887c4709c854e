"""A real Celery worker for tests/test_text_queue.py, in a process of its own, configured as
production is (CELERY_BROKER_URL, CELERY_QUEUE, DATABASE_URL: the test database).

With ``QUEUE_TEST_FAKES=1`` three extractors are replaced by slow or failing fakes, to test
time limits and retries on a real worker: TIFF → sleeps (stopped at the soft time limit),
JPEG → ignores the soft limit (killed at the hard one); other types are read for real;
the first read of a TIFF with ``FLAKY_MARKER`` absent raises OSError (retried)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")

import django  # noqa: E402

django.setup()

from celery.exceptions import SoftTimeLimitExceeded  # noqa: E402

from catalogue.celery import app  # noqa: E402
from catalogue.queue import kept_queue  # noqa: E402
from documents import extraction  # noqa: E402
from documents.extraction import Extraction  # noqa: E402
from documents.uploads import JPEG, TIFF  # noqa: E402


def slow(data: bytes) -> Extraction:
    """Flaky first (OSError once, when FLAKY_MARKER names a file not yet there), then slow."""
    marker = os.environ.get("FLAKY_MARKER")
    if marker and not Path(marker).exists():
        Path(marker).write_text("failed once")
        raise OSError("the storage did not answer (a test's fake)")
    if os.environ.get("FAKE_SLEEP"):
        for _ in range(int(float(os.environ["FAKE_SLEEP"]) * 10)):
            time.sleep(0.1)
    return Extraction("Điều 1. Chậm mà chắc.", "image_ocr", 90.0, 1)


def stubborn(data: bytes) -> Extraction:
    """Ignores the soft time limit: only the hard one stops it."""
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            time.sleep(0.1)
        except SoftTimeLimitExceeded:
            continue
    return Extraction("never", "image_ocr")


if os.environ.get("QUEUE_TEST_FAKES") == "1":
    extraction.EXTRACTORS.update(extraction._extractors())
    extraction.EXTRACTORS.update({TIFF: slow, JPEG: stubborn})

if __name__ == "__main__":
    queue = os.environ.get("CELERY_QUEUE", "catalogue")
    # both queues: the text jobs' and the jobs' after a change (catalogue.queue.kept_queue)
    app.worker_main(["worker", "--pool", "prefork", "--concurrency", "1", "--loglevel", "INFO",
                     "--queues", f"{queue},{kept_queue(queue)}",
                     "--without-gossip", "--without-mingle", "--without-heartbeat",
                     "--hostname", f"test-{os.getpid()}@%h"])
