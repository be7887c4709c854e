"""Bad input everywhere (issue 7): property-based tests over the query parameters and the
addresses of every public page and API endpoint — never a server error, always a page or
JSON that says what was wrong — and the import command on broken files (what
tests/test_interchange.py does not already cover)."""

from __future__ import annotations

import io
import json
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from documents.interchange.export import build_dataset, dumps
from documents.models import DocumentLink, Target

DOCUMENT_FILTERS = ["q", "locality", "exact_locality", "body", "type", "topic", "status",
                    "issued_from", "issued_to", "year_from", "year_to", "period", "has_targets",
                    "sort"]
TARGET_FILTERS = ["locality", "topic", "indicator", "due_by"]
API_PAGING = ["page", "page_size", "format"]
DOC = "/documents/34-da-tu-2023/"

# Every public address (with real objects) and the query parameters it reads.
ENDPOINTS: dict[str, list[str]] = {
    "/": [],
    "/en/": [],
    "/documents/": [*DOCUMENT_FILTERS, "page"],
    "/en/documents/": [*DOCUMENT_FILTERS, "page"],
    "/documents/export.csv": DOCUMENT_FILTERS,
    "/documents/export.json": DOCUMENT_FILTERS,
    DOC: [],
    DOC + "graph/": ["depth"],
    DOC + "text/": ["q"],  # reads none: stray parameters never matter
    "/documents/34-da-tu-2023/graph.json": ["depth"],
    "/documents/34-da-tu-2023/graph.graphml": ["depth"],
    DOC + "coverage/": [],
    "/documents/34-da-tu-2023/coverage.csv": [],
    "/graph/": ["locality", "topic"],
    "/graph.json": ["locality", "topic"],
    "/places/": [],
    "/places/ha-noi/": ["page"],
    "/bodies/": [],
    "/bodies/thanh-uy-ha-noi/": ["page"],
    "/targets/": [*TARGET_FILTERS, "page"],
    "/en/targets/": [*TARGET_FILTERS, "page"],
    "/targets/export.csv": TARGET_FILTERS,
    "/targets/export.json": TARGET_FILTERS,
    "/about/": [],
    "/catalogue.sqlite": [],
    "/feeds/documents.atom": [],
    "/feeds/places/ha-noi.atom": [],
    "/feeds/bodies/thanh-uy-ha-noi.atom": [],
    "/sitemap.xml": ["p"],
    "/robots.txt": [],
    "/api/": ["format"],
    "/api/documents/": [*DOCUMENT_FILTERS, *API_PAGING],
    "/api/documents/34-da-tu-2023/": ["format"],
    "/api/documents/34-da-tu-2023/text/": ["format"],
    "/api/targets/": [*TARGET_FILTERS, *API_PAGING],
    "/api/localities/": ["kind", "level", *API_PAGING],
    "/api/localities/ha-noi/": ["format"],
    "/api/bodies/": ["kind", "code", *API_PAGING],
    "/api/bodies/thanh-uy-ha-noi/": ["format"],
    "/api/links/": ["kind", "inferred", *API_PAGING],
    "/api/figures/": ["locality", "exact_locality", "indicator", "year_from", "year_to",
                      *API_PAGING],
    "/api/docs/": [],
    "/api/redoc/": [],
    "/feeds/topics/dao-tao.atom": [],
    "/api/schema/": ["format", "lang"],
}

NASTY = [
    "", " ", "0", "-1", "1.5", "1e308", "NaN", "inf", "99999999999999999999999999",
    "-99999999999999999999", "2147483648", "9223372036854775808", "31/02/2023", "2023-02-31",
    "00/00/0000", "29/02/2023", "01/01/0001", "31/12/9999", "ha-noi", "viet-nam", "../../etc",
    "%00", "\x00", "a\x00b", "\x1b[31m", "\r\n", "\t", "<script>alert(1)</script>",
    "' OR 1=1 --", '"; DROP TABLE documents_document; --', "%", "_", "\\", "*", "?", "#",
    "🙂", "\u202e", "\ufeff", "\u0301", "Thành ủy", "Thành uỷ", "thanh uy", "34-ĐA/TU",
    "188/KH-TU", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "a" * 1000, "ke hoach " * 50, "true", "false", "on", "yes",
    "json", "api", "csv", "openapi", "-date", "relevance",
]
VALUES = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.dates().map(lambda d: d.isoformat()),
)


def _params(names: list[str]):
    keys = st.one_of(st.sampled_from(names), st.text(min_size=1, max_size=12)) if names else \
        st.text(min_size=1, max_size=12)
    return st.dictionaries(keys, st.lists(VALUES, min_size=1, max_size=3), max_size=5)


