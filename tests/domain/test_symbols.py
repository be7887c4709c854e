"""Tests of documents.domain.symbols (no Django needed)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from documents.domain.symbols import (
    Symbol,
    SymbolError,
    bare_number,
    parse_symbol,
    symbol_key,
    try_parse_symbol,
)


@pytest.mark.parametrize(
    ("text", "canonical", "type_code", "issuer", "types"),
    [
        ("188-KH/TU", "188-KH/TU", "KH", "TU", ("ke_hoach",)),
        ("số 188-KH/TU", "188-KH/TU", "KH", "TU", ("ke_hoach",)),
        ("Số: 188-KH/TU", "188-KH/TU", "KH", "TU", ("ke_hoach",)),
        ("210 -TB/TU", "210-TB/TU", "TB", "TU", ("thong_bao", "thong_bao_ket_luan")),
        ("08-QĐi/TW", "08-QĐi/TW", "QĐi", "TW", ("quy_dinh",)),
        ("08-QDi/TW", "08-QĐi/TW", "QĐi", "TW", ("quy_dinh",)),
        ("847-NQ/QUTW", "847-NQ/QUTW", "NQ", "QUTW", ("nghi_quyet",)),
        ("34-ĐA/TU", "34-ĐA/TU", "ĐA", "TU", ("de_an",)),
        ("34-DA/TU", "34-ĐA/TU", "ĐA", "TU", ("de_an",)),
        ("34-\u00d0A/TU", "34-ĐA/TU", "ĐA", "TU", ("de_an",)),
        ("15-ĐA/QU", "15-ĐA/QU", "ĐA", "QU", ("de_an",)),
        ("01-CTr/QU", "01-CTr/QU", "CTr", "QU", ("chuong_trinh",)),
        ("01-ctr/qu", "01-CTr/QU", "CTr", "QU", ("chuong_trinh",)),
        ("04-NQ/TU", "04-NQ/TU", "NQ", "TU", ("nghi_quyet",)),
        ("07-QĐ/TU", "07-QĐ/TU", "QĐ", "TU", ("quyet_dinh", "quy_dinh")),
        ("18-NQ/TW", "18-NQ/TW", "NQ", "TW", ("nghi_quyet",)),
        ("21-ĐA/TU", "21-ĐA/TU", "ĐA", "TU", ("de_an",)),
        ("171-KH/TU", "171-KH/TU", "KH", "TU", ("ke_hoach",)),
        ("188/KH-TU", "188-KH/TU", "KH", "TU", ("ke_hoach",)),
        ("41-QĐ/TƯ", "41-QĐ/TW", "QĐ", "TW", ("quyet_dinh", "quy_dinh")),
        ("50-QĐ/TƯ", "50-QĐ/TW", "QĐ", "TW", ("quyet_dinh", "quy_dinh")),
        ("16-HD/BTCTƯ", "16-HD/BTCTW", "HD", "BTCTW", ("huong_dan",)),
        ("16-hd/btctư", "16-HD/BTCTW", "HD", "BTCTW", ("huong_dan",)),
        ("39/QĐ-VPTW", "39/QĐ-VPTW", "QĐ", "VPTW", ("quyet_dinh", "quy_dinh")),
        ("188–KH/TU", "188-KH/TU", "KH", "TU", ("ke_hoach",)),
        ("188—KH / TU", "188-KH/TU", "KH", "TU", ("ke_hoach",)),
        ("188-kh/tu", "188-KH/TU", "KH", "TU", ("ke_hoach",)),
        ("12-NQ/DU", "12-NQ/ĐU", "NQ", "ĐU", ("nghi_quyet",)),
        ("3-HD/BTCTU", "3-HD/BTCTU", "HD", "BTCTU", ("huong_dan",)),
        ("9-CT/BCSĐ", "9-CT/BCSĐ", "CT", "BCSĐ", ("chi_thi",)),
    ],
)
def test_party_symbols(text, canonical, type_code, issuer, types):
    symbol = parse_symbol(text)
    assert symbol.canonical == canonical
    assert symbol.system == "party"
    assert symbol.year is None
    assert symbol.type_code == type_code
    assert symbol.issuer_code == issuer
    assert symbol.document_types == types
    assert symbol.ambiguous is (len(types) > 1)
    assert symbol.raw == text


def test_qutw_is_not_qu():
    assert parse_symbol("847-NQ/QUTW").issuer_code == "QUTW"
    assert parse_symbol("15-ĐA/QU").issuer_code == "QU"


def test_number_keeps_leading_zeros():
    assert parse_symbol("04-NQ/TU").number == "04"
    assert parse_symbol("07-QĐ/TU").canonical == "07-QĐ/TU"


def test_ambiguous_codes():
    assert parse_symbol("07-QĐ/TU").ambiguous
    assert parse_symbol("210-TB/TU").ambiguous
    assert not parse_symbol("188-KH/TU").ambiguous
    # A State QĐ is only a Quyết định.
    assert parse_symbol("1234/QĐ-UBND").document_types == ("quyet_dinh",)


@pytest.mark.parametrize(
    ("text", "canonical", "year", "type_code", "issuer", "first_type"),
    [
        ("29/2023/NĐ-CP", "29/2023/NĐ-CP", 2023, "NĐ", "CP", "nghi_dinh"),
        ("29/2023/ND-CP", "29/2023/NĐ-CP", 2023, "NĐ", "CP", "nghi_dinh"),
        ("Nghị định số 29/2023/nđ-cp", None, None, None, None, None),
        ("52/2019/QH14", "52/2019/QH14", 2019, "", "QH14", "luat"),
        ("số 52/2019/qh14", "52/2019/QH14", 2019, "", "QH14", "luat"),
        ("1234/QĐ-UBND", "1234/QĐ-UBND", None, "QĐ", "UBND", "quyet_dinh"),
        ("1234/QD-UBND", "1234/QĐ-UBND", None, "QĐ", "UBND", "quyet_dinh"),
        ("31/2024/NQ-HĐND", "31/2024/NQ-HĐND", 2024, "NQ", "HĐND", "nghi_quyet"),
        ("31/2024/NQ-HDND", "31/2024/NQ-HĐND", 2024, "NQ", "HĐND", "nghi_quyet"),
        ("949/QĐ-BTP", "949/QĐ-BTP", None, "QĐ", "BTP", "quyet_dinh"),
        ("15/CT-TTg", "15/CT-TTg", None, "CT", "TTg", "chi_thi"),
        ("15/ct-ttg", "15/CT-TTg", None, "CT", "TTg", "chi_thi"),
        ("01/2020/TT-BNV", "01/2020/TT-BNV", 2020, "TT", "BNV", "thong_tu"),
        ("5/2021/QyĐ-UBND", "5/2021/QyĐ-UBND", 2021, "QyĐ", "UBND", "quy_dinh"),
        ("80/2025/QH15", "80/2025/QH15", 2025, "", "QH15", "luat"),
        ("22/2008/QH12", "22/2008/QH12", 2008, "", "QH12", "luat"),
        ("58/2010/QH12", "58/2010/QH12", 2010, "", "QH12", "luat"),
        ("1814/BNV-TCBC", "1814/BNV-TCBC", None, "", "BNV-TCBC", "cong_van"),
        ("5633/BNV-CQĐP", "5633/BNV-CQĐP", None, "", "BNV-CQĐP", "cong_van"),
        ("5633/bnv-cqdp", "5633/BNV-CQDP", None, "", "BNV-CQDP", "cong_van"),  # unit: as typed
        ("01/2015/TTLT-BNV-BTC", "01/2015/TTLT-BNV-BTC", 2015, "TTLT", "BNV-BTC",
         "thong_tu_lien_tich"),
        ("25/VBHN-VPQH", "25/VBHN-VPQH", None, "VBHN", "VPQH", "van_ban_hop_nhat"),
        ("29/2023/NĐCP", "29/2023/NĐ-CP", 2023, "NĐ", "CP", "nghi_dinh"),
        ("29/2023/NDCP", "29/2023/NĐ-CP", 2023, "NĐ", "CP", "nghi_dinh"),
        ("1046/QĐTTg", "1046/QĐ-TTg", None, "QĐ", "TTg", "quyet_dinh"),
        ("343/QĐUBND", "343/QĐ-UBND", None, "QĐ", "UBND", "quyet_dinh"),
        ("06/2020/TTBNV", "06/2020/TT-BNV", 2020, "TT", "BNV", "thong_tu"),
    ],
)
def test_state_symbols(text, canonical, year, type_code, issuer, first_type):
    if canonical is None:  # a type phrase in front is not part of a symbol
        with pytest.raises(SymbolError):
            parse_symbol(text)
        return
    symbol = parse_symbol(text)
    assert symbol.system == "state"
    assert symbol.canonical == canonical
    assert symbol.year == year
    assert symbol.type_code == type_code
    assert symbol.issuer_code == issuer
    assert symbol.document_types[0] == first_type


def test_law_symbol_has_no_type_code():
    law = parse_symbol("52/2019/QH14")
    assert law.type_code == ""
    assert law.document_types[0] == "luat"


@pytest.mark.parametrize(("text", "term", "bodies"), [
    ("52/2019/QH14", 14, ("QH",)), ("80/2025/QH15", 15, ("QH",)),
    ("22/2008/QH12", 12, ("QH",)), ("58/2010/qh12", 12, ("QH",)),
    ("1/2020/UBTVQH14", 14, ("UBTVQH",)), ("29/2023/NĐ-CP", None, ("CP",)),
    ("188-KH/TU", None, ("TU",)),
])
def test_the_legislatures_code_carries_its_term(text, term, bodies):
    symbol = parse_symbol(text)
    assert (symbol.term_number, symbol.issuer_codes) == (term, bodies)


def test_issuers_of_joint_documents_and_units_of_official_letters():
    joint = parse_symbol("01/2015/TTLT-BNV-BTC")
    assert (joint.issuer_codes, joint.unit) == (("BNV", "BTC"), "")
    letter = parse_symbol("1814/BNV-TCBC")
    assert (letter.issuer_codes, letter.unit, letter.type_code) == (("BNV",), "TCBC", "")
    assert parse_symbol("1234/QĐ-UBND").issuer_codes == ("UBND",)
    assert parse_symbol("188-KH/TU").issuer_codes == ("TU",)
    assert parse_symbol("12-XYZ/ZZ").issuer_codes == ("ZZ",)


@pytest.mark.parametrize(("one", "other"), [
    ("41-QĐ/TƯ", "41-QĐ/TW"),
    ("16-HD/BTCTƯ", "16-HD/BTCTW"),
    ("39/QĐ-VPTW", "39-QĐ/VPTW"),
    ("29/2023/NĐCP", "29/2023/NĐ-CP"),
    ("5633/bnv-cqdp", "5633/BNV-CQĐP"),
    ("29/2023/ND-CP", "29/2023/NĐ-CP"),
    ("1046/QĐTTg", "1046/QĐ-TTg"),
    ("343/QĐUBND", "343/QĐ-UBND"),
    ("06/2020/TTBNV", "6/2020/TT-BNV"),
    ("188/KH-TU", "188-KH/TU"),
])
def test_every_spelling_of_a_symbol_has_one_key(one, other):
    assert symbol_key(one) == symbol_key(other) == parse_symbol(other).lookup_key


def test_a_party_offices_state_layout_is_kept_a_committees_is_rewritten():
    assert parse_symbol("39/QĐ-VPTW").canonical == "39/QĐ-VPTW"
    assert parse_symbol("39-QĐ/VPTW").canonical == "39-QĐ/VPTW"
    assert parse_symbol("188/KH-TU").canonical == "188-KH/TU"
    assert parse_symbol("35/CT-TW").canonical == "35-CT/TW"


def test_symbol_key_of_text_that_is_no_symbol():
    assert symbol_key("") == ""
    assert symbol_key("Chưa có  Số") == "chuacoso"


def test_bare_number():
    assert [bare_number(n) for n in ("04", "4", "0", "000", "", None, "120")] == [
        "4", "4", "0", "0", "0", "0", "120"]


def test_unknown_type_code_still_parses():
    symbol = parse_symbol("12-XYZ/TU")
    assert symbol.canonical == "12-XYZ/TU"
    assert symbol.document_types == ()
    assert not symbol.ambiguous


def test_lookup_key():
    assert parse_symbol("188-KH/TU").lookup_key == "188-kh/tu"
    assert parse_symbol("34-ĐA/TU").lookup_key == parse_symbol("34-DA/TU").lookup_key
    assert parse_symbol("29/2023/NĐ-CP").lookup_key == "29/2023/nd-cp"
    assert parse_symbol("210 -TB/TU").lookup_key == "210-tb/tu"


def test_equality_ignores_raw_and_symbol_is_frozen():
    assert parse_symbol("188/KH-TU") == parse_symbol("số 188-KH/TU")
    assert hash(parse_symbol("188-KH/TU")) == hash(parse_symbol("188-kh/tu"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        parse_symbol("188-KH/TU").number = "1"  # type: ignore[misc]
    assert str(parse_symbol("188-kh/tu")) == "188-KH/TU"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "abc", "188", "188-KH", "KH/TU", "10/2019", "6-11-2023", "238/238", "x" * 500],
)
def test_garbage_raises_symbol_error(text):
    with pytest.raises(SymbolError) as info:
        parse_symbol(text)
    assert isinstance(info.value, ValueError)
    assert "số ký hiệu" in str(info.value) and "symbol" in str(info.value)
    assert try_parse_symbol(text) is None


def test_try_parse_symbol():
    assert try_parse_symbol("188-KH/TU") == Symbol("188", None, "KH", "TU", "party", ("ke_hoach",))
    assert try_parse_symbol("nothing") is None


# --- properties ------------------------------------------------------------------------

symbolish = st.text(
    alphabet=st.sampled_from(list("0123456789-/–—ÐĐđDdKHTUQNAWCrixyz .:sốSố")), max_size=24
)
structured = st.builds(
    lambda n, sep, code, issuer: f"{n}{sep}{code}/{issuer}",
    st.integers(min_value=0, max_value=99999),
    st.sampled_from(["-", " -", "–", " — "]),
    st.sampled_from(["KH", "kh", "ĐA", "DA", "ÐA", "QĐi", "QDi", "CTr", "ctr", "XX"]),
    st.sampled_from(["TU", "tu", "QU", "QUTW", "DU", "ĐUK", "UBND", "HĐND", "ZZ"]),
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=30), symbolish, structured))
def test_parse_symbol_round_trips_or_raises(text):
    try:
        symbol = parse_symbol(text)
    except SymbolError:
        return
    again = parse_symbol(symbol.canonical)
    assert again == symbol
    assert again.canonical == symbol.canonical
    assert symbol.system in ("party", "state")
