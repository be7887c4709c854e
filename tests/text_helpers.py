"""Helpers of the text-extraction tests (docs/TEXT.md): a file attached to a document as the
admin attaches it, jobs waited for, the job queue pointed at a real broker."""

from __future__ import annotations

import time
from contextlib import contextmanager

from django.core.files.uploadedfile import SimpleUploadedFile

from documents.models import DocumentFile, ExtractionJob

FINISHED = ("done", "failed")


def attach(document, content: bytes, name: str, kind: str = "signed_original") -> DocumentFile:
    """A file attached to *document*, checked as the admin checks it (its post_save queues
    the extraction)."""
    file = DocumentFile(document=document, kind=kind, file=SimpleUploadedFile(name, content))
    file.full_clean()
    file.save()
    return file


def latest_job(file: DocumentFile) -> ExtractionJob:
    return ExtractionJob.objects.filter(document_text__file=file).order_by("-id").first()


def wait_for(job_ids, timeout: float = 300, statuses=FINISHED) -> dict[int, ExtractionJob]:
    """The jobs once every one has one of *statuses*, polling the database; fails after a
    generous *timeout* (this is no speed test: the machine may be busy)."""
    deadline = time.monotonic() + timeout
    while True:
        jobs = {j.pk: j for j in ExtractionJob.objects.filter(pk__in=list(job_ids))}
        if all(j.status in statuses for j in jobs.values()) and len(jobs) == len(set(job_ids)):
            return jobs
        if time.monotonic() > deadline:
            raise AssertionError(f"jobs not finished after {timeout} s: "
                                 + ", ".join(f"{j.pk}: {j.status} {j.error}"
                                             for j in jobs.values()))
        time.sleep(0.5)


@contextmanager
def queue_on(settings, broker_url: str, queue: str):
    """This process sends jobs to *broker_url*, queue *queue* (not eagerly)."""
    from catalogue.celery import app

    def reset():  # no connection kept from the broker before (kombu pools them by address)
        from kombu import pools

        pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    saved = (app.conf.broker_url, app.conf.task_always_eager)
    reset()
    app.conf.broker_url, app.conf.task_always_eager = broker_url, False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    try:
        yield
    finally:
        reset()
        app.conf.broker_url, app.conf.task_always_eager = saved
