"""Issue 13 on the seed with the real gazetteer (``load_gazetteer``, some 14.000 places, as
``make seed`` loads them): what applies at phường Việt Hưng on the document list and the API,
and a document's coverage counted against the real units of its period."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from page_helpers import find, page_html, text
from test_document_list import MAX_QUERIES

from documents.coverage import coverage, coverage_periods
from documents.domain.applicability import MAX_GENERATIONS
from documents.gazetteer.loader import load_gazetteer
from documents.models import Document, Locality

pytestmark = pytest.mark.django_db
REFORM = dt.date(2025, 7, 1)
SCOPES = ("applies", "here", "below")


def _units_below(code: str) -> tuple[set[str], set[str]]:
    """The codes of the units directly below the unit *code* in fixtures/gazetteer/units.csv:
    those that ended on 30/06/2025 and those that began on 01/07/2025."""
    path = Path(settings.BASE_DIR) / "fixtures" / "gazetteer" / "units.csv"
    with path.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["parent_code"] == code]
    before = {row["code"] for row in rows if row["valid_to"] == "2025-06-30"}
    after = {row["code"] for row in rows if row["valid_from"] == "2025-07-01"}
    return before, after


def test_what_applies_at_viet_hung_on_the_list_and_the_api(client, seed):
    load_gazetteer()
    old = Locality.objects.get(slug="viet-hung")
    new = Locality.objects.get(code="00127", valid_from=REFORM)
    for ward in (old, new):
        response = client.get("/documents/", {"locality": ward.slug, "scope": "applies"})
        assert response.status_code == 200
        shown = {d.symbol for d in response.context["documents"]}
        assert {"15-ĐA/QU", "21-ĐA/TU", "188-KH/TU", "18-NQ/TW"} <= shown, ward
        for scope in SCOPES:
            page = client.get(ward.get_absolute_url(), {"scope": scope})
            expected = {row.document.slug for row in page.context["rows"]}
            assert page.context["scope_count"] == len(expected)  # all on the page
            api = client.get("/api/documents/", {"locality": ward.slug, "scope": scope,
                                                 "page_size": 200}).json()
            assert {row["slug"] for row in api["results"]} == expected, (ward, scope)
    # The code names the unit that has it today: the new ward, which follows quận Long
    # Biên's documents through the old ward it kept the code of.
    api = client.get("/api/documents/", {"locality": "00127", "scope": "applies",
                                         "page_size": 200}).json()
    assert {"15-ĐA/QU", "01-CTr/QU", "34-ĐA/TU"} <= {row["symbol"] for row in api["results"]}
    # Bounded: the list's queries plus one per generation of successions read.
    with CaptureQueriesContext(connection) as ctx:
        client.get("/documents/", {"locality": new.slug, "scope": "applies"})
    assert len(ctx.captured_queries) <= MAX_QUERIES + MAX_GENERATIONS
    bad = client.get("/documents/", {"locality": new.slug, "scope": "khap-noi"})
    assert "Không có phạm vi “khap-noi”" in text(find(page_html(bad), "div", class_="results"))


def test_coverage_counts_the_real_units_of_each_period(client, seed):
    load_gazetteer()
    districts, communes = _units_below("01")
    assert (len(districts), len(communes)) == (30, 126)  # Hà Nội, fixtures/gazetteer/units.csv
    da34 = Document.objects.get(symbol="34-ĐA/TU")  # 06/11/2023, in force, 2025 in its period
    rows = coverage(da34)
    at_issue, later = coverage_periods(da34, rows)
    assert {row.locality.code for row in at_issue.rows} == districts
    assert later.day == REFORM
    assert {row.locality.code for row in later.rows} == communes
    html = page_html(client.get(f"/documents/{da34.slug}/coverage/"))
    summary = text(find(html, "main"))
    assert f"đã có văn bản triển khai: {at_issue.covered}/30." in summary
    assert f"ngày 01/07/2025: tính theo các đơn vị từ ngày đó, {later.covered}/126" in summary
    # A plan that ended before the reform is read against the districts only.
    Document.objects.filter(pk=da34.pk).update(period_end=2024)
    da34.refresh_from_db()
    assert len(coverage_periods(da34, coverage(da34))) == 1
