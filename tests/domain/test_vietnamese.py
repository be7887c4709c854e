"""Tests of documents.domain.vietnamese (no Django needed)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from documents.domain.vietnamese import (
    fold,
    format_date,
    format_number,
    format_percent,
    nfc,
    normalize_tone_placement,
    parse_vietnamese_number,
    sort_key,
)

NBSP = "\u00a0"


def test_nfc_composes_decomposed_text():
    decomposed = unicodedata.normalize("NFD", "Thành ủy")
    assert decomposed != "Thành ủy"
    assert nfc(decomposed) == "Thành ủy"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Thành uỷ", "Thành ủy"),
        ("hoà", "hòa"),
        ("thuý", "thúy"),
        ("khoẻ", "khỏe"),
        ("Hoà Bình", "Hòa Bình"),
        ("THÀNH UỶ", "THÀNH ỦY"),
        ("HOÀ", "HÒA"),
        ("Uỷ ban", "Ủy ban"),
        ("hoạ", "họa"),
        ("xoã", "xõa"),
    ],
)
def test_tone_placement_old_to_canonical(old, new):
    assert normalize_tone_placement(old) == new
    assert normalize_tone_placement(new) == new


@pytest.mark.parametrize(
    "word",
    ["quý", "quỹ", "hoàn", "hoạch", "thuyền", "khuỷu", "ngoài", "hòa", "Quyết định", "Đề án"],
)
def test_tone_placement_leaves_other_syllables_alone(word):
    assert normalize_tone_placement(word) == word


def test_tone_placement_handles_decomposed_input():
    assert normalize_tone_placement(unicodedata.normalize("NFD", "Thành uỷ")) == "Thành ủy"


def test_fold_examples():
    assert fold("Thành uỷ") == fold("Thành ủy") == fold("thanh uy") == "thanh uy"
    assert fold("ĐÀO TẠO") == "dao tao"
    assert fold("Ðề án") == "de an"  # U+00D0, Icelandic Eth used by mistake
    assert fold("  Kế   hoạch\t số\n188–KH/TU ") == "ke hoach so 188-kh/tu"
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2212":
        assert fold(f"2024{dash}2025") == "2024-2025"
    assert fold("Nghị quyết") == "nghi quyet"
    assert fold("ương ưa ơi") == "uong ua oi"
    assert fold("") == ""


def test_sort_key_vietnamese_alphabet():
    names = ["Đống Đa", "Ba Đình", "Cầu Giấy", "Hoàn Kiếm", "Ân Thi", "An Khê"]
    assert sorted(names, key=sort_key) == [
        "An Khê",
        "Ân Thi",
        "Ba Đình",
        "Cầu Giấy",
        "Đống Đa",
        "Hoàn Kiếm",
    ]


def test_sort_key_d_before_dj_and_letter_order():
    assert sorted(["Đà Nẵng", "Dương", "Đông Anh", "Duy Tiên"], key=sort_key) == [
        "Duy Tiên",
        "Dương",
        "Đà Nẵng",
        "Đông Anh",
    ]
    assert sorted(["ơ", "o", "ô"], key=sort_key) == ["o", "ô", "ơ"]
    assert sorted(["ư", "u", "v"], key=sort_key) == ["u", "ư", "v"]
    assert sorted(["ă", "a", "â", "b"], key=sort_key) == ["a", "ă", "â", "b"]
    assert sorted(["ê", "e", "g"], key=sort_key) == ["e", "ê", "g"]


def test_sort_key_tones_are_secondary():
    # level < huyền < hỏi < ngã < sắc < nặng
    assert sorted(["má", "mạ", "mà", "mã", "ma", "mả"], key=sort_key) == [
        "ma",
        "mà",
        "mả",
        "mã",
        "má",
        "mạ",
    ]
    # base letters decide before tones do
    assert sorted(["mạb", "maa"], key=sort_key) == ["maa", "mạb"]


def test_sort_key_case_insensitive_and_tone_placement_insensitive():
    assert sorted(["b", "A", "a", "C"], key=sort_key) == ["a", "A", "b", "C"]
    assert sort_key("Thành uỷ")[:3] == sort_key("Thành ủy")[:3]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (11473, "11.473"),
        (Decimal("17.9"), "17,9"),
        (Decimal("54.16"), "54,16"),
        (100, "100"),
        (0.5, "0,5"),
        (Decimal("17.90"), "17,9"),
        (Decimal("1E+3"), "1.000"),
        (1234567, "1.234.567"),
        (-1234.5, "-1.234,5"),
        ("17.9", "17,9"),
        (0, "0"),
        (Decimal("-0.00"), "0"),
        (3622, "3.622"),
    ],
)
def test_format_number(value, expected):
    assert format_number(value) == expected


def test_format_number_with_decimals():
    assert format_number(Decimal("2.345"), 2) == "2,35"
    assert format_number(3, 2) == "3,00"
    assert format_number(1234.5, 0) == "1.235"
    assert format_number(Decimal("99.9"), 1) == "99,9"


def test_format_number_rejects_non_numbers():
    with pytest.raises(ValueError):
        format_number("abc")
    with pytest.raises(ValueError):
        format_number(float("nan"))
    with pytest.raises(TypeError):
        format_number(None)  # type: ignore[arg-type]


def test_format_percent_and_date():
    assert format_percent(Decimal("17.9")) == f"17,9{NBSP}%"
    assert format_percent(10) == f"10{NBSP}%"
    assert format_date(dt.date(2023, 11, 6)) == "06/11/2023"
    assert format_date(dt.datetime(2021, 4, 8, 10, 30)) == "08/04/2021"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11.473", Decimal("11473")),
        ("54,16", Decimal("54.16")),
        ("17,9%", Decimal("17.9")),
        ("17,9 %", Decimal("17.9")),
        ("71,28%", Decimal("71.28")),
        ("1.000.000,5", Decimal("1000000.5")),
        ("100", Decimal("100")),
        ("-3", Decimal("-3")),
        (" 5.405 ", Decimal("5405")),
    ],
)
def test_parse_vietnamese_number(text, expected):
    assert parse_vietnamese_number(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "11.47", ",5", "1,2,3", "12a", "%"])
def test_parse_vietnamese_number_rejects_garbage(text):
    with pytest.raises(ValueError):
        parse_vietnamese_number(text)


# --- properties ------------------------------------------------------------------------

vietnamese_text = st.lists(
    st.sampled_from(
        list("aăâbcdđeêghiklmnoôơpqrstuưvxyĐÐ AOUY-–—/.,0123456789")
        + ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "uỷ", "hoà", "ủy", "Thành"]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=60), vietnamese_text))
def test_fold_is_idempotent_and_never_raises(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert folded == folded.strip()
    assert "  " not in folded


def _fold_whole(text: str) -> str:
    """fold()'s definition applied to the whole text at once (fold() works word by word)."""
    from documents.domain.vietnamese import _FOLD_TABLE

    s = nfc(text).translate(_FOLD_TABLE).lower()
    s = "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")
    return nfc(" ".join(s.split()))


