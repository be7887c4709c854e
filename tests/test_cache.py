"""The page cache (documents/cache.py): Django's cache middleware on the ``pages`` alias, cleared
by any change to catalogue data (save, delete, many-to-many; the admin, the loaders, a shell,
bulk writers), honouring ``Vary``, with ETag/304 from the answer's content; never the admin.

Most tests here give the ``pages`` alias a fresh local-memory cache (the rest of the suite
serves pages uncached: tests/conftest.py). The default set-up — Django's database cache, shared
by every process — is tested with two real gunicorn workers and a management command, and
so is Redis (127.0.0.1:6379)."""

from __future__ import annotations

import datetime as dt
import http.client
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from cache_helpers import layered
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from documents import cache as page_cache
from documents.models import (
    Document,
    DocumentLink,
    Event,
    Figure,
    Indicator,
    Person,
    Source,
    SourceMention,
    Target,
    Term,
    Topic,
)
from documents.page_tags import shown_documents

ROOT = Path(__file__).resolve().parent.parent
LIST = "/documents/"
SENTINEL = "catalogue-test-sentinel"


@pytest.fixture(autouse=True)
def pages(settings):
    """A fresh ``pages`` cache for each test: the page store over a local-memory cache."""
    settings.CACHES = {**settings.CACHES, "pages": layered(f"pages-{uuid.uuid4()}")}
    settings.PAGE_MAX_AGE = settings.CACHE_MIDDLEWARE_SECONDS = 120
    return caches["pages"]


def _get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code in (200, 304), (url, response.status_code)
    return response


def _retitle(document: Document, title: str) -> None:
    """Change a title without any signal (so only the page cache can explain what is shown)."""
    Document.objects.filter(pk=document.pk).update(title=title)


# --- pages served from the cache -------------------------------------------------------------


def test_a_page_is_served_from_the_cache_without_queries(client, docs):
    url = docs["da34"].get_absolute_url()
    first = _get(client, url)
    with CaptureQueriesContext(connection) as ctx:
        second = _get(client, url)
    assert len(ctx.captured_queries) == 0
    assert second.content == first.content


def test_a_kept_page_is_what_was_rendered_until_the_data_changes(client, docs):
    url = docs["da34"].get_absolute_url()
    assert docs["da34"].title in _get(client, url).content.decode()
    _retitle(docs["da34"], "Trích yếu đổi không qua tín hiệu")
    assert "Trích yếu đổi không qua tín hiệu" not in _get(client, url).content.decode()
    page_cache.data_changed()
    assert "Trích yếu đổi không qua tín hiệu" in _get(client, url).content.decode()


def test_any_saved_change_shows_at_once(client, docs):
    url = docs["da34"].get_absolute_url()
    _get(client, url)
    doc = Document.objects.get(pk=docs["da34"].pk)
    doc.title = "Trích yếu mới"
    doc.save()
    assert "Trích yếu mới" in _get(client, url).content.decode()


def test_cache_control_and_etag_on_public_pages(client, docs):
    response = _get(client, LIST)
    assert "max-age=120" in response["Cache-Control"]
    assert response["ETag"]


def test_keyed_on_address_and_language(client, docs):
    vi = _get(client, LIST)
    en = _get(client, "/en" + LIST)
    assert vi.content != en.content
    assert _get(client, LIST).content == vi.content
    assert _get(client, "/en" + LIST).content == en.content
    filtered = _get(client, LIST + "?doc_type=de_an")
    assert filtered.content != vi.content


