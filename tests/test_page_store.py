"""The ``pages`` store (documents/page_store.py) and the data-version ETag
(documents/cache.py ``PageVersionMiddleware``): one round trip to the shared store for a page a
process served before, 304 for a known ETag without running the view, and never a stale page —
not from this process's copy, not after another process's change, not when a page rendered
before a change is stored after it."""

from __future__ import annotations

import uuid

import pytest
from cache_helpers import layered
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from documents.models import Document
from documents.page_store import GENERATION_PREFIX, VERSION_KEY, PageStore
from documents.page_tags import page_tags


def _store(location: str, entries: int = 200) -> PageStore:
    config = layered(location, entries)
    return PageStore("", {"OPTIONS": config["OPTIONS"]})


class Counting:
    """Counts the operations (round trips) a page store asks of its shared store: a
    ``get_many`` is one, whatever the local-memory cache standing for the store does inside."""

    def __init__(self, store: PageStore, monkeypatch):
        self.calls: list[str] = []
        self.depth = 0
        for name in ("get", "get_many", "set", "set_many", "add", "delete", "clear"):
            original = getattr(store.shared, name)
            monkeypatch.setattr(store.shared, name, self._counted(name, original))

    def _counted(self, name, original):
        def counted(*args, **kwargs):
            if not self.depth:
                self.calls.append(name)
            self.depth += 1
            try:
                return original(*args, **kwargs)
            finally:
                self.depth -= 1
        return counted


@pytest.fixture
def pages(settings):
    settings.CACHES = {**settings.CACHES, "pages": layered(f"pages-{uuid.uuid4()}")}
    settings.PAGE_MAX_AGE = settings.CACHE_MIDDLEWARE_SECONDS = 120
    return caches["pages"]


# --- the store on its own ---------------------------------------------------------------------


def test_values_live_until_the_store_is_cleared():
    store = _store(f"s-{uuid.uuid4()}")
    store.set("a", "một")
    assert store.get("a") == "một"
    assert store.has_key("a") and not store.has_key("b")
    assert store.add("a", "hai") is False and store.get("a") == "một"
    store.clear()
    assert store.get("a") is None
    assert store.add("a", "hai") is True and store.get("a") == "hai"


def test_a_clear_by_another_process_is_seen_on_the_next_read():
    """Two processes (two stores with copies of their own) over one shared store."""
    location = f"s-{uuid.uuid4()}"
    worker, other = _store(location), _store(location)
    with worker.pinned():
        worker.set("page", "cũ")
    with worker.pinned():
        assert worker.get("page") == "cũ"  # from its own copy
    other.clear()  # a change made elsewhere (the admin, a command)
    with worker.pinned():
        assert worker.get("page") is None


def test_a_page_rendered_before_a_change_and_stored_after_it_is_never_read():
    location = f"s-{uuid.uuid4()}"
    worker, other = _store(location), _store(location)
    with worker.pinned():  # a request starts: data read before the change…
        other.clear()  # …the change commits and clears the pages…
        worker.set("page", "trang cũ")  # …then the old page is stored
    with worker.pinned():
        assert worker.get("page") is None
    assert other.get("page") is None


def test_a_tag_bumped_by_another_process_makes_only_its_pages_stale():
    """Two processes' copies over one shared store: a page is served while its tags'
    generations are the ones it was kept with — from either copy — and never after."""
    location = f"s-{uuid.uuid4()}"
    worker, other = _store(location), _store(location)
    for store in (worker, other):
        with store.pinned(["doc:a", "documents"]):
            store.set("page-a", HttpResponse("a"))
        with store.pinned(["doc:b", "documents"]):
            store.set("page-b", HttpResponse("b"))
    other.bump(["doc:a"])  # an edit of a, made by the other process
    for store in (worker, other):
        with store.pinned(["doc:a", "documents"]):
            assert store.get("page-a") is None
        with store.pinned(["doc:b", "documents"]):
            assert store.get("page-b").content == b"b"  # from its own copy
    worker.bump(["documents"])  # every document page
    with other.pinned(["doc:b", "documents"]):
        assert other.get("page-b") is None


