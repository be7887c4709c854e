"""The facet counts of the whole catalogue kept between requests (documents.catalogue_counts):
read instead of counted, and exact after every kind of change — the ORM, the admin, the
importer's bulk writes — as a recount gives them."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.models import Document, Topic

pytestmark = pytest.mark.django_db


def shown(client, params=None) -> dict:
    response = client.get("/documents/", params or {})
    assert response.status_code == 200
    counts = {f.name: {i.value: i.count for i in f.items} for f in response.context["facets"]}
    counts["total"] = response.context["total"]
    return counts


def recounted() -> dict:
    """What a recount of every document gives (plain ORM, no stored counts)."""
    everything = Document.objects.order_by()
    types = dict(everything.values_list("doc_type").annotate(n=Count("*")))
    years = {str(y): n for y, n in everything.filter(issued_year__isnull=False)
             .values_list("issued_year").annotate(n=Count("*"))}
    topics = {slug: n for slug, n in Topic.objects.annotate(n=Count("documents"))
              .filter(n__gt=0).values_list("slug", "n")}
    return {"type": types, "year": years, "topic": topics, "total": everything.count()}


def same(client) -> None:
    counts, expected = shown(client), recounted()
    for name in ("type", "year", "topic", "total"):
        assert counts[name] == expected[name], name


def test_the_counts_are_read_not_counted_again(client, docs):
    shown(client)  # counts and keeps them
    with CaptureQueriesContext(connection) as queries:
        shown(client)
    grouped = [q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"]]
    assert grouped == []


def test_exact_after_orm_create_edit_delete_and_topics(client, docs, bodies):
    same(client)
    made = Document.objects.create(symbol="9-KH/TU", doc_type="ke_hoach", title="Kế hoạch",
                                   issuing_body=bodies["btv"], issued_date=dt.date(2019, 2, 1))
    same(client)
    assert shown(client)["type"]["ke_hoach"] == 1
    made.doc_type = "de_an"
    made.issued_date = dt.date(2020, 3, 1)
    made.save()
    same(client)
    topic = Topic.objects.create(slug="dao-tao", name="Đào tạo")
    made.topics.add(topic)
    same(client)
    assert shown(client)["topic"] == {"dao-tao": 1}
    Document.objects.filter(pk=docs["nq04"].pk).delete()
    same(client)
    assert "nghi_quyet" not in shown(client)["type"]


def test_exact_after_an_admin_delete(admin_client, docs):
    same(admin_client)
    url = reverse("admin:documents_document_delete", args=[docs["da34"].pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert shown(admin_client)["total"] == 1
    same(admin_client)


def test_exact_after_the_importer_bulk_writes(client, docs, tmp_path):
    same(client)
    data = {"format": "vn-personnel-policy-catalogue", "version": 1}
    from documents.interchange import schema

    data.update({name: [] for name in schema.COLLECTIONS})
    data["documents"] = [{"slug": f"ke-hoach-moi-{i}", "doc_type": "ke_hoach",
                          "title": f"Kế hoạch mới {i} về công tác cán bộ"} for i in range(3)]
    path = tmp_path / "dataset.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    call_command("import_dataset", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert shown(client)["type"]["ke_hoach"] == 3
    same(client)


def test_a_filter_narrows_the_other_facets_as_before(client, docs):
    counts = shown(client, {"type": "de_an"})
    # the type facet counts every document (its own filter aside); the others the chosen type
    assert counts["type"] == {"nghi_quyet": 1, "de_an": 1}
    assert counts["year"] == {"2023": 1}
    assert counts["total"] == 1


def test_the_counts_follow_the_day(client, docs, settings):
    """A status depends on the date: counts kept yesterday are not read today."""
    before = shown(client)["status"]
    settings.CATALOGUE_TODAY = "2099-01-01"
    with CaptureQueriesContext(connection) as queries:
        after = shown(client)["status"]
    assert any("GROUP BY" in q["sql"] for q in queries.captured_queries)  # counted again
    assert sum(before.values()) == sum(after.values()) == 2


def test_unfiltered_api_and_targets_counts_are_kept_and_exact(client, rich, bodies,
                                                             percent_indicator):
    """The API's unfiltered list and the targets page count every row from what is kept per
    change (catalogue_counts.catalogue_count): what a count gives, after every change; no
    COUNT over the table on a second request; filtered lists count as ever."""
    from documents.models import Target

    def api_count():
        return client.get("/api/documents/").json()["count"]

    def targets_count():
        return client.get("/targets/").context["total"]

    assert api_count() == Document.objects.count()
    assert targets_count() == Target.objects.count()
    with CaptureQueriesContext(connection) as queries:
        api_count()
        targets_count()
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"]]
    made = Document.objects.create(symbol="9-KH/TU", doc_type="ke_hoach", title="Kế hoạch",
                                   issuing_body=bodies["btv"], issued_date=dt.date(2019, 2, 1))
    Target.objects.create(document=made, indicator=percent_indicator, value=5,
                          deadline_year=2030)
    assert api_count() == Document.objects.count()
    assert targets_count() == Target.objects.count()
    made.delete()  # and its target
    assert api_count() == Document.objects.count()
    assert targets_count() == Target.objects.count()
    filtered = client.get("/api/documents/", {"type": "de_an"}).json()["count"]
    assert filtered == Document.objects.filter(doc_type="de_an").count()


def test_every_unfiltered_api_list_counts_from_what_is_kept(client, rich):
    """The API's lists of links, targets, figures, places and bodies count a whole table
    from what is kept per change (the API's Pagination): exact after a change, and no COUNT
    over the table on the next request."""
    from documents.models import DocumentLink, Figure, IssuingBody, Locality, Target

    lists = {"/api/links/": DocumentLink, "/api/targets/": Target, "/api/figures/": Figure,
             "/api/localities/": Locality, "/api/bodies/": IssuingBody}

    def counts():
        return {url: client.get(url).json()["count"] for url in lists}

    def recounted():
        return {url: model.objects.count() for url, model in lists.items()}

    assert counts() == recounted()
    with CaptureQueriesContext(connection) as queries:
        again = counts()
    assert again == recounted()
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"]]
    DocumentLink.objects.create(from_document=rich["qd"], to_document=rich["da34"],
                                kind="references")
    assert counts() == recounted()
    DocumentLink.objects.filter(kind="references").delete()
    assert counts() == recounted()
