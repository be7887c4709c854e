"""Joint documents (issue 14): a document can have several issuing bodies — a Thông tư liên
tịch of two ministries (``01/2015/TTLT-BNV-BTC``), a joint Party–state document. The main body
stays ``issuing_body``; the others are ordered co-issuers, checked against it and the symbol,
and a body's documents (its page, the list's and API's filter, the facet, the admin's filter)
include those it co-issued. Titles and symbols here are made up for the tests."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3

import pytest
from django.db import connection
from django.forms import inlineformset_factory
from django.test.utils import CaptureQueriesContext
from test_import_merge import conflicts
from test_interchange import empty_file, refused, run_import

from documents.admin.documents import CoIssuerFormSet
from documents.citation import bibtex, csl_json, format_citation
from documents.domain.symbols import parse_symbol
from documents.domain.validation import co_issuing_bodies
from documents.interchange.export import build_dataset
from documents.models import Document, DocumentCoIssuer, IssuingBody, Locality
from documents.sqlite_export import write_sqlite


@pytest.fixture
def ministries(places):
    vn = places["vn"]
    bnv = IssuingBody.objects.create(slug="bo-noi-vu", name="Bộ Nội vụ", code="BNV",
                                     kind="ministry", locality=vn)
    btc = IssuingBody.objects.create(slug="bo-tai-chinh", name="Bộ Tài chính", code="BTC",
                                     kind="ministry", locality=vn)
    bqp = IssuingBody.objects.create(slug="bo-quoc-phong", name="Bộ Quốc phòng", code="BQP",
                                     kind="ministry", locality=vn)
    return {"bnv": bnv, "btc": btc, "bqp": bqp}


def joint(ministries, number=1, year=2015, co=("btc",)):
    doc = Document.objects.create(
        symbol=f"{number:02d}/{year}/TTLT-BNV-BTC", doc_type="thong_tu_lien_tich",
        title=f"Hướng dẫn thử số {number}", issuing_body=ministries["bnv"],
        issued_date=dt.date(year, 3, 1))
    for n, key in enumerate(co):
        DocumentCoIssuer.objects.create(document=doc, body=ministries[key], position=n)
    return doc


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# --- the rule ------------------------------------------------------------------------------


def test_the_rule_refuses_the_main_body_twice_a_repeat_and_a_code_the_symbol_lacks():
    ttlt = parse_symbol("01/2015/TTLT-BNV-BTC")
    codes = {"bnv": "BNV", "btc": "BTC", "bqp": "BQP", "x": ""}
    assert co_issuing_bodies("bnv", ["btc"], codes, ttlt) == []
    assert [v.field for v in co_issuing_bodies("bnv", ["bnv"], codes, ttlt)] == ["co_issuers"]
    assert len(co_issuing_bodies("bnv", ["btc", "btc"], codes, ttlt)) == 1
    wrong = co_issuing_bodies("bnv", ["bqp"], codes, ttlt)
    assert [v.params["code"] for v in wrong] == ["BQP"]
    # a body without a code, and a symbol naming one body (a joint Party–state document
    # numbered by its lead), say nothing of the co-issuers
    assert co_issuing_bodies("bnv", ["x"], codes, ttlt) == []
    assert co_issuing_bodies("bnv", ["bqp"], codes, parse_symbol("1814/BNV-TCBC")) == []


def test_the_admin_formset_checks_the_co_issuers_together(ministries):
    doc = joint(ministries, co=())
    FormSet = inlineformset_factory(Document, DocumentCoIssuer, formset=CoIssuerFormSet,
                                    fields=("body", "position"), extra=2)

    def formset(*bodies):
        data = {"co_issuer_rows-TOTAL_FORMS": str(len(bodies)),
                "co_issuer_rows-INITIAL_FORMS": "0"}
        for n, body in enumerate(bodies):
            data[f"co_issuer_rows-{n}-body"] = str(body.pk)
            data[f"co_issuer_rows-{n}-position"] = str(n)
        return FormSet(data, instance=doc)

    assert formset(ministries["btc"]).is_valid()
    main_twice = formset(ministries["bnv"])
    assert not main_twice.is_valid()
    assert "Cơ quan ban hành chính" in str(main_twice.errors)  # the row's own clean()
    not_in_symbol = formset(ministries["bqp"])
    assert not not_in_symbol.is_valid()
    assert "BQP" in " ".join(not_in_symbol.non_form_errors())


def test_a_co_issuer_row_keeps_its_history(ministries):
    doc = joint(ministries)
    row = doc.co_issuer_rows.get()
    pk = row.pk
    assert row.history.count() == 1
    row.delete()
    assert DocumentCoIssuer.history.filter(id=pk).count() == 2


# --- a body's documents: one definition -----------------------------------------------------


def test_a_body_s_documents_include_those_it_co_issued(client, ministries):
    doc = joint(ministries)
    btc = ministries["btc"]
    assert list(Document.objects.issued_by(btc)) == [doc]
    assert list(Document.objects.issued_by(IssuingBody.objects.filter(pk=btc.pk))) == [doc]
    assert list(Document.objects.issued_by(ministries["bnv"])) == [doc]
    assert not Document.objects.issued_by(ministries["bqp"]).exists()
    assert doc.symbol in client.get(btc.get_absolute_url()).content.decode()
    assert IssuingBody.objects.with_document_counts().get(pk=btc.pk).n == 1
    listed = client.get("/documents/", {"body": "bo-tai-chinh"}).content.decode()
    assert doc.symbol in listed
    api = client.get("/api/documents/", {"body": "bo-tai-chinh"}).json()
    assert [d["slug"] for d in api["results"]] == [doc.slug]
    assert [b["slug"] for b in api["results"][0]["co_issuers"]] == ["bo-tai-chinh"]


def test_the_body_facet_counts_co_issued_documents(ministries):
    from documents.filters.documents import DocumentFilterSet

    joint(ministries, 1)
    joint(ministries, 2)
    facet_of = {f.name: f for f in DocumentFilterSet({}, queryset=Document.objects.all())
                .facets()}["body"]
    assert {i.value: i.count for i in facet_of.items} == {"bo-noi-vu": 2, "bo-tai-chinh": 2}
    # the same counts from the one statement a search shares
    shared = Document.objects.all().grouped_counts(["body", "type"], top_bodies=5)["body"]
    assert shared == {ministries["bnv"].pk: 2, ministries["btc"].pk: 2}
    assert Document.objects.all().counts_by_body(5) == shared


def test_list_and_body_page_queries_do_not_grow_with_joint_documents(client, ministries):
    joint(ministries, 1)
    urls = [ministries["btc"].get_absolute_url(), "/documents/?body=bo-tai-chinh",
            "/documents/", "/api/documents/?body=bo-tai-chinh"]
    few = [queries(client, url) for url in urls]
    for n in range(2, 14):
        joint(ministries, n, co=("btc", "bqp") if n % 2 else ("btc",))
    assert [queries(client, url) for url in urls] == few


# --- what readers see -----------------------------------------------------------------------


def test_the_document_page_and_citations_name_every_issuer(client, ministries):
    doc = joint(ministries)
    page = client.get(doc.get_absolute_url()).content.decode()
    # the issuers once, in the page's head: "Bộ Nội vụ và Bộ Tài chính", each a link
    head = page[page.index('class="doc-issuers"'):]
    head = head[:head.index("</p>")]
    assert 'href="/bodies/bo-noi-vu/"' in head and 'href="/bodies/bo-tai-chinh/"' in head
    assert "</a> và <a" in head
    doc = Document.objects.for_table().get(pk=doc.pk)
    assert "của Bộ Nội vụ và Bộ Tài chính" in format_citation(doc, "https://x/")
    assert "author = {{Bộ Nội vụ} and {Bộ Tài chính}}" in bibtex(doc, "https://x/")
    item = csl_json(doc, "https://x/")
    assert item["author"] == [{"literal": "Bộ Nội vụ"}, {"literal": "Bộ Tài chính"}]
    listed = client.get("/documents/").content.decode()
    assert "Bộ Nội vụ và Bộ Tài chính" in listed


def test_exports_carry_the_co_issuers(client, ministries, tmp_path):
    doc = joint(ministries, co=("btc",))
    data = json.loads(b"".join(client.get("/documents/export.json").streaming_content))
    assert data[0]["co_issuers"] == ["Bộ Tài chính"]
    response = client.get("/documents/export.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["cơ quan cùng ban hành"] == "Bộ Tài chính"
    out = tmp_path / "c.sqlite"
    write_sqlite(out)
    db = sqlite3.connect(out)
    assert db.execute("SELECT document_id, issuing_body FROM co_issuers").fetchall() == [
        (doc.pk, "Bộ Tài chính")]
    exported = next(d for d in build_dataset()["documents"] if d["slug"] == doc.slug)
    assert exported["co_issuers"] == ["bo-tai-chinh"]


# --- the import -------------------------------------------------------------------------------


def _file(**doc) -> dict:
    item = {"slug": "ttlt-01-2015", "doc_type": "thong_tu_lien_tich",
            "symbol": "01/2015/TTLT-BNV-BTC", "title": "Hướng dẫn thử",
            "issuing_body": "bo-noi-vu", "issued_date": "2015-03-01"}
    item.update(doc)
    return empty_file(documents=[{k: v for k, v in item.items() if v is not None}])


def test_the_import_checks_the_co_issuers(ministries, tmp_path):
    assert refused(tmp_path, _file(co_issuers=["bo-noi-vu"])) == [
        "/documents/0/co_issuers: Cơ quan ban hành chính không thể đồng thời là cơ quan cùng "
        "ban hành."]
    errors = refused(tmp_path, _file(co_issuers=["bo-quoc-phong", "khong-co"]))
    assert errors[0] == '/documents/0/co_issuers/1: unknown body "khong-co"'
    assert "BQP" in errors[1]
    run_import(tmp_path, _file(co_issuers=["bo-tai-chinh"]))
    doc = Document.objects.get(slug="ttlt-01-2015")
    assert doc.co_issuing_bodies == [ministries["btc"]]
    assert doc.co_issuer_rows.get().history.get().history_change_reason == "import_dataset"


def test_the_import_merges_the_co_issuers(ministries, tmp_path):
    run_import(tmp_path, _file())  # no co-issuers yet
    doc = Document.objects.get(slug="ttlt-01-2015")
    run_import(tmp_path, _file(co_issuers=[]))  # empty: nothing
    assert doc.co_issuing_bodies == []
    run_import(tmp_path, _file(co_issuers=["bo-tai-chinh"]))  # filled
    assert Document.objects.get(pk=doc.pk).co_issuing_bodies == [ministries["btc"]]
    run_import(tmp_path, _file(issuing_body=None))  # not stated: kept
    assert Document.objects.get(pk=doc.pk).co_issuing_bodies == [ministries["btc"]]
    found = conflicts(tmp_path, _file(symbol=None, co_issuers=["bo-quoc-phong"]))
    assert any("co_issuers" in line and "conflict" in line for line in found), found
    run_import(tmp_path, _file(symbol=None, co_issuers=["bo-quoc-phong"]), "--replace")
    assert Document.objects.get(pk=doc.pk).co_issuing_bodies == [ministries["bqp"]]
    assert Locality.objects.count() == 4


# --- search: the second ministry's name finds the joint circular ---------------------------


def _found(client, q: str) -> list[str]:
    return [d["symbol"] for d in client.get("/api/documents/", {"q": q}).json()["results"]]


def test_a_search_for_a_co_issuer_finds_the_joint_document(client, ministries):
    doc = joint(ministries)
    other = Document.objects.create(symbol="02/2015/TT-BNV", doc_type="thong_tu",
                                    title="Hướng dẫn khác", issuing_body=ministries["bnv"],
                                    issued_date=dt.date(2015, 4, 1))
    assert "bo tai chinh" in Document.objects.get(pk=doc.pk).search_text
    assert _found(client, "Bộ Tài chính") == [doc.symbol]
    assert _found(client, "bo tai chinh") == [doc.symbol]  # folded, as typed
    # kept true when the co-issuers change: added (the admin's inline), removed
    DocumentCoIssuer.objects.create(document=other, body=ministries["bqp"], position=0)
    assert _found(client, "Bộ Quốc phòng") == [other.symbol]
    other.co_issuer_rows.get().delete()
    assert _found(client, "Bộ Quốc phòng") == []
    # saving the document again keeps them (read once in save())
    doc.title = "Hướng dẫn thử số 1 (sửa)"
    doc.save()
    assert _found(client, "Bộ Tài chính") == [doc.symbol]


def test_an_imported_joint_document_is_found_by_its_co_issuer(client, ministries, tmp_path):
    run_import(tmp_path, _file(co_issuers=["bo-tai-chinh"]))  # created with them
    assert _found(client, "Bộ Tài chính") == ["01/2015/TTLT-BNV-BTC"]
    run_import(tmp_path, _file(symbol=None, co_issuers=["bo-quoc-phong"]), "--replace")
    assert _found(client, "Bộ Tài chính") == []  # changed on a stored document
    assert _found(client, "Bộ Quốc phòng") == ["01/2015/TTLT-BNV-BTC"]