def test_a_page_rendered_before_a_bump_and_stored_after_it_is_never_read():
    location = f"s-{uuid.uuid4()}"
    worker, other = _store(location), _store(location)
    with worker.pinned(["doc:a"]) as before:  # the request reads its data…
        other.bump(["doc:a"])  # …the change commits and touches the page's tag…
        worker.set("page", HttpResponse("cũ"))  # …then the old page is stored
    with worker.pinned(["doc:a"]) as after:
        assert after != before
        assert worker.get("page") is None
    with other.pinned(["doc:a"]):
        assert other.get("page") is None


def test_with_the_database_cache_a_bump_is_one_statement(db):
    """The default shared store: the generations are written in one statement, read back by
    Django's own database cache, and the version with the page's generations in one query."""
    shared = {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
              "LOCATION": "catalogue_page_cache", "KEY_PREFIX": "t"}
    worker, other = (PageStore("", {"OPTIONS": {"SHARED": shared}}) for _ in range(2))
    tags = ["doc:a", "documents"]
    with worker.pinned(tags) as before:
        worker.set("page", HttpResponse("trang"))
    with CaptureQueriesContext(connection) as queries, worker.pinned(tags) as again:
        assert again == before and worker.get("page").content == b"trang"
    assert len(queries.captured_queries) == 1
    with CaptureQueriesContext(connection) as queries:
        other.bump(["doc:a", "lists", "place:viet-hung"])
    assert len(queries.captured_queries) == 1
    token = other.shared.get(GENERATION_PREFIX + "doc:a")
    assert token and other.shared.get(GENERATION_PREFIX + "lists") == token
    with worker.pinned(tags) as after:
        assert after != before and worker.get("page") is None


def test_one_round_trip_for_a_value_this_process_read_before(monkeypatch):
    store = _store(f"s-{uuid.uuid4()}")
    store.set("page", "trang")
    counting = Counting(store, monkeypatch)
    with store.pinned():
        assert store.get("page") == "trang"
        assert store.get("page") == "trang"
    assert counting.calls == ["get_many"]  # the version; the page came from this process's copy


def test_without_a_copy_every_read_goes_to_the_shared_store(monkeypatch):
    store = _store(f"s-{uuid.uuid4()}", entries=0)
    store.set("page", "trang")
    counting = Counting(store, monkeypatch)
    with store.pinned():
        assert store.get("page") == "trang"
        assert store.get("page") == "trang"
    assert counting.calls == ["get_many", "get", "get"]


def test_a_copy_lives_no_longer_than_the_page_it_holds():
    store = _store(f"s-{uuid.uuid4()}")
    expired = HttpResponse("cũ")
    expired["Expires"] = http_date(0)
    fresh = HttpResponse("mới")
    fresh["Expires"] = http_date(4102444800)  # 2100
    assert store._remaining(expired) == 0
    assert store._remaining(fresh) > 3600
    assert store._remaining("not a page") == store.shared.default_timeout


def test_a_shared_store_that_keeps_nothing_keeps_nothing():
    store = PageStore("", {"OPTIONS": {"SHARED": {
        "BACKEND": "django.core.cache.backends.dummy.DummyCache"}}})
    store.set("page", "trang")
    assert store.get("page") is None
    assert store.read_version() is None


# --- the site over the store -------------------------------------------------------------------


def test_a_page_served_again_costs_one_round_trip_and_no_query(client, docs, pages, monkeypatch):
    url = docs["da34"].get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200
    counting = Counting(pages, monkeypatch)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert again.status_code == 200 and again.content == first.content
    assert len(queries.captured_queries) == 0
    assert counting.calls == ["get_many"]  # the version and the page's tags' generations