def test_an_answer_that_varies_on_accept_is_kept_per_accept(client):
    """One request asking for JSON must not make later plain requests get JSON."""
    as_json = _get(client, "/api/schema/?x=1", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert as_json.content.lstrip().startswith(b"{")
    for _ in range(2):
        plain = _get(client, "/api/schema/?x=1")
        assert not plain.content.lstrip().startswith(b"{")
        assert b"openapi:" in plain.content


def test_conditional_get_answers_304(client, docs):
    url = docs["da34"].get_absolute_url()
    first = _get(client, url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and not again.content
    assert client.get(url, HTTP_IF_NONE_MATCH='"khac"').status_code == 200
    doc = Document.objects.get(pk=docs["da34"].pk)
    doc.title = "Trích yếu khác"
    doc.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_if_none_match_star_matches_only_a_page_that_exists(client, docs):
    for url in ("/documents/khong-ton-tai/", "/places/khong-co/",
                "/api/documents/?issued_from=31/02/2023"):
        response = client.get(url, HTTP_IF_NONE_MATCH="*")
        assert response.status_code in (400, 404), (url, response.status_code)
    assert client.get(docs["da34"].get_absolute_url(),
                      HTTP_IF_NONE_MATCH="*").status_code == 304


def test_never_the_admin(admin_client, docs, pages):
    url = f"/admin/documents/document/{docs['da34'].pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"] or "private" in page["Cache-Control"]
    _retitle(docs["da34"], "Sửa trong lúc xem")
    assert "Sửa trong lúc xem" in admin_client.get(url).content.decode()


def test_errors_are_not_kept(client, docs):
    missing = "/documents/chua-co/"
    assert client.get(missing).status_code == 404
    Document.objects.filter(pk=docs["da34"].pk).update(slug="chua-co")
    assert client.get(missing).status_code == 200


def test_a_broken_cache_serves_pages_uncached(client, docs, pages, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(pages, "get", broken)
    monkeypatch.setattr(pages, "set", broken)
    monkeypatch.setattr(pages, "clear", broken)
    response = client.get(docs["da34"].get_absolute_url())
    assert response.status_code == 200
    doc = Document.objects.get(pk=docs["da34"].pk)
    doc.title = "Lưu được dù bộ nhớ đệm hỏng"
    doc.save()  # the change is saved even though the pages cannot be cleared
    assert Document.objects.get(pk=doc.pk).title == "Lưu được dù bộ nhớ đệm hỏng"


def test_the_page_store_can_be_turned_off(client, docs, settings):
    settings.CACHES = {**settings.CACHES,
                       "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    url = docs["da34"].get_absolute_url()
    _get(client, url)
    _retitle(docs["da34"], "Không giữ trang")
    assert "Không giữ trang" in _get(client, url).content.decode()


# --- every kind of change clears the pages ---------------------------------------------------


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
#: Changes to a document or to rows of its own: the pages that show it are told apart.
DOCUMENT_CHANGES = {"document saved", "target deleted", "link deleted", "mention saved",
                    "topic added to a document", "topics cleared"}


def _lists_token(pages) -> str:
    """The token the list pages are kept under (the version and the ``lists`` generation)."""
    with pages.pinned(["lists"]) as token:
        return token


@pytest.mark.parametrize("change", CHANGES)
def test_every_change_makes_the_lists_stale(catalogue, pages, change):
    pages.set(SENTINEL, "kept")
    before = _lists_token(pages)
    _changes(catalogue)[change]()
    assert _lists_token(pages) != before, change
    if change in DOCUMENT_CHANGES:  # the rest of the site stays (tests/test_cache_tags.py)
        assert pages.get(SENTINEL) == "kept", change
    else:  # a place, a body, a term, a topic, a source…: everything goes
        assert pages.get(SENTINEL) is None, change


def test_reads_do_not_clear(catalogue, client, pages):
    _get(client, LIST)
    pages.set(SENTINEL, "kept")
    list(Document.objects.all())
    _get(client, LIST)
    _get(client, catalogue["da34"].get_absolute_url())
    assert pages.get(SENTINEL) == "kept"


def test_seed_loader_clears(db, pages):
    pages.set(SENTINEL, "kept")
    call_command("load_seed", verbosity=0)
    assert pages.get(SENTINEL) is None


def test_bulk_writers_clear(db, pages, gazetteer_sample):
    call_command("load_seed", verbosity=0)
    call_command("load_places", dir=str(gazetteer_sample), verbosity=0)
    pages.set(SENTINEL, "kept")
    call_command("generate_demo_data", documents=30, seed=3, verbosity=0)
    assert pages.get(SENTINEL) is None


def test_admin_edit_clears_and_shows(admin_client, client, docs, pages):
    topic = Topic.objects.create(slug="dao-tao", name="Đào tạo")
    pages.set(SENTINEL, "kept")
    response = admin_client.post(
        f"/admin/documents/topic/{topic.pk}/change/",
        {"name": "Đào tạo, bồi dưỡng", "name_en": "", "slug": "dao-tao", "description": ""},
    )
    assert response.status_code == 302
    assert pages.get(SENTINEL) is None


@pytest.mark.django_db(transaction=True)
def test_cleared_at_once_and_again_at_commit(docs, monkeypatch):
    clears = []
    monkeypatch.setattr(page_cache, "clear_pages", lambda: clears.append("clear"))
    with transaction.atomic():
        for i in range(5):
            Topic.objects.create(slug=f"t{i}", name=f"Chủ đề {i}")
        inside = len(clears)
    assert inside == 5  # at once, each time (this process's next page shows its change)…
    assert len(clears) == inside + 1  # …and once more at commit, however many rows changed


def test_no_signal_receivers_for_other_apps():
    """Receivers are connected per catalogue model, so e.g. sessions keep the fast delete."""
    from django.contrib.sessions.models import Session
    from django.db.models.signals import post_delete

    assert not post_delete.has_listeners(Session)
    assert post_delete.has_listeners(Document)


# --- the backends from the environment --------------------------------------------------------


def _settings_caches(**variables) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "PAGE_CACHE_URL")}
    env.update(variables)
    env.update({"SECRET_KEY": "x" * 50, "ENV_FILE": "/dev/null"})
    code = ("import catalogue.settings as s; c = s.CACHES; p = c['pages']['OPTIONS']; "
            "print(c['default']['BACKEND'], c['pages']['BACKEND'], p['SHARED']['BACKEND'], "
            "p['SHARED'].get('LOCATION'), p['LOCAL_ENTRIES'], p['TRACK_VERSION'])")
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, check=True, cwd=ROOT).stdout.strip()