@pytest.fixture
def catalogue(docs, places, bodies, percent_indicator):
    DocumentLink.objects.create(from_document=docs["da34"], to_document=docs["nq04"],
                                kind="implements")
    Target.objects.create(document=docs["da34"], indicator=percent_indicator, value=10,
                          unit="percent", comparator="at_least", deadline_year=2025,
                          locality=places["hanoi"])
    return docs


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def check_answer(response, url: str) -> None:
    """Never a server error; an error is explained (JSON ``detail``, or a text/page)."""
    assert response.status_code < 500, f"{url}: {response.status_code}"
    assert response.status_code in (200, 301, 302, 304, 400, 404, 405), url
    body = _body(response)
    if response.status_code >= 400:
        content_type = response["Content-Type"]
        if content_type.startswith("application/json"):
            assert json.loads(body)["detail"], url
        else:
            text = body.decode()
            assert text.strip(), f"{url}: an empty error answer"
            assert "Traceback (most recent call last)" not in text


HYPOTHESIS = settings(max_examples=20, deadline=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture,
                                             HealthCheck.too_slow])


def test_every_public_url_pattern_is_fuzzed():
    """Each public URL pattern (tests/public_urls.py, checked against the resolver) has an
    address here whose query parameters are fuzzed."""
    from django.urls import resolve
    from django.utils import translation
    from public_urls import PATTERNS

    covered = set()
    for path in ENDPOINTS:
        with translation.override("en" if path.startswith("/en/") else "vi"):
            match = resolve(path)
        covered.add(f"{match.namespace}:{match.url_name}" if match.namespace
                    else match.url_name)
    missing = set(PATTERNS) - covered - {"target-detail", "link-detail", "figure-detail",
                                          "django.contrib.sitemaps.views.sitemap",
                                          "documents:file"}  # reads no query parameter
    assert not missing, missing  # (the details by id and sitemap sections: by address below)


@pytest.mark.parametrize("path", list(ENDPOINTS))
def test_query_parameters_never_cause_a_server_error(catalogue, path):
    client = Client()

    @HYPOTHESIS
    @given(params=_params(ENDPOINTS[path]))
    @example(params={name: ["\x00"] for name in ENDPOINTS[path]})
    @example(params={name: ["99999999999999999999999999"] for name in ENDPOINTS[path]})
    @example(params={name: ["-1", "<script>"] for name in ENDPOINTS[path]})
    def check(params):
        check_answer(client.get(path, params), f"{path}?{params!r}")

    check()


SEGMENTS = st.one_of(st.sampled_from(NASTY), st.text(min_size=1, max_size=40))


@HYPOTHESIS
@given(segment=SEGMENTS, pattern=st.sampled_from([
    "/documents/{}/", "/documents/{}/graph/", "/documents/{}/coverage/", "/documents/{}/graph.json",
    "/places/{}/", "/bodies/{}/", "/feeds/places/{}.atom", "/feeds/topics/{}.atom",
    "/api/documents/{}/", "/api/localities/{}/", "/api/bodies/{}/", "/api/targets/{}/",
    "/api/links/{}/", "/api/figures/{}/", "/d/{}/", "/en/documents/{}/", "/{}",
    "/sitemap-{}.xml", "/feeds/bodies/{}.atom", "/documents/{}/coverage.csv",
]))
@example(segment="99999999999999999999999999", pattern="/d/{}/")
@example(segment="9223372036854775808", pattern="/api/targets/{}/")
@example(segment="9223372036854775808", pattern="/api/links/{}/")
def test_unknown_addresses_never_cause_a_server_error(catalogue, segment, pattern):
    url = pattern.format(quote(segment, safe=""))
    response = Client().get(url)
    check_answer(response, url)


# --- bad values are explained ---------------------------------------------------------------


@pytest.mark.parametrize(("url", "params", "words"), [
    ("/documents/", {"issued_from": "31/02/2023"}, ["31/02/2023"]),
    ("/documents/", {"year_from": "abc"}, ["abc"]),
    ("/documents/", {"locality": "khong-co"}, ["khong-co"]),
    ("/documents/", {"type": "sac_lenh"}, ["sac_lenh"]),
    ("/documents/", {"page": "abc"}, ["abc"]),
    ("/documents/", {"q": "\x07"}, ["Tìm kiếm"]),
    ("/documents/", {"locality": "ha\x00noi"}, ["Địa bàn"]),
    ("/targets/", {"indicator": "\x00"}, ["Chỉ số"]),
    ("/targets/", {"due_by": "năm sau"}, ["năm sau"]),
    ("/targets/", {"locality": "<script>"}, ["&lt;script&gt;"]),
])
def test_a_bad_value_is_named_on_the_page(catalogue, url, params, words):
    response = Client().get(url, params)
    assert response.status_code == 200
    html = response.content.decode()
    for word in words:
        assert word in html, (url, params, word)
    assert "<script>" not in html


