"""The page cache (documents.cache): whole responses keyed on address and language, made stale
by any change to catalogue data (save, delete, many-to-many, from the admin and the loaders),
conditional GET with ETag/304, Cache-Control for a CDN, never the admin or responses that set
cookies; the backend from CACHE_URL, tested for real on the Redis server of 127.0.0.1:6379.

Tests that look at served pages use ``transaction=True``: the middleware never serves or keeps
pages while a transaction is open (what it would show may be rolled back), and ordinary test
cases run inside one."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import uuid

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from documents import cache as page_cache
from documents.models import (
    Document,
    DocumentLink,
    Event,
    Figure,
    Indicator,
    IssuingBody,
    Locality,
    Person,
    Source,
    SourceMention,
    Target,
    Term,
    Topic,
)

LIST = "/documents/"


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{uuid.uuid4()}",
        }
    }
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_MAX_AGE = 120
    page_cache.memo.reset()
    yield
    page_cache.memo.reset()


def _version() -> int:
    page_cache.memo.reset()  # ask the shared cache, not this process's copy
    return page_cache.data_version()


def _get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code in (200, 304), (url, response.status_code)
    return response


# --- pages served from the cache -------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_second_request_is_served_from_the_cache_without_queries(client, docs):
    first = _get(client, LIST)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as ctx:
        second = _get(client, LIST)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert len(ctx.captured_queries) == 0


@pytest.mark.django_db(transaction=True)
def test_cache_control_and_etag_on_public_pages(client, docs):
    response = _get(client, docs["da34"].get_absolute_url())
    assert response["Cache-Control"] == "public, max-age=120"
    assert response["ETag"].startswith('"') and len(response["ETag"]) > 10
    assert not response.cookies
    # The language is in the address, not in Accept-Language (docs/DEPLOYMENT.md: a CDN may
    # leave Accept-Language out of its key).
    assert _get(client, LIST, HTTP_ACCEPT_LANGUAGE="en").content == _get(client, LIST).content


@pytest.mark.django_db(transaction=True)
def test_any_change_shows_at_once(client, docs, bodies):
    url = docs["da34"].get_absolute_url()
    _get(client, url)
    assert _get(client, url)["X-Page-Cache"] == "hit"
    doc = Document.objects.get(pk=docs["da34"].pk)
    doc.title = "Về một trích yếu đã sửa"
    doc.save()
    response = _get(client, url)
    assert response["X-Page-Cache"] == "miss"
    assert "Về một trích yếu đã sửa" in response.content.decode()
    # A change elsewhere (the issuing body) makes every page stale, this one too.
    _get(client, url)
    IssuingBody.objects.filter(pk=bodies["btv"].pk).first().save()
    assert _get(client, url)["X-Page-Cache"] == "miss"


@pytest.mark.django_db(transaction=True)
def test_keyed_on_address_and_language(client, docs):
    vi = _get(client, LIST)
    en = _get(client, "/en" + LIST)
    assert vi["X-Page-Cache"] == en["X-Page-Cache"] == "miss"
    assert vi.content != en.content and vi["ETag"] != en["ETag"]
    filtered = _get(client, LIST + "?type=de_an")
    assert filtered["X-Page-Cache"] == "miss" and filtered["ETag"] != vi["ETag"]
    assert _get(client, "/en" + LIST)["X-Page-Cache"] == "hit"
    # The scheme and host are part of the address (absolute URLs in the API and feeds).
    other_host = _get(client, LIST, HTTP_HOST="localhost")
    assert other_host["X-Page-Cache"] == "miss" and other_host["ETag"] != vi["ETag"]


@pytest.mark.django_db(transaction=True)
def test_conditional_get_answers_304_without_running_the_view(client, docs):
    url = docs["nq04"].get_absolute_url()
    etag = _get(client, url)["ETag"]
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and not response.content
    assert response["ETag"] == etag and response["Cache-Control"].startswith("public")
    assert len(ctx.captured_queries) == 0
    assert client.get(url, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    # After a change the old tag no longer matches.
    Topic.objects.create(slug="moi", name="Chủ đề mới")
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag


@pytest.mark.django_db(transaction=True)
def test_conditional_get_works_with_the_page_store_off(client, docs, settings):
    settings.PAGE_CACHE_SECONDS = 0
    url = docs["nq04"].get_absolute_url()
    first = _get(client, url)
    assert "X-Page-Cache" not in first
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


@pytest.mark.django_db(transaction=True)
def test_never_the_admin_nor_signed_in_users(admin_client, docs):
    client = Client()  # anonymous (admin_client is the signed-in ``client`` fixture)
    login = client.get("/admin/login/")
    assert "X-Page-Cache" not in login and "public" not in login.get("Cache-Control", "")
    assert "ETag" not in login
    page = admin_client.get("/admin/documents/document/")
    assert page.status_code == 200 and "X-Page-Cache" not in page
    # A signed-in administrator sees public pages fresh, never from (or into) the cache.
    public = admin_client.get(LIST)
    assert "X-Page-Cache" not in public and "ETag" not in public
    assert client.get(LIST)["X-Page-Cache"] == "miss"


@pytest.mark.django_db(transaction=True)
def test_responses_that_set_cookies_are_not_kept():
    calls = []

    def view(request):
        calls.append(1)
        response = HttpResponse("hello")
        response.set_cookie("tracking", "1")
        return response

    middleware = page_cache.PageCacheMiddleware(view)
    for _ in range(2):
        response = middleware(RequestFactory().get("/some/page/"))
        assert "X-Page-Cache" not in response and "ETag" not in response
    assert len(calls) == 2


@pytest.mark.django_db(transaction=True)
def test_private_and_error_responses_are_not_kept():
    answers = [HttpResponse("x", status=404), HttpResponse("y")]
    answers[1]["Cache-Control"] = "private"
    for answer in answers:
        middleware = page_cache.PageCacheMiddleware(lambda request, a=answer: a)
        middleware(RequestFactory().get("/p/"))
        second = middleware(RequestFactory().get("/p/"))
        assert "X-Page-Cache" not in second


class _BrokenCache:
    def __getattr__(self, name):
        def broken(*args, **kwargs):
            raise ConnectionError("cache down")

        return broken


@pytest.mark.django_db(transaction=True)
def test_a_broken_cache_serves_pages_uncached(client, docs, monkeypatch):
    monkeypatch.setattr(page_cache, "cache", _BrokenCache())
    page_cache.memo.reset()
    for _ in range(2):
        response = client.get(LIST)
        assert response.status_code == 200 and "X-Page-Cache" not in response
    Topic.objects.create(slug="x", name="Chủ đề x")  # writes still work


@pytest.mark.django_db(transaction=True)
def test_a_cache_that_keeps_nothing_serves_every_page(client, docs, settings):
    """The dummy backend (the benchmark's cold runs: nothing cached anywhere) — the data
    version cannot be stored, pages are still served, and a change still shows at once."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    page_cache.memo.reset()
    url = docs["da34"].get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]
    docs["da34"].title = "Đề án đổi tên"
    docs["da34"].save()
    again = client.get(url)
    assert again.status_code == 200 and "Đề án đổi tên" in again.content.decode()
    page_cache.memo.reset()


