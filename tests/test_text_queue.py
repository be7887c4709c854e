"""Extraction jobs on a real queue (docs/TEXT.md): a Celery worker started by the test in a
process of its own, configured as production is (CELERY_BROKER_URL, DATABASE_URL naming the
test database), against the Redis and the RabbitMQ these machines run. Files are attached in
this process, the jobs go through the broker, and the test polls the database until they are
done — with a generous timeout: this is no speed test.

A worker killed outright (SIGKILL, its pool's processes with it) mid-job leaves the job
"running": the sweep (tests/test_text_recovery.py) sends it again and another worker runs it.

Also on a real worker: the time limits (a job past its soft limit fails with a message; one
that ignores it is killed at the hard limit and marked failed by the worker) and a retry after
a transient error (tests/queue_worker.py replaces extractors by slow or failing fakes)."""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import uuid
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from file_samples import VIETNAMESE, broken_png_bytes, docx_bytes, page_png_bytes, pdf_bytes
from test_cache import _database_url
from text_helpers import attach, latest_job, queue_on, wait_for

from documents.domain.vietnamese import fold

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/13"  # 14 is the page-cache tests'
AMQP_URL = "amqp://guest:guest@127.0.0.1:5672//"
# CI has both (the machines run Redis and RabbitMQ); elsewhere a missing one is skipped.
REQUIRED = bool(os.environ.get("CI"))


def _reachable(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return True
    except OSError:
        return False


def needs(port: int, name: str) -> None:
    if not _reachable(port):
        message = f"no {name} on 127.0.0.1:{port}"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)


@contextmanager
def worker(settings, broker_url: str, **extra_env):
    """A Celery worker (tests/queue_worker.py) on *broker_url* and a queue of its own, with
    this process sending there; stopped (warm shutdown) at the end."""
    queue = f"catalogue-test-{uuid.uuid4().hex[:12]}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE", "PYTEST"))}
    env.update({"DATABASE_URL": _database_url(), "CELERY_BROKER_URL": broker_url,
                "CELERY_QUEUE": queue, "MEDIA_ROOT": str(settings.MEDIA_ROOT),
                "ENV_FILE": "/dev/null", "SECRET_KEY": "w" * 50,
                "PAGE_CACHE_URL": "dummycache://", "DJANGO_SETTINGS_MODULE": "catalogue.settings",
                "CONN_MAX_AGE": "0", **extra_env})
    log = open(Path(settings.MEDIA_ROOT).parent / f"worker-{queue}.log", "w+")  # noqa: SIM115
    # A session of its own: the worker and its pool's processes can be killed together.
    process = subprocess.Popen([sys.executable, str(ROOT / "tests" / "queue_worker.py")],
                               cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        with queue_on(settings, broker_url, queue):
            yield process, log
    finally:
        process.terminate()
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        if broker_url.startswith("amqp"):
            _delete_queue(broker_url, queue)
        log.close()


def _delete_queue(url: str, queue: str) -> None:
    from kombu import Connection

    with Connection(url, connect_timeout=5) as connection, suppress(Exception):  # already gone
        connection.default_channel.queue_delete(queue)


def _log(log) -> str:
    log.flush()
    log.seek(0)
    return log.read()[-4000:]


def test_jobs_run_on_a_real_worker_through_redis(transactional_db, docs, settings,
                                                   django_user_model):
    needs(6379, "Redis")
    doc = docs["da34"]
    with worker(settings, REDIS_URL) as (_process, log):
        pdf = attach(doc, pdf_bytes(), "ban-ky.pdf")
        scan = attach(doc, page_png_bytes(), "trang-quet.png", kind="scanned_pages")
        broken = attach(doc, broken_png_bytes(), "anh-hong.png", kind="scanned_pages")
        jobs = [latest_job(f) for f in (pdf, scan, broken)]
        assert all(j.status == "queued" and j.task_id for j in jobs)  # sent, not run here
        try:
            done = wait_for([j.pk for j in jobs])
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{_log(log)}") from exc

    pdf_job, scan_job, broken_job = (done[j.pk] for j in jobs)
    assert (pdf_job.status, pdf_job.attempts, pdf_job.error) == ("done", 1, "")
    pdf.text.refresh_from_db()
    assert VIETNAMESE in pdf.text.extracted and pdf.text.method == "pdf_text"
    assert pdf.text.status == "done" and pdf.text.provisions.exists()

    assert scan_job.status == "done"
    scan.text.refresh_from_db()
    assert scan.text.method == "image_ocr" and scan.text.ocr_confidence > 50
    assert "dao tao, boi duong can bo chu chot cap xa" in fold(scan.text.extracted)

    # A malformed file fails at once (no retry), its error in Vietnamese on the admin page.
    assert (broken_job.status, broken_job.attempts) == ("failed", 1)
    assert broken_job.error == "Ảnh bị hỏng, không đọc được."
    broken.text.refresh_from_db()
    assert broken.text.status == "failed"
    admin = django_user_model.objects.create_superuser("quantri", "q@example.org", "x" * 20)
    client = Client()
    client.force_login(admin)
    page = client.get(reverse("admin:documents_document_change", args=[doc.pk]))
    html = page.content.decode()
    assert "Ảnh bị hỏng, không đọc được." in html and "Trích xuất lại" in html
    failed = client.get(reverse("admin:documents_extractionjob_changelist")
                        + "?status__exact=failed").content.decode()
    assert "Ảnh bị hỏng" in failed and "anh-hong.png" in failed and "ban-ky.pdf" not in failed


def test_jobs_run_on_a_real_worker_through_rabbitmq(transactional_db, docs, settings):
    needs(5672, "RabbitMQ")
    with worker(settings, AMQP_URL) as (_process, log):
        word = attach(docs["da34"], docx_bytes(), "de-an.docx", kind="word")
        job = latest_job(word)
        try:
            done = wait_for([job.pk])[job.pk]
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{_log(log)}") from exc
    assert (done.status, done.attempts) == ("done", 1)
    word.text.refresh_from_db()
    assert word.text.method == "docx" and VIETNAMESE in word.text.extracted


def _tiff() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (8, 8), 255).save(out, "TIFF")
    return out.getvalue()


