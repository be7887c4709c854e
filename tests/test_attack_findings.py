"""Regression tests for the findings of an attack on the running site (tracker issue 10):
each test failed on the code before its fix. See docs/SECURITY.md, section "Findings of the
attack on the running site"."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connection
from django.test import Client
from page_helpers import attr, find

from documents import exporting
from documents.exporting import DOCUMENT_COLUMNS, csv_lines
from documents.models import (
    Document,
    DocumentLink,
    Event,
    Figure,
    Indicator,
    Locality,
    Source,
    SourceMention,
)


def _refuse(execute, sql, params, many, context):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: '
                           "Connection refused")


# --- 3. CSV exports: 503 before streaming, no silently short file ------------------------------


@pytest.mark.parametrize("url", ["/documents/export.csv", "/targets/export.csv",
                                 "/documents/export.json"])
def test_an_unfiltered_export_while_the_database_is_down_is_a_503(client, docs, url):
    """Before the fix the CSV answered 200 with only its header row: the streamed response
    began before the first query."""
    with connection.execute_wrapper(_refuse):
        response = client.get(url)
    assert response.status_code == 503, url
    assert response["Retry-After"] == "30"


def test_a_failure_part_way_through_a_csv_stream_is_visible(client, docs, monkeypatch):
    """The database goes away after the first row was read: the file ends with a line saying
    it is incomplete and the stream raises (the server then aborts the connection without
    the chunked terminator), instead of a well-formed but short file."""
    monkeypatch.setattr("documents.views.exports.CHUNK", 1)  # one query per further row
    response = client.get("/documents/export.csv")
    assert response.status_code == 200
    chunks = []
    with connection.execute_wrapper(_refuse), pytest.raises(OperationalError):
        for chunk in response.streaming_content:
            chunks.append(chunk.decode("utf-8"))
    rows = list(csv.reader(io.StringIO("".join(chunks))))
    assert len(rows) == 3  # header, the first document, the mark
    assert rows[1][0] == "34-da-tu-2023" or rows[1][0] == "04-nq-tu-2021"
    assert rows[-1][0].startswith(exporting.INCOMPLETE_MARK)
    assert "chưa đầy đủ" in rows[-1][0] and "incomplete" in rows[-1][0]


def test_csv_lines_marks_a_broken_row_source_and_raises():
    def rows():
        yield {key: "x" for key, _header in DOCUMENT_COLUMNS}
        raise OperationalError("server closed the connection unexpectedly")

    produced = []
    with pytest.raises(OperationalError):
        for line in csv_lines(rows(), DOCUMENT_COLUMNS):
            produced.append(line)
    rows = list(csv.reader(io.StringIO("".join(produced))))
    assert len(rows) == 3 and rows[-1][0].startswith(exporting.INCOMPLETE_MARK)


# --- 4. OPTIONS and other methods on the API's documentation pages ---------------------------


API_PAGES = ["/api/docs/", "/api/docs/?script=", "/api/redoc/", "/api/schema/",
             "/api/schema/?format=json", "/api/", "/api/documents/", "/api/localities/",
             "/api/bodies/", "/api/targets/", "/api/figures/", "/api/links/", "/api/khong-co",
             "/api/documents/34-da-tu-2023/", "/api/localities/ha-noi/",
             "/api/bodies/thanh-uy-ha-noi/", "/api/targets/1/", "/api/figures/1/",
             "/api/links/1/"]


@pytest.mark.parametrize("method", ["options", "post", "put", "patch", "delete", "trace"])
@pytest.mark.parametrize("url", API_PAGES)
def test_every_method_on_every_api_address_is_not_a_server_error(docs, url, method):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    send = getattr(client, method, lambda url: client.generic(method.upper(), url))
    response = send(url)
    assert response.status_code < 500, (method, url, response.status_code)
    if method != "options":
        assert response.status_code in (404, 405), (method, url, response.status_code)


def test_options_on_the_documentation_pages_is_405(db):
    client = Client(raise_request_exception=False)
    for url in ["/api/docs/", "/api/docs/?script=", "/api/redoc/"]:
        response = client.options(url)
        assert response.status_code == 405, url
        assert "GET" in response["Allow"]


def test_options_on_the_api_describes_the_endpoint(client, db):
    response = client.options("/api/documents/")
    assert response.status_code == 200
    assert response.json()["name"]


# --- 7. import_dataset: NUL, lone surrogates, deep nesting -----------------------------------


def _import(tmp_path, text: str) -> list[str]:
    path = tmp_path / "dataset.json"
    path.write_text(text, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_dataset", str(path), stdout=io.StringIO(), stderr=err)
    prefix = str(path) + ": "
    return [line.removeprefix(prefix) for line in err.getvalue().splitlines()]


def _dataset(**collections) -> dict:
    from documents.interchange.schema import COLLECTIONS, FORMAT

    return {"format": FORMAT, "version": 1, **{name: [] for name in COLLECTIONS}, **collections}


TOPIC = {"slug": "can-bo", "name": "Cán bộ"}


def test_a_nul_character_in_a_string_is_a_listed_error(tmp_path, db):
    data = _dataset(topics=[TOPIC, {"slug": "dao-tao", "name": "Đào\u0000tạo"}])
    errors = _import(tmp_path, json.dumps(data))  # the file holds the escape \u0000
    assert errors == ["/topics/1/name: the text holds a NUL character (U+0000), which the "
                      "database cannot store"]
    assert not Document.objects.exists() and not Locality.objects.exists()
    from documents.models import Topic
    assert not Topic.objects.exists()


def test_a_nul_character_in_a_key_is_a_listed_error(tmp_path, db):
    data = _dataset(topics=[TOPIC, {"slug": "dao-tao", "name": "Đào tạo", "x\u0000": 1}])
    errors = _import(tmp_path, json.dumps(data))
    assert errors == ['/topics/1: the field name "x\\u0000" holds a NUL character (U+0000), '
                      "which the database cannot store"]


def test_a_lone_surrogate_is_a_listed_error(tmp_path, db):
    text = json.dumps(_dataset(topics=[TOPIC, {"slug": "x", "name": "Cán bộ \\ud800 trẻ"}]))
    text = text.replace("\\\\ud800", "\\ud800")  # the file holds the escape \ud800, alone
    errors = _import(tmp_path, text)
    assert errors == ["/topics/1/name: the text holds a lone surrogate (U+D800), which is "
                      "not a character"]
    from documents.models import Topic
    assert not Topic.objects.exists()


def test_deeply_nested_json_is_a_listed_error(tmp_path, db):
    deep = "[" * 100_000 + "]" * 100_000
    errors = _import(tmp_path, '{"format": "x",\n "topics": ' + deep + "}")
    assert errors == ["line 2, column 43: invalid JSON: nested more than 32 levels deep"]


# --- 9. only http(s) source addresses become links -------------------------------------------


@pytest.fixture
def javascript_source(docs):
    """Stored through the shell (no validation), as an old export could hold it."""
    da34, nq04 = docs["da34"], docs["nq04"]
    source = Source.objects.create(kind="news", publisher="Báo X", headline="Tin độc",
                                   url="javascript:alert(document.cookie)")
    other = Source.objects.create(kind="news", publisher="Báo Y", headline="Tin tốt",
                                  url="https://example.org/tin")
    SourceMention.objects.create(source=source, document=da34, quote="q")
    SourceMention.objects.create(source=other, document=da34, quote="q")
    DocumentLink.objects.create(from_document=da34, to_document=nq04, kind="implements",
                                source=source)
    Event.objects.create(kind="conference", date="2023-11-16", title="Hội nghị",
                         source=source).documents.add(da34)
    indicator = Indicator.objects.create(slug="so-can-bo", name="Số cán bộ", unit="people")
    Figure.objects.create(indicator=indicator, locality=da34.issuing_body.locality,
                          as_of_year=2022, value=5, unit="people", source=source)
    return source


@pytest.mark.parametrize("url", ["/documents/34-da-tu-2023/", "/en/documents/34-da-tu-2023/",
                                 "/documents/04-nq-tu-2021/", "/about/", "/places/ha-noi/"])
def test_a_javascript_source_address_is_not_a_link(client, javascript_source, url):
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "javascript:" not in page, url
    assert "Tin độc" in page or "Báo X" in page, url


def test_http_source_addresses_stay_links(client, javascript_source):
    page = client.get("/documents/34-da-tu-2023/").content.decode()
    assert 'href="https://example.org/tin"' in page


def test_external_url_filter():
    from documents.templatetags.catalogue import external_url

    assert external_url("https://example.org/a?b=c") == "https://example.org/a?b=c"
    assert external_url("HTTP://example.org/") == "HTTP://example.org/"
    for bad in ["javascript:alert(1)", " javascript:alert(1)", "JaVaScRiPt:alert(1)",
                "java\tscript:alert(1)", "data:text/html,<x>", "vbscript:x", "//evil.org/",
                "/documents/", "ftp://example.org/", "", None, "https:alert(1)"]:
        assert external_url(bad) == "", bad


def test_templates_render_source_addresses_only_through_the_filter():
    from pathlib import Path

    from django.conf import settings

    offenders, filtered = [], 0
    for path in (Path(settings.BASE_DIR) / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for variable in re.findall(r'href="\{\{\s*([\w.]+\.url)\s*\}\}"', text):
            if "src" in variable or "source" in variable:
                offenders.append(f"{path.name}: {variable}")
        filtered += len(re.findall(r'href="\{\{\s*[\w.]+\.url\|external_url\s*\}\}"', text))
    assert not offenders
    assert filtered >= 4


def test_a_non_http_source_address_is_refused_by_validation(db):
    from django.core.exceptions import ValidationError

    source = Source(kind="news", publisher="P", headline="H", url="javascript:alert(1)")
    with pytest.raises(ValidationError) as info:
        source.full_clean()
    assert "url" in info.value.message_dict
    source.url = "ftp://example.org/x"
    with pytest.raises(ValidationError):
        source.full_clean()


def test_the_importer_refuses_a_non_http_source_address(tmp_path, db):
    source = {"reference": "source-1", "kind": "news", "publisher": "P", "headline": "H",
              "url": "javascript:alert(1)"}
    ftp = {**source, "reference": "source-2", "url": "ftp://example.org/bao-cao.pdf"}
    errors = _import(tmp_path, json.dumps(_dataset(sources=[source, ftp])))
    assert any(e.startswith("/sources/0/url") for e in errors), errors
    assert any(e.startswith("/sources/1/url") for e in errors), errors


# --- 11. 405 before CSRF; the API's schema and answers agree ---------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/", "/documents/", "/documents/34-da-tu-2023/",
                                 "/en/documents/", "/places/", "/targets/export.csv",
                                 "/feeds/documents.atom", "/sitemap.xml", "/robots.txt"])
def test_public_pages_answer_writes_with_405_even_with_csrf_checks(docs, url, method):
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(url)
    assert response.status_code == 405, (method, url, response.status_code)
    assert response["Allow"] == "GET, HEAD"
    assert not response.cookies


def test_the_admin_and_setlang_still_check_csrf(db):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/admin/login/", {"username": "a", "password": "b"}).status_code == 403
    assert client.post("/i18n/setlang/", {"language": "en"}).status_code == 403


def test_a_mention_without_a_publication_date_agrees_with_the_schema(client, docs):
    source = Source.objects.create(kind="news", publisher="P", headline="H")
    SourceMention.objects.create(source=source, document=docs["da34"], quote="q")
    mention = client.get("/api/documents/34-da-tu-2023/").json()["sources"][0]
    assert mention["published_date"] is None
    schema = client.get("/api/schema/", {"format": "json"}).json()
    field = schema["components"]["schemas"]["Mention"]["properties"]["published_date"]
    assert field.get("nullable") is True


@pytest.mark.parametrize("level", ["0.5", "-1", "x", "1e3", "99"])
def test_a_locality_level_that_is_not_a_whole_number_is_a_400(client, places, level):
    response = client.get("/api/localities/", {"level": level})
    assert response.status_code == 400, level
    assert "level" in response.json()["errors"]


def test_locality_level_filters(client, places):
    names = [p["name"] for p in client.get("/api/localities/", {"level": 1}).json()["results"]]
    assert names == ["Hà Nội"]
    schema = client.get("/api/schema/", {"format": "json"}).json()
    level = next(p for p in schema["paths"]["/api/localities/"]["get"]["parameters"]
                 if p["name"] == "level")
    assert level["schema"]["type"] == "integer" and level["schema"]["minimum"] == 0


def test_the_schema_states_the_year_bounds(client, db):
    from documents.filters import MAX_YEAR, MIN_YEAR

    schema = client.get("/api/schema/", {"format": "json"}).json()
    found = 0
    for path, operations in schema["paths"].items():
        for parameter in operations["get"].get("parameters", []):
            if parameter["name"] in ("year_from", "year_to", "period", "due_by"):
                found += 1
                assert parameter["schema"]["type"] == "integer", (path, parameter)
                assert parameter["schema"]["minimum"] == MIN_YEAR, (path, parameter)
                assert parameter["schema"]["maximum"] == MAX_YEAR, (path, parameter)
    assert found >= 4
    assert client.get("/api/documents/", {"year_from": MIN_YEAR - 1}).status_code == 400
    assert client.get("/api/documents/", {"year_from": MAX_YEAR}).status_code == 200
    assert client.get("/api/documents/", {"year_to": MAX_YEAR + 1}).status_code == 400


# --- 10. the article-entry page: bounded input, bounded work ---------------------------------

ENTRY = "admin:documents_document_from_article"


def _article(documents: int, length: int = 0) -> str:
    """An article naming *documents* distinct plans (with date and issuer), padded with
    ordinary sentences to *length* characters."""
    text = "".join(f"Thực hiện Kế hoạch số {n}-KH/TU ngày 12/3/2023 của Ban Thường vụ Thành ủy "
                   f"Hà Nội về công tác cán bộ năm {2000 + n % 25}. "
                   for n in range(1, documents + 1))
    filler = "Các cấp ủy tiếp tục quan tâm đào tạo, bồi dưỡng đội ngũ cán bộ cơ sở. "
    while len(text) + len(filler) <= length:
        text += filler
    return text + "." * max(0, length - len(text))


def _entry(admin_client, text):
    from django.urls import reverse

    return admin_client.post(reverse(ENTRY), {"action": "analyse", "text": text})


def test_an_over_long_article_is_refused_with_a_message(admin_client, docs,
                                                         django_assert_max_num_queries):
    from documents.admin.article_entry_forms import MAX_TEXT

    with django_assert_max_num_queries(12):  # the session and user; no matching at all
        response = _entry(admin_client, _article(3, MAX_TEXT + 1))
    assert response.status_code == 200
    page = response.content.decode()
    assert "quá giới hạn 50.000 ký tự" in page and "50.001" in page
    textarea = find(page, "textarea")
    assert attr(textarea, "maxlength") is None  # the browser does not cut the article silently


def test_an_article_naming_too_many_documents_is_refused_with_a_message(
        admin_client, docs, django_assert_max_num_queries):
    from documents.admin.article_entry_forms import MAX_DOCUMENTS

    with django_assert_max_num_queries(12):
        response = _entry(admin_client, _article(MAX_DOCUMENTS + 1))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"nhắc đến {MAX_DOCUMENTS + 1} văn bản, quá giới hạn {MAX_DOCUMENTS} văn bản" in page


def test_the_largest_accepted_article_is_analysed_with_bounded_work(
        admin_client, docs, django_assert_max_num_queries):
    """As long as accepted and naming as many documents as accepted: a few queries per
    document (each with a LIMIT), one form per document, a page of bounded size."""
    from documents.admin.article_entry_forms import MAX_DOCUMENTS, MAX_TEXT

    text = _article(MAX_DOCUMENTS, MAX_TEXT)
    assert len(text) == MAX_TEXT
    with django_assert_max_num_queries(3 * MAX_DOCUMENTS + 20):
        response = _entry(admin_client, text)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('name="items-') >= MAX_DOCUMENTS
    assert "Kế hoạch số 60-KH/TU" in page or "60-KH/TU" in page
    assert len(response.content) < 2_000_000
