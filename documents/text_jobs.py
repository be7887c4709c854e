"""Extraction jobs: a document file's text taken on the job queue, never in a request
(docs/TEXT.md).

- :func:`queue_extraction(document_file, requested_by)`: the file's :class:`DocumentText`
  (created the first time, method guessed from the file's type) and a new
  :class:`ExtractionJob`, whose task is sent when the transaction commits. Called when a file
  is uploaded (``post_save`` of :class:`DocumentFile`, :func:`file_saved`) and by the admin's
  "Trích xuất lại"; :func:`rerun` for a job listed as failed.
- :func:`extract_text(job_id)`: the Celery task. It reads the file from the storage, runs the
  extractor of its type (``documents/extraction/``), saves ``extracted`` (NFC) and the method,
  OCR confidence and pages — never ``corrected``: an editor's correction survives —, rebuilds
  the provisions (``documents/provisions.rebuild_provisions``) and clears the page cache.
  An unreadable file fails at once with a Vietnamese message; a transient error (storage, a
  program timing out) is retried with exponential backoff; past the soft time limit the job
  fails with a message; past the hard one the worker kills it and :class:`JobRequest` marks it
  failed. ``acks_late``: a job whose worker died is delivered again.
- :func:`recover_stale_jobs`: a job still ``running`` well past the hard time limit lost its
  worker to SIGKILL or the out-of-memory killer; it is sent again (attempts left, a broker)
  or failed. Run when a job is queued, by ``manage.py extract_texts`` and on the admin's jobs
  list. A job runs only for the message sent last (its ``task_id``), never once finished.

Each job records its status, attempts, error and times; ``DocumentText.status`` is the status
of the text's latest job (:func:`mirror_status`).

Without a broker (``CELERY_BROKER_URL`` unset) the task runs eagerly, in the process that
queued it, once its transaction has committed — the development default; time limits then do
not apply (they need a worker).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.utils import uuid
from celery.utils.time import get_exponential_backoff_interval
from celery.worker.request import Request
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from documents.cache import data_changed
from documents.extraction import METHOD_FOR_TYPE, TRANSIENT, ExtractionFailed, extract
from documents.models import DocumentFile, DocumentText, ExtractionJob
from documents.text_links import propose_links_for_texts  # noqa: F401 (a task: the worker finds it here)

logger = logging.getLogger(__name__)

RETRY_BACKOFF_MAX = 600


# --- queueing ---------------------------------------------------------------------------------


def queue_extraction(document_file: DocumentFile, requested_by: str = "") -> ExtractionJob:
    """A new job for *document_file*'s text; its task is sent when the transaction commits.
    Jobs whose worker died are recovered first (:func:`recover_stale_jobs`)."""
    recover_stale_jobs()
    with transaction.atomic():
        text = DocumentText.objects.filter(file=document_file).first()
        if text is None:
            position = DocumentText.objects.filter(document_id=document_file.document_id).count()
            text = DocumentText(document_id=document_file.document_id, file=document_file,
                                position=position,
                                method=METHOD_FOR_TYPE.get(document_file.content_type, ""))
        text.status = "queued"
        _save_quietly(text)
        job = ExtractionJob.objects.create(document_text=text, requested_by=requested_by[:150])
        transaction.on_commit(partial(send, job.pk), robust=True)
    return job


def rerun(job: ExtractionJob, requested_by: str = "") -> ExtractionJob:
    """A new job for the text of *job* (a failed one, from the list of failed jobs)."""
    return queue_extraction(job.document_text.file, requested_by)


def send(job_id: int) -> None:
    """Send job *job_id*'s task, with its time limits; a broker that cannot be reached makes the
    job fail with a message (the upload itself is kept: the job can be run again)."""
    options = {"soft_time_limit": settings.EXTRACTION_SOFT_TIME_LIMIT,
               "time_limit": settings.EXTRACTION_TIME_LIMIT,
               "queue": settings.CELERY_TASK_DEFAULT_QUEUE}
    # The task's id is the job's before it is sent: a worker runs a job only for the message
    # sent last (a message of a job sent again after its worker died is not run twice).
    task_id = uuid()
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        ExtractionJob.objects.filter(pk=job_id).update(task_id=task_id)
    try:
        extract_text.apply_async(args=[job_id], task_id=task_id, **options)
    except Exception as exc:  # the broker is down or refuses: say so on the job
        logger.exception("could not queue extraction job %s", job_id)
        fail(job_id, _("Không gửi được công việc vào hàng đợi (%(error)s). Hãy chạy lại sau.")
             % {"error": exc.__class__.__name__})


def file_saved(sender, instance: DocumentFile, created: bool, raw: bool = False, **kwargs):
    """``post_save`` of :class:`DocumentFile`: a new file's text is queued for extraction."""
    if not created or raw:
        return
    queue_extraction(instance, requested_by=_current_user())


