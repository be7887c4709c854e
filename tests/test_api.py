"""The read-only JSON API: same filters as the list page, stable identifiers and
public addresses, JSON errors, and a schema the responses agree with."""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from documents.models import Document, DocumentText, Figure, Indicator, Source, Target
from documents.provisions import rebuild_provisions


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


def _refused(response, parameter):
    """A JSON 400 in the API's error format whose message names *parameter*."""
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["detail"] == "Tham số không hợp lệ (invalid parameters)."
    assert list(body["errors"]) == [parameter]
    message = " ".join(body["errors"][parameter])
    assert parameter in message or "true" in message
    return message


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "٣", " 1", "1e3"])
def test_a_bad_page_number_is_a_json_400_naming_the_parameter(client, api_docs, page):
    message = _refused(client.get("/api/documents/", {"page": page}), "page")
    assert f"“{page}”" in message and "page must be a whole number from 1" in message


@pytest.mark.parametrize("page", ["2", "999999", "99999999999999999999999999"])
def test_a_page_beyond_the_last_is_a_json_404_saying_how_many_there_are(client, api_docs, page):
    response = client.get("/api/documents/", {"page": page})
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert "tham số page" in detail and "chỉ có 1 trang" in detail and "there is 1 page" in detail
    assert "Invalid page" not in detail


def test_pages_that_exist_are_served(client, api_docs):
    assert client.get("/api/documents/", {"page": "1"}).json()["count"] == 2
    assert client.get("/api/documents/", {"page": ""}).status_code == 200
    first = client.get("/api/documents/", {"page_size": "1"}).json()
    assert len(first["results"]) == 1 and first["next"].endswith("page=2&page_size=1")
    last = client.get("/api/documents/", {"page_size": "1", "page": "last"}).json()
    assert len(last["results"]) == 1 and last["next"] is None
    assert len(client.get("/api/documents/", {"page_size": "200"}).json()["results"]) == 2


@pytest.mark.parametrize("size", ["abc", "0", "-1", "201", "1.5", "99999999999999999999"])
def test_a_bad_page_size_is_a_json_400_naming_the_allowed_range(client, api_docs, size):
    message = _refused(client.get("/api/documents/", {"page_size": size}), "page_size")
    assert "from 1 to 200" in message and f"“{size[:20]}" in message


def test_the_schema_states_the_allowed_page_range(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/documents/"]["get"]["parameters"]}
    assert parameters["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 200}
    assert parameters["page"]["schema"] == {"type": "integer", "minimum": 1}
    assert parameters["exact_locality"]["schema"]["type"] == "boolean"
    links = {p["name"]: p for p in schema["paths"]["/api/links/"]["get"]["parameters"]}
    assert links["inferred"]["schema"]["type"] == "boolean"


@pytest.fixture
def two_links(api_docs):
    da34, nq04 = api_docs["da34"], api_docs["nq04"]
    stated = da34.outgoing_links.create(to_document=nq04, kind="implements")
    inferred = nq04.outgoing_links.create(to_document=da34, kind="references",
                                          uncertain={"link": {"reason": "inferred"}})
    return stated, inferred


@pytest.mark.parametrize("value", ["maybe", "2", "tru", "<script>"])
def test_a_bad_boolean_is_a_json_400(client, two_links, value):
    message = _refused(client.get("/api/links/", {"inferred": value}), "inferred")
    assert "use true or false" in message
    message = _refused(client.get("/api/documents/", {"exact_locality": value}),
                       "exact_locality")
    assert "use true or false" in message


def test_booleans_filter(client, two_links):
    stated, inferred = two_links
    for value, expected in [("true", inferred), ("1", inferred), ("false", stated),
                            ("0", stated), ("False", stated)]:
        ids = [link["id"] for link in client.get("/api/links/", {"inferred": value}).json()[
            "results"]]
        assert ids == [expected.pk], value
    assert client.get("/api/links/", {"inferred": ""}).json()["count"] == 2


def test_exact_locality_on_the_api(client, api_docs, bodies):
    Document.objects.create(symbol="15-ĐA/QU", doc_type="de_an", title="Đề án quận",
                            issuing_body=bodies["quan_uy"])
    count = lambda **params: client.get("/api/documents/", params).json()["count"]  # noqa: E731
    assert count(locality="ha-noi") == 3
    assert count(locality="ha-noi", exact_locality="true") == 2
    assert count(locality="ha-noi", exact_locality="false") == 3


@pytest.mark.parametrize("url", ["/api/schema/", "/api/documents/", "/api/", "/api/links/",
                                 "/api/documents/34-da-tu-2023/"])
def test_an_unknown_format_is_a_json_400(client, api_docs, url):
    message = _refused(client.get(url, {"format": "zzz"}), "format")
    assert "“zzz”" in message and "json" in message


def test_known_formats_still_work(client, api_docs):
    assert client.get("/api/schema/", {"format": "json"}).json()["openapi"].startswith("3.")
    yaml = client.get("/api/schema/", {"format": "yaml"})
    assert yaml.status_code == 200 and yaml.content.startswith(b"openapi: 3")
    assert client.get("/api/documents/", {"format": "json"}).json()["count"] == 2
    assert client.get("/api/documents/", {"format": "api"})["Content-Type"].startswith(
        "text/html")


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
                                 "/api/localities/khong-co/", "/api/targets/999999/",
                                 "/api/figures/999999/", "/api/figures/abc/"])
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
    # the first request after a change counts the documents and keeps the count (3 queries)
    with django_assert_max_num_queries(7):
        assert client.get("/api/documents/", {"page_size": 60}).status_code == 200
    with django_assert_max_num_queries(5):  # the count kept: read in one query
        assert client.get("/api/documents/", {"page_size": 60}).status_code == 200


