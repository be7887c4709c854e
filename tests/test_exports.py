"""CSV and JSON downloads of filtered lists: readable by spreadsheets (BOM),
safe (no formulas), faithful to the filters, and refusing bad parameters."""

from __future__ import annotations

import csv
import io
import json

import pytest

from documents.exporting import safe_cell
from documents.models import Document


def _csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    raw = b"".join(response.streaming_content).decode("utf-8")
    assert raw.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(raw.lstrip("\ufeff"))))


def _json(response):
    """A JSON download: streamed, row by row (documents.exporting.json_array)."""
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("application/json")
    return json.loads(b"".join(response.streaming_content))


def test_document_csv_has_bom_vietnamese_headers_and_filtered_rows(client, docs):
    rows = _csv_rows(client.get("/documents/export.csv", {"type": "de_an"}))
    assert [r["số ký hiệu"] for r in rows] == ["34-ĐA/TU"]
    assert rows[0]["cơ quan ban hành"] == "Ban Thường vụ Thành ủy Hà Nội"
    assert rows[0]["ngày ban hành"] == "2023-11-06"
    assert rows[0]["địa chỉ"] == "http://testserver/documents/34-da-tu-2023/"


def test_document_json_export_matches_the_search(client, docs):
    response = client.get("/documents/export.json", {"q": "ke hoach"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert _json(response) == []
    data = _json(client.get("/documents/export.json", {"q": "dao tao"}))
    assert [d["symbol"] for d in data] == ["34-ĐA/TU"]


def test_csv_neutralises_formulas(client, bodies):
    Document.objects.create(doc_type="ke_hoach", title="=HYPERLINK(\"http://x\")",
                            issuing_body=bodies["btv"])
    rows = _csv_rows(client.get("/documents/export.csv"))
    assert rows[0]["trích yếu"].startswith("'=HYPERLINK")


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"])
def test_safe_cell(value):
    assert safe_cell(value) == "'" + value


def test_bad_parameters_are_refused_with_a_message(client, docs):
    response = client.get("/documents/export.csv", {"issued_from": "31/02/2023"})
    assert response.status_code == 400
    assert "issued_from" in response.content.decode()
    response = client.get("/documents/export.json", {"type": "xyz"})
    assert response.status_code == 400
    assert "type" in response.json()["errors"]
    assert client.get("/documents/export.xlsx").status_code == 404


def test_targets_export(client, docs, percent_indicator):
    docs["da34"].targets.create(indicator=percent_indicator, value=10, unit="percent",
                                comparator="at_least", deadline_year=2025, baseline_value=5)
    rows = _csv_rows(client.get("/targets/export.csv", {"due_by": "2025"}))
    assert [(r["văn bản"], r["giá trị"], r["hạn (năm)"]) for r in rows] == [
        ("34-ĐA/TU", "10", "2025")]
    data = _json(client.get("/targets/export.json"))
    assert data[0]["baseline_value"] == "5"


def test_a_large_export_is_read_in_chunks_in_the_lists_order(client, docs, bodies, monkeypatch,
                                                            django_assert_max_num_queries):
    """The rows are read a chunk at a time by id (documents.views.exports.in_chunks: memory
    bounded by a chunk), in the list's own order — newest first, or by relevance when
    searching — every row once."""
    import datetime as dt

    from documents.views import exports

    for i in range(7):
        Document.objects.create(symbol=f"{i + 40}-KH/TU", doc_type="ke_hoach",
                                title=f"Kế hoạch đào tạo cán bộ {i}", issuing_body=bodies["btv"],
                                issued_date=dt.date(2015 + i, 3, 1))
    monkeypatch.setattr(exports, "CHUNK", 2)
    for params in ({}, {"q": "dao tao can bo"}, {"sort": "symbol"}):
        listed = client.get("/documents/", {**params, "page_size": 100})
        expected = [row.document.symbol for row in listed.context["rows"]]
        rows = _csv_rows(client.get("/documents/export.csv", params))
        symbols = [r["số ký hiệu"] for r in rows]
        assert len(symbols) == len(set(symbols)) == Document.objects.filter(
            pk__in=exports.DocumentFilterSet(params, queryset=Document.objects.all()).qs
        ).count()
        assert expected and symbols[:len(expected)] == expected, params
    total = Document.objects.count()
    with django_assert_max_num_queries(4 * 5 + 6) as queries:  # ids, then a few per chunk
        _csv_rows(client.get("/documents/export.csv"))
    loads = [q["sql"] for q in queries.captured_queries
             if q["sql"].startswith("SELECT") and '"documents_document"."title"' in q["sql"]]
    assert len(loads) == (total + 1) // 2  # the rows, two at a time: never all at once


@pytest.mark.parametrize("params", [{}, {"q": "ke hoach"}, {"type": "de_an"}])
def test_the_streamed_json_is_the_text_of_the_whole_list(client, docs, bodies, monkeypatch,
                                                         params):
    """The JSON download, streamed a row at a time (documents.exporting.json_array), is the
    very text ``json.dumps`` writes for the whole list at once (indent 1, UTF-8 as is)."""
    import datetime as dt
    from urllib.parse import urlencode

    from django.http import QueryDict

    from documents.exporting import document_row
    from documents.views import exports

    for i in range(5):
        Document.objects.create(symbol=f"{i + 60}-KH/TU", doc_type="ke_hoach",
                                title=f"Kế hoạch “{i}”\nhai dòng", issuing_body=bodies["btv"],
                                issued_date=dt.date(2016 + i, 3, 1), uncertain={})
    monkeypatch.setattr(exports, "CHUNK", 2)
    response = client.get("/documents/export.json", params)
    body = b"".join(response.streaming_content).decode("utf-8")
    data = QueryDict(urlencode(params))  # as the request's (a list filter reads getlist)
    ids = list(exports.DocumentFilterSet(data, queryset=Document.objects.all()).qs
               .values_list("pk", flat=True))
    rows = [document_row(d, lambda path: "http://testserver" + path)
            for d in Document.objects.table_rows(ids)]
    assert body == json.dumps(rows, ensure_ascii=False, indent=1)
    assert (body == "[]") == (not rows)
