"""A place's three scopes on the document list, its exports and the API
(``?locality=…&scope=applies|here|below``), against the place page that defined them (issue
13): the same documents for every place and scope, bad values said, bounded queries. The
hand-built catalogue of ``test_document_list``; one test on the seed with the real gazetteer
is in ``test_gazetteer_scope.py``."""

from __future__ import annotations

import csv
import io
import json

import pytest
from page_helpers import attr, find, find_all, page_html, text
from test_document_list import MAX_QUERIES, catalogue, make_documents, topics  # noqa: F401

from documents.models import Locality

LIST = "/documents/"
API = "/api/documents/"
SCOPES = ("applies", "here", "below")
WARD = "Đề án của phường về tổ dân phố"
#: What applies at phường Việt Hưng in the catalogue: its own, quận Long Biên's, Hà Nội's and
#: the centre's documents.
APPLIES_AT_VIET_HUNG = {WARD, "15-ĐA/QU", "01-CTr/QU", "04-NQ/TU", "34-ĐA/TU", "188-KH/TU",
                        "18-NQ/TW"}

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]


def listed(client, params) -> set[str]:
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert response.context["total"] == len(response.context["documents"])  # one page
    return {d.symbol or d.title for d in response.context["documents"]}


def place_page_slugs(client, place, scope) -> set[str]:
    response = client.get(place.get_absolute_url(), {"scope": scope})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert response.context["scope_count"] == len(rows)  # all on the page
    return {row.document.slug for row in rows}


def api_slugs(client, **params) -> set[str]:
    response = client.get(API, {**params, "page_size": 200})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["next"] is None
    return {row["slug"] for row in body["results"]}


def test_the_list_shows_what_applies_here_with_why(client):
    assert listed(client, {"locality": "viet-hung", "scope": "applies"}) == APPLIES_AT_VIET_HUNG
    html = page_html(client.get(LIST, {"locality": "viet-hung", "scope": "applies"}))
    reasons = [text(p) for p in find_all(html, "p", class_="applies-reason")]
    assert "cấp trên: Quận ủy Long Biên" in reasons
    assert "cấp trên: Ban Thường vụ Thành ủy Hà Nội" in reasons
    assert "ban hành tại đây" in reasons
    chips = text(find(html, "ul", class_="active-filters"))
    assert "Việt Hưng (văn bản áp dụng tại đây)" in chips


def test_without_scope_the_list_keeps_here_and_below(client):
    """``?locality=`` alone lists the place and below, as every existing link expects;
    ``exact_locality`` still means issued exactly here."""
    assert listed(client, {"locality": "viet-hung"}) == {WARD}
    for place in ("ha-noi", "long-bien", "viet-hung", "viet-nam"):
        assert listed(client, {"locality": place}) \
            == listed(client, {"locality": place, "scope": "below"})
        assert listed(client, {"locality": place, "exact_locality": "1"}) \
            == listed(client, {"locality": place, "scope": "here"})


def test_list_api_and_exports_list_what_the_place_page_lists(client):
    """For every place and scope: the place page, the list, the API (by slug and by code)
    and the JSON export have the same documents."""
    Locality.objects.filter(slug="viet-hung").update(code="00127")
    for place in Locality.objects.all():
        for scope in SCOPES:
            expected = place_page_slugs(client, place, scope)
            response = client.get(LIST, {"locality": place.slug, "scope": scope})
            assert {d.slug for d in response.context["documents"]} == expected, (place, scope)
            assert api_slugs(client, locality=place.slug, scope=scope) == expected, (place, scope)
            exported = client.get("/documents/export.json", {"locality": place.slug,
                                                             "scope": scope})
            assert exported.status_code == 200
            rows = json.loads(b"".join(exported.streaming_content))  # streamed
            assert {row["slug"] for row in rows} == expected, (place, scope)
    assert api_slugs(client, locality="00127", scope="applies") \
        == place_page_slugs(client, Locality.objects.get(code="00127"), "applies")


def test_the_csv_export_honours_the_scope(client):
    response = client.get("/documents/export.csv", {"locality": "viet-hung",
                                                    "scope": "applies"})
    content = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(content)))
    symbol = next(name for name in rows[0] if "ký hiệu" in name)
    assert {row[symbol] for row in rows if row[symbol]} == APPLIES_AT_VIET_HUNG - {WARD}
    assert len(rows) == len(APPLIES_AT_VIET_HUNG)


