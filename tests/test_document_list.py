"""The document list (/documents/): filters, facets, pagination, removable filters, bad
input, methods, query counts. Most tests use a small hand-built catalogue (exact numbers do
not depend on the seed); a few run on the seed."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from page_helpers import attr, find, find_all, text

from documents.filters import DocumentFilterSet
from documents.models import Document, IssuingBody, Locality, Target, Topic

LIST = "/documents/"
#: Queries for one list page, whatever the number of rows (measured: 14–16 with filters,
#: facets and search; the bound leaves room for shared context such as feeds).
MAX_QUERIES = 20


# --- data ------------------------------------------------------------------------------------


@pytest.fixture
def topics(db):
    return {
        "luan_chuyen": Topic.objects.create(slug="luan-chuyen", name="Luân chuyển cán bộ"),
        "dao_tao": Topic.objects.create(slug="dao-tao", name="Đào tạo, bồi dưỡng"),
    }


@pytest.fixture
def catalogue(places, bodies, docs, topics, percent_indicator):
    """Seven documents at four places:

    ============  ==============  ============  ===========  =========  ======
    symbol        type            place         issued       status     topics
    ============  ==============  ============  ===========  =========  ======
    04-NQ/TU      nghi_quyet      Hà Nội        31/05/2021   in_force   –
    34-ĐA/TU      de_an           Hà Nội        06/11/2023   in_force   dao-tao
    188-KH/TU     ke_hoach        Hà Nội        06/11/2023   in_force   both (+ a target)
    15-ĐA/QU      de_an           Long Biên     01/10/2019   in_force   luan-chuyen
    01-CTr/QU     chuong_trinh    Long Biên     02/01/2020   expired    –
    (no symbol)   de_an           Việt Hưng     –            planned    –
    18-NQ/TW      nghi_quyet      Việt Nam      19/05/2018   in_force   –
    ============  ==============  ============  ===========  =========  ======
    """
    central = IssuingBody.objects.create(
        slug="bch-trung-uong", name="Ban Chấp hành Trung ương", code="TW",
        kind="party_committee", locality=places["vn"],
    )
    kh188 = Document.objects.create(
        symbol="188-KH/TU", doc_type="ke_hoach",
        title="Về luân chuyển, điều động, biệt phái cán bộ giai đoạn 2024-2025",
        issuing_body=bodies["btv"], term=bodies["xvii"], issued_date=dt.date(2023, 11, 6),
        status="in_force", period_start=2024, period_end=2025,
    )
    kh188.topics.set([topics["luan_chuyen"], topics["dao_tao"]])
    docs["da34"].topics.set([topics["dao_tao"]])
    Target.objects.create(
        document=kh188, indicator=percent_indicator, value=10, deadline_year=2025
    )
    da15 = Document.objects.create(
        symbol="15-ĐA/QU", doc_type="de_an", title="Về sắp xếp, bố trí kiêm nhiệm",
        issuing_body=bodies["quan_uy"], issued_date=dt.date(2019, 10, 1), status="in_force",
    )
    da15.topics.set([topics["luan_chuyen"]])
    ctr01 = Document.objects.create(
        symbol="01-CTr/QU", doc_type="chuong_trinh", title="Chương trình công tác",
        issuing_body=bodies["quan_uy"], issued_date=dt.date(2020, 1, 2), status="expired",
    )
    ward = Document.objects.create(
        doc_type="de_an", title="Đề án của phường về tổ dân phố",
        locality=places["viet_hung"], status="planned",
    )
    tw18 = Document.objects.create(
        symbol="18-NQ/TW", doc_type="nghi_quyet", title="Về tinh gọn bộ máy",
        issuing_body=central, issued_date=dt.date(2018, 5, 19), status="in_force",
    )
    return {
        **docs, "kh188": kh188, "da15": da15, "ctr01": ctr01, "ward": ward, "tw18": tw18,
        "central": central,
    }


def make_documents(n, body, topics, indicator, start=500):
    """*n* more documents of one body, each with its topics and a target."""
    made = []
    for i in range(n):
        doc = Document.objects.create(
            symbol=f"{start + i}-ĐA/TU", doc_type="de_an", title=f"Đề án thứ {i} về cán bộ",
            issuing_body=body, issued_date=dt.date(2022, 1, 1) + dt.timedelta(days=i),
            status="in_force",
        )
        doc.topics.set(topics)
        Target.objects.create(document=doc, indicator=indicator, value=5, deadline_year=2025)
        made.append(doc)
    return made


def get(client, params=None, path=LIST):
    response = client.get(path, params or {})
    assert response.status_code == 200, response.status_code
    return response


def symbols(response) -> list[str]:
    return [d.symbol or d.title for d in response.context["documents"]]


def facet(response, name) -> dict[str, int]:
    found = next(f for f in response.context["facets"] if f.name == name)
    return {item.value: item.count for item in found.items}


# --- filters ---------------------------------------------------------------------------------


@pytest.mark.django_db
class TestFilters:
    def test_everything_newest_first(self, client, catalogue):
        response = get(client)
        assert response.context["total"] == 7
        assert symbols(response)[:3] == ["188-KH/TU", "34-ĐA/TU", "04-NQ/TU"]
        assert symbols(response)[-1] == "Đề án của phường về tổ dân phố"  # no date: last

    def test_locality_includes_places_below(self, client, catalogue):
        found = symbols(get(client, {"locality": "ha-noi"}))
        assert len(found) == 6
        assert "15-ĐA/QU" in found and "Đề án của phường về tổ dân phố" in found
        assert "18-NQ/TW" not in found

    def test_issued_exactly_here(self, client, catalogue):
        found = symbols(get(client, {"locality": "ha-noi", "exact_locality": "1"}))
        assert sorted(found) == ["04-NQ/TU", "188-KH/TU", "34-ĐA/TU"]

    def test_several_types(self, client, catalogue):
        found = symbols(get(client, {"type": ["de_an", "ke_hoach"], "locality": "long-bien"}))
        assert sorted(found) == ["15-ĐA/QU", "Đề án của phường về tổ dân phố"]

    def test_combined(self, client, catalogue):
        params = {
            "locality": "ha-noi", "type": ["de_an", "ke_hoach"], "status": "in_force",
            "year_from": "2023", "topic": "dao-tao",
        }
        assert sorted(symbols(get(client, params))) == ["188-KH/TU", "34-ĐA/TU"]
        params["has_targets"] = "yes"
        assert symbols(get(client, params)) == ["188-KH/TU"]
        params["has_targets"] = "no"
        assert symbols(get(client, params)) == ["34-ĐA/TU"]

    def test_body_and_status(self, client, catalogue):
        found = symbols(get(client, {"body": "quan-uy-long-bien", "status": "expired"}))
        assert found == ["01-CTr/QU"]

    def test_topic(self, client, catalogue):
        found = symbols(get(client, {"topic": "luan-chuyen"}))
        assert sorted(found) == ["15-ĐA/QU", "188-KH/TU"]

    @pytest.mark.parametrize(
        "params",
        [
            {"issued_from": "01/01/2021", "issued_to": "31/12/2023"},
            {"issued_from": "2021-01-01", "issued_to": "2023-12-31"},
            {"issued_from": "1-1-2021", "issued_to": "31-12-2023"},
        ],
    )
    def test_issued_between_dates(self, client, catalogue, params):
        assert sorted(symbols(get(client, params))) == ["04-NQ/TU", "188-KH/TU", "34-ĐA/TU"]

    def test_issued_between_years(self, client, catalogue):
        found = symbols(get(client, {"year_from": "2019", "year_to": "2020"}))
        assert sorted(found) == ["01-CTr/QU", "15-ĐA/QU"]

    def test_period_covered(self, client, catalogue):
        assert symbols(get(client, {"period": "2025"})) == ["188-KH/TU"]
        assert symbols(get(client, {"period": "2026"})) == []

    def test_sort_by_symbol(self, client, catalogue):
        found = symbols(get(client, {"sort": "symbol"}))
        assert found == [
            "01-CTr/QU", "04-NQ/TU", "15-ĐA/QU", "18-NQ/TW", "34-ĐA/TU", "188-KH/TU",
            "Đề án của phường về tổ dân phố",
        ]

    def test_sort_oldest_first(self, client, catalogue):
        found = symbols(get(client, {"sort": "date"}))
        assert found[:2] == ["18-NQ/TW", "15-ĐA/QU"]
        assert found[-1] == "Đề án của phường về tổ dân phố"

    def test_relevance_without_a_query_is_newest_first(self, client, catalogue):
        response = get(client, {"sort": "relevance"})
        assert response.context["sort"] == "-date"
        assert symbols(response)[0] == "188-KH/TU"

    def test_english_page(self, client, catalogue):
        response = get(client, {"type": "de_an"}, path="/en" + LIST)
        assert response.context["total"] == 3
        assert "Scheme" in response.content.decode()


# --- facets ----------------------------------------------------------------------------------


@pytest.mark.django_db
class TestFacets:
    def test_counts_without_filters(self, client, catalogue):
        response = get(client)
        assert facet(response, "type") == {
            "nghi_quyet": 2, "de_an": 3, "ke_hoach": 1, "chuong_trinh": 1,
        }
        assert facet(response, "status") == {"in_force": 5, "expired": 1, "planned": 1}
        assert facet(response, "topic") == {"luan-chuyen": 2, "dao-tao": 2}
        # Top of the tree: documents of the country itself, then each province and below.
        assert facet(response, "locality") == {"viet-nam": 1, "ha-noi": 6}
        assert facet(response, "body") == {
            "btv-thanh-uy-ha-noi": 2, "quan-uy-long-bien": 2, "thanh-uy-ha-noi": 1,
            "bch-trung-uong": 1,
        }
        assert facet(response, "year") == {"2023": 2, "2021": 1, "2020": 1, "2019": 1, "2018": 1}

    def test_a_facet_ignores_its_own_filter_only(self, client, catalogue):
        response = get(client, {"type": "de_an"})
        assert response.context["total"] == 3
        # Type counts ignore the type filter…
        assert facet(response, "type") == {
            "nghi_quyet": 2, "de_an": 3, "ke_hoach": 1, "chuong_trinh": 1,
        }
        # …every other facet applies it.
        assert facet(response, "status") == {"in_force": 2, "planned": 1}
        assert facet(response, "locality") == {"ha-noi": 3}
        assert facet(response, "body") == {"btv-thanh-uy-ha-noi": 1, "quan-uy-long-bien": 1}
        assert facet(response, "year") == {"2023": 1, "2019": 1}
        assert facet(response, "topic") == {"dao-tao": 1, "luan-chuyen": 1}

    def test_locality_facet_lists_children_of_the_chosen_place(self, client, catalogue):
        response = get(client, {"locality": "ha-noi"})
        assert facet(response, "locality") == {"ha-noi": 3, "long-bien": 3}
        assert facet(response, "type") == {
            "nghi_quyet": 1, "de_an": 3, "ke_hoach": 1, "chuong_trinh": 1,
        }
        locality = next(f for f in response.context["facets"] if f.name == "locality")
        here = locality.items[0]
        assert here.params == {"locality": "ha-noi", "exact_locality": "1"}
        assert parse_qs(urlsplit(here.url).query) == {
            "locality": ["ha-noi"], "exact_locality": ["1"],
        }

    def test_locality_facet_with_exact_place(self, client, catalogue):
        response = get(client, {"locality": "ha-noi", "exact_locality": "1", "type": "de_an"})
        locality = next(f for f in response.context["facets"] if f.name == "locality")
        assert {i.value: (i.count, i.selected) for i in locality.items} == {
            "ha-noi": (1, True), "long-bien": (2, False),
        }

    def test_year_and_type_facets_respect_search(self, client, catalogue):
        response = get(client, {"q": "can bo"})
        total = response.context["total"]
        assert sum(facet(response, "type").values()) == total
        assert sum(facet(response, "status").values()) == total

    def test_facet_links_add_or_remove_a_value(self, client, catalogue):
        response = get(client, {"type": "de_an", "page": "1"})
        items = {i.value: i for i in next(f for f in response.context["facets"]
                                          if f.name == "type").items}
        assert parse_qs(urlsplit(items["ke_hoach"].url).query) == {"type": ["de_an", "ke_hoach"]}
        assert items["de_an"].selected and items["de_an"].url == LIST
        html = response.content.decode()
        assert escape(items["ke_hoach"].url) in html

    def test_one_grouped_query_per_facet(self, catalogue, django_assert_num_queries, rf):
        request = rf.get(LIST, {"locality": "ha-noi", "type": "de_an", "q": "can bo"})
        filterset = DocumentFilterSet(request.GET, queryset=Document.objects.all())
        assert not filterset.errors
        filterset.search.uses_trigram(filterset.queryset)  # decided once, up front
        for method in ("type_facet", "status_facet", "year_facet"):
            with django_assert_num_queries(1):
                getattr(filterset, method)()
        for method in ("topic_facet", "body_facet"):
            with django_assert_num_queries(2):  # one grouped count + the names of those found
                getattr(filterset, method)()
        with django_assert_num_queries(2):  # the places to list + one grouped count
            filterset.locality_facet()

    def test_a_search_counts_its_free_facets_in_one_statement(
            self, catalogue, django_assert_num_queries, rf):
        """Searching with a type chosen: the type facet is counted on its own; the five others
        share one statement (the match found once); topics', bodies' and places' names and
        the list of places are read after. The counts are kept for this combination of
        filters (catalogue_counts.kept): the next time they are read, not counted."""
        def filterset():
            made = DocumentFilterSet(request.GET, queryset=Document.objects.all())
            assert not made.errors
            made.search.uses_trigram(made.queryset)
            made._place_parent()
            return made

        request = rf.get(LIST, {"q": "can bo", "type": "de_an"})
        first, second = filterset(), filterset()
        # kept counts read, shared, type, kept counts stored, names of topics and bodies (the
        # read takes the recount's lock, the store releases it: catalogue_counts._counted_once)
        with django_assert_num_queries(1 + 1 + 1 + 1 + 2):
            counted = first.facets()
        with django_assert_num_queries(1 + 2):  # kept counts read, names of topics and bodies
            read = second.facets()
        assert [(f.name, [(i.value, i.count) for i in f.items]) for f in read] == [
            (f.name, [(i.value, i.count) for i in f.items]) for f in counted]

    def test_seed_facets(self, client, seed):
        response = get(client, {"locality": "ha-noi"})
        hanoi = Locality.objects.get(slug="ha-noi")
        in_hanoi = Document.objects.filter(locality__path__startswith=hanoi.path)
        assert facet(response, "type") == {
            row["doc_type"]: row["n"] for row in _counts(in_hanoi, "doc_type")
        }
        assert sum(facet(response, "locality").values()) == response.context["total"]


def _counts(queryset, field):
    from django.db.models import Count

    return queryset.order_by().values(field).annotate(n=Count("pk"))


# --- pagination, chips, empty results --------------------------------------------------------


@pytest.mark.django_db
class TestPaginationAndChips:
    def test_pages_keep_the_filters(self, client, catalogue, bodies, topics, percent_indicator):
        make_documents(30, bodies["btv"], [topics["dao_tao"]], percent_indicator)
        params = {"type": "de_an", "locality": "ha-noi", "topic": "dao-tao"}
        response = get(client, params)
        assert response.context["total"] == 31
        assert len(response.context["documents"]) == 25
        html = response.content.decode()
        next_link = attr(find(html, "a", rel="next"), "href")
        query = parse_qs(urlsplit(next_link).query)
        assert query == {
            "type": ["de_an"], "locality": ["ha-noi"], "topic": ["dao-tao"], "page": ["2"],
        }
        page2 = get(client, {**params, "page": "2"})
        assert len(page2.context["documents"]) == 6
        assert 'rel="prev"' in page2.content.decode()
        assert not set(symbols(response)) & set(symbols(page2))

    def test_removable_chips(self, client, catalogue):
        params = {
            "type": ["de_an", "ke_hoach"], "locality": "ha-noi", "exact_locality": "1",
            "q": "can bo", "page": "1",
        }
        response = get(client, params)
        chips = {(c.label, c.value): c.remove_url for c in response.context["chips"]}
        assert len(chips) == 4
        without_de_an = parse_qs(urlsplit(chips[("Loại văn bản", "Đề án")]).query)
        assert without_de_an == {
            "type": ["ke_hoach"], "locality": ["ha-noi"], "exact_locality": ["1"],
            "q": ["can bo"],
        }
        place = next(url for (label, _v), url in chips.items() if label == "Địa bàn")
        assert parse_qs(urlsplit(place).query) == {"type": ["de_an", "ke_hoach"], "q": ["can bo"]}
        html = response.content.decode()
        for url in chips.values():
            assert f'href="{escape(url)}"' in html
        # Following a chip removes exactly that filter.
        after = client.get(chips[("Loại văn bản", "Đề án")])
        assert after.context["filterset"].form.cleaned_data["type"] == ["ke_hoach"]

    def test_empty_result_suggests_what_to_loosen(self, client, catalogue):
        response = get(client, {"type": "luat", "locality": "long-bien"})
        assert response.context["total"] == 0
        html = response.content.decode()
        assert "Không tìm thấy văn bản nào phù hợp" in html
        assert "Thử nới bớt điều kiện" in html
        for chip in response.context["chips"]:
            assert f'href="{escape(chip.remove_url)}"' in html
        assert f'href="{LIST}"' in html  # remove everything

    def test_rows_use_the_shared_partial(self, client, catalogue):
        response = get(client)
        assert "partials/document_row.html" in [t.name for t in response.templates]


# --- bad input, methods ------------------------------------------------------------------------


BAD_INPUT = [
    ({"page": "abc"}, "page"),
    ({"page": "999999"}, "page"),
    ({"page": "0"}, "page"),
    ({"page": "-3"}, "page"),
    ({"page": "9" * 5000}, "page"),
    ({"issued_from": "31/02/2023"}, "issued_from"),
    ({"issued_to": "hôm qua"}, "issued_to"),
    ({"issued_from": "2023-12-31", "issued_to": "2023-01-01"}, "issued_to"),
    ({"locality": "khong-co"}, "locality"),
    ({"body": "'; DROP TABLE documents_document; --"}, "body"),
    ({"topic": "x" * 5000}, "topic"),
    ({"type": "xyz"}, "type"),
    ({"type": ["de_an", "xyz"]}, "type"),
    ({"status": "valid"}, "status"),
    ({"year_from": "abcd"}, "year_from"),
    ({"year_from": "2025", "year_to": "2020"}, "year_to"),
    ({"year_to": "99999999999999999999999"}, "year_to"),
    ({"period": "-5"}, "period"),
    ({"has_targets": "maybe"}, "has_targets"),
    ({"q": "a" * 1000}, "q"),
    ({"q": "\x00"}, "q"),
    ({"q": "ke hoach\x00188"}, "q"),
    ({"q": "😀"}, "q"),
    ({"q": "\x07\x1b[31m"}, "q"),
    ({"q": "\U000f0000"}, "q"),  # private use
    ({"sort": "drop table"}, "sort"),
    ({"sort": "-id"}, "sort"),
    ({"sort": "date,symbol"}, "sort"),  # one order at a time
    ({"locality": "ha-noi", "scope": "khap-noi"}, "scope"),  # no such scope
    ({"scope": "applies"}, "scope"),  # a scope without a place
]


@pytest.mark.django_db
class TestBadInput:
    @pytest.mark.parametrize("params, field", BAD_INPUT, ids=[f for _p, f in BAD_INPUT])
    def test_never_a_server_error(self, client, catalogue, params, field):
        response = client.get(LIST, params)
        assert response.status_code == 200
        html = response.content.decode()
        if field == "page":
            assert response.context["page_message"]
            assert response.context["page_message"] in html
        else:
            assert field in response.context["filterset"].errors
            assert 'class="errorlist' in html
            assert "đã được bỏ qua" in html

    def test_out_of_range_page_shows_the_last_page(self, client, catalogue, bodies, topics,
                                                   percent_indicator):
        make_documents(30, bodies["btv"], [], percent_indicator)  # 37 documents: 2 pages
        response = get(client, {"page": "999999"})
        assert response.context["page_obj"].number == 2
        assert len(response.context["documents"]) == 12
        assert "chỉ có 2 trang" in response.content.decode()

    def test_invalid_utf8_in_the_query_string(self, client, catalogue):
        response = client.get(LIST + "?q=%ED%A0%80&locality=%FF%FE")
        assert response.status_code == 200
        assert 'class="errorlist' in response.content.decode()

    def test_markup_in_the_query_is_escaped(self, client, catalogue):
        response = get(client, {"q": '<script>alert("x")</script>'})
        html = response.content.decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;" in html

    def test_everything_wrong_at_once(self, client, catalogue):
        params = {}
        for bad, _field in BAD_INPUT:
            params.update(bad)
        response = client.get(LIST, params)
        assert response.status_code == 200

    def test_other_filters_still_apply(self, client, catalogue):
        response = get(client, {"type": "de_an", "issued_from": "31/02/2023"})
        assert response.context["total"] == 3
        errors = response.context["errors"]
        assert [e.label for e in errors] == ["Ban hành từ ngày"]
        assert errors[0].remove_url == LIST + "?type=de_an"

    def test_bad_input_on_the_seed(self, client, seed):
        for params, _field in BAD_INPUT:
            assert client.get(LIST, params).status_code == 200, params


@pytest.mark.django_db
class TestMethods:
    @pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
    def test_write_methods_refused(self, client, catalogue, method):
        assert getattr(client, method)(LIST).status_code == 405
        assert getattr(client, method)("/en" + LIST).status_code == 405

    def test_head(self, client, catalogue):
        response = client.head(LIST, {"q": "can bo"})
        assert response.status_code == 200
        assert response.content == b""


# --- the page itself ------------------------------------------------------------------------


@pytest.mark.django_db
class TestMarkup:
    def test_title_heading_and_labels(self, client, catalogue):
        html = get(client, {"q": "can bo", "type": "de_an"}).content.decode()
        assert len(find_all(html, "h1")) == 1
        assert text(find(html, "title")).startswith("Tìm “can bo” · Văn bản")
        form = find(html, "form", class_="filters")
        assert attr(form, "method") == "get"
        ids = [attr(control, "id") for control in find_all(form)
               if control.name in ("input", "select") and attr(control, "id")]
        assert ids
        labelled = {attr(label, "for") for label in find_all(form, "label")}
        for control in ids:
            assert control in labelled, control

    def test_dates_are_dd_mm_yyyy(self, client, catalogue):
        html = get(client, {"issued_from": "2023-01-01"}).content.decode()
        assert "06/11/2023" in html
        assert "Ban hành từ ngày: 01/01/2023" in html


# --- query counts ----------------------------------------------------------------------------


PAGES = [
    {},
    {"q": "de an can bo", "type": ["de_an", "ke_hoach"], "locality": "ha-noi"},
    {"topic": "dao-tao", "body": "btv-thanh-uy-ha-noi", "status": "in_force", "sort": "symbol"},
    {"locality": "ha-noi", "exact_locality": "1", "has_targets": "yes", "page": "2"},
    {"q": "thanh uyy ha noi"},  # the typo fallback on PostgreSQL
]


@pytest.mark.django_db
class TestQueryCounts:
    @pytest.mark.parametrize("extra", [3, 60])
    @pytest.mark.parametrize("params", PAGES, ids=["plain", "search", "filters", "exact", "typo"])
    def test_bounded(self, client, catalogue, bodies, topics, percent_indicator,
                     django_assert_max_num_queries, extra, params):
        make_documents(extra, bodies["btv"], list(topics.values()), percent_indicator)
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(LIST, params)
        assert response.status_code == 200

    @pytest.mark.parametrize("params", PAGES, ids=["plain", "search", "filters", "exact", "typo"])
    def test_does_not_grow_with_rows(self, client, catalogue, bodies, topics,
                                     percent_indicator, params):
        counts = []
        for n, start in ((3, 500), (57, 600)):  # 10 then 67 documents: a short page, a full one
            make_documents(n, bodies["btv"], list(topics.values()), percent_indicator, start)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(LIST, params).status_code == 200
            counts.append(len(ctx.captured_queries))
        assert counts[0] == counts[1], counts


@pytest.mark.parametrize("params", [
    {"q": "can bo"},
    {"q": "ke hoach", "type": "ke_hoach"},
    {"q": "thanh uy", "locality": "ha-noi"},
    {"q": "de an", "year_from": "2023", "year_to": "2023", "status": "in_force"},
    {"q": "không có từ này zzz"},
])
def test_shared_search_facets_equal_one_query_per_facet(seed, rf, params):
    """When searching, the facets whose own filter is not in use are counted in one statement
    (the match found once): the same items and counts as one query per facet."""
    request = rf.get(LIST, params)
    shared = DocumentFilterSet(request.GET, queryset=Document.objects.all())
    assert not shared.errors
    alone = DocumentFilterSet(request.GET, queryset=Document.objects.all())
    separately = [alone.type_facet(), alone.status_facet(), alone.topic_facet(),
                  alone.locality_facet(), alone.body_facet(), alone.year_facet()]

    def shown(facets):
        return [(f.name, [(i.value, i.label, i.count, i.selected) for i in f.items])
                for f in facets]

    assert shown(shared.facets()) == shown(separately)
    assert any(f.items for f in separately) or params["q"].endswith("zzz")


def test_the_place_facet_lists_the_busiest_places_and_links_to_the_rest(
        client, places, bodies, monkeypatch):
    """A province has a hundred places below it: the facet shows the LOCALITY_FACET_SIZE
    with most documents, in name order, says how many more there are and links to the
    province's page, which lists them all."""
    import documents.filters.facets as filters_module

    monkeypatch.setattr(filters_module, "LOCALITY_FACET_SIZE", 2)
    for name, n in (("Ba Đình", 3), ("Cầu Giấy", 1), ("Đống Đa", 2)):
        district = Locality.objects.create(slug=name, name=name, kind="urban_district",
                                           parent=places["hanoi"])
        for i in range(n):
            Document.objects.create(symbol=f"{i + 1}-KH/QU", doc_type="ke_hoach",
                                    title=f"Kế hoạch {name} {i}", locality=district,
                                    issued_date=dt.date(2022, 1, 1 + i))
    response = client.get(LIST, {"locality": "ha-noi"})
    place = next(f for f in response.context["facets"] if f.name == "locality")
    assert [i.label for i in place.items] == ["Ba Đình", "Đống Đa"]  # 3 and 2, by name
    assert place.hidden == 1
    html = response.content.decode()
    assert "Còn 1 địa bàn khác: xem mọi địa bàn thuộc Hà Nội" in html
    assert f'href="{places["hanoi"].get_absolute_url()}"' in html
