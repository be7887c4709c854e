"""Every public output shows the status today by the one rule (``documents/domain/validity.py``,
``with_status()``), never the status typed when the document was recorded: the graph
downloads, the SQLite file, the coverage page's later period and every document the API
refers to (a link's ends, a target's and a figure's document). Each case is a document whose
computed status differs from the recorded one. Today is fixed (``CATALOGUE_TODAY``)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.coverage import coverage, coverage_periods
from documents.models import (
    Document,
    DocumentLink,
    Locality,
    Source,
    StatusStatement,
    Target,
)
from documents.sqlite_export import write_sqlite

DAY = dt.date(2026, 12, 4)


@pytest.fixture
def past_plan(settings, docs, bodies, percent_indicator):
    """188-KH/TU recorded "in force", for 2024–2025: in 12/2026 its period is over."""
    settings.CATALOGUE_TODAY = DAY.isoformat()
    plan = Document.objects.create(
        symbol="188-KH/TU", doc_type="ke_hoach", title="Kế hoạch luân chuyển cán bộ",
        issuing_body=bodies["btv"], issued_date=dt.date(2024, 3, 1), status="in_force",
        period_start=2024, period_end=2025)
    DocumentLink.objects.create(from_document=plan, to_document=docs["da34"], kind="implements",
                                quote="triển khai Đề án 34")
    Target.objects.create(document=plan, indicator=percent_indicator, value=50, unit="percent",
                          quote="đạt 50 %", deadline_year=2025)
    return plan


def test_graph_downloads_show_the_status_today(client, past_plan):
    data = json.loads(client.get(f"/documents/{past_plan.slug}/graph.json").content)
    node = next(n for n in data["nodes"] if n["id"] == past_plan.slug)
    assert (node["status"], node["recorded_status"]) == ("expired", "in_force")
    graphml = client.get(f"/documents/{past_plan.slug}/graph.graphml").content.decode()
    assert "expired" in graphml


def test_the_sqlite_file_shows_the_status_today(past_plan, tmp_path):
    out = tmp_path / "c.sqlite"
    write_sqlite(out)
    db = sqlite3.connect(out)
    row = db.execute("SELECT status, status_as_of, status_reason, recorded_status "
                     "FROM documents WHERE symbol = '188-KH/TU'").fetchone()
    db.close()
    assert row == ("expired", "2026-12-04", "period_over", "in_force")


def test_the_api_shows_the_status_today_of_every_document_it_refers_to(client, past_plan):
    link = client.get("/api/links/").json()["results"][0]
    assert link["from_document"]["symbol"] == "188-KH/TU"
    assert (link["from_document"]["status"], link["from_document"]["recorded_status"]) == (
        "expired", "in_force")
    assert client.get("/api/targets/").json()["results"][0]["document"]["status"] == "expired"
    da34 = Document.objects.get(symbol="34-ĐA/TU")
    incoming = client.get(f"/api/documents/{da34.slug}/").json()["links_in"]
    assert incoming[0]["from_document"]["status"] == "expired"


def test_the_api_link_list_does_not_query_per_row(client, past_plan, docs):
    for i in range(5):
        other = Document.objects.create(symbol=f"{i + 1}-KH/QU", doc_type="ke_hoach",
                                        title="Kế hoạch", status="in_force", issued_year=2024)
        DocumentLink.objects.create(from_document=other, to_document=past_plan,
                                    kind="implements", quote="triển khai")
    client.get("/api/links/")  # the links' count, kept per change: read by both below
    with CaptureQueriesContext(connection) as few:
        client.get("/api/links/", {"page_size": 2})
    with CaptureQueriesContext(connection) as many:
        client.get("/api/links/")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_coverage_reads_a_later_period_by_the_status_on_that_day(settings, bodies, docs):
    """A Hà Nội plan recorded in force to 2030 whose units changed on 01/07/2025 is read
    against the new units too — unless a sourced statement says it ended before then."""
    settings.CATALOGUE_TODAY = DAY.isoformat()
    hanoi = Locality.objects.get(slug="ha-noi")
    Locality.objects.filter(slug="long-bien").update(valid_to=dt.date(2025, 6, 30))
    Locality.objects.create(slug="phuong-moi", name="Phường Mới", kind="ward", parent=hanoi,
                            valid_from=dt.date(2025, 7, 1))
    plan = Document.objects.create(
        symbol="9-KH/TU", doc_type="ke_hoach", title="Kế hoạch", issuing_body=bodies["btv"],
        locality=hanoi, issued_date=dt.date(2024, 3, 1), status="in_force", period_end=2030)
    assert len(coverage_periods(plan, coverage(plan))) == 2
    source = Source.objects.create(kind="news", publisher="Báo Hà Nội mới", headline="Tin")
    StatusStatement.objects.create(document=plan, status="expired", as_of=dt.date(2025, 1, 1),
                                   source=source, quote="Kế hoạch đã kết thúc.")
    assert plan.status == "in_force"  # as recorded: the statement decides
    assert len(coverage_periods(plan, coverage(plan))) == 1
