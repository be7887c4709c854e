""""Newest first" has one definition (``documents.models.documents.NEWEST_FIRST``,
``DocumentQuerySet.newest_first()``): the list page, a place's page, a body's page, the home
page, the API and the admin show the same documents in the same order — by year, then by date
within the year, documents of unknown date last."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from page_helpers import hrefs, page_html

from documents.linkgraph import catalogue_graph
from documents.models import Document, DocumentLink

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese(settings):
    with translation.override("vi"):
        yield


@pytest.fixture
def dated(bodies):
    """Documents of one body (Hà Nội's Thành ủy) with full dates, a year only, or neither."""
    def make(title, date=None, year=None):
        return Document.objects.create(
            doc_type="ke_hoach", title=title, issuing_body=bodies["thanh_uy"],
            issued_date=date, issued_year=year,
        )

    return {
        "nov_2023": make("Kế hoạch tháng 11 năm 2023", dt.date(2023, 11, 6)),
        "may_2021": make("Kế hoạch tháng 5 năm 2021", dt.date(2021, 5, 31)),
        "year_2023": make("Kế hoạch năm 2023, chưa rõ ngày", year=2023),
        "year_2022": make("Kế hoạch năm 2022, chưa rõ ngày", year=2022),
        "undated_a": make("Kế hoạch chưa rõ năm A"),
        "undated_b": make("Kế hoạch chưa rõ năm B"),
    }


NEWEST = ["nov_2023", "year_2023", "year_2022", "may_2021", "undated_b", "undated_a"]
OLDEST = ["may_2021", "year_2022", "nov_2023", "year_2023", "undated_a", "undated_b"]


def _order(html: str, dated: dict) -> list[str]:
    """The test documents in the order the page links them (each once)."""
    names = {doc.get_absolute_url(): name for name, doc in dated.items()}
    seen: list[str] = []
    for href in hrefs(html):
        if href in names and names[href] not in seen:
            seen.append(names[href])
    return seen


def test_list_place_body_home_and_api_show_the_same_newest_first_order(client, dated):
    pages = {
        "list": reverse("documents:list") + "?body=thanh-uy-ha-noi",
        "place": reverse("documents:locality", kwargs={"slug": "ha-noi"}),
        "body": reverse("documents:body", kwargs={"slug": "thanh-uy-ha-noi"}),
        "home": reverse("documents:home"),
    }
    for name, url in pages.items():
        assert _order(page_html(client.get(url)), dated) == NEWEST, name
    api = client.get(reverse("document-list"), {"body": "thanh-uy-ha-noi"}).json()
    by_slug = {doc.slug: name for name, doc in dated.items()}
    assert [by_slug[row["slug"]] for row in api["results"]] == NEWEST


def test_oldest_first_mirrors_it_with_unknown_dates_still_last(client, dated):
    url = reverse("documents:list") + "?body=thanh-uy-ha-noi&sort=date"
    assert _order(page_html(client.get(url)), dated) == OLDEST


def test_the_default_order_and_the_admin_are_newest_first(admin_client, dated):
    ids = {doc.pk: name for name, doc in dated.items()}
    assert [ids[pk] for pk in Document.objects.values_list("pk", flat=True)] == NEWEST
    assert [ids[pk] for pk in Document.objects.newest_first().values_list("pk", flat=True)] == (
        NEWEST)
    changelist = admin_client.get(reverse("admin:documents_document_changelist"))
    assert [ids[doc.pk] for doc in changelist.context["cl"].result_list] == NEWEST


def test_the_catalogue_graph_keeps_the_newest_documents(dated):
    """A graph cut to its N newest documents keeps those (undated ones are not "newest")."""
    docs = dated
    DocumentLink.objects.create(from_document=docs["year_2023"], to_document=docs["nov_2023"],
                                kind="implements")
    DocumentLink.objects.create(from_document=docs["undated_b"], to_document=docs["undated_a"],
                                kind="implements")
    graph = catalogue_graph(Document.objects.all(), limit=2)
    assert set(graph.nodes) == {docs["nov_2023"].pk, docs["year_2023"].pk}
    assert graph.truncated