def _jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (8, 8), 255).save(out, "JPEG")
    return out.getvalue()


def test_time_limits_and_a_retry_on_a_real_worker(transactional_db, docs, settings, tmp_path):
    needs(6379, "Redis")
    marker = tmp_path / "failed-once"
    settings.EXTRACTION_SOFT_TIME_LIMIT, settings.EXTRACTION_TIME_LIMIT = 60, 90
    with worker(settings, REDIS_URL, QUEUE_TEST_FAKES="1", FAKE_SLEEP="2",
                FLAKY_MARKER=str(marker), EXTRACTION_RETRY_BACKOFF="1") as (_process, log):
        # A transient error, then success: retried with backoff on the worker.
        flaky = attach(docs["da34"], _tiff(), "lan-dau-loi.tif", kind="scanned_pages")
        first = latest_job(flaky)
        try:
            done = wait_for([first.pk])[first.pk]
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{_log(log)}") from exc
        assert marker.exists()
        assert (done.status, done.attempts, done.error) == ("done", 2, "")

        # Slow past the soft limit: stopped, failed with the reason.
        marker.write_text("no more failures")
        settings.EXTRACTION_SOFT_TIME_LIMIT, settings.EXTRACTION_TIME_LIMIT = 1, 60
        slow = attach(docs["nq04"], _tiff(), "cham.tif", kind="scanned_pages")
        # Ignores the soft limit: killed at the hard limit, marked failed by the worker.
        settings.EXTRACTION_SOFT_TIME_LIMIT, settings.EXTRACTION_TIME_LIMIT = 1, 3
        stubborn = attach(docs["da34"], _jpeg(), "khong-dung.jpg", kind="scanned_pages")
        jobs = [latest_job(slow), latest_job(stubborn)]
        try:
            done = wait_for([j.pk for j in jobs])
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{_log(log)}") from exc
    slow_job, stubborn_job = (done[j.pk] for j in jobs)
    assert slow_job.status == "failed" and "Quá thời gian cho phép (1 giây)" in slow_job.error
    assert stubborn_job.status == "failed" and "Quá thời gian cho phép (3" in stubborn_job.error
    stubborn.text.refresh_from_db()
    assert stubborn.text.status == "failed" and stubborn.text.extracted == ""


def test_a_job_whose_worker_was_killed_is_recovered_and_run_by_another(
        transactional_db, docs, settings):
    needs(6379, "Redis")
    from datetime import timedelta

    from django.utils import timezone

    from documents.models import ExtractionJob
    from documents.text_jobs import recover_stale_jobs

    with worker(settings, REDIS_URL, QUEUE_TEST_FAKES="1", FAKE_SLEEP="3600") as (process, log):
        slow = attach(docs["da34"], _tiff(), "rat-cham.tif", kind="scanned_pages")
        job = latest_job(slow)
        try:
            wait_for([job.pk], statuses=("running",))
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{_log(log)}") from exc
        os.killpg(process.pid, signal.SIGKILL)  # the worker and its pool: no goodbye
        process.wait(60)
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("running", 1)  # nobody says it stopped
    assert recover_stale_jobs() == []  # not yet past the hard limit and the margin

    # As the sweep finds it once EXTRACTION_TIME_LIMIT + EXTRACTION_STALE_MARGIN have passed.
    ExtractionJob.objects.filter(pk=job.pk).update(
        started_at=timezone.now() - timedelta(seconds=settings.EXTRACTION_TIME_LIMIT
                                              + settings.EXTRACTION_STALE_MARGIN + 1))
    with worker(settings, REDIS_URL, QUEUE_TEST_FAKES="1") as (_process, log):
        assert recover_stale_jobs() == [job.pk]
        try:
            done = wait_for([job.pk])[job.pk]
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{_log(log)}") from exc
    assert (done.status, done.attempts, done.error) == ("done", 2, "")
    slow.text.refresh_from_db()
    assert slow.text.status == "done" and "Chậm mà chắc" in slow.text.extracted
