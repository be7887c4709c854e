"""Tests of documents.domain.references (no Django needed)."""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from documents.domain.references import Reference, find_references
from documents.domain.symbols import parse_symbol

SEEDS_DIR = Path(
    os.environ.get("SEEDS_DIR", Path(__file__).resolve().parents[2].parent / "shared" / "seeds")
)

EXPECTED_SYMBOLS = {
    "000": {"171-KH/TU"},
    "001": {"188-KH/TU"},
    "002": set(),
    "003": {"01-CTr/QU", "21-ĐA/TU", "15-ĐA/QU", "18-NQ/TW", "210-TB/TU"},
    "004": {"34-ĐA/TU", "188-KH/TU", "04-NQ/TU", "07-QĐ/TU"},
}

# Deliberately simple, independent patterns for "anything that looks like a symbol".
_SIMPLE_PATTERNS = (
    re.compile(r"\d+\s*[-‐‑‒–—−]\s*[A-Za-zĐđÐ]+/[A-Za-zĐđÐ]+"),
    re.compile(r"\d+/\d{4}/[A-Za-zĐđÐ0-9]+(?:-[A-Za-zĐđÐ0-9]+)?"),
    re.compile(r"\d+/[A-Za-zĐđÐ]+-[A-Za-zĐđÐ]+"),
)