def test_schema_and_documentation_pages(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert schema["openapi"].startswith("3.")
    assert "/api/documents/{slug}/" in schema["paths"]
    html = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in html and "cdn" not in html.lower()


# --- figures (số liệu) ----------------------------------------------------------------------


@pytest.fixture
def figures(api_docs, places, percent_indicator):
    """Hà Nội and Long Biên figures as the seed's sources give them, and a figure a document
    states; targets of 34-ĐA/TU at Hà Nội and at Việt Hưng (a ward of Long Biên)."""
    people = Indicator.objects.create(slug="so-can-bo-cap-xa", name="Số cán bộ cấp xã",
                                      unit="people")
    source = Source.objects.create(
        kind="news", publisher="Báo Hànộimới", headline="Quán triệt Đề án 34-ĐA/TU",
        url="https://hanoimoi.vn/quan-triet", published_date=dt.date(2023, 11, 16),
    )
    hn_2022 = Figure.objects.create(
        indicator=percent_indicator, locality=places["hanoi"], as_of=dt.date(2022, 12, 31),
        value=5, unit="percent", applies_to="cán bộ chủ chốt cấp xã", source=source,
        quote="tỷ lệ cán bộ trẻ dưới 35 tuổi còn thấp (mới chiếm 5%)",
    )
    hn_2020 = Figure.objects.create(
        indicator=percent_indicator, locality=places["hanoi"], as_of_year=2020, value=3,
        unit="percent",
    )
    lb_2023 = Figure.objects.create(
        indicator=people, locality=places["long_bien"], as_of=dt.date(2023, 5, 26),
        value=238, total=238, unit="people", applies_to="người hoạt động không chuyên trách",
    )
    stated = Figure.objects.create(
        indicator=people, locality=places["hanoi"], as_of=dt.date(2022, 12, 31), value=5405,
        unit="people", document=api_docs["da34"], quote="5.405 cán bộ",
    )
    at_hanoi = Target.objects.create(
        document=api_docs["da34"], indicator=percent_indicator, value=10, unit="percent",
        deadline_year=2025, locality=places["hanoi"],
    )
    in_ward = Target.objects.create(
        document=api_docs["da34"], indicator=people, value=240, unit="people",
        deadline_year=2025, locality=places["viet_hung"],
    )
    no_figure = Target.objects.create(
        document=api_docs["nq04"], indicator=percent_indicator, value=10, unit="percent",
        deadline_year=2025, locality=places["vn"],
    )
    return {"hn_2022": hn_2022, "hn_2020": hn_2020, "lb_2023": lb_2023, "stated": stated,
            "at_hanoi": at_hanoi, "in_ward": in_ward, "no_figure": no_figure,
            "source": source}


def _ids(client, **params):
    response = client.get("/api/figures/", params)
    assert response.status_code == 200, response.content
    return [f["id"] for f in response.json()["results"]]


def test_figure_list_has_stable_ids_links_and_sources(client, figures):
    body = client.get("/api/figures/").json()
    assert body["count"] == 4
    by_id = {f["id"]: f for f in body["results"]}
    hn = by_id[figures["hn_2022"].pk]
    assert hn["indicator"] == {"slug": "duoi-35", "unit": "percent",
                               "name": "Tỷ lệ cán bộ chủ chốt cấp xã dưới 35 tuổi"}
    assert hn["locality"]["slug"] == "ha-noi"
    assert hn["locality"]["url"] == "http://testserver/places/ha-noi/"
    assert (hn["value"], hn["total"], hn["unit"]) == ("5.0000", None, "percent")
    assert (hn["as_of"], hn["as_of_year"]) == ("2022-12-31", 2022)
    assert hn["applies_to"] == "cán bộ chủ chốt cấp xã"
    assert hn["source"] == {"publisher": "Báo Hànộimới", "headline": "Quán triệt Đề án 34-ĐA/TU",
                            "url": "https://hanoimoi.vn/quan-triet",
                            "published_date": "2023-11-16"}
    assert hn["quote"] == "tỷ lệ cán bộ trẻ dưới 35 tuổi còn thấp (mới chiếm 5%)"
    assert hn["document"] is None
    lb = by_id[figures["lb_2023"].pk]
    assert (lb["value"], lb["total"]) == ("238.0000", "238.0000")  # "238/238"
    assert lb["source"] is None
    assert by_id[figures["stated"].pk]["document"]["url"] == (
        "http://testserver/documents/34-da-tu-2023/")
    # Newest first; a figure known by its year only sorts by that year.
    assert [f["id"] for f in body["results"]][-1] == figures["hn_2020"].pk
    one = client.get(f"/api/figures/{figures['lb_2023'].pk}/").json()
    assert one == lb


def test_figures_filter_by_place_below_indicator_and_year(client, figures):
    f = figures
    everything = {f["hn_2022"].pk, f["hn_2020"].pk, f["lb_2023"].pk, f["stated"].pk}
    assert set(_ids(client, locality="ha-noi")) == everything  # Long Biên is below Hà Nội
    assert set(_ids(client, locality="viet-nam")) == everything
    assert _ids(client, locality="long-bien") == [f["lb_2023"].pk]
    assert _ids(client, locality="viet-hung") == []
    assert set(_ids(client, locality="ha-noi", exact_locality="true")) == everything - {
        f["lb_2023"].pk}
    assert set(_ids(client, indicator="duoi-35")) == {f["hn_2022"].pk, f["hn_2020"].pk}
    assert set(_ids(client, year_from=2022)) == everything - {f["hn_2020"].pk}
    assert _ids(client, year_to=2021) == [f["hn_2020"].pk]
    assert _ids(client, year_from=2023, year_to=2023) == [f["lb_2023"].pk]
    assert _ids(client, locality="ha-noi", indicator="duoi-35", year_from=2021) == [
        f["hn_2022"].pk]
    assert len(_ids(client, page_size=1)) == 1


@pytest.mark.parametrize(("params", "parameter"), [
    ({"locality": "khong-co"}, "locality"),
    ({"indicator": "khong-co"}, "indicator"),
    ({"year_from": "abc"}, "year_from"),
    ({"year_to": "1.5"}, "year_to"),
    ({"year_from": "1800"}, "year_from"),
    ({"year_from": "2024", "year_to": "2023"}, "year_to"),
    ({"exact_locality": "maybe"}, "exact_locality"),
    ({"page_size": "0"}, "page_size"),
    ({"page": "abc"}, "page"),
])
def test_bad_figure_parameters_are_a_json_400(client, figures, params, parameter):
    response = client.get("/api/figures/", params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["detail"] == "Tham số không hợp lệ (invalid parameters)."
    assert list(body["errors"]) == [parameter]


def test_targets_carry_their_latest_figure(client, figures):
    f = figures
    by_id = {t["id"]: t for t in client.get("/api/targets/").json()["results"]}
    # At the target's own place, the latest date wins (2022 over 2020)…
    latest = by_id[f["at_hanoi"].pk]["latest_figure"]
    assert latest["id"] == f["hn_2022"].pk
    assert latest["indicator"]["slug"] == "duoi-35"
    assert latest["source"]["headline"] == "Quán triệt Đề án 34-ĐA/TU"
    # …failing that, the nearest place above (Long Biên, above Việt Hưng, before Hà Nội).
    assert by_id[f["in_ward"].pk]["latest_figure"]["id"] == f["lb_2023"].pk
    assert by_id[f["in_ward"].pk]["latest_figure"]["locality"]["slug"] == "long-bien"
    # Nothing for the country: figures below a place do not count for it.
    assert by_id[f["no_figure"].pk]["latest_figure"] is None
    one = client.get(f"/api/targets/{f['in_ward'].pk}/").json()
    assert one["latest_figure"]["id"] == f["lb_2023"].pk


def test_a_document_shows_its_targets_figures_and_the_figures_it_states(client, figures):
    body = client.get("/api/documents/34-da-tu-2023/").json()
    latest = {t["id"]: (t["latest_figure"] or {}).get("id") for t in body["targets"]}
    assert latest == {figures["at_hanoi"].pk: figures["hn_2022"].pk,
                      figures["in_ward"].pk: figures["lb_2023"].pk}
    assert [fig["id"] for fig in body["figures"]] == [figures["stated"].pk]
    assert body["figures"][0]["value"] == "5405.0000"
    assert "document" not in body["figures"][0]
    assert client.get("/api/documents/04-nq-tu-2021/").json()["figures"] == []


def _more_figures(places, n):
    indicators = [Indicator.objects.create(slug=f"chi-so-{i}", name=f"Chỉ số {i}",
                                           unit="people") for i in range(n)]
    source = Source.objects.create(kind="news", publisher="Báo", headline="Bài")
    for i, indicator in enumerate(indicators):
        Figure.objects.create(indicator=indicator, locality=places["long_bien"],
                              as_of_year=2000 + i % 20, value=i, unit="people",
                              source=source if i % 2 else None)
    return indicators


def test_figure_and_target_queries_do_not_grow(client, figures, places, api_docs,
                                               django_assert_max_num_queries):
    def counts():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        out = {}
        for url in ["/api/figures/?page_size=200", "/api/figures/?locality=ha-noi",
                    "/api/targets/?page_size=200", "/api/documents/34-da-tu-2023/"]:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            out[url] = len(ctx.captured_queries)
        return out

    before = counts()
    for indicator in _more_figures(places, 30):
        Target.objects.create(document=api_docs["da34"], indicator=indicator, value=1,
                              unit="people", locality=places["viet_hung"])
    Figure.objects.create(indicator=figures["stated"].indicator, locality=places["hanoi"],
                          value=1, unit="people", document=api_docs["da34"],
                          source=figures["source"])
    after = counts()
    assert after == before
    assert client.get("/api/figures/", {"page_size": 200}).json()["count"] == 35
    with django_assert_max_num_queries(4):
        client.get("/api/figures/", {"page_size": 200})
    with django_assert_max_num_queries(5):
        client.get("/api/targets/", {"page_size": 200})


def test_the_schema_describes_figures(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert "/api/figures/{id}/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/figures/"]["get"]["parameters"]}
    assert {"locality", "exact_locality", "indicator", "year_from", "year_to", "page",
            "page_size"} <= parameters
    components = schema["components"]["schemas"]
    assert {"indicator", "locality", "value", "total", "unit", "as_of", "as_of_year",
            "applies_to", "source", "quote"} <= set(components["Figure"]["properties"])
    assert components["Target"]["properties"]["latest_figure"]["nullable"] is True
    assert "figures" in components["DocumentDetail"]["properties"]


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
def test_api_matches_its_schema_and_never_errors(operation, api_docs, figures,
                                                 wsgi_keeps_the_test_connection):
    """Schema-driven fuzz: generated parameters never give a 5xx, and every response
    (status, content type, body) agrees with the schema."""

    @given(case=operation.as_strategy())
    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate(checks=[not_a_server_error, status_code_conformance,
                                       content_type_conformance, response_schema_conformance])

    check()


def test_every_operation_on_real_objects_matches_the_schema(operation_samples,
                                                             wsgi_keeps_the_test_connection):
    """The fuzz above mostly meets unknown ids (404): here every operation is called on
    objects that exist — a document with a source that has no publication date, a target
    with and without a figure… — and every answer (status, content type, body) must agree
    with the schema (``Mention.published_date`` was declared never null but was null)."""
    checks = [not_a_server_error, status_code_conformance, content_type_conformance,
              response_schema_conformance]
    called = 0
    for operation in OPERATIONS:
        if operation.method.upper() != "GET":
            continue
        for path_parameters in operation_samples(operation.path):
            case = operation.Case(path_parameters=path_parameters)
            response = case.call_and_validate(checks=checks)
            assert response.status_code == 200, (operation.label, path_parameters)
            called += 1
    assert called >= 15


@pytest.fixture
def operation_samples(api_docs, figures, two_links):
    """Path parameters naming existing objects, for each path of the API."""
    da34 = api_docs["da34"]
    undated = Source.objects.create(kind="news", publisher="Báo X", headline="Không ngày")
    da34.mentions.create(source=undated, quote="trích dẫn")
    target, link = figures["at_hanoi"], two_links[0]
    text = DocumentText.objects.create(document=da34, source=undated, status="done",
                                       method="web_page", extracted="Điều 1. Phạm vi")
    rebuild_provisions(text)
    by_path = {
        "/api/documents/{slug}/": [{"slug": da34.slug}, {"slug": api_docs["nq04"].slug}],
        "/api/documents/{slug}/text/": [{"slug": da34.slug}, {"slug": api_docs["nq04"].slug}],
        "/api/localities/{slug}/": [{"slug": "ha-noi"}, {"slug": "viet-nam"}],
        "/api/bodies/{slug}/": [{"slug": "thanh-uy-ha-noi"}, {"slug": "btv-thanh-uy-ha-noi"}],
        "/api/targets/{id}/": [{"id": target.pk}, {"id": figures["no_figure"].pk}],
        "/api/figures/{id}/": [{"id": f.pk} for f in Figure.objects.all()],
        "/api/links/{id}/": [{"id": link.pk}],
    }
    return lambda path: by_path.get(path, [{}])
