"""After a change, the kept counts are counted again by a job before anyone asks
(documents.kept_refresh), and counted by one process at a time when someone does
(catalogue_counts._counted_once): on a real worker, and with real concurrent connections."""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid

import pytest
from cache_helpers import layered
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from test_catalogue_counts import recounted, shown
from test_text_queue import REDIS_URL, needs, worker

from documents import catalogue_counts, renderings
from documents.catalogue_counts import LOCK_NAMESPACE, SEQUENCE, SUMMARIES, TABLE, kept
from documents.clock import today
from documents.kept_refresh import REFRESHERS, enabled, refresh
from documents.models import Document, DocumentLink, Locality
from documents.place_summary import KEPT_SHAPE, PROVINCE_LEVEL


def _version() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT last_value FROM {SEQUENCE}")
        return cursor.fetchone()[0]


def _kept_versions() -> dict:
    """What is kept, and for which version: the facets' row and each summary's."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version FROM {TABLE} WHERE id = 1")
        row = cursor.fetchone()
        cursor.execute(f"SELECT key, version FROM {SUMMARIES}")
        return {"facets": row[0] if row else None, **dict(cursor.fetchall())}


def _current(keys) -> bool:
    now, versions = _version(), _kept_versions()
    return all(versions.get(key) == now for key in keys)


KEYS = ("facets", "home:1", "count:documents.document", "count:documents.target")


@pytest.mark.django_db
def test_off_without_a_queue_the_first_request_counts(settings, client, docs):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # no broker: a task would run in the request
    assert not enabled()
    shown(client)
    Document.objects.filter(symbol__isnull=False).first().save()
    assert not _current(["facets"])  # nothing counted it: the next request will
    assert shown(client)["total"] == recounted()["total"]


@pytest.mark.django_db
def test_refresh_counts_what_the_pages_read_then_only_reads(client, docs):
    Document.objects.filter(symbol__isnull=False).first().save()
    took = refresh()
    assert set(took) == set(REFRESHERS)
    assert _current(KEYS)
    with CaptureQueriesContext(connection) as queries:
        refresh()  # current: read, not counted
    assert not [q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"]]
    with CaptureQueriesContext(connection) as queries:
        counts = shown(client)
    assert not [q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"]]
    expected = recounted()
    assert {n: counts[n] for n in ("type", "total")} == {n: expected[n] for n in ("type", "total")}


@pytest.mark.django_db
def test_refresh_counts_every_province_of_today_and_only_those(client, docs):
    country = Locality.objects.get(parent__isnull=True)
    Locality.objects.create(slug="ha-tay", name="Hà Tây", kind="province", parent=country,
                            valid_to=dt.date(2008, 7, 31))  # merged into Hà Nội
    Locality.objects.create(slug="bac-ninh", name="Bắc Ninh", kind="province", parent=country)
    Document.objects.filter(symbol__isnull=False).first().save()
    refresh()
    provinces = Locality.objects.filter(level=PROVINCE_LEVEL)
    today_s = set(provinces.existing_on(today()))
    assert today_s and set(provinces) - today_s  # the fixture has both kinds
    assert _current([f"place:{KEPT_SHAPE}:{p.pk}" for p in today_s])
    gone = _kept_versions()
    assert not [p for p in set(provinces) - today_s if f"place:{KEPT_SHAPE}:{p.pk}" in gone]
    province = next(iter(today_s))
    with CaptureQueriesContext(connection) as queries:  # its page reads what the job kept
        assert client.get(province.get_absolute_url()).status_code == 200
    assert not [q["sql"] for q in queries.captured_queries
                if "GROUP BY" in q["sql"] and "documents_document" in q["sql"]
                and "issued_year" in q["sql"]]


def test_a_change_is_counted_by_the_worker_before_anyone_asks(transactional_db, docs, bodies,
                                                             settings, client):
    needs(6379, "Redis")
    # the worker reads the same day as this process (tests fix it: conftest.py)
    with worker(settings, REDIS_URL, CATALOGUE_TODAY=str(settings.CATALOGUE_TODAY)) as (
            _process, log):
        assert enabled()
        made = Document.objects.create(
            symbol="77-KH/TU", doc_type="ke_hoach", title="Kế hoạch luân chuyển cán bộ",
            issuing_body=bodies["btv"], issued_date=dt.date(2024, 3, 1))
        deadline = time.monotonic() + 60
        while not _current(KEYS):
            if time.monotonic() > deadline:
                log.flush()
                log.seek(0)
                raise AssertionError(f"not refreshed: {_kept_versions()} at {_version()}\n"
                                     + log.read()[-3000:])
            time.sleep(0.2)
    with CaptureQueriesContext(connection) as queries:
        counts = shown(client)
    assert not [q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"]]
    expected = recounted()
    assert counts["total"] == expected["total"] and counts["type"] == expected["type"]
    assert counts["type"]["ke_hoach"] == Document.objects.filter(doc_type="ke_hoach").count()
    made.delete()


def test_the_worker_renders_the_document_pages_a_change_shows_on(transactional_db, docs,
                                                                 settings, client):
    """With a page store keeping pages by tag (production's shape), a document's edit is
    shown on its page and its neighbours': the job renders their kept parts (the link
    picture, the chain, the tree) in both languages before a reader asks."""
    needs(6379, "Redis")
    settings.CACHES = {**settings.CACHES, "pages": layered(f"pages-{uuid.uuid4()}")}
    doc = docs["da34"]  # carries out the resolution: the resolution's page shows it too
    DocumentLink.objects.create(from_document=doc, kind="implements", to_document=docs["nq04"])
    neighbours = {docs["nq04"].slug}

    def rendered(slug: str) -> bool:
        return all(_in(language, lambda: renderings.stored(slug)) is not None
                   for language in ("vi", "en"))

    assert not rendered(doc.slug)
    with worker(settings, REDIS_URL, CATALOGUE_TODAY=str(settings.CATALOGUE_TODAY)) as (
            _process, log):
        doc.title = doc.title + " (sửa)"
        doc.save()
        deadline = time.monotonic() + 90
        while not (rendered(doc.slug) and all(rendered(s) for s in neighbours)):
            if time.monotonic() > deadline:
                log.flush()
                log.seek(0)
                raise AssertionError("not rendered\n" + log.read()[-3000:])
            time.sleep(0.3)
    page = client.get(f"/documents/{doc.slug}/").content.decode()
    assert "(sửa)" in page


def _in(language: str, read):
    from django.utils import translation

    with translation.override(language):
        return read()


def _hold_lock(key: str, ready: threading.Event, release: threading.Event, store=None):
    """Another process counting *key*: holds its lock until *release*, then stores *store*."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                               [LOCK_NAMESPACE, f"kept:{key}"])
            ready.set()
            release.wait(30)
            if store is not None:
                kept(key, lambda: store)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_a_request_waits_for_the_count_under_way_instead_of_counting_too():
    ready, release = threading.Event(), threading.Event()
    other = threading.Thread(target=_hold_lock,
                             args=("test:wait", ready, release, {"by": "the other"}))
    other.start()
    assert ready.wait(30)
    counted = []
    threading.Timer(0.5, release.set).start()
    value = kept("test:wait", lambda: counted.append(1) or {"by": "this one"})
    other.join(30)
    assert value == {"by": "the other"} and counted == []


@pytest.mark.django_db(transaction=True)
def test_a_counter_that_never_answers_is_waited_for_only_so_long(monkeypatch):
    monkeypatch.setattr(catalogue_counts, "WAIT_S", 0.3)
    ready, release = threading.Event(), threading.Event()
    other = threading.Thread(target=_hold_lock, args=("test:stuck", ready, release))
    other.start()
    assert ready.wait(30)
    try:
        assert kept("test:stuck", lambda: {"by": "this one"}) == {"by": "this one"}
    finally:
        release.set()
        other.join(30)
