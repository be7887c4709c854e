"""After a change, the busiest kept counts are counted again by a job, before a reader asks.

The counts and summaries kept per change of the catalogue (:mod:`documents.catalogue_counts`)
are never read past a change: without this, the first request after each change counts them
again — the unfiltered document list 3 s at 1.000.000 documents, the home page a quarter of a
second. So, when a change commits (:func:`documents.cache.committed`), the task
:func:`refresh_kept` is sent, and a worker computes, for the new version, what most requests
read (:data:`REFRESHERS`):

- the unfiltered document list's facet counts (and so the API list's),
- the home page's counts,
- the numbers of documents and targets (the unfiltered API list's and targets page's totals),
- the summary of the country's page ("what applies here" at the top of the tree) and of
  every province that exists today;

and the document pages the change shows on (their ``doc:`` tags, ``documents.page_tags``):
their heavy parts — the picture of their links, the chain and the tree — rendered and kept
(``documents.renderings.keep``, in every language), at most :data:`DOCUMENTS_RENDERED` of them.

Each calls the same function the page calls (one definition), which stores its answer for
the version current when it started counting. A request arriving while the job counts
waits for the job's answer instead of counting too (``catalogue_counts._counted_once``).
Several changes in a row send several tasks: a task finding the counts current for the
latest version reads them (one query each) and stops.

The same task is sent every day just after midnight (``KEPT_REFRESH_AT``, by the scheduler
the worker of that queue runs: ``catalogue.queue.kept_schedule``), for the counts kept per
day (a status changes at midnight): the new day's are counted before its first reader.

The task goes to a queue of its own (``catalogue.queue.kept_queue``: ``<CELERY_QUEUE>-kept``),
read by a worker of its own (``make run`` starts one; docs/OPERATIONS.md), so that a long OCR
never holds it up. Only with a job queue (``CELERY_BROKER_URL``): without one, tasks run in
the process that sent them, and a document saved in the admin would wait for the whole
catalogue's counts — there (development, the tests) the first request after a change counts,
as before. Turned
off by ``KEPT_REFRESH=false``.
"""

from __future__ import annotations

import logging
import time

from celery import shared_task
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.utils.module_loading import import_string

from catalogue.queue import kept_queue

logger = logging.getLogger(__name__)

#: What the job counts after a change: functions without arguments, each computing (or
#: reading, when current) what a page keeps, by the page's own code.
REFRESHERS = (
    "documents.filters.facets.unfiltered_list_counts",
    "documents.views.home.home_counts",
    "documents.catalogue_counts.document_count",
    "documents.catalogue_counts.target_count",
    "documents.place_summary.country_counts",
    "documents.place_summary.province_counts",
)


#: The most document pages whose kept parts one job renders (a change shown on more — a
#: place renamed — leaves the rest to their next request).
DOCUMENTS_RENDERED = 200


def enabled() -> bool:
    """A job refreshes the kept counts after a change: a queue with a worker, and not
    turned off."""
    return settings.KEPT_REFRESH and not settings.CELERY_TASK_ALWAYS_EAGER


def schedule(using: str = DEFAULT_DB_ALIAS, tags=()) -> None:
    """A change committed on *using*, shown on the pages of *tags*: send the task (when
    :func:`enabled`). A queue that is down costs the refresh, never the change: the next
    request counts."""
    if not enabled() or using != DEFAULT_DB_ALIAS:
        return
    slugs = sorted(tag[len("doc:"):] for tag in tags if tag.startswith("doc:"))
    try:
        refresh_kept.apply_async([slugs[:DOCUMENTS_RENDERED]],
                                 queue=kept_queue(settings.CELERY_TASK_DEFAULT_QUEUE))
    except Exception:
        logger.warning("could not send the kept counts' refresh", exc_info=True)


def refresh(names=REFRESHERS) -> dict[str, float]:
    """Compute (or read, when current) each kept summary of *names*; returns the
    milliseconds each took. An error in one is logged and the others still run."""
    took = {}
    for name in names:
        started = time.perf_counter()
        try:
            import_string(name)()
        except Exception:
            logger.exception("could not refresh %s", name)
        took[name] = round((time.perf_counter() - started) * 1000, 1)
    return took


def render_documents(slugs) -> int:
    """The kept parts of the pages of the documents *slugs*, rendered where missing or stale;
    how many were rendered."""
    from documents import renderings
    from documents.models import Document

    return renderings.keep(Document.objects.filter(slug__in=list(slugs)[:DOCUMENTS_RENDERED]))


@shared_task(ignore_result=True)
def refresh_kept(documents=()) -> None:
    """The job sent after a change: :func:`refresh`, then :func:`render_documents` of the
    document pages it shows on."""
    took = refresh()
    rendered = render_documents(documents) if documents else 0
    logger.info("kept counts refreshed: %s; %s document part(s) rendered", took, rendered)