def test_a_known_etag_is_answered_304_without_running_the_view(client, docs, pages):
    url = docs["da34"].get_absolute_url()
    etag = client.get(url)["ETag"]
    keys = [VERSION_KEY, *(GENERATION_PREFIX + tag for tag in page_tags(url))]
    kept = pages.shared.get_many(keys)
    assert len(kept) == 3  # the version, doc:<slug>, documents
    pages.clear()  # no page kept anywhere…
    pages.shared.set_many(kept, None)  # …under the same version and generations
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert answer.status_code == 304 and not answer.content
    assert answer["ETag"] == etag
    assert len(queries.captured_queries) == 0  # the view did not run


def test_the_etag_changes_with_the_data_and_the_address(client, docs, pages):
    url = docs["da34"].get_absolute_url()
    etag = client.get(url)["ETag"]
    assert client.get(url)["ETag"] == etag
    assert client.get(url + "?x=1")["ETag"] != etag
    assert client.get("/en" + url)["ETag"] != etag
    doc = Document.objects.get(pk=docs["da34"].pk)
    doc.title = "Trích yếu đã sửa"
    doc.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "Trích yếu đã sửa" in changed.content.decode()
    assert changed["ETag"] != etag


def test_no_data_version_etag_for_the_admin_or_private_answers(admin_client, docs, pages):
    page = admin_client.get(f"/admin/documents/document/{docs['da34'].pk}/change/")
    assert page.status_code == 200
    again = admin_client.get(f"/admin/documents/document/{docs['da34'].pk}/change/",
                             HTTP_IF_NONE_MATCH=page.get("ETag", '"none"'))
    assert again.status_code == 200


def test_a_missing_page_never_answers_304(client, docs, pages):
    for url in ("/documents/khong-ton-tai/", "/places/khong-co/"):
        assert client.get(url, HTTP_IF_NONE_MATCH="*").status_code == 404
        assert client.get(url).status_code == 404
    assert client.get(docs["da34"].get_absolute_url(), HTTP_IF_NONE_MATCH="*").status_code == 304


def test_an_answer_is_sent_in_one_piece(client, docs, pages):
    """A WSGI server sends each piece of an answer's iterable with a system call of its own;
    the feed, written element by element, was some 1.600 pieces."""
    for url in ("/feeds/documents.atom", "/documents/", docs["da34"].get_absolute_url()):
        for _ in range(2):  # rendered, then from the page store
            response = client.get(url)
            assert response.status_code == 200
            assert len(list(response)) == 1, url


# --- with Redis: the version kept in the process until Redis says it changed ------------------

#: A Redis database for each test below (a clear flushes the whole database, and the suite
#: runs tests of one file in parallel processes); test_cache.py uses 14.
REDIS_DATABASES = {
    "test_with_redis_a_page_served_again_costs_no_round_trip": 8,
    "test_with_redis_a_clear_anywhere_is_seen_on_the_next_read": 9,
    "test_with_redis_a_lost_connection_never_serves_a_stale_version": 10,
    "test_with_redis_the_version_is_tracked_only_when_asked": 11,
    "test_with_a_redis_that_refuses_tracking_the_version_is_read_each_time": 13,
    "test_with_redis_a_tag_bumped_anywhere_is_seen_with_no_round_trip_until_then": 12,
}


@pytest.fixture
def redis_db(request):
    """(a client of this test's own Redis database, its address)."""
    redis = pytest.importorskip("redis")
    url = f"redis://127.0.0.1:6379/{REDIS_DATABASES[request.node.name]}"
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    client.flushdb()
    yield client, url
    client.flushdb()
    client.close()


def _redis_store(url: str, **options) -> PageStore:
    return PageStore("", {"OPTIONS": {
        "SHARED": {"BACKEND": "catalogue.redis_cache.RedisCache", "LOCATION": url},
        **options}})


