"""What the pages compute lives on querysets and small services, not in the views: a
document's links grouped and windowed by kind (``documents.document_links``), a place's
timeline and bodies (``documents.place_summary``); and the feeds context processor queries
nothing a view has already loaded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import translation
from page_helpers import find, find_all, text

from documents.applies_here import SCOPE_KEYS, in_scope
from documents.context_processors import feeds
from documents.document_links import document_links, group_links, link_counts
from documents.models import Document, DocumentLink, Locality
from documents.place_summary import bodies_here_and_below, place_counts, timeline

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese(settings):
    with translation.override("vi"):
        yield


@pytest.mark.parametrize("url", [
    "/documents/?locality=ha-noi&body=thanh-uy-ha-noi&topic=dao-tao",
    "/documents/34-da-tu-2023/",
    "/places/ha-noi/",
    "/bodies/thanh-uy-ha-noi/",
    "/",
])
def test_the_feeds_context_processor_queries_nothing(docs, url, django_assert_num_queries):
    request = RequestFactory().get(url)
    request.resolver_match = resolve(request.path)
    with django_assert_num_queries(0):
        advertised = feeds(request)["feeds"]
    assert advertised[-1][1] == "/feeds/documents.atom"


def _lookups(client, url: str, table: str, column: str = "slug") -> int:
    """How many queries of *url* look a row of *table* up by *column*."""
    needle = f'"{table}"."{column}" ='
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return sum(needle in q["sql"] for q in ctx.captured_queries)


def test_the_document_page_looks_its_document_up_once(client, docs):
    assert _lookups(client, docs["da34"].get_absolute_url(), "documents_document") == 1


def test_the_list_page_looks_each_chosen_filter_up_once(client, docs):
    url = "/documents/?locality=ha-noi&body=thanh-uy-ha-noi"
    assert _lookups(client, url, "documents_locality") == 1
    assert _lookups(client, url, "documents_issuingbody") == 1


def test_links_are_windowed_per_kind_and_grouped_in_vocabulary_order(docs):
    target, other = docs["nq04"], docs["da34"]
    citing = [
        Document.objects.create(doc_type="ke_hoach", title=f"Kế hoạch {n}", issued_year=2024)
        for n in range(5)
    ]
    for doc in citing:
        DocumentLink.objects.create(from_document=doc, to_document=target, kind="based_on")
    DocumentLink.objects.create(from_document=other, to_document=target, kind="implements")
    counts = link_counts(target)
    assert counts == {True: {}, False: {"based_on": 5, "implements": 1}}
    shown = list(DocumentLink.objects.of_document(target, "to_document", counts[False], 2))
    assert [link.from_document_id for link in shown if link.kind == "based_on"] == [
        citing[0].pk, citing[1].pk]  # the oldest first
    groups = group_links(shown, "to", counts[False])
    assert [(g.kind, len(g.items), g.total, g.more) for g in groups] == [
        ("based_on", 2, 5, 3), ("implements", 1, 1, 0)]
    assert groups[1].items[0].other == other
    links = document_links(target)
    assert links.count == 6 and not links.cut and links.inferred_count == 0
    assert links.incoming_from("implements") == [other]


def test_a_place_timeline_and_bodies(places, bodies, docs):
    Document.objects.create(doc_type="ke_hoach", title="Chưa rõ năm",
                            issuing_body=bodies["quan_uy"])
    Document.objects.create(doc_type="ke_hoach", title="Cũng năm 2021",
                            issuing_body=bodies["thanh_uy"], issued_date=dt.date(2021, 9, 1))
    hanoi = Locality.objects.get(slug="ha-noi")
    below = Document.objects.in_place(hanoi)
    years = timeline(below.counts_by_year(), below.count())
    assert [(row.issued_year, row.n, row.width) for row in years.rows] == [
        (2021, 2, 100), (2023, 1, 50)]
    assert years.undated == 1
    kept = place_counts(hanoi)  # the same, kept per change of the catalogue
    assert kept.years == below.counts_by_year() and kept.total == below.count()
    assert kept.scopes == {scope: in_scope(Document.objects.all(), hanoi, scope).count()
                           for scope in SCOPE_KEYS}
    shown, more = bodies_here_and_below(hanoi, limit=2)  # Hà Nội's and Long Biên's
    assert more and len(shown) == 2
    everything, more = bodies_here_and_below(hanoi, limit=10)
    assert not more
    assert {body.slug: body.n for body in everything} == {
        "thanh-uy-ha-noi": 2, "btv-thanh-uy-ha-noi": 1, "quan-uy-long-bien": 1}


def test_a_document_cited_by_many_lists_the_first_and_says_how_many(client, docs, monkeypatch):
    """Incoming links of one kind from several documents are counted as such (they were
    counted per citing document, so all were listed and the total said 1)."""
    monkeypatch.setattr("documents.document_links.LINKS_PER_KIND", 3)
    target = docs["nq04"]
    for n in range(5):
        citing = Document.objects.create(doc_type="ke_hoach", title=f"Kế hoạch {n}",
                                         issued_year=2024)
        DocumentLink.objects.create(from_document=citing, to_document=target, kind="based_on")
    html = client.get(target.get_absolute_url()).content.decode()
    links = find(html, "section", aria_labelledby="links-h")
    assert len([li for li in find_all(links, "li") if "Kế hoạch" in text(li)]) == 3
    assert "Chỉ hiển thị 3 trên 5 văn bản." in text(links)
