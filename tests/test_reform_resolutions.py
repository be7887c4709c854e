"""The resolutions that made the 2025 reform, as documents of the catalogue
(fixtures/reforms.json) linked to the successions they made (fixtures/gazetteer/resolutions.csv,
``documents/gazetteer/resolutions.py``): every fact sourced, loaded by ``make seed``/``make
run`` before the places, and shown on the pages of the places they changed and on their own."""

from __future__ import annotations

import datetime as dt
import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from page_helpers import attr, find, find_all, page_html, text

from documents.domain.symbols import parse_symbol
from documents.gazetteer.loader import load_gazetteer
from documents.models import Document, Locality, LocalitySuccession

ROOT = Path(__file__).resolve().parents[1]
REFORMS = ROOT / "fixtures" / "reforms.json"
REFORM = dt.date(2025, 7, 1)


def _file() -> dict:
    return json.loads(REFORMS.read_text(encoding="utf-8"))


def test_every_document_is_sourced_by_a_quote_naming_its_number():
    data = _file()
    sources = {s["reference"]: s for s in data["sources"]}
    assert {d["symbol"] for d in data["documents"]} == {"202/2025/QH15", "1656/NQ-UBTVQH15"}
    for source in data["sources"]:
        assert source["url"].startswith("https://") and source["publisher"].strip()
    for document in data["documents"]:
        assert document["mentions"], document["slug"]
        number = str(parse_symbol(document["symbol"]).number)
        quotes = [m["quote"] for m in document["mentions"]]
        assert all(m["source"] in sources and m["quote"].strip() for m in document["mentions"])
        assert any(re.search(rf"(?<!\d){number}(?!\d)", q) for q in quotes), document["slug"]
        if document["issued_date"]:  # a date is written in a quote (12/6/2025)
            day = dt.date.fromisoformat(document["issued_date"])
            assert any(f"{day.day}/{day.month}/{day.year}" in q for q in quotes)


def test_make_seed_imports_them_before_the_places_are_loaded():
    steps = (ROOT / "Makefile").read_text(encoding="utf-8")
    steps = steps[steps.index("SEED_STEPS :="):]
    assert steps.index("fixtures/reforms.json") < steps.index("load_places")


@pytest.fixture
def reformed(db, gazetteer_sample):
    call_command("load_seed", stdout=StringIO())
    out = StringIO()
    call_command("import_dataset", str(REFORMS), stdout=out, stderr=StringIO())
    assert "documents: 2 created" in out.getvalue()
    report = load_gazetteer(gazetteer_sample)
    assert report.resolutions > 0
    return report


def _made_by(symbol: str):
    return LocalitySuccession.objects.filter(document__symbol=symbol)


@pytest.mark.django_db
def test_the_successions_point_to_the_resolution_that_made_them(reformed, gazetteer_sample):
    provinces = _made_by("202/2025/QH15")
    # Bình Dương (74) into TP.HCM (79), Hà Giang (02) into Tuyên Quang (08, which continues):
    # every province succession of the sample, and only those.
    assert {(s.from_locality.code, s.to_locality.code) for s in provinces} \
        == {("74", "79"), ("02", "08")}
    hanoi = _made_by("1656/NQ-UBTVQH15")
    assert hanoi.count() > 500
    assert not hanoi.exclude(to_locality__parent__code="01").exists()
    assert not hanoi.filter(from_locality__kind__in=["urban_district", "rural_district",
                                                     "town"]).exists()
    old = Locality.objects.get(slug="viet-hung")
    assert hanoi.filter(from_locality=old, to_locality__code="00127").exists()
    # No source names the resolution on TP.HCM's communes: those successions have none.
    assert not LocalitySuccession.objects.filter(
        to_locality__parent__code="79", from_locality__kind="ward").exclude(
        document__isnull=True).exists()
    # Loading again links nothing more, and an editor's choice is kept.
    chosen = Document.objects.get(symbol="34-ĐA/TU")
    first = hanoi.order_by("pk").first()
    LocalitySuccession.objects.filter(pk=first.pk).update(document=chosen)
    assert load_gazetteer(gazetteer_sample).resolutions == 0
    assert LocalitySuccession.objects.get(pk=first.pk).document == chosen