def _current_user() -> str:
    from simple_history.models import HistoricalRecords

    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user.get_username() if user is not None and user.is_authenticated else ""


# --- the job's states -------------------------------------------------------------------------


def _save_quietly(text: DocumentText, fields: list[str] | None = None) -> None:
    """Save *text* without a history row: its history is editors' corrections, not jobs."""
    text.skip_history_when_saving = True
    try:
        text.save(update_fields=fields) if fields and text.pk else text.save()
    finally:
        del text.skip_history_when_saving


def mirror_status(text_id: int) -> None:
    """The text's status is its latest job's."""
    latest = (ExtractionJob.objects.filter(document_text_id=text_id)
              .order_by("-queued_at", "-id").values_list("status", flat=True).first())
    if latest is not None:
        text = DocumentText.objects.get(pk=text_id)
        if text.status != latest:
            text.status = latest
            _save_quietly(text, ["status"])


def start(job_id: int, task_id: str | None = None) -> ExtractionJob | None:
    """The job, now running; ``None`` when it is not to run: deleted with its file meanwhile,
    already finished, or sent again since this message (*task_id* is not the job's)."""
    with transaction.atomic():
        job = (ExtractionJob.objects.select_for_update().select_related("document_text")
               .filter(pk=job_id).first())
        if job is None or job.status in ("done", "failed"):
            return None
        if job.task_id and task_id and job.task_id != task_id:
            return None
        job.status, job.started_at = "running", timezone.now()
        job.attempts += 1
        job.save(update_fields=["status", "started_at", "attempts"])
        mirror_status(job.document_text_id)
    return job


def fail(job_id: int, error: str) -> None:
    with transaction.atomic():
        job = ExtractionJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            return
        job.status, job.error, job.finished_at = "failed", error, timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        mirror_status(job.document_text_id)


def will_retry(job: ExtractionJob, error: str) -> None:
    job.status, job.error = "queued", error
    job.save(update_fields=["status", "error"])
    mirror_status(job.document_text_id)


def finish(job: ExtractionJob, extraction) -> None:
    from documents.provisions import rebuild_provisions

    with transaction.atomic():
        text = DocumentText.objects.select_for_update().get(pk=job.document_text_id)
        text.extracted = extraction.text
        text.method = extraction.method
        text.ocr_confidence = extraction.ocr_confidence
        text.ocr_pages = extraction.ocr_pages
        text.extracted_at = timezone.now()
        _save_quietly(text, ["extracted", "method", "ocr_confidence", "ocr_pages",
                             "extracted_at"])
        job.status, job.error, job.finished_at = "done", "", timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        mirror_status(text.pk)
        text.refresh_from_db()
        rebuild_provisions(text)
        data_changed()


# --- jobs whose worker died -------------------------------------------------------------------


def stale_message() -> str:
    return _("Tiến trình trích xuất đã dừng mà chưa làm xong (bị tắt đột ngột hoặc hết bộ "
             "nhớ?).")


def stale_jobs():
    """THE jobs whose worker died: still ``running`` ``EXTRACTION_TIME_LIMIT +
    EXTRACTION_STALE_MARGIN`` seconds after they started."""
    limit = settings.EXTRACTION_TIME_LIMIT + settings.EXTRACTION_STALE_MARGIN
    before = timezone.now() - timedelta(seconds=limit)
    return ExtractionJob.objects.filter(status="running", started_at__lt=before)