def _seed(prefix: str) -> str:
    matches = sorted(SEEDS_DIR.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed article {prefix} not found in {SEEDS_DIR}")
    return matches[0].read_text(encoding="utf-8")


def _simple_symbols(text: str) -> set[str]:
    found = set()
    for pattern in _SIMPLE_PATTERNS:
        for match in pattern.finditer(text):
            found.add(parse_symbol(match.group()).canonical)
    return found


def _one(text: str) -> Reference:
    refs = find_references(text)
    assert len(refs) == 1, refs
    return refs[0]


# --- the seed articles -------------------------------------------------------------------


@pytest.mark.parametrize("prefix", sorted(EXPECTED_SYMBOLS))
def test_seed_article_symbols(prefix):
    text = _seed(prefix)
    refs = find_references(text)
    found = {r.symbol.canonical for r in refs if r.symbol}
    assert found == _simple_symbols(text)
    assert found == EXPECTED_SYMBOLS[prefix]
    for ref in refs:
        assert text[ref.start : ref.end] == ref.text
        assert ref.text in ref.sentence
        if ref.symbol_text:
            assert ref.symbol_text in ref.text


def test_seed_003_thong_bao_ket_luan():
    refs = find_references(_seed("003"))
    (ref,) = [r for r in refs if r.symbol and r.symbol.canonical == "210-TB/TU"]
    assert ref.date == dt.date(2021, 4, 8)
    assert ref.date_text == "ngày 08/4/2021"
    assert ref.document_type == "thong_bao_ket_luan"
    assert ref.type_phrase == "Thông báo kết luận"
    assert ref.symbol_text == "210 -TB/TU"
    assert ref.issuer_phrase == "Ban Thường vụ Thành uỷ"


def test_seed_003_programme_without_symbol():
    refs = find_references(_seed("003"))
    numbered = [r for r in refs if r.symbol is None and r.number == "01"]
    assert len(numbered) == 1
    assert numbered[0].document_type == "chuong_trinh"
    assert numbered[0].issuer_phrase == "Quận uỷ"
    central = [r for r in refs if r.symbol and r.symbol.canonical == "18-NQ/TW"][0]
    assert central.issuer_phrase == ("Hội nghị Trung ương 6 Ban Chấp hành Trung ương Đảng khóa XII")


def test_seed_004_resolution_04():
    refs = find_references(_seed("004"))
    (ref,) = [r for r in refs if r.symbol and r.symbol.canonical == "04-NQ/TU"]
    assert ref.date == dt.date(2021, 5, 31)
    assert ref.date_text == "ngày 31-5-2021"
    assert "Thành ủy Hà Nội" in ref.issuer_phrase
    assert ref.issuer_phrase == "Thành ủy Hà Nội (khóa XVII)"
    assert ref.title_phrase.startswith("Tập trung xây dựng, nâng cao chất lượng")
    assert ref.document_type == "nghi_quyet"


def test_seed_004_regulation_07_is_quy_dinh():
    refs = find_references(_seed("004"))
    (ref,) = [r for r in refs if r.symbol and r.symbol.canonical == "07-QĐ/TU"]
    assert ref.symbol.ambiguous
    assert ref.document_type == "quy_dinh"
    assert ref.date == dt.date(2021, 8, 16)
    assert ref.issuer_phrase == "Ban Thường vụ Thành ủy Hà Nội"


def test_seed_000_named_laws():
    refs = find_references(_seed("000"))
    laws = [r for r in refs if r.document_type == "luat"]
    assert [r.title_phrase for r in laws] == ["Cán bộ, công chức", "Viên chức"]
    assert all(r.symbol is None for r in laws)


# --- single sentences ----------------------------------------------------------------------


def test_plan_with_date_and_issuer():
    text = "triển khai Kế hoạch số 188-KH/TU ngày 6-11-2023 của Ban Thường vụ Thành ủy."
    ref = _one(text)
    assert ref.text == "Kế hoạch số 188-KH/TU ngày 6-11-2023 của Ban Thường vụ Thành ủy"
    assert (ref.start, ref.end) == (text.index("Kế"), text.index("."))
    assert ref.type_phrase == "Kế hoạch"
    assert ref.document_type == "ke_hoach"
    assert ref.symbol.canonical == "188-KH/TU"
    assert ref.symbol_text == "188-KH/TU"
    assert ref.number == "188"
    assert ref.date == dt.date(2023, 11, 6)
    assert ref.date_text == "ngày 6-11-2023"
    assert ref.issuer_phrase == "Ban Thường vụ Thành ủy"
    assert ref.sentence == text


def test_plan_without_so():
    ref = _one("Đảng đoàn HĐND thành phố tiếp tục triển khai Kế hoạch 171-KH/TU; sớm trình")
    assert ref.text == "Kế hoạch 171-KH/TU"
    assert ref.symbol.canonical == "171-KH/TU"
    assert ref.issuer_phrase is None


def test_quoted_title():
    text = (
        'theo Kế hoạch số 188-KH/TU ngày 6-11-2023 của Ban Thường vụ Thành ủy "Về luân '
        'chuyển, điều động cán bộ giai đoạn 2024-2025".'
    )
    ref = _one(text)
    assert ref.issuer_phrase == "Ban Thường vụ Thành ủy"
    assert ref.title_phrase == "Về luân chuyển, điều động cán bộ giai đoạn 2024-2025"


def test_thong_bao_ket_luan_with_stray_space():
    ref = _one(
        "Thông báo kết luận số 210 -TB/TU ngày 08/4/2021 của Ban Thường vụ Thành uỷ; chú trọng"
    )
    assert ref.symbol_text == "210 -TB/TU"
    assert ref.symbol.canonical == "210-TB/TU"
    assert ref.date == dt.date(2021, 4, 8)
    assert ref.document_type == "thong_bao_ket_luan"
    assert ref.issuer_phrase == "Ban Thường vụ Thành uỷ"


def test_resolution_with_term():
    ref = _one(
        "thực hiện tốt Nghị quyết số 04-NQ/TU ngày 31-5-2021 của Thành ủy Hà Nội (khóa XVII) "
        "về “Tập trung xây dựng đội ngũ cán bộ” và"
    )
    assert ref.issuer_phrase == "Thành ủy Hà Nội (khóa XVII)"
    assert ref.date == dt.date(2021, 5, 31)
    assert ref.title_phrase == "Tập trung xây dựng đội ngũ cán bộ"


def test_quy_dinh_disambiguates_qd():
    ref = _one("Quy định số 07-QĐ/TU ngày 16/8/2021 của Ban Thường vụ Thành ủy Hà Nội về luân")
    assert ref.document_type == "quy_dinh"
    assert ref.issuer_phrase == "Ban Thường vụ Thành ủy Hà Nội"
    assert ref.title_phrase == "về luân"
    decision = _one("Quyết định số 12-QĐ/TU ngày 1/2/2022")
    assert decision.document_type == "quyet_dinh"
    bare = _one("theo 12-QĐ/TU.")
    assert bare.document_type == "quyet_dinh"  # the code's default
    assert bare.symbol.ambiguous


def test_scheme_with_date_and_several_on_one_line():
    text = (
        "theo Đề án số 21-ĐA/TU của BTV Thành uỷ và Đề án số 15-ĐA/QU của BTV Quận uỷ. "
        "Đề án số 34-ĐA/TU ngày 6/11/2023."
    )
    refs = find_references(text)
    assert [r.symbol.canonical for r in refs] == ["21-ĐA/TU", "15-ĐA/QU", "34-ĐA/TU"]
    assert [r.issuer_phrase for r in refs] == ["BTV Thành uỷ", "BTV Quận uỷ", None]
    assert refs[2].date == dt.date(2023, 11, 6)
    assert refs[2].sentence == "Đề án số 34-ĐA/TU ngày 6/11/2023."
    assert all(r.document_type == "de_an" for r in refs)


def test_programme_with_and_without_symbol():
    ref = _one("Ban Chủ nhiệm Chương trình số 01-CTr/QU của Quận uỷ tổ chức hội nghị")
    assert ref.symbol.canonical == "01-CTr/QU"
    assert ref.issuer_phrase == "Quận uỷ"
    numbered = _one("Ban Chủ nhiệm Chương trình số 01 của Quận uỷ, đồng chí Ngô Mạnh Điềm")
    assert numbered.symbol is None
    assert numbered.symbol_text is None
    assert numbered.number == "01"
    assert numbered.document_type == "chuong_trinh"
    assert numbered.issuer_phrase == "Quận uỷ"
    assert numbered.text == "Chương trình số 01 của Quận uỷ"


def test_central_resolution_issuer_without_cua():
    ref = _one(
        "góp phần đưa Nghị quyết số 18-NQ/TW Hội nghị Trung ương 6 Ban Chấp hành Trung ương "
        "Đảng khóa XII đi vào cuộc sống."
    )
    assert ref.symbol.canonical == "18-NQ/TW"
    assert ref.issuer_phrase == "Hội nghị Trung ương 6 Ban Chấp hành Trung ương Đảng khóa XII"


def test_bare_symbol():
    ref = _one("Các đơn vị thực hiện theo 188-KH/TU, báo cáo kết quả.")
    assert ref.type_phrase is None
    assert ref.document_type == "ke_hoach"
    assert ref.text == "188-KH/TU"


def test_state_symbols():
    refs = find_references(
        "Căn cứ Nghị định số 29/2023/NĐ-CP ngày 3/6/2023 của Chính phủ quy định; "
        "Luật số 52/2019/QH14; Quyết định 1234/QĐ-UBND; Nghị quyết số 31/2024/NQ-HĐND."
    )
    assert [r.symbol.canonical for r in refs] == [
        "29/2023/NĐ-CP",
        "52/2019/QH14",
        "1234/QĐ-UBND",
        "31/2024/NQ-HĐND",
    ]
    assert [r.document_type for r in refs] == ["nghi_dinh", "luat", "quyet_dinh", "nghi_quyet"]
    assert refs[0].date == dt.date(2023, 6, 3)
    assert refs[0].issuer_phrase == "Chính phủ"


def test_named_laws():
    refs = find_references("thực hiện Luật Cán bộ, công chức và Luật Viên chức sửa đổi 2019…")
    assert [r.title_phrase for r in refs] == ["Cán bộ, công chức", "Viên chức"]
    assert [r.text for r in refs] == ["Luật Cán bộ, công chức", "Luật Viên chức sửa đổi 2019"]
    assert all(r.document_type == "luat" and r.symbol is None for r in refs)
    named = _one("theo Luật Cán bộ, công chức số 22/2008/QH12 ngày 13/11/2008")
    assert named.symbol.canonical == "22/2008/QH12"
    assert named.type_phrase == "Luật"
    assert named.title_phrase == "Cán bộ, công chức"
    assert named.date == dt.date(2008, 11, 13)


@pytest.mark.parametrize(
    ("fragment", "date", "date_text"),
    [
        ("ngày 6-11-2023", dt.date(2023, 11, 6), "ngày 6-11-2023"),
        ("ngày 6/11/2023", dt.date(2023, 11, 6), "ngày 6/11/2023"),
        ("ngày 06/11/2023", dt.date(2023, 11, 6), "ngày 06/11/2023"),
        ("ngày 08/4/2021", dt.date(2021, 4, 8), "ngày 08/4/2021"),
        ("ngày 6 tháng 11 năm 2023", dt.date(2023, 11, 6), "ngày 6 tháng 11 năm 2023"),
        ("ngày 8-11", None, "ngày 8-11"),
        ("ngày 31/2/2023", None, "ngày 31/2/2023"),
    ],
)
def test_dates(fragment, date, date_text):
    ref = _one(f"Kế hoạch số 188-KH/TU {fragment} của Ban Thường vụ Thành ủy")
    assert ref.date == date
    assert ref.date_text == date_text
    assert ref.issuer_phrase == "Ban Thường vụ Thành ủy"


def test_messy_symbols_in_text():
    refs = find_references("Đề án số 34-\u00d0A/TU, Kế hoạch số 188–KH/TU và văn bản 188/KH-TU.")
    assert [r.symbol.canonical for r in refs] == ["34-ĐA/TU", "188-KH/TU", "188-KH/TU"]
    assert refs[0].symbol_text == "34-\u00d0A/TU"


def test_offsets_point_into_non_nfc_text():
    text = unicodedata.normalize(
        "NFD", "Ghi chú. Thông báo kết luận số 210 -TB/TU của BTV Thành uỷ."
    )
    ref = _one(text)
    assert text[ref.start : ref.end] == ref.text
    assert ref.document_type == "thong_bao_ket_luan"
    assert unicodedata.normalize("NFC", ref.issuer_phrase) == "BTV Thành uỷ"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Ngày 8-11, Chủ tịch UBND TP.HCM Phan Văn Mãi đã ký quyết định phê duyệt đề án",
        "các đoàn thể CT-XH, CT- XH phường; 238/238 người; từ tháng 10/2919 đến nay",
        "kế hoạch 5 năm (2020-2025); Đề án 06 của Chính phủ; tỷ lệ 54,16%",
        "Luật sư Nguyễn Văn A cho biết",
    ],
)
def test_no_invented_references(text):
    assert [r for r in find_references(text) if r.symbol or r.number] == []


def test_large_random_input_is_fast():
    rng = random.Random(20231106)
    alphabet = 'aăâbcdđeêghiklmnoôơuưĐÐKHTUQNA0123456789 -/–.,;:()"“”\n\u0301\u0300'
    noise = "".join(rng.choice(alphabet) for _ in range(200_000))
    repeated = "Kế hoạch số 188-KH/TU ngày 6-11-2023 của Ban Thường vụ Thành ủy về “x”. " * 2500
    hard = "Luật " * 40_000 + "1-" * 50_000 + "của Ban " * 20_000
    for text in (noise, repeated, hard):
        started = time.perf_counter()
        find_references(text)
        assert time.perf_counter() - started < 5.0


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.text(max_size=200),
        st.lists(
            st.sampled_from(
                list('0123456789-/–ĐÐKHTUQNAsốngàyủaLuật ,.;()"“”\n\u0301')
                + ["Kế hoạch ", "số ", "ngày ", "của ", "Ban Thường vụ ", "về ", "(khóa ", ")"]
            ),
            max_size=60,
        ).map("".join),
    )
)
def test_find_references_never_raises(text):
    for ref in find_references(text):
        assert 0 <= ref.start <= ref.end <= len(text)
        assert text[ref.start : ref.end] == ref.text