@pytest.mark.parametrize("params, message", [
    ({"locality": "ha-noi", "scope": "everywhere"}, "Không có phạm vi “everywhere”"),
    ({"scope": "applies"}, "Phạm vi chỉ dùng được khi đã chọn một địa bàn."),
])
def test_a_bad_scope_is_said_on_the_list(client, params, message):
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert "scope" in response.context["filterset"].errors
    html = page_html(response)
    assert message in text(find(html, "div", class_="results"))  # the errors box
    assert message in text(find(html, "form", id="filters"))  # beside the field
    # The rest still applies: the place (here and below), or every document.
    assert response.context["total"] == (6 if "locality" in params else 7)


def test_a_bad_scope_in_english(client):
    response = client.get("/en" + LIST, {"locality": "ha-noi", "scope": "everywhere"})
    assert "No scope “everywhere”" in response.content.decode()
    response = client.get("/en" + LIST, {"scope": "applies"})
    assert "A scope needs a place" in response.content.decode()


@pytest.mark.parametrize("params, words", [
    ({"locality": "ha-noi", "scope": "everywhere"}, "no scope “everywhere”"),
    ({"scope": "applies"}, "scope needs a place"),
])
def test_a_bad_scope_is_a_400_on_the_api_and_the_exports(client, params, words):
    response = client.get(API, params)
    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == ["scope"]
    assert words in " ".join(body["errors"]["scope"]).lower()
    for fmt in ("csv", "json"):
        assert client.get(f"/documents/export.{fmt}", params).status_code == 400


def test_facets_and_chips_leave_the_scope_when_they_change_the_place(client):
    response = client.get(LIST, {"locality": "long-bien", "scope": "applies"})
    place_facet = next(f for f in response.context["facets"] if f.name == "locality")
    assert place_facet.items and all("scope=" not in item.url for item in place_facet.items)
    assert "scope=" not in place_facet.up_url
    chip = next(c for c in response.context["chips"] if c.label == "Địa bàn")
    assert chip.remove_url == LIST


@pytest.mark.parametrize("scope, query", [
    ("applies", "?locality=viet-hung&scope=applies"),
    ("here", "?locality=viet-hung&scope=here"),
    ("below", "?locality=viet-hung"),
])
def test_the_place_page_links_to_the_list_in_its_scope(client, scope, query):
    html = page_html(client.get("/places/viet-hung/", {"scope": scope}))
    link = next(a for a in find_all(html, "a") if text(a) == "Xem tất cả trong danh sách")
    assert attr(link, "href") == LIST + query
    english = page_html(client.get("/en/places/viet-hung/", {"scope": scope}))
    assert any(text(a) == "See them all in the list" for a in find_all(english, "a"))


def test_applies_here_queries_do_not_grow(client, bodies, percent_indicator, request,
                                          django_assert_max_num_queries):
    """What applies is read once per page (not once per facet): the list, the API and the
    export stay within their bounds, the same with 10 documents or 67."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    params = {"locality": "viet-hung", "scope": "applies"}
    counts = []
    for n, start in ((3, 500), (57, 600)):
        make_documents(n, bodies["btv"], list(request.getfixturevalue("topics").values()),
                       percent_indicator, start)
        with CaptureQueriesContext(connection) as page, \
                django_assert_max_num_queries(MAX_QUERIES):
            assert client.get(LIST, params).status_code == 200
        with CaptureQueriesContext(connection) as api, django_assert_max_num_queries(8):
            assert client.get(API, {**params, "page_size": 100}).status_code == 200
        counts.append((len(page.captured_queries), len(api.captured_queries)))
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("place", ["viet-hung", "long-bien", "ha-noi"])
def test_facet_counts_in_applies_here_are_the_rows_the_list_shows(client, place):
    """With ``scope=applies`` every facet counts the documents the list shows: choosing a
    value lists exactly as many rows as the count beside it (issue 13)."""
    params = {"locality": place, "scope": "applies"}
    response = client.get(LIST, params)
    facets = [f for f in response.context["facets"] if f.name != "locality"]
    checked = 0
    for facet in facets:
        for item in facet.items:
            chosen = client.get(LIST, {**params, **(item.params or {facet.name: item.value})})
            assert chosen.status_code == 200
            assert chosen.context["total"] == item.count, (facet.name, item.value)
            checked += 1
    assert checked >= 4
