"""The read-only JSON API: same filters as the list page, stable identifiers and
public addresses, JSON errors, and a schema the responses agree with."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from documents.models import Document


@pytest.fixture
def api_docs(docs, places):
    return docs


def test_document_list_has_stable_ids_and_public_urls(client, api_docs):
    response = client.get("/api/documents/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    by_slug = {d["slug"]: d for d in body["results"]}
    assert by_slug["34-da-tu-2023"]["url"] == "http://testserver/documents/34-da-tu-2023/"
    assert by_slug["34-da-tu-2023"]["symbol"] == "34-ĐA/TU"
    assert by_slug["34-da-tu-2023"]["issuing_body"]["name"] == "Ban Thường vụ Thành ủy Hà Nội"
    assert by_slug["34-da-tu-2023"]["issued_date"] == "2023-11-06"


def test_document_list_uses_the_list_page_filters(client, api_docs):
    body = client.get("/api/documents/", {"type": "de_an"}).json()
    assert [d["symbol"] for d in body["results"]] == ["34-ĐA/TU"]
    body = client.get("/api/documents/", {"q": "dao tao boi duong"}).json()
    assert [d["symbol"] for d in body["results"]] == ["34-ĐA/TU"]
    body = client.get("/api/documents/", {"locality": "ha-noi"}).json()
    assert body["count"] == 2


def test_bad_filter_is_a_json_400_that_says_what_is_wrong(client, api_docs):
    response = client.get("/api/documents/", {"issued_from": "31/02/2023"})
    assert response.status_code == 400
    body = response.json()
    assert "issued_from" in body["errors"] and body["detail"]


def test_one_document_with_targets_links_and_sources(client, api_docs, percent_indicator):
    da34, nq04 = api_docs["da34"], api_docs["nq04"]
    da34.outgoing_links.create(to_document=nq04, kind="continues", quote="tiếp tục thực hiện")
    da34.targets.create(indicator=percent_indicator, value=10, unit="percent",
                        comparator="at_least", deadline_year=2025, baseline_value=5)
    body = client.get("/api/documents/34-da-tu-2023/").json()
    assert body["links_out"][0]["to_document"]["symbol"] == "04-NQ/TU"
    assert body["links_out"][0]["wording_from"] == "tiếp tục thực hiện"
    assert body["targets"][0]["value"] == "10.0000"
    assert body["targets"][0]["deadline_year"] == 2025
    back = client.get("/api/documents/04-nq-tu-2021/").json()
    assert back["links_in"][0]["from_document"]["symbol"] == "34-ĐA/TU"
    assert back["links_in"][0]["wording_to"] == "được tiếp tục bởi"


@pytest.mark.parametrize("url", ["/api/documents/khong-co/", "/api/nothing-here",
                                 "/api/localities/khong-co/", "/api/targets/999999/"])
def test_unknown_is_json_404(client, api_docs, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_api_is_read_only(client, api_docs, method):
    response = getattr(client, method)("/api/documents/", data={}, content_type="application/json")
    assert response.status_code == 405
    assert Document.objects.count() == 2


def test_localities_bodies_targets_links(client, api_docs, places):
    names = [p["name"] for p in client.get("/api/localities/").json()["results"]]
    assert names[:2] == ["Việt Nam", "Hà Nội"]
    body = client.get("/api/bodies/thanh-uy-ha-noi/").json()
    assert body["terms"][0]["name"] == "khóa XVII"
    assert client.get("/api/targets/").json()["count"] == 0
    assert client.get("/api/links/").status_code == 200


def test_list_query_count_does_not_grow(client, bodies, django_assert_max_num_queries):
    for n in range(1, 61):
        Document.objects.create(symbol=f"{n}-KH/TU", doc_type="ke_hoach", title=f"KH {n}",
                                issuing_body=bodies["btv"], term=bodies["xvii"])
    with django_assert_max_num_queries(6):
        assert client.get("/api/documents/", {"page_size": 60}).status_code == 200


def test_schema_and_documentation_pages(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert schema["openapi"].startswith("3.")
    assert "/api/documents/{slug}/" in schema["paths"]
    html = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in html and "cdn" not in html.lower()


def _api_operations():
    """Every operation of the API's own OpenAPI schema (loaded in-process over WSGI)."""
    from catalogue.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    return [result.ok() for result in schema.get_all_operations()]


OPERATIONS = _api_operations()


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """The fuzz calls the real WSGI application in-process. Like Django's test client, keep
    its request signals from closing the database connection that holds the test's
    transaction (on PostgreSQL, closing it would fail every later query)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_api_matches_its_schema_and_never_errors(operation, api_docs,
                                                 wsgi_keeps_the_test_connection):
    """Schema-driven fuzz: generated parameters never give a 5xx, and every response
    (status, content type, body) agrees with the schema."""

    @given(case=operation.as_strategy())
    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate(checks=[not_a_server_error, status_code_conformance,
                                       content_type_conformance, response_schema_conformance])

    check()