def test_caches_from_the_environment():
    assert _settings_caches() == (
        "django.core.cache.backends.locmem.LocMemCache documents.page_store.PageStore "
        "django.core.cache.backends.db.DatabaseCache catalogue_page_cache 200 True")
    assert _settings_caches(PAGE_CACHE_URL="redis://127.0.0.1:6379/2").endswith(
        "documents.page_store.PageStore catalogue.redis_cache.RedisCache "
        "redis://127.0.0.1:6379/2 200 True")
    assert "DummyCache" in _settings_caches(PAGE_CACHE_URL="dummycache://")
    assert _settings_caches(PAGE_CACHE_LOCAL_ENTRIES="0").endswith(" 0 True")
    assert _settings_caches(PAGE_CACHE_TRACK_VERSION="false").endswith(" 200 False")


# --- for real: two gunicorn workers, a management command, the database cache and Redis ------

REDIS_URL = "redis://127.0.0.1:6379/14"


def _database_url() -> str:
    s = connection.settings_dict
    host = s.get("HOST") or "127.0.0.1"
    auth = s.get("USER") or ""
    if s.get("PASSWORD"):
        auth += ":" + s["PASSWORD"]
    at = f"{auth}@" if auth else ""
    port = f":{s['PORT']}" if s.get("PORT") else ""
    if host.startswith("/"):  # a socket directory
        return f"postgres://{at}/{s['NAME']}?host={host}{port and '&port=' + port[1:]}"
    return f"postgres://{at}{host}{port}/{s['NAME']}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


def _page_store(shared: dict) -> dict:
    """The ``pages`` alias as the site's processes have it: the page store over *shared*,
    under the same key prefix (the tags' generations are keys of the shared store)."""
    from catalogue import settings as site

    prefix = site.CACHES["pages"]["OPTIONS"]["SHARED"].get("KEY_PREFIX", "")
    return {"BACKEND": "documents.page_store.PageStore",
            "OPTIONS": {"SHARED": {**shared, "KEY_PREFIX": prefix}, "LOCAL_ENTRIES": 200}}