def test_pages_are_not_served_inside_an_open_transaction(client, docs):
    """Plain (transactional) test cases: the middleware steps aside."""
    assert "X-Page-Cache" not in client.get(LIST)
    assert "X-Page-Cache" not in client.get(LIST)


# --- the data version: every model, every kind of change -------------------------------------


@pytest.fixture
def catalogue(db, docs, bodies, places, percent_indicator):
    source = Source.objects.create(kind="news", publisher="Báo A", headline="Tin")
    target = Target.objects.create(document=docs["da34"], indicator=percent_indicator, value=10)
    link = DocumentLink.objects.create(from_document=docs["da34"], kind="implements",
                                       to_document=docs["nq04"])
    mention = SourceMention.objects.create(source=source, document=docs["da34"])
    figure = Figure.objects.create(indicator=percent_indicator, locality=places["hanoi"],
                                   value=5, as_of=dt.date(2023, 1, 1))
    event = Event.objects.create(kind="meeting", title="Họp", source=source)
    person = Person.objects.create(slug="a", name="Nguyễn Văn A")
    topic = Topic.objects.create(slug="t", name="Chủ đề")
    return {"source": source, "target": target, "link": link, "mention": mention,
            "figure": figure, "event": event, "person": person, "topic": topic, **docs,
            **bodies, **places}


def _changes(c):
    return {
        "document saved": lambda: c["da34"].save(),
        "locality saved": lambda: c["hanoi"].save(),
        "body saved": lambda: c["btv"].save(),
        "term saved": lambda: Term.objects.get(pk=c["xvii"].pk).save(),
        "person deleted": lambda: c["person"].delete(),
        "indicator saved": lambda: Indicator.objects.first().save(),
        "target deleted": lambda: c["target"].delete(),
        "link deleted": lambda: c["link"].delete(),
        "mention saved": lambda: c["mention"].save(),
        "figure deleted": lambda: c["figure"].delete(),
        "source saved": lambda: c["source"].save(),
        "event saved": lambda: c["event"].save(),
        "topic added to a document": lambda: c["da34"].topics.add(c["topic"]),
        "topics cleared": lambda: c["nq04"].topics.clear(),
        "successor added": lambda: c["long_bien"].successors.add(c["viet_hung"]),
        "event documents set": lambda: c["event"].documents.set([c["nq04"]]),
        "queryset delete": lambda: Topic.objects.filter(pk=c["topic"].pk).delete(),
    }


CHANGES = list(_changes({}).keys())


@pytest.mark.parametrize("change", CHANGES)
def test_every_change_bumps_the_version(catalogue, change):
    before = _version()
    _changes(catalogue)[change]()
    assert _version() > before, change