class CountingRedis:
    """Counts the commands every Redis client of this process sends."""

    def __init__(self, monkeypatch):
        import redis
        self.commands: list[str] = []
        original = redis.Redis.execute_command

        def counted(client, *args, **options):
            self.commands.append(str(args[0]))
            return original(client, *args, **options)
        monkeypatch.setattr(redis.Redis, "execute_command", counted)


def test_with_redis_a_page_served_again_costs_no_round_trip(redis_db, monkeypatch):
    _, url = redis_db
    store = _redis_store(url)
    with store.pinned():
        store.set("page", "trang")
    counting = CountingRedis(monkeypatch)
    for _ in range(3):
        with store.pinned():
            assert store.get("page") == "trang"
    assert counting.commands == []


def test_with_redis_a_clear_anywhere_is_seen_on_the_next_read(redis_db):
    client, url = redis_db
    worker, other = _redis_store(url), _redis_store(url)
    with worker.pinned():
        worker.set("page", "cũ")
    with worker.pinned() as before:
        assert worker.get("page") == "cũ"
    other.clear()  # another process (FLUSHDB of the shared store, the version with it)
    with worker.pinned() as after:
        assert after != before
        assert worker.get("page") is None
        worker.set("page", "mới")
    with other.pinned() as seen_by_other:
        assert seen_by_other == after and other.get("page") == "mới"
    client.set(other.tracked.key, "đổi-tay")  # any write to the key, by any client
    with worker.pinned() as version:
        assert version == "đổi-tay" and worker.get("page") is None


def test_with_redis_a_lost_connection_never_serves_a_stale_version(redis_db):
    client, url = redis_db
    worker, other = _redis_store(url), _redis_store(url)
    with worker.pinned() as before:
        worker.set("page", "cũ")
    client.client_kill_filter(_id=worker.tracked._client.client_id())
    other.clear()  # its invalidation cannot reach the killed connection
    with worker.pinned() as after:
        assert after is not None and after != before
        assert worker.get("page") is None


def test_with_redis_the_version_is_tracked_only_when_asked(redis_db):
    _, url = redis_db
    assert _redis_store(url).tracked is not None
    untracked = _redis_store(url, TRACK_VERSION=False)
    assert untracked.tracked is None
    with untracked.pinned() as version:
        assert version and untracked.read_version() == version
    assert _store(f"s-{uuid.uuid4()}").tracked is None  # not Redis: one read per request


def test_with_a_redis_that_refuses_tracking_the_version_is_read_each_time(redis_db, monkeypatch):
    import redis

    _, url = redis_db
    store = _redis_store(url)

    def refused(self):
        raise redis.exceptions.ResponseError("unknown command 'CLIENT|TRACKING'")
    monkeypatch.setattr(type(store.tracked), "get", refused)
    with store.pinned() as version:
        assert version
        store.set("page", "trang")
    assert store.tracked is None  # from now on: one read per request, as with the database
    with store.pinned() as again:
        assert again == version and store.get("page") == "trang"
    store.clear()
    with store.pinned() as after:
        assert after != version and store.get("page") is None


def test_with_redis_a_tag_bumped_anywhere_is_seen_with_no_round_trip_until_then(redis_db,
                                                                              monkeypatch):
    _, url = redis_db
    tags = ["doc:a", "documents"]
    worker, other, untracked = (_redis_store(url), _redis_store(url),
                                _redis_store(url, TRACK_VERSION=False))
    with worker.pinned(tags) as token:
        worker.set("page", HttpResponse("trang"))
    counting = CountingRedis(monkeypatch)
    for _ in range(3):
        with worker.pinned(tags) as again:
            assert again == token and worker.get("page").content == b"trang"
    assert counting.commands == []  # the version and the generations: kept until told
    other.bump(["doc:a"])
    with worker.pinned(tags) as after:
        assert after != token and worker.get("page") is None
    with untracked.pinned(tags) as read:  # plain reads see the same generations (the
        assert read.split(":")[1:] == after.split(":")[1:]  # version is a key of its own)
    untracked.bump(["documents"])
    with worker.pinned(tags) as last:
        assert last != after
