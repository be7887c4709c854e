"""The facet counts of a filtered list kept per combination of filters and change of the
catalogue (``DocumentFacets.facet_counts`` over ``catalogue_counts.kept`` with slots): what a
reader sees equals a recount after every kind of change — documents, links (a "replaces"
link changes a status), places (a dissolved place too) — and the table keeps a bounded
number of combinations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.catalogue_counts import SUMMARIES
from documents.filters import DocumentFilterSet, facets
from documents.models import Document, DocumentLink, Topic

pytestmark = pytest.mark.django_db

COMBINATIONS = [
    {"locality": "ha-noi", "year_from": "2020"},
    {"type": "de_an"},
    {"type": ["de_an", "nghi_quyet"], "status": "in_force"},
    {"q": "can bo", "locality": "long-bien"},
    {"locality": "viet-hung", "scope": "applies"},
]


def shown(client, params) -> dict:
    response = client.get("/documents/", params)
    assert response.status_code == 200
    counts = {f.name: {i.value: i.count for i in f.items} for f in response.context["facets"]}
    counts["total"] = response.context["total"]
    return counts


def recounted(rf, params) -> dict:
    """One grouped query per facet, nothing kept, and the rows counted."""
    request = rf.get("/documents/", params)
    filterset = DocumentFilterSet(request.GET, queryset=Document.objects.all())
    assert not filterset.errors
    built = [filterset.type_facet(), filterset.status_facet(), filterset.topic_facet(),
             filterset.locality_facet(), filterset.body_facet(), filterset.year_facet()]
    counts = {f.name: {i.value: i.count for i in f.items} for f in built}
    counts["total"] = filterset.qs.count()
    return counts


def same(client, rf) -> None:
    for params in COMBINATIONS:
        assert shown(client, params) == recounted(rf, params), params


def test_kept_counts_are_read_not_counted_again(client, docs):
    params = COMBINATIONS[0]
    first = shown(client, params)
    with CaptureQueriesContext(connection) as queries:
        assert shown(client, params) == first
    assert [q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"]] == []
    assert [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]] == []


def test_exact_after_documents_links_and_places_change(client, rf, docs, bodies, places):
    same(client, rf)
    made = Document.objects.create(
        symbol="9-KH/QU", doc_type="ke_hoach", title="Kế hoạch luân chuyển cán bộ",
        issuing_body=bodies["quan_uy"], issued_date=dt.date(2022, 2, 1), status="in_force")
    same(client, rf)
    assert shown(client, {"type": "ke_hoach"})["total"] == 1
    made.doc_type = "de_an"
    made.issued_date = dt.date(2024, 3, 1)
    made.save()
    same(client, rf)
    made.topics.add(Topic.objects.create(slug="luan-chuyen", name="Luân chuyển"))
    same(client, rf)
    # a document replacing another changes the other's status
    link = DocumentLink.objects.create(from_document=made, to_document=docs["nq04"],
                                       kind="replaces")
    same(client, rf)
    assert shown(client, COMBINATIONS[0])["status"].get("replaced") == 1
    link.delete()
    same(client, rf)
    assert "replaced" not in shown(client, COMBINATIONS[0])["status"]
    # the place a document in force was issued at is dissolved: its status becomes unknown
    places["long_bien"].valid_to = dt.date(2025, 1, 1)
    places["long_bien"].save()
    same(client, rf)
    assert shown(client, {"type": "de_an"})["status"].get("unknown") == 1
    made.delete()
    same(client, rf)
    Document.objects.filter(pk=docs["nq04"].pk).delete()
    same(client, rf)


def test_the_combinations_kept_are_bounded(client, rf, docs, monkeypatch):
    """At most FACET_SLOTS rows for every combination together: a combination whose slot
    another took is counted again, exactly."""
    monkeypatch.setattr(facets, "FACET_SLOTS", 2)
    for _ in range(2):
        same(client, rf)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {SUMMARIES} WHERE key LIKE 'facets@%%'")
        assert cursor.fetchone()[0] <= 2


def test_a_kept_filtered_list_needs_few_queries(client, docs, django_assert_max_num_queries):
    params = COMBINATIONS[0]
    shown(client, params)
    with django_assert_max_num_queries(10):
        shown(client, params)