@pytest.mark.django_db
def test_a_place_changed_by_a_resolution_shows_it(client, reformed):
    new_ward = Locality.objects.get(code="00127", valid_from=REFORM)
    html = page_html(client.get(new_ward.get_absolute_url()))
    formed_from = text(find(html, "main"))
    assert "theo Nghị quyết 1656/NQ-UBTVQH15" in formed_from
    link = next(a for a in find_all(html, "a") if text(a) == "Nghị quyết 1656/NQ-UBTVQH15")
    assert attr(link, "href") == "/documents/1656-nq-ubtvqh15/"
    binh_duong = Locality.objects.get(code="74", valid_to__isnull=False)
    assert "theo Nghị quyết 202/2025/QH15" in text(find(page_html(
        client.get(binh_duong.get_absolute_url())), "main"))
    english = text(find(page_html(client.get("/en" + binh_duong.get_absolute_url())), "main"))
    assert "under Resolution 202/2025/QH15" in english


@pytest.mark.django_db
def test_a_resolution_page_lists_the_units_it_formed(client, reformed,
                                                      django_assert_max_num_queries):
    html = page_html(client.get("/documents/1656-nq-ubtvqh15/"))
    section = find(html, "section", aria_labelledby="reorganised-h")
    assert "126 đơn vị hình thành" in text(section)
    links = find_all(section, "a")
    assert len(links) == 60 and "Chỉ liệt kê 60 đơn vị đầu tiên" in text(section)
    assert all(attr(a, "href").startswith("/places/") for a in links)
    assert any(text(a).startswith("phường Ba Đình") for a in links)
    province = page_html(client.get("/documents/202-2025-qh15/"))
    names = text(find(province, "section", aria_labelledby="reorganised-h"))
    assert "Hồ Chí Minh" in names and "Tuyên Quang" in names
    # A document that changed no place: one query more, no section.
    plain = page_html(client.get(Document.objects.get(symbol="34-ĐA/TU").get_absolute_url()))
    assert "reorganised-h" not in str(plain)


@pytest.mark.django_db
def test_the_api_gives_each_successor_its_date_part_and_resolution(client, reformed):
    binh_duong = Locality.objects.get(code="74", valid_to__isnull=False)
    hcm = LocalitySuccession.objects.get(from_locality=binh_duong).to_locality
    assert hcm.code == "79"
    place = client.get(f"/api/localities/{binh_duong.slug}/").json()
    assert place["successors"] == [hcm.slug]
    (succession,) = place["successions"]
    assert succession["to"] == hcm.slug and succession["date"] == "2025-07-01"
    assert succession["partial"] is False
    resolution = succession["document"]
    assert (resolution["symbol"], resolution["slug"]) == ("202/2025/QH15", "202-2025-qh15")
    assert resolution["url"] == "http://testserver/documents/202-2025-qh15/"
    # a ward divided between several new ones: each successor says it got a part
    divided = (LocalitySuccession.objects.filter(partial=True)
               .select_related("from_locality", "to_locality").order_by("pk").first())
    assert divided is not None  # Hà Nội's sample has wards divided in 2025
    data = client.get(f"/api/localities/{divided.from_locality.slug}/").json()
    assert {s["to"]: s["partial"] for s in data["successions"]}[
        divided.to_locality.slug] is True
    assert len(data["successions"]) == len(data["successors"]) > 1
    # a succession no source names a resolution for: null, not a guess
    ward = LocalitySuccession.objects.filter(document__isnull=True).first()
    data = client.get(f"/api/localities/{ward.from_locality.slug}/").json()
    assert {s["to"]: s["document"] for s in data["successions"]}[ward.to_locality.slug] is None


@pytest.mark.django_db
def test_the_place_list_api_does_not_query_per_succession(client, reformed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(size):
        with CaptureQueriesContext(connection) as ctx:
            rows = client.get("/api/localities/", {"page_size": size}).json()["results"]
        return len(ctx.captured_queries), sum(len(r["successions"]) for r in rows)

    count(5)  # the table's count kept per change (catalogue_counts.catalogue_count): then read
    few, many = count(5), count(200)
    assert many[1] > few[1]  # more successions shown…
    assert many[0] == few[0]  # …by the same queries


@pytest.mark.django_db
def test_202_2025_qh15s_number_is_marked_as_resting_on_one_source(client, reformed):
    doc = Document.objects.get(symbol="202/2025/QH15")
    assert doc.uncertain["symbol"]["reason"] == "single_source"
    assert "vietnamese-provinces-database" in doc.uncertain["symbol"]["note"]
    assert "Số hiệu theo" not in doc.summary  # the reasoning is the mark, not the summary
    html = page_html(client.get(doc.get_absolute_url()))
    mark = find(html, "span", class_="uncertain-mark", data_fact="symbol")
    assert text(mark) == "chưa chắc chắn (một nguồn)"
    assert client.get(f"/api/documents/{doc.slug}/").json()["uncertain"]["symbol"][
        "reason"] == "single_source"
