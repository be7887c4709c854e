"""Queue the extraction of documents' files' text (docs/TEXT.md).

    manage.py extract_texts              # files without a text yet (kept before extraction)
    manage.py extract_texts --failed     # and those whose latest job failed
    manage.py extract_texts --all        # every file again (corrections are kept)
    manage.py extract_texts --recover    # only the jobs whose worker died (sent again/failed)

Every run first recovers the jobs still "running" long after the hard time limit (their worker
was killed outright: ``text_jobs.recover_stale_jobs``).

Jobs go to the job queue (a worker runs them), or run here, one after the other, when no broker
is configured. Idempotent for files that have a text: nothing is queued twice unless asked.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from documents.models import DocumentFile
from documents.streaming import objects_by_id
from documents.text_jobs import queue_extraction, recover_stale_jobs


class Command(BaseCommand):
    help = "Queue the extraction of files' text: files without one (default), failed, or all."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--failed", action="store_true",
                           help="Also files whose text's latest job failed.")
        which.add_argument("--all", action="store_true", help="Every file again.")
        which.add_argument("--recover", action="store_true",
                           help="Only recover the jobs whose worker died (nothing else queued).")

    def handle(self, *args, **options):
        recovered = recover_stale_jobs()
        if recovered or options["recover"]:
            self.stdout.write(f"{len(recovered)} job(s) whose worker died recovered "
                              "(sent again, or failed when no attempt is left).")
        if options["recover"]:
            return
        files = DocumentFile.objects.order_by("pk")
        if not options["all"]:
            missing = files.filter(text__isnull=True)
            failed = files.filter(text__status="failed")
            files = (missing | failed) if options["failed"] else missing
        count = 0
        for file in objects_by_id(files):  # in bounded memory (documents.streaming)
            queue_extraction(file, requested_by="extract_texts")
            count += 1
        self.stdout.write(f"{count} extraction job(s) queued.")