@pytest.mark.parametrize("url", ["/documents/", "/targets/"])
@pytest.mark.parametrize(("page", "message"), [
    ("abc", "Số trang “abc” không hợp lệ; đang hiển thị trang 1."),
    ("0", "Số trang phải từ 1 trở lên; đang hiển thị trang 1."),
    ("-1", "Số trang phải từ 1 trở lên; đang hiển thị trang 1."),
    ("999999", "Không có trang 999999: chỉ có 1 trang; đang hiển thị trang cuối."),
])
def test_a_bad_page_number_is_explained_on_the_html_page(catalogue, url, page, message):
    """The list pages show the nearest page with a notice saying why (the API refuses)."""
    response = Client().get(url, {"page": page})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<p class="notice" role="status">{message}</p>' in html
    assert 'class="notice" role="status">' not in Client().get(url).content.decode()


def test_a_bad_page_number_is_explained_in_english_too(catalogue):
    html = Client().get("/en/documents/", {"page": "abc"}).content.decode()
    assert '<p class="notice" role="status">' in html and "“abc”" in html


@pytest.mark.parametrize(("url", "params", "field"), [
    ("/api/documents/", {"issued_from": "31/02/2023"}, "issued_from"),
    ("/api/documents/", {"type": "zzz"}, "type"),
    ("/api/targets/", {"due_by": "x"}, "due_by"),
    ("/documents/export.json", {"year_to": "x"}, "year_to"),
    ("/api/documents/", {"page": "abc"}, "page"),
    ("/api/documents/", {"page": "0"}, "page"),
    ("/api/documents/", {"page_size": "-1"}, "page_size"),
    ("/api/documents/", {"exact_locality": "zz"}, "exact_locality"),
    ("/api/links/", {"inferred": "maybe"}, "inferred"),
    ("/api/schema/", {"format": "zzz"}, "format"),
])
def test_a_bad_value_is_named_in_json(catalogue, url, params, field):
    response = Client().get(url, params)
    assert response.status_code == 400
    body = json.loads(_body(response))
    assert body["detail"] and field in body["errors"]


@pytest.mark.parametrize("url", ["/api/documents/a%00b/", "/documents/a%00b/",
                                 "/places/%00/", "/feeds/places/ha%00noi.atom",
                                 "/api/localities/%00/"])
def test_an_address_holding_a_nul_character_is_not_found(catalogue, url):
    """PostgreSQL cannot compare text holding NUL: such an address is answered 404 before
    any query is made (a NUL in a query-string value is reported by the page's form)."""
    response = Client().get(url)
    assert response.status_code == 404
    if url.startswith("/api/"):
        assert json.loads(response.content)["detail"]
    else:
        assert "Không tìm thấy trang" in response.content.decode()


# --- the import command on broken files ---------------------------------------------------------


def _import(tmp_path, raw: bytes | str) -> str:
    path = tmp_path / "broken.json"
    path.write_bytes(raw if isinstance(raw, bytes) else raw.encode("utf-8"))
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_dataset", str(path), stdout=io.StringIO(), stderr=err)
    return err.getvalue()


@pytest.fixture
def exported(catalogue):
    return json.loads(dumps(build_dataset()))


def test_duplicate_symbols_in_one_file_are_refused_with_their_places(exported, tmp_path):
    before = dumps(build_dataset())
    data = exported
    i, first = next((i, d) for i, d in enumerate(data["documents"]) if d["symbol"])
    twin = {**first, "slug": first["slug"] + "-ban-sao", "targets": [], "mentions": []}
    data["documents"].append(twin)
    err = _import(tmp_path, json.dumps(data, ensure_ascii=False))
    n = len(data["documents"]) - 1
    assert f"/documents/{n}/symbol" in err and f"/documents/{i}/symbol" in err
    assert dumps(build_dataset()) == before


@pytest.mark.parametrize(("raw", "message"), [
    (b"", "invalid JSON"),
    (b"   \n", "invalid JSON"),
    (b"\xff\xfe{}", "not UTF-8"),
    (b'{"format": "vn-personnel-policy-catalogue", "version": 1,,}', "line 1, column"),
    (b"null", "JSON object"),
    (b'"a string"', "JSON object"),
])
def test_files_that_are_not_a_dataset_are_refused(catalogue, tmp_path, raw, message):
    before = dumps(build_dataset())
    assert message in _import(tmp_path, raw)
    assert dumps(build_dataset()) == before


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fraction=st.floats(min_value=0.0, max_value=0.999))
def test_a_file_cut_anywhere_is_refused_with_its_place_and_nothing_is_written(
    exported, tmp_path, fraction
):
    text = json.dumps(exported, ensure_ascii=False, indent=1)
    before = dumps(build_dataset())
    cut = text[: int(len(text) * fraction)]
    err = _import(tmp_path, cut)
    assert "line " in err and "column " in err
    assert dumps(build_dataset()) == before