@pytest.fixture(params=["database", "redis"])
def served_by_two_workers(request, transactional_db, collected_static, settings):
    """The site served by gunicorn with two worker processes, with the page cache from the
    environment: the default (the database cache) or a Redis database — the same one this
    process (where the test makes changes) uses."""
    if request.param == "redis":
        redis = pytest.importorskip("redis")
        client = redis.Redis.from_url(REDIS_URL)
        try:
            client.ping()
        except redis.exceptions.ConnectionError:
            pytest.skip("no Redis server on 127.0.0.1:6379")
        client.flushdb()
        page_cache_url = REDIS_URL
        settings.CACHES = {**settings.CACHES, "pages": _page_store({
            "BACKEND": "catalogue.redis_cache.RedisCache", "LOCATION": REDIS_URL})}
    else:
        page_cache_url = "dbcache://catalogue_page_cache"
        settings.CACHES = {**settings.CACHES, "pages": _page_store({
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "catalogue_page_cache"})}
    caches["pages"].clear()
    call_command("load_seed", verbosity=0)
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": _database_url(), "PAGE_CACHE_URL": page_cache_url,
           "SECRET_KEY": "k" * 50, "ENV_FILE": "/dev/null", "STATIC_ROOT": collected_static,
           "DEBUG": "false", "DJANGO_SETTINGS_MODULE": "catalogue.settings"}
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "catalogue.wsgi", "-c", "python:catalogue.gunicorn_conf",
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"],
        cwd=ROOT, env=env)
    try:
        for _ in range(300):
            try:
                if _fetch(port, "/robots.txt")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        yield port, env, request.param
    finally:
        server.terminate()
        server.wait(30)


def _title_everywhere(port: int, path: str, title: str, times: int = 24) -> list[bool]:
    """Whether each of *times* requests (new connections: both workers answer) shows *title*."""
    shown = []
    for _ in range(times):
        status, body = _fetch(port, path)
        assert status == 200
        shown.append(title in body)
    return shown


def test_every_worker_serves_a_change_made_anywhere_on_its_next_request(served_by_two_workers):
    port, env, backend = served_by_two_workers
    doc = Document.objects.get(symbol="34-ĐA/TU")
    path = doc.get_absolute_url()
    assert all(_title_everywhere(port, path, doc.title))  # both workers have it cached
    if backend == "database":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM catalogue_page_cache")
            assert cursor.fetchone()[0] > 0  # pages are kept, in the database

    shown, _status = shown_documents([doc.pk], "default")  # the pages that show it
    other = Document.objects.exclude(pk__in=shown).order_by("pk").first()
    other_path = other.get_absolute_url()
    assert all(_title_everywhere(port, other_path, other.title))
    # Changed behind the page cache's back (no signal): only a kept page still shows the old.
    Document.objects.filter(pk=other.pk).update(title="Không qua tín hiệu")

    # A change made in another process (as the admin of another server would).
    doc.title = "Đề án sửa lần một"
    doc.save()
    assert all(_title_everywhere(port, path, "Đề án sửa lần một"))
    # A page that does not show the change stays kept, in both workers.
    assert not any(_title_everywhere(port, other_path, "Không qua tín hiệu"))

    # A change made by a management command (a shell).
    code = (f"from documents.models import Document; d = Document.objects.get(pk={doc.pk}); "
            "d.title = 'Đề án sửa từ lệnh'; d.save()")
    subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                   check=True, timeout=120)
    assert all(_title_everywhere(port, path, "Đề án sửa từ lệnh"))

    # A bulk write that sends no signal, followed by what bulk writers call.
    Document.objects.filter(pk=doc.pk).update(title="Đề án sửa hàng loạt")
    page_cache.data_changed()
    assert all(_title_everywhere(port, path, "Đề án sửa hàng loạt"))