def test_reads_do_not_bump(catalogue, client):
    before = _version()
    list(Document.objects.all())
    client.get(LIST)
    assert _version() == before


def test_seed_loader_bumps(db):
    before = _version()
    call_command("load_seed", verbosity=0)
    assert _version() > before


def test_admin_edit_bumps_and_shows(admin_client, docs):
    topic = Topic.objects.create(slug="dao-tao", name="Đào tạo")
    before = _version()
    response = admin_client.post(
        f"/admin/documents/topic/{topic.pk}/change/",
        {"name": "Đào tạo, bồi dưỡng", "name_en": "", "slug": "dao-tao", "description": ""},
    )
    assert response.status_code == 302
    assert _version() > before


@pytest.mark.django_db(transaction=True)
def test_one_bump_now_and_one_at_commit_per_transaction(docs):
    before = _version()
    with transaction.atomic():
        for i in range(5):
            Topic.objects.create(slug=f"t{i}", name=f"Chủ đề {i}")
        inside = _version()
    after = _version()
    assert inside > before  # at once (so this process sees its own changes)…
    assert after == inside + 1  # …and once more when committed, whatever the number of rows


def test_bulk_writers_bump_explicitly(db):
    before = _version()
    page_cache.bump_data_version()
    assert _version() == before + 1


def test_version_survives_eviction(db):
    page_cache.bump_data_version()
    cache.delete(page_cache.DATA_VERSION_KEY)
    page_cache.memo.reset()
    assert page_cache.data_version() > 1_000_000  # starts from the clock, not from 1
    page_cache.bump_data_version()


# --- the backend from the environment ---------------------------------------------------------


def _settings_caches(cache_url: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "CACHE_URL"}
    if cache_url is not None:
        env["CACHE_URL"] = cache_url
    env.setdefault("SECRET_KEY", "x" * 50)
    code = "import catalogue.settings as s; print(s.CACHES['default']['BACKEND'], " \
           "s.CACHES['default'].get('LOCATION'))"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, check=True).stdout.strip()


def test_cache_url_from_the_environment():
    assert _settings_caches(None).startswith("django.core.cache.backends.locmem.LocMemCache")
    assert _settings_caches("locmem://").startswith("django.core.cache.backends.locmem")
    assert _settings_caches("redis://127.0.0.1:6379/1") == (
        "django.core.cache.backends.redis.RedisCache redis://127.0.0.1:6379/1"
    )


# --- for real, on Redis -----------------------------------------------------------------------

REDIS_URL = "redis://127.0.0.1:6379/11"


@pytest.fixture
def redis_cache(settings):
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    prefix = f"test-catalogue-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    page_cache.memo.reset()
    yield client, prefix
    page_cache.memo.reset()
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.mark.django_db(transaction=True)
def test_redis_serves_and_invalidates(client, docs, redis_cache, settings):
    redis_client, prefix = redis_cache
    settings.PAGE_CACHE_LOCAL_ENTRIES = 0  # every hit from Redis itself
    url = docs["da34"].get_absolute_url()
    assert _get(client, url)["X-Page-Cache"] == "miss"
    keys = {key.decode() for key in redis_client.scan_iter(f"{prefix}:*")}
    assert any(page_cache.PAGE_KEY_PREFIX in key for key in keys)
    assert any(page_cache.DATA_VERSION_KEY in key for key in keys)
    with CaptureQueriesContext(connection) as ctx:
        assert _get(client, url)["X-Page-Cache"] == "hit"
    assert len(ctx.captured_queries) == 0
    doc = Document.objects.get(pk=docs["da34"].pk)
    doc.title = "Trích yếu mới"
    doc.save()
    response = _get(client, url)
    assert response["X-Page-Cache"] == "miss" and "Trích yếu mới" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_redis_version_is_shared_between_processes(client, docs, redis_cache, settings):
    """Another process (a worker on another server) bumps the version in Redis: this one
    sees it once its copy of the version is older than PAGE_CACHE_VERSION_TTL."""
    settings.PAGE_CACHE_VERSION_TTL = 0
    url = docs["nq04"].get_absolute_url()
    _get(client, url)
    assert _get(client, url)["X-Page-Cache"] == "hit"
    env = {**os.environ, "CACHE_URL": REDIS_URL, "CACHE_KEY_PREFIX": redis_cache[1]}
    env.setdefault("SECRET_KEY", "x" * 50)
    code = ("import django; django.setup(); from documents.cache import bump_data_version; "
            "bump_data_version()")
    subprocess.run([sys.executable, "-c", code], env={**env, "DJANGO_SETTINGS_MODULE":
                                                      "catalogue.settings"}, check=True)
    assert _get(client, url)["X-Page-Cache"] == "miss"


def test_no_signal_receivers_for_other_apps():
    """Receivers are connected per catalogue model, so e.g. sessions keep the fast delete."""
    from django.contrib.sessions.models import Session
    from django.db.models.signals import post_delete

    assert not post_delete.has_listeners(Session)
    assert post_delete.has_listeners(Document)
    assert post_delete.has_listeners(Locality)
