"""The read-replica router (documents.routers): with a second database alias ``replica``
configured, reads go to it and writes to ``default``; reads stay on ``default`` inside a
transaction, after a write, and for the admin and unsafe methods; only ``default`` is migrated.

The test adds a ``replica`` alias pointing at the very test database (as a real replica holds
the same rows) and checks, query by query, which connection ran what. tests/test_replica.py
runs the router against a real streaming replica (pg_basebackup), lag included."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from documents import renderings, routers
from documents.models import Document, IssuingBody, Locality

# Tests that run queries use both aliases; the replica mirrors default (Django's test setup
# neither creates nor flushes it: it is the same database).
BOTH = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, "replica"])


@pytest.fixture(scope="module", autouse=True)
def _replica_alias(django_db_setup):
    """A second alias on the same test database (what catalogue.settings adds when
    DATABASE_REPLICA_URL is set), registered before Django's test cases check which
    databases a test may use."""
    connections.settings[routers.REPLICA_DB_ALIAS] = {
        **connections[DEFAULT_DB_ALIAS].settings_dict,
        "TEST": {**connections[DEFAULT_DB_ALIAS].settings_dict.get("TEST", {}),
                 "MIRROR": DEFAULT_DB_ALIAS},
    }
    yield
    connections[routers.REPLICA_DB_ALIAS].close()
    del connections[routers.REPLICA_DB_ALIAS]
    del connections.settings[routers.REPLICA_DB_ALIAS]


@pytest.fixture
def replica(settings):
    assert settings.DATABASE_ROUTERS == ["documents.routers.ReplicaRouter"]
    routers.unpin()
    yield connections[routers.REPLICA_DB_ALIAS]
    routers.unpin()


def _make_document() -> Document:
    vn = Locality.objects.create(slug="vn", name="Việt Nam", kind="country")
    body = IssuingBody.objects.create(slug="tu", name="Tỉnh ủy A", code="TU",
                                      kind="party_committee", locality=vn)
    return Document.objects.create(symbol="1-KH/TU", doc_type="ke_hoach", title="Kế hoạch",
                                   issuing_body=body, issued_date=dt.date(2024, 1, 1))


@pytest.mark.django_db(transaction=True)
def test_without_a_replica_everything_uses_default(monkeypatch):
    monkeypatch.delitem(connections.settings, routers.REPLICA_DB_ALIAS)
    assert not routers.replica_configured()
    assert router.db_for_read(Document) == DEFAULT_DB_ALIAS
    assert router.db_for_write(Document) == DEFAULT_DB_ALIAS
    assert Document.objects.all().db == DEFAULT_DB_ALIAS


@BOTH
def test_reads_go_to_the_replica_and_writes_to_default(replica):
    primary = connections[DEFAULT_DB_ALIAS]
    with CaptureQueriesContext(primary) as on_primary, \
            CaptureQueriesContext(replica) as on_replica:
        doc = _make_document()
        routers.unpin()  # a new request: the write above pinned this one to the primary
        found = Document.objects.get(slug=doc.slug)
    assert found.pk == doc.pk and found._state.db == routers.REPLICA_DB_ALIAS
    assert any(q["sql"].startswith("INSERT") for q in on_primary.captured_queries)
    assert not any(q["sql"].startswith("INSERT") for q in on_replica.captured_queries)
    assert [q for q in on_replica.captured_queries if q["sql"].startswith("SELECT")]
    # An object read from the replica is saved to the primary.
    with CaptureQueriesContext(primary) as on_primary, \
            CaptureQueriesContext(replica) as on_replica:
        found.title = "Kế hoạch (sửa)"
        found.save()
    assert any(q["sql"].startswith("UPDATE") for q in on_primary.captured_queries)
    assert not any(q["sql"].startswith("UPDATE") for q in on_replica.captured_queries)
    routers.unpin()
    assert Document.objects.get(pk=doc.pk).title == "Kế hoạch (sửa)"  # read on the replica


@BOTH
def test_reads_stay_on_default_in_a_transaction_and_after_a_write(replica):
    assert router.db_for_read(Document) == routers.REPLICA_DB_ALIAS
    with transaction.atomic():
        assert router.db_for_read(Document) == DEFAULT_DB_ALIAS
    routers.unpin()
    assert router.db_for_read(Document) == routers.REPLICA_DB_ALIAS
    _make_document()
    assert router.db_for_read(Document) == DEFAULT_DB_ALIAS  # read your writes
    routers.unpin()
    assert router.db_for_read(Document) == routers.REPLICA_DB_ALIAS


@BOTH
def test_middleware_pins_the_admin_and_unsafe_methods(replica):
    seen = []

    def view(request):
        seen.append(router.db_for_read(Document))
        return HttpResponse("ok")

    middleware = routers.PrimaryForWritersMiddleware(view)
    factory = RequestFactory()
    routers.pin_to_primary()  # left over from an earlier request in this thread
    middleware(factory.get("/documents/"))
    middleware(factory.head("/places/"))
    middleware(factory.post("/documents/"))
    middleware(factory.get("/admin/documents/document/"))
    assert seen == [routers.REPLICA_DB_ALIAS, routers.REPLICA_DB_ALIAS, DEFAULT_DB_ALIAS,
                    DEFAULT_DB_ALIAS]


@BOTH
def test_public_pages_read_from_the_replica(replica, client):
    doc = _make_document()
    primary = connections[DEFAULT_DB_ALIAS]
    with CaptureQueriesContext(primary) as on_primary, \
            CaptureQueriesContext(replica) as on_replica:
        assert client.get(doc.get_absolute_url()).status_code == 200
        # the unfiltered list counts its facets on the primary: the rest stays on the replica
        assert client.get("/documents/").status_code == 200
        assert client.get("/documents/?q=ke+hoach").status_code == 200
        assert client.get("/api/documents/").status_code == 200
    assert on_replica.captured_queries
    # Nothing is read from the primary; the one write is the document page keeping its link
    # parts (documents.renderings: derived data, written where writes go) — besides the
    # counts kept per change of the catalogue (the API list's total, the facets of the lists,
    # documents.catalogue_counts: read, counted and kept on the primary, whose version a
    # replica cannot tell exactly; the search's facets count its matches found there).
    kept = ("catalogue_summaries", "catalogue_data_version", "COUNT(*)")
    assert [query["sql"].split()[:3] for query in on_primary.captured_queries
            if not any(word in query["sql"] for word in kept)] == [
        ["INSERT", "INTO", renderings.TABLE], ["(SELECT", '"documents_document"."id"', "AS"]]
    assert any("search_vector" in q["sql"] and "COUNT(*)" not in q["sql"]
               for q in on_primary.captured_queries)  # that one: the search's matches


def test_only_default_is_migrated():
    r = routers.ReplicaRouter()
    assert r.allow_migrate(DEFAULT_DB_ALIAS, "documents")
    assert not r.allow_migrate(routers.REPLICA_DB_ALIAS, "documents")


def test_objects_from_both_aliases_may_be_related():
    r = routers.ReplicaRouter()
    a, b = Locality(slug="a"), Locality(slug="b")
    a._state.db, b._state.db = DEFAULT_DB_ALIAS, routers.REPLICA_DB_ALIAS
    assert r.allow_relation(a, b) is True
    b._state.db = "elsewhere"
    assert r.allow_relation(a, b) is None


@BOTH
def test_the_page_cache_table_stays_on_the_primary_and_does_not_pin(replica, settings):
    """The default page cache is Django's database cache: a worker must read what another has
    just stored or cleared (not a lagging replica), and storing a page is no reason to send
    the rest of the request to the primary."""
    from django.core.cache import caches

    settings.CACHES = {**settings.CACHES, "pages": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "catalogue_page_cache"}}
    pages = caches["pages"]
    with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as on_primary, \
            CaptureQueriesContext(replica) as on_replica:
        pages.set("router-test", "trang")
        assert pages.get("router-test") == "trang"
    assert any("catalogue_page_cache" in q["sql"] for q in on_primary.captured_queries)
    assert not any("catalogue_page_cache" in q["sql"] for q in on_replica.captured_queries)
    assert router.db_for_read(Document) == routers.REPLICA_DB_ALIAS  # not pinned by the set
    pages.delete("router-test")
