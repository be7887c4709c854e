"""Jobs whose worker was killed outright (docs/TEXT.md, "Jobs whose worker died"): a job still
"running" past the hard time limit plus EXTRACTION_STALE_MARGIN is sent again while it has
attempts left and a worker runs jobs, else failed with the reason and listed with the failed
jobs. The sweep runs when a job is queued, in ``manage.py extract_texts`` and by the admin's
action on the jobs list (the list, a GET, only counts them). Here the start is moved into the
past; tests/test_text_queue.py kills a real worker with SIGKILL mid-job."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from file_samples import pdf_bytes
from test_files_admin import client_for
from test_text_queue import REDIS_URL, _delete_queue, needs
from text_helpers import attach, latest_job, queue_on

from documents.extraction import Extraction
from documents.models import ExtractionJob
from documents.text_jobs import extract_text, recover_stale_jobs, start

LOST = "Tiến trình trích xuất đã dừng mà chưa làm xong (bị tắt đột ngột hoặc hết bộ nhớ?)."


def running(job: ExtractionJob, started_seconds_ago: int, attempts: int = 1) -> ExtractionJob:
    """*job* as a worker left it when it was killed: running, started that long ago."""
    ExtractionJob.objects.filter(pk=job.pk).update(
        status="running", attempts=attempts,
        started_at=timezone.now() - timedelta(seconds=started_seconds_ago))
    job.document_text.status = "running"
    job.document_text.save(update_fields=["status"])
    job.refresh_from_db()
    return job


@pytest.fixture
def limits(settings):
    settings.EXTRACTION_TIME_LIMIT, settings.EXTRACTION_STALE_MARGIN = 100, 20
    settings.EXTRACTION_MAX_RETRIES = 2
    return settings


def test_without_a_broker_a_stale_job_fails_and_is_listed_to_run_again(
        docs, limits, django_user_model, django_capture_on_commit_callbacks):
    file = attach(docs["da34"], pdf_bytes(), "ban-ky.pdf")
    other = attach(docs["nq04"], pdf_bytes(pages=1), "khac.pdf")
    stale = running(latest_job(file), 121)
    busy = running(latest_job(other), 30)  # well within the hard limit and margin: left alone

    with django_capture_on_commit_callbacks(execute=True) as sent:
        assert recover_stale_jobs() == [stale.pk]
    assert sent == []  # nothing runs in this process: eagerly it might be killed again
    stale.refresh_from_db()
    busy.refresh_from_db()
    assert (stale.status, stale.error, stale.attempts) == ("failed", LOST, 1)
    assert stale.finished_at is not None
    file.text.refresh_from_db()
    assert file.text.status == "failed"
    assert busy.status == "running" and busy.error == ""

    editor = client_for(django_user_model, "editor")
    html = editor.get(reverse("admin:documents_extractionjob_changelist")
                      + "?status__exact=failed").content.decode()
    assert LOST in html and "ban-ky.pdf" in html and "khac.pdf" not in html
    assert "Chạy lại" in html
    page = editor.get(reverse("admin:documents_document_change", args=[docs["da34"].pk]))
    assert LOST in page.content.decode()


def test_the_jobs_list_counts_stale_jobs_and_only_its_action_recovers_them(
        docs, limits, django_user_model):
    job = running(latest_job(attach(docs["da34"], pdf_bytes(), "ban-ky.pdf")), 500)
    changelist = reverse("admin:documents_extractionjob_changelist")
    reviewer = client_for(django_user_model, "reviewer")
    page = reviewer.get(changelist)
    assert page.status_code == 200
    html = page.content.decode()
    # A GET changes nothing: it says so, and a reviewer is not offered the action.
    assert "1 công việc bị dừng giữa chừng" in html and "Phục hồi công việc bị dừng" not in html
    job.refresh_from_db()
    assert job.status == "running"
    refused = reviewer.post(changelist, {"action": "recover_selected",
                                         "_selected_action": [job.pk]})
    job.refresh_from_db()
    assert job.status == "running" and refused.status_code in (200, 302, 403)

    editor = client_for(django_user_model, "editor")
    html = editor.get(changelist).content.decode()
    assert "1 công việc bị dừng giữa chừng" in html and "Phục hồi công việc bị dừng" in html
    done = editor.post(changelist, {"action": "recover_selected",
                                    "_selected_action": [job.pk]}, follow=True)
    assert "1 công việc bị dừng giữa chừng đã được xếp hàng lại" in done.content.decode()
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", LOST)
    # Once recovered, the list says nothing more.
    assert "bị dừng giữa chừng" not in editor.get(changelist).content.decode()


def test_the_command_recovers_and_queueing_a_job_recovers(docs, limits,
                                                           django_capture_on_commit_callbacks):
    first = running(latest_job(attach(docs["da34"], pdf_bytes(), "ban-ky.pdf")), 500)
    out = io.StringIO()
    call_command("extract_texts", "--recover", stdout=out)
    assert "1 job(s) whose worker died recovered" in out.getvalue()
    first.refresh_from_db()
    assert first.status == "failed"

    second = running(latest_job(attach(docs["nq04"], pdf_bytes(), "khac.pdf")), 500)
    attach(docs["da34"], pdf_bytes(pages=1), "phu-luc.pdf", kind="appendix")  # queues a job
    second.refresh_from_db()
    assert (second.status, second.error) == ("failed", LOST)


def test_with_a_broker_a_stale_job_is_sent_again_while_attempts_remain(
        transactional_db, docs, limits):
    needs(6379, "Redis")
    queue = f"catalogue-test-{uuid.uuid4().hex[:12]}"
    with queue_on(limits, REDIS_URL, queue):
        file = attach(docs["da34"], pdf_bytes(), "ban-ky.pdf")
        other = attach(docs["nq04"], pdf_bytes(), "het-luot.pdf")
        job = latest_job(file)
        first_task = job.task_id
        assert first_task  # sent to the broker, no worker here
        job = running(job, 500, attempts=2)
        spent = running(latest_job(other), 500, attempts=3)
        assert sorted(recover_stale_jobs()) == sorted([job.pk, spent.pk])
    _delete_queue(REDIS_URL, queue)
    job.refresh_from_db()
    spent.refresh_from_db()
    # Sent again under a new task id; the error says what happened meanwhile.
    assert (job.status, job.error, job.attempts) == ("queued", LOST, 2)
    assert job.task_id and job.task_id != first_task
    file.text.refresh_from_db()
    assert file.text.status == "queued"
    # No attempt left (the first run and EXTRACTION_MAX_RETRIES = 2 retries): failed.
    assert (spent.status, spent.error) == ("failed", LOST)

    # The killed worker's message, delivered again later, is not run a second time.
    assert start(job.pk, first_task) is None
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("queued", 2)
    # Nor is a finished job's.
    assert start(spent.pk, spent.task_id) is None


def test_a_job_sent_again_runs_once_under_its_new_id(docs, monkeypatch):
    file = attach(docs["da34"], pdf_bytes(), "ban-ky.pdf")
    job = latest_job(file)
    ExtractionJob.objects.filter(pk=job.pk).update(task_id="nouveau")
    monkeypatch.setattr("documents.text_jobs.extract",
                        lambda data, kind: Extraction("Điều 1. Đào tạo.", "pdf_text"))
    assert extract_text.apply(args=[job.pk], task_id="ancien").get() == "gone"
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("queued", 0)
    assert extract_text.apply(args=[job.pk], task_id="nouveau").get() == "done"
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == ("done", 1, "")
