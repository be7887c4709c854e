"""The targets page (/targets/): every target with its document, baseline, deadline and
the latest known figure; filters ("what is due by 2025 in Hà Nội"); bad input; methods;
query counts."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from page_helpers import find, find_all, hrefs, text

from documents.models import Document, Figure, Indicator, Locality, Target, Topic

TARGETS = "/targets/"
MAX_QUERIES = 12  # measured: 7–10 (form choices, validation, count, page, figures)


@pytest.fixture
def hcm(places):
    return Locality.objects.create(
        slug="tp-ho-chi-minh", name="Thành phố Hồ Chí Minh", kind="city", parent=places["vn"]
    )


@pytest.fixture
def count_indicator(db):
    return Indicator.objects.create(
        slug="so-can-bo-nu", name="Số cán bộ nữ trong Ban Thường vụ", unit="count"
    )


@pytest.fixture
def board(places, bodies, docs, hcm, percent_indicator, count_indicator):
    """Targets in Hà Nội (2025, 2030), in Long Biên (2024) and in TP.HCM (2025), and
    figures for the percentage at Hà Nội (2021, 2022) and for the whole country (2024)."""
    topic = Topic.objects.create(slug="dao-tao", name="Đào tạo, bồi dưỡng")
    da34 = docs["da34"]
    da34.topics.set([topic])
    young = Target.objects.create(
        document=da34, indicator=percent_indicator, applies_to="cán bộ chủ chốt cấp xã",
        comparator="at_least", value=10, deadline_year=2025,
        baseline_value=5, baseline_date=dt.date(2022, 12, 31),
    )
    women = Target.objects.create(
        document=da34, indicator=count_indicator, value=1, deadline_year=2030, position=1
    )
    da15 = Document.objects.create(
        symbol="15-ĐA/QU", doc_type="de_an", title="Về kiêm nhiệm",
        issuing_body=bodies["quan_uy"], issued_date=dt.date(2019, 10, 1),
    )
    long_bien = Target.objects.create(
        document=da15, indicator=percent_indicator, value=20, deadline_year=2024
    )
    hcm_doc = Document.objects.create(
        doc_type="de_an", title="Xây dựng nền công vụ TP.HCM", locality=hcm,
        issued_date=dt.date(2024, 11, 8),
    )
    saigon = Target.objects.create(
        document=hcm_doc, indicator=percent_indicator, value=30, deadline_year=2025
    )
    Figure.objects.create(
        indicator=percent_indicator, locality=places["hanoi"], as_of=dt.date(2021, 12, 31),
        value=4,
    )
    Figure.objects.create(
        indicator=percent_indicator, locality=places["hanoi"], as_of=dt.date(2022, 12, 31),
        value="5.5",
    )
    Figure.objects.create(
        indicator=percent_indicator, locality=places["vn"], as_of=dt.date(2024, 6, 30), value=7
    )
    return {"young": young, "women": women, "long_bien": long_bien, "saigon": saigon}


def get(client, params=None, path=TARGETS):
    response = client.get(path, params or {})
    assert response.status_code == 200
    return response


def shown(response) -> set[int]:
    return {t.pk for t in response.context["targets"]}


@pytest.mark.django_db
class TestTargetsPage:
    def test_every_target(self, client, board):
        response = get(client)
        assert shown(response) == {t.pk for t in board.values()}
        assert response.context["total"] == 4

    def test_due_by_2025_in_ha_noi(self, client, board):
        response = get(client, {"locality": "ha-noi", "due_by": "2025"})
        # Hà Nội's own target and the one of Long Biên (below Hà Nội); not 2030, not TP.HCM.
        assert shown(response) == {board["young"].pk, board["long_bien"].pk}
        # Soonest deadline first.
        assert [t.deadline_year for t in response.context["targets"]] == [2024, 2025]
        chips = [(c.label, c.value) for c in response.context["chips"]]
        assert ("Địa bàn", "Hà Nội") in chips
        assert ("Đến hạn trong hoặc trước năm", "2025") in chips

    def test_other_filters(self, client, board, percent_indicator):
        assert shown(get(client, {"topic": "dao-tao"})) == {
            board["young"].pk, board["women"].pk,
        }
        params = {"indicator": percent_indicator.slug, "locality": "viet-nam"}
        assert shown(get(client, params)) == {
            board["young"].pk, board["long_bien"].pk, board["saigon"].pk,
        }
        assert shown(get(client, {"locality": "long-bien"})) == {board["long_bien"].pk}
        assert shown(get(client, {"due_by": "2023"})) == set()

    def test_latest_figure_nearest_place_first(self, client, board):
        response = get(client)
        by_pk = {t.pk: t for t in response.context["targets"]}
        # Hà Nội: the 2022 figure of Hà Nội (not 2021; not the country's, though later).
        assert by_pk[board["young"].pk].latest_figure.value == 5.5
        # Long Biên has no figure: the nearest place above it, Hà Nội.
        assert by_pk[board["long_bien"].pk].latest_figure.value == 5.5
        # TP.HCM: only the country's figure.
        assert by_pk[board["saigon"].pk].latest_figure.value == 7
        # Another indicator: nothing known.
        assert by_pk[board["women"].pk].latest_figure is None

    def test_table(self, client, board, docs):
        html = get(client, {"locality": "ha-noi", "due_by": "2025"}).content.decode()
        assert html.count("<h1") == 1
        assert '<div class="table-scroll">' in html
        assert f'href="{docs["da34"].get_absolute_url()}"' in html
        assert "34-ĐA/TU" in html
        assert "cán bộ chủ chốt cấp xã" in html
        assert "tối thiểu 10\u00a0%" in html  # comparator + value
        assert "5,5\u00a0%" in html  # Vietnamese decimal comma
        assert "31/12/2022" in html  # dates dd/mm/yyyy
        assert any(text(td).startswith("tối thiểu 10")
                   for td in find_all(html, "td", class_="num"))

    def test_empty(self, client, board):
        html = get(client, {"due_by": "2001"}).content.decode()
        assert "Không có chỉ tiêu nào phù hợp" in html
        assert 'href="/targets/"' in html  # the suggestion: without the deadline

    def test_export_links_keep_the_filters(self, client, board, percent_indicator):
        params = {"locality": "ha-noi", "due_by": "2025", "page": "1"}
        html = get(client, params).content.decode()
        links = {href.split("?")[0].rsplit(".", 1)[1]: href for href in hrefs(html)
                 if href.startswith("/targets/export.")}
        assert links == {"csv": "/targets/export.csv?locality=ha-noi&due_by=2025",
                         "json": "/targets/export.json?locality=ha-noi&due_by=2025"}
        # What the links download: the targets the page shows, not every target.
        targets = get(client, params).context["targets"]
        expected = {(t.document.symbol, t.deadline_year) for t in targets}
        exported = client.get(links["json"])
        assert exported.status_code == 200
        rows = json.loads(b"".join(exported.streaming_content))  # streamed, row by row
        assert {(r["document"], r["deadline_year"]) for r in rows} == expected
        assert len(rows) == len(targets) == 2
        response = client.get(links["csv"])
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert len(body.decode("utf-8-sig").strip().splitlines()) == 1 + len(targets)

    def test_export_links_without_filters(self, client, board):
        html = get(client).content.decode()
        assert 'href="/targets/export.csv"' in html and 'href="/targets/export.json"' in html
        assert "Tải danh sách này" in html

    def test_english(self, client, board):
        assert get(client, {"due_by": "2025"}, path="/en" + TARGETS).context["total"] == 3


BAD = [
    {"locality": "khong-co"},
    {"topic": "x" * 3000},
    {"indicator": "<script>"},
    {"due_by": "abc"},
    {"due_by": "99999999999999999999"},
    {"page": "abc"},
    {"page": "999999"},
    {"due_by": "\x00"},
]


@pytest.mark.django_db
class TestBadInputAndMethods:
    @pytest.mark.parametrize("params", BAD)
    def test_message_not_error(self, client, board, params):
        response = client.get(TARGETS, params)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'class="errorlist' in html or response.context["page_message"] in html
        assert "<script>" not in html.split("<main", 1)[1]

    @pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
    def test_read_only(self, client, board, method):
        assert getattr(client, method)(TARGETS).status_code == 405

    def test_head(self, client, board):
        assert client.head(TARGETS).status_code == 200


@pytest.mark.django_db
class TestSeed:
    def test_due_by_2025_in_ha_noi(self, client, seed):
        response = get(client, {"locality": "ha-noi", "due_by": "2025"})
        targets = response.context["targets"]
        assert targets
        hanoi = Locality.objects.get(slug="ha-noi")
        for target in targets:
            assert target.deadline_year <= 2025
            place = target.locality or target.document.locality
            assert place.path.startswith(hanoi.path)
        assert {"34-ĐA/TU", "188-KH/TU"} <= {t.document.symbol for t in targets}
        html = response.content.decode()
        assert "17,9\u00a0%" in html  # latest figure for women among key commune cadres

    def test_nothing_due_in_ho_chi_minh_city(self, client, seed):
        response = get(client, {"locality": "tp-ho-chi-minh", "due_by": "2025"})
        assert response.context["total"] == 0


@pytest.mark.django_db
class TestQueryCounts:
    @pytest.mark.parametrize("extra", [3, 60])
    @pytest.mark.parametrize(
        "params", [{}, {"locality": "ha-noi", "due_by": "2025", "topic": "dao-tao"}]
    )
    def test_bounded(self, client, board, docs, percent_indicator, count_indicator,
                     django_assert_max_num_queries, extra, params):
        for i in range(extra):
            Target.objects.create(
                document=docs["da34"],
                indicator=percent_indicator if i % 2 else count_indicator,
                value=i % 100, deadline_year=2020 + i % 10, position=10 + i,
            )
        with django_assert_max_num_queries(MAX_QUERIES):
            assert client.get(TARGETS, params).status_code == 200

    def test_does_not_grow_with_rows(self, client, board, docs, percent_indicator):
        counts = []
        for n in (3, 80):
            for _i in range(n):
                Target.objects.create(
                    document=docs["da34"], indicator=percent_indicator, value=1,
                    deadline_year=2025,
                )
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(TARGETS, {"locality": "ha-noi"}).status_code == 200
            counts.append(len(ctx.captured_queries))
        assert counts[0] == counts[1], counts


def _figure_values(client, board) -> dict[str, dict[int, object]]:
    """The latest figure's value per target, as the targets page, each target's document page
    and the API show it."""
    page = {t.pk: t.latest_figure and t.latest_figure.value
            for t in get(client).context["targets"]}
    documents = {}
    for target in board.values():
        rows = get(client, path=target.document.get_absolute_url()).context["target_rows"]
        documents.update({row.target.pk: row.figure and row.figure.value for row in rows})
    api = {t["id"]: t["latest_figure"] and float(t["latest_figure"]["value"])
           for t in client.get("/api/targets/").json()["results"]}
    return {"targets page": page, "document pages": documents, "API": api}


@pytest.mark.django_db
def test_one_rule_for_the_latest_figure_everywhere(client, board, places, percent_indicator):
    """The document page, the targets page and the API pick the same figure for a target:
    nearest place first (Long Biên's target reads Hà Nội's figure), then the latest; a figure
    about the same group wins over a later one about another group."""
    seen = _figure_values(client, board)
    expected = {board["young"].pk: 5.5, board["long_bien"].pk: 5.5, board["saigon"].pk: 7,
                board["women"].pk: None}
    for where, values in seen.items():
        assert {pk: v and float(v) for pk, v in values.items()} == expected, where

    Figure.objects.create(
        indicator=percent_indicator, locality=places["hanoi"], as_of=dt.date(2020, 12, 31),
        value=3, applies_to="Cán bộ chủ chốt cấp xã",  # the young target's group (other case)
    )
    expected[board["young"].pk] = 3
    for where, values in _figure_values(client, board).items():
        assert {pk: v and float(v) for pk, v in values.items()} == expected, where


def test_the_latest_of_a_long_series_in_any_spelling_of_the_group(
        client, board, places, percent_indicator):
    """A place's series of figures reaches the rule as the latest of each group as written
    (target_figures._latest_per_series): the latest of the target's group wins whichever
    spelling it was recorded under, and a figure without a date never beats a dated one."""
    for year, spelling in [(2010, "Cán bộ chủ chốt cấp xã"), (2011, "cán bộ chủ chốt cấp xã"),
                           (2012, "CÁN BỘ CHỦ CHỐT CẤP XÃ"), (2009, "cán bộ chủ chốt cấp xã")]:
        Figure.objects.create(indicator=percent_indicator, locality=places["hanoi"],
                              as_of=dt.date(year, 12, 31), value=year - 2000,
                              applies_to=spelling)
    Figure.objects.create(indicator=percent_indicator, locality=places["hanoi"], value=99,
                          applies_to="cán bộ chủ chốt cấp xã")  # no date
    for where, values in _figure_values(client, board).items():
        assert float(values[board["young"].pk]) == 12, where


@pytest.mark.django_db
def test_the_document_page_names_a_figure_from_a_place_above(client, board):
    da15 = board["long_bien"].document
    html = get(client, path=da15.get_absolute_url()).content.decode()
    cell = text(find(html, "td", data_label="Số liệu mới nhất"))
    assert "5,5 %" in cell and "31/12/2022" in cell
    assert "(Hà Nội)" in cell  # the figure is Hà Nội's, not Long Biên's
