"""Deep pages by cursor (documents.keyset): walking ``next`` (or ``previous``) on the document
list and the API gives every document once, in the newest-first order; a bad cursor is said,
never a 500; a cursor page's queries are bounded."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

import documents.keyset
from documents.models import Document
from documents.views import lists

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(bodies, monkeypatch):
    """23 documents with ties: several on one day, some known only by year, some of unknown
    year; cursors from page 3 on."""
    monkeypatch.setattr(documents.keyset, "NUMBERED_PAGES", 2)
    body = bodies["btv"]
    dates = [dt.date(2024, 3, 1)] * 5 + [dt.date(2023, 1, 2 + i) for i in range(8)]
    for i, day in enumerate(dates):
        Document.objects.create(symbol=f"{i + 1}-KH/TU", doc_type="ke_hoach", title=f"Kế hoạch {i}",
                                issuing_body=body, issued_date=day)
    for i in range(5):
        Document.objects.create(symbol=f"{i + 50}-QĐ/TU", doc_type="quyet_dinh",
                                title=f"Quyết định {i}", issuing_body=body, issued_year=2023)
    for i in range(5):
        Document.objects.create(title=f"Văn bản chưa rõ năm {i}", doc_type="cong_van",
                                issuing_body=body, known_by_reference=True)
    return [d.slug for d in Document.objects.newest_first()]


def _walk_api(client, start, key):
    slugs, url, pages = [], start, 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        data = response.json()
        slugs += [row["slug"] for row in data["results"]]
        assert data["count"] == 23
        url, pages = data[key], pages + 1
        assert pages < 20
    return slugs


def test_walking_next_through_the_api_gives_every_document_once_in_order(client, many):
    slugs = _walk_api(client, "/api/documents/?page_size=2", "next")
    assert slugs == many


def test_walking_previous_back_from_the_last_page(client, many):
    last = client.get("/api/documents/?page_size=2&page=last").json()
    pages, url = [], last["previous"]
    while url:
        data = client.get(url).json()
        pages.insert(0, [row["slug"] for row in data["results"]])
        url = data["previous"]
    assert [slug for page in pages for slug in page] == many[:-1]  # all but the last page's
    assert any("before=" in client.get("/api/documents/?page_size=2&page=last").json()[
        "previous"] for _ in [0])


def test_a_cursor_page_is_the_same_as_the_numbered_page(client, many):
    page4 = client.get("/api/documents/?page_size=2&page=4").json()
    page5 = client.get("/api/documents/?page_size=2&page=5").json()
    by_cursor = client.get(page4["next"]).json()
    assert [r["slug"] for r in by_cursor["results"]] == [r["slug"] for r in page5["results"]]
    back = client.get(by_cursor["previous"]).json()
    assert [r["slug"] for r in back["results"]] == [r["slug"] for r in page4["results"]]


@pytest.mark.parametrize("params", [
    {"after": "x"}, {"after": "2024.20241301.1.3"}, {"before": "2024.20240101.1.1"},
    {"after": "2024.20240101.1.3", "page": "2"}, {"after": "2024.20240101.1.3", "sort": "date"},
    {"after": "2024.20240101.1.3", "q": "kế hoạch"}, {"after": "9" * 40},
])
def test_a_bad_cursor_is_a_json_400_naming_it(client, many, params):
    response = client.get("/api/documents/", params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) <= {"after", "before"} and errors


def test_a_cursor_page_has_bounded_queries(client, many, django_assert_max_num_queries):
    url = client.get("/api/documents/?page_size=2&page=4").json()["next"]
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def _next(html):
    match = re.search(r'rel="next" href="([^"]+)"', html)
    return unescape(match.group(1)) if match else None


def test_walking_the_list_page_by_its_next_links(client, many, monkeypatch):
    monkeypatch.setattr(lists, "PER_PAGE", 3)
    url, slugs, seen = "/documents/", [], []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        slugs += [d.slug for d in response.context["documents"]]
        seen.append(parse_qs(urlsplit(url).query))
        url = _next(response.content.decode())
    assert slugs == many
    assert seen[1] == {"page": ["2"]} and "after" in seen[3]
    # the page number shown follows the cursor
    assert response.context["page_obj"].number == len(seen)


def test_the_list_page_keeps_filters_in_cursor_links(client, many, monkeypatch):
    monkeypatch.setattr(lists, "PER_PAGE", 2)
    response = client.get("/documents/", {"type": "ke_hoach", "page": "3"})
    link = parse_qs(urlsplit(_next(response.content.decode())).query)
    assert link["type"] == ["ke_hoach"] and "after" in link and "page" not in link
    page4 = client.get("/documents/", {"type": "ke_hoach", "page": "4"})
    by_cursor = client.get("/documents/", {"type": "ke_hoach", "after": link["after"][0]})
    assert ([d.slug for d in by_cursor.context["documents"]]
            == [d.slug for d in page4.context["documents"]])
    assert by_cursor.context["page_obj"].number == 4


@pytest.mark.parametrize("value", ["x", "2024.20240230.5.3", "-.-.1.900", "2024.20240101.1.1"])
def test_a_bad_cursor_on_the_list_page_is_said_and_page_1_shown(client, many, value):
    response = client.get("/documents/", {"after": value})
    assert response.status_code == 200
    assert response.context["page_message"]
    assert response.context["page_obj"].number == 1


def test_a_cursor_with_another_order_is_said(client, many):
    response = client.get("/documents/", {"after": "2024.20240101.1.3", "sort": "symbol"})
    assert response.status_code == 200
    assert "mới nhất trước" in response.context["page_message"]
