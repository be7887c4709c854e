"""A place's official code and its successions (the date, whether only part went over, the
document that made the change) in the interchange format (docs/INTERCHANGE.md): exported,
imported, round-tripped, merged by the format's rule, refused when wrong (issue 13)."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest
from test_interchange import empty_database, empty_file, export_text, refused, run_import

from documents.interchange import schema as ix_schema
from documents.models import Document, Locality, LocalitySuccession

pytestmark = pytest.mark.django_db
REFORM = dt.date(2025, 7, 1)


@pytest.fixture
def coded(rich):
    """The rich catalogue with codes, and quận Long Biên's succession made by a document."""
    for slug, code in (("ha-noi", "01"), ("long-bien", "004"), ("viet-hung", "00127"),
                       ("long-bien-moi", "00124")):
        Locality.objects.filter(slug=slug).update(code=code)
    resolution = Document.objects.get(symbol="04-NQ/TU")
    LocalitySuccession.objects.filter(from_locality__slug="long-bien").update(
        effective_date=REFORM, partial=True, document=resolution)
    return {**rich, "resolution": resolution}


def _locality(data: dict, slug: str) -> dict:
    return next(x for x in data["localities"] if x["slug"] == slug)


def test_the_export_carries_codes_and_successions(coded):
    data = json.loads(export_text())
    jsonschema.validate(data, ix_schema.load_schema())
    long_bien = _locality(data, "long-bien")
    assert long_bien["code"] == "004"
    assert long_bien["successors"] == ["long-bien-moi"]
    assert long_bien["successions"] == [{"to": "long-bien-moi", "date": "2025-07-01",
                                         "partial": True,
                                         "document": coded["resolution"].slug}]
    assert _locality(data, "viet-nam")["code"] == ""
    assert _locality(data, "ha-noi")["successions"] == []


def test_codes_and_successions_round_trip(coded, tmp_path):
    first = export_text()
    empty_database()
    run_import(tmp_path, first)
    assert export_text() == first
    row = LocalitySuccession.objects.get(from_locality__slug="long-bien")
    assert (row.to_locality.slug, row.effective_date, row.partial, row.document.symbol) \
        == ("long-bien-moi", REFORM, True, "04-NQ/TU")
    assert Locality.objects.get(code="00127").slug == "viet-hung"
    assert Locality.objects.by_code("004").slug == "long-bien"


def test_a_file_fills_a_succession_and_a_code_left_empty_and_says_a_conflict(rich, tmp_path):
    data = json.loads(export_text())
    long_bien = _locality(data, "long-bien")
    slug = Document.objects.get(symbol="04-NQ/TU").slug
    long_bien["code"] = "004"
    long_bien["successions"] = [{"to": "long-bien-moi", "date": "2025-07-01",
                                 "document": slug}]
    output = run_import(tmp_path, empty_file(localities=[long_bien]))
    assert "localities: 0 created, 1 updated" in output
    row = LocalitySuccession.objects.get(from_locality__slug="long-bien")
    assert (row.effective_date, row.document.slug, row.partial) == (REFORM, slug, False)
    assert Locality.objects.get(slug="long-bien").code == "004"
    again = run_import(tmp_path, empty_file(localities=[long_bien]))
    assert "nothing to change" in again
    # Another document: a conflict, refused; --replace writes the file's.
    other = Document.objects.get(symbol="34-ĐA/TU").slug
    long_bien["successions"][0]["document"] = other
    errors = refused(tmp_path, empty_file(localities=[long_bien]))
    assert any("successions/long-bien-moi/document" in line for line in errors), errors
    run_import(tmp_path, empty_file(localities=[long_bien]), "--replace")
    assert LocalitySuccession.objects.get(from_locality__slug="long-bien").document.slug == other


def test_wrong_successions_and_codes_are_refused(rich, tmp_path):
    data = json.loads(export_text())
    long_bien = _locality(data, "long-bien")
    long_bien["successions"] = [{"to": "viet-hung"}]
    assert any("is not one of the successors" in line
               for line in refused(tmp_path, empty_file(localities=[long_bien])))
    long_bien["successions"] = [{"to": "long-bien-moi", "document": "khong-co"}]
    assert any('unknown document "khong-co"' in line
               for line in refused(tmp_path, empty_file(localities=[long_bien])))
    long_bien["successions"] = []
    twins = [dict(_locality(data, "ha-noi"), code="01"),
             dict(_locality(data, "ho-chi-minh"), code="01")]
    assert any('code "01"' in line for line in refused(tmp_path, empty_file(localities=twins)))


def _ward(slug: str, **fields) -> dict:
    return {"slug": slug, "name": "Phường Tân Thạnh", "kind": "ward", "parent": "ha-noi",
            **fields}


def test_one_name_twice_in_a_parent_as_the_gazetteer_has_it(coded, tmp_path):
    """The model's rule (locality_unique_name_in_parent_per_period): a place without a code is
    told apart by its name from the day it exists, places with codes by their codes — as the
    real gazetteer holds units before and after 01/07/2025 (its export is importable)."""
    data = empty_file(localities=[
        _ward("tan-thanh-cu", valid_to="2025-06-30"),
        _ward("tan-thanh-moi", valid_from="2025-07-01"),
        _ward("tan-thanh-a", code="90001", valid_from="2025-07-01"),
        _ward("tan-thanh-b", code="90002", valid_from="2025-07-01"),
    ])
    run_import(tmp_path, data)
    assert Locality.objects.filter(name="Phường Tân Thạnh").count() == 4
    again = empty_file(localities=[_ward("tan-thanh-3", valid_from="2025-07-01")])
    errors = refused(tmp_path, again)
    assert errors[0].startswith("/localities/0/name")
    assert "already has this locality" in errors[0]