_SPACES = [" ", "\n", "\t", NBSP, "\u2000", "\u2001", "\u3000", "\x1c", "\u0085"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=8), vietnamese_text, st.sampled_from(
    _SPACES + ["Σ", "ΑΣ", "ς", "İ", "\u0345", "Đ", "—", "ǅ"])), max_size=30).map("".join))
def test_fold_word_by_word_is_fold_of_the_whole_text(text):
    assert fold(text) == _fold_whole(text)


def test_fold_word_by_word_on_every_character():
    for start in range(0, 0x110000, 0x2000):
        chars = "".join(chr(c) for c in range(start, start + 0x2000)
                        if not 0xD800 <= c < 0xE000)
        spaced = " ".join(chars[i:i + 7] for i in range(0, len(chars), 7))
        assert fold(chars) == _fold_whole(chars)
        assert fold(spaced) == _fold_whole(spaced)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=60), vietnamese_text))
def test_tone_placement_is_idempotent(text):
    once = normalize_tone_placement(text)
    assert normalize_tone_placement(once) == once
    assert fold(once) == fold(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=20), vietnamese_text), max_size=8))
def test_sort_key_never_raises_and_orders_totally(texts):
    assert sorted(texts, key=sort_key) == sorted(sorted(texts), key=sort_key)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.integers(min_value=-(10**15), max_value=10**15),
        st.decimals(
            allow_nan=False, allow_infinity=False, places=3, max_value=10**12, min_value=-(10**12)
        ),
    )
)
def test_format_then_parse_round_trips(value):
    assert parse_vietnamese_number(format_number(value)) == Decimal(value)
