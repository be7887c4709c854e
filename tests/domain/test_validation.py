"""Tests of documents.domain.validation (no Django needed): the rules one object's values
keep, which the models' clean() and the dataset import both apply."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from documents.domain import validation as v


def fields(violations) -> list[str]:
    return [x.field for x in violations]


@pytest.mark.parametrize(("value", "unit", "broken"), [
    (D("0"), "percent", False), (D("100"), "percent", False), (D("100.01"), "percent", True),
    (D("-0.5"), "percent", True), (D("-1"), "count", True), (D("2.5"), "people", True),
    (D("2"), "people", False), (D("2.5"), "ratio", False), (None, "percent", False),
    (D("140"), "", False),  # no unit (yet): nothing to check it against
])
def test_a_value_fits_its_unit(value, unit, broken):
    assert fields(v.value_for_unit(value, unit, "value")) == (["value"] if broken else [])


def test_a_target_keeps_its_indicators_unit_and_its_deadlines_year():
    ok = dict(value=D("10"), baseline_value=D("17.9"), unit="percent", indicator_unit="percent",
              deadline=dt.date(2025, 12, 31), deadline_year=2025)
    assert v.target_values(**ok) == []
    broken = v.target_values(**{**ok, "unit": "people", "baseline_value": D("0.5"),
                                "deadline_year": 2024})
    assert fields(broken) == ["baseline_value", "unit", "deadline_year"]
    assert broken[1].params == {"unit": "%"}  # the indicator's unit, as the admin shows it


def test_a_figure_is_not_above_its_total_and_keeps_its_dates_year():
    ok = dict(value=D("238"), total=D("238"), unit="people", as_of=dt.date(2022, 12, 31),
              as_of_year=2022)
    assert v.figure_values(**ok) == []
    assert fields(v.figure_values(**{**ok, "total": D("237"), "as_of_year": 2021})) == [
        "total", "as_of_year"]


@pytest.mark.parametrize(("rule", "field"), [
    (v.valid_period, "valid_to"), (v.term_years, "end_year"),
    (v.effective_period, "effective_to"), (v.covered_period, "period_end"),
])
def test_a_period_does_not_end_before_it_starts(rule, field):
    early, late = (dt.date(2023, 1, 1), dt.date(2024, 1, 1)) if field in (
        "valid_to", "effective_to") else (2023, 2024)
    assert rule(early, late) == [] and rule(early, early) == []
    assert rule(None, early) == [] and rule(early, None) == []
    assert fields(rule(late, early)) == [field]


def test_a_symbol_parses_and_fits_the_type_and_the_body():
    parsed, found = v.document_symbol("số 188-kh/tu", "ke_hoach", "TU")
    assert (parsed.canonical, found) == ("188-KH/TU", [])
    assert v.document_symbol("", "ke_hoach", "TU") == (None, [])
    parsed, found = v.document_symbol("188-KH/TU", "de_an", "tu")  # codes compared folded
    assert parsed is not None and fields(found) == ["doc_type"]
    assert found[0].params == {"code": "KH"}
    _, found = v.document_symbol("188-KH/QU", "ke_hoach", "TU")
    assert fields(found) == ["issuing_body"]
    assert found[0].params == {"code": "QU", "body": "TU"}
    parsed, found = v.document_symbol("abc xyz", "ke_hoach", "TU")
    assert parsed is None and fields(found) == ["symbol"]
    assert found[0].params["raw"] == "abc xyz"


def test_a_term_belongs_to_the_issuing_body_or_its_parent():
    assert v.term_of_issuer("thanh-uy", "thanh-uy", None) == []
    assert v.term_of_issuer("thanh-uy", "btv", "thanh-uy") == []
    assert v.term_of_issuer(None, "btv", None) == []
    assert fields(v.term_of_issuer("quan-uy", "btv", "thanh-uy")) == ["term"]


def test_nothing_is_its_own_relation():
    assert fields(v.link_not_to_itself(3, 3)) == ["to_document"]
    assert v.link_not_to_itself(3, 4) == [] and v.link_not_to_itself(None, None) == []
    assert fields(v.body_not_its_own(7, parent=7, successor=7)) == ["successor", "parent"]
    assert v.body_not_its_own(None, parent=None, successor=None) == []
    assert v.body_not_its_own(7, parent=8, successor=None) == []


def test_a_localitys_parent_is_above_it_and_not_below_it():
    assert v.locality_parent("ward", "city", own_parent=False) == []
    assert fields(v.locality_parent("city", "ward", own_parent=False)) == ["parent"]
    assert fields(v.locality_parent("city", "city", own_parent=False)) == ["parent"]
    looped = v.locality_parent("ward", None, own_parent=True)
    assert fields(looped) == ["parent"] and looped[0].message != v.locality_parent(
        "city", "ward", own_parent=False)[0].message


@pytest.mark.parametrize("symbol", ["52/2019/QH14", "80/2025/QH15", "22/2008/QH12",
                                    "58/2010/QH12"])
def test_a_law_fits_the_national_assembly_whose_code_carries_its_term(symbol):
    parsed, found = v.document_symbol(symbol, "luat", "QH")
    assert found == [] and parsed.issuer_codes == ("QH",)
    _, found = v.document_symbol(symbol, "luat", "CP")
    assert fields(found) == ["issuing_body"]


def test_a_joint_circular_fits_each_of_its_issuers_and_a_letter_its_ministry():
    for body in ("BNV", "BTC"):
        assert v.document_symbol("01/2015/TTLT-BNV-BTC", "thong_tu_lien_tich", body)[1] == []
    assert fields(v.document_symbol("01/2015/TTLT-BNV-BTC", "thong_tu", "BNV")[1]) == [
        "doc_type"]
    assert v.document_symbol("1814/BNV-TCBC", "cong_van", "BNV")[1] == []
    assert fields(v.document_symbol("1814/BNV-TCBC", "cong_van", "TCBC")[1]) == [
        "issuing_body"]
    assert v.document_symbol("41-QĐ/TƯ", "quy_dinh", "TW")[1] == []