def recover_stale_jobs(among=None) -> list[int]:
    """Jobs still ``running`` ``EXTRACTION_TIME_LIMIT + EXTRACTION_STALE_MARGIN`` seconds after
    they started: no worker runs them any more (a worker past the hard limit kills the job and
    says so, so this one was killed outright — SIGKILL, out of memory). Each is sent again when
    it has attempts left and a worker runs jobs (a broker is configured), its error saying what
    happened; else it fails with that error (listed with the failed jobs, "Chạy lại").
    Run when a job is queued, by ``manage.py extract_texts`` and by the admin's action
    "Phục hồi" on the jobs list (*among*: the ids chosen there; the list itself, a GET, only
    counts them): no scheduler needed. Returns the ids of the jobs recovered."""
    recovered = []
    stale = stale_jobs() if among is None else stale_jobs().filter(pk__in=among)
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        jobs = list(stale.select_for_update(skip_locked=True))
        for job in jobs:
            job.error, job.finished_at = stale_message(), None
            if job.attempts <= settings.EXTRACTION_MAX_RETRIES \
                    and not settings.CELERY_TASK_ALWAYS_EAGER:
                job.status = "queued"
                transaction.on_commit(partial(send, job.pk), robust=True)
            else:
                job.status, job.finished_at = "failed", timezone.now()
            job.save(update_fields=["status", "error", "finished_at"])
            mirror_status(job.document_text_id)
            logger.warning("extraction job %s lost its worker: %s", job.pk, job.status)
            recovered.append(job.pk)
    return recovered


def read_file(document_file: DocumentFile) -> bytes:
    with document_file.file.open("rb") as handle:
        return handle.read()


# --- the task -----------------------------------------------------------------------------------


class JobRequest(Request):
    """The worker's side of a job: a job killed at the hard time limit, or whose process died,
    is marked failed (the task itself cannot: it no longer runs)."""

    def _job_id(self):
        args = self.args or ()
        return args[0] if args else None

    def on_timeout(self, soft, timeout):
        super().on_timeout(soft, timeout)
        if not soft and self._job_id() is not None:
            fail(self._job_id(), time_limit_message(timeout))

    def on_failure(self, exc_info, send_failed_event=True, return_ok=False):
        super().on_failure(exc_info, send_failed_event=send_failed_event, return_ok=return_ok)
        from billiard.exceptions import WorkerLostError

        if isinstance(getattr(exc_info, "exception", None), WorkerLostError) and self._job_id():
            fail(self._job_id(), _("Tiến trình trích xuất bị dừng đột ngột (hết bộ nhớ?)."))


def time_limit_message(seconds) -> str:
    return _("Quá thời gian cho phép (%(seconds)s giây): tệp quá lớn hoặc quá nhiều trang "
             "quét. Có thể tăng EXTRACTION_SOFT_TIME_LIMIT rồi chạy lại.") % {"seconds": seconds}


def backoff(retries: int) -> int:
    return get_exponential_backoff_interval(settings.EXTRACTION_RETRY_BACKOFF, retries,
                                            RETRY_BACKOFF_MAX, full_jitter=False)


@shared_task(bind=True, acks_late=True, Request=JobRequest, name="documents.extract_text")
def extract_text(self, job_id: int) -> str:
    job = start(job_id, self.request.id)
    if job is None:
        return "gone"
    try:
        document_file = job.document_text.file
        if document_file is None:
            raise ExtractionFailed(_("Toàn văn này không lấy từ tệp."))
        extraction = extract(read_file(document_file), document_file.content_type)
    except ExtractionFailed as exc:
        fail(job_id, str(exc))
        return "failed"
    except SoftTimeLimitExceeded:
        limits = self.request.timelimit or (None, None)
        fail(job_id, time_limit_message(limits[1] or settings.EXTRACTION_SOFT_TIME_LIMIT))
        return "failed"
    except TRANSIENT as exc:
        error = _("Lỗi tạm thời (lần %(attempt)s): %(error)s") % {
            "attempt": job.attempts, "error": f"{exc.__class__.__name__}: {exc}"[:500]}
        if self.request.retries < settings.EXTRACTION_MAX_RETRIES:
            will_retry(job, error)
            raise self.retry(exc=exc, countdown=backoff(self.request.retries),
                             max_retries=settings.EXTRACTION_MAX_RETRIES) from exc
        fail(job_id, error)
        return "failed"
    except Exception as exc:
        logger.exception("extraction job %s failed", job_id)
        fail(job_id, _("Lỗi không mong đợi: %(error)s")
             % {"error": f"{exc.__class__.__name__}: {exc}"[:500]})
        return "failed"
    finish(job, extraction)
    return "done"
