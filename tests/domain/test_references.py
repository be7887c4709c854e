"""Tests of documents.domain.references (no Django needed)."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import pkgutil
import random
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from documents.domain import references
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

# Documents the seed articles name by type and title only (no number): (type, title start).
EXPECTED_TITLE_ONLY = {
    "000": {
        ("de_an", "về thí điểm thi tuyển một số chức danh"),
        ("to_trinh", "tiếp tục thí điểm mô hình Đội quản lý trật tự xây dựng đô thị"),
        ("nghi_quyet", "về mức hỗ trợ đối với cán bộ, công chức cấp xã"),
        ("chi_thi", "về lãnh đạo cuộc bầu cử đại biểu Quốc hội"),
        ("to_trinh", "về trình tự, thủ tục bổ nhiệm, miễn nhiệm"),
    },
    "001": {
        ("cong_van", "đề nghị Ban Cán sự đảng UBND thành phố"),
        ("de_an", "vị trí việc làm"),
        ("quyet_dinh", "về ban hành tạm thời danh mục vị trí việc làm"),
        ("quy_dinh", "về quản lý cán bộ, phân cấp quản lý cán bộ"),
    },
    "002": {
        ("quyet_dinh", "phê duyệt đề án xây dựng nền công vụ TP.HCM"),
        ("de_an", "xây dựng nền công vụ TP.HCM hoạt động hiệu lực"),
        ("de_an", "nhánh mang tính chiến lược"),
        ("de_an", "về luân chuyển cán bộ lãnh đạo, quản lý các cấp"),
        ("quy_dinh", "về miễn nhiệm, từ chức, điều chuyển, thay thế"),
        ("quy_dinh", "triển khai thí điểm chế độ làm việc từ xa"),
    },
    "003": set(),
    "004": {
        ("ke_hoach", "thực hiện 2 văn bản này của Thành ủy"),
        # the page's other news items (not the article, but real documents)
        ("nghi_quyet", "Đại hội Đảng bộ thành phố Hà Nội lần thứ XVII"),
        ("quyet_dinh", "thành lập Ban Chỉ đạo"),
        ("quy_dinh", "về ủy quyền giải quyết thủ tục hành chính"),
    },
}

# Generic phrases in the seed articles that name no particular document.
SEED_GENERIC_PHRASES = (
    "kế hoạch công tác đã đề ra",
    "các quy định mới",
    "các quy định pháp luật",
    "theo hướng dẫn",
    "mục tiêu của đề án là",
    "Theo đề án,",
    "quyết định đưa ra khỏi danh sách",
    "Kế hoạch đề ra yêu cầu",
    "Kết luận phiên họp",
    "quy định về tiêu chuẩn chức danh",
    "có kế hoạch đào tạo",
    "Đề án 06",
    "chương trình giao lưu",
)

# Deliberately simple, independent patterns for "anything that looks like a symbol".
_SIMPLE_PATTERNS = (
    re.compile(r"\d+\s*[-‐‑‒–—−]\s*[A-Za-zĐđÐ]+/[A-Za-zĐđÐ]+"),
    re.compile(r"\d+/\d{4}/[A-Za-zĐđÐ0-9]+(?:-[A-Za-zĐđÐ0-9]+)?"),
    re.compile(r"\d+/[A-Za-zĐđÐ]+-[A-Za-zĐđÐ]+"),
)


SEED_FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "seed.json"


def _seed(prefix: str) -> str:
    """The article's text: from ``../shared/seeds`` when it is there, else the copy the seed
    fixture keeps as its Source's text (``tests/test_seed_fixtures.py`` checks the copy is
    the article as published whenever both are present)."""
    matches = sorted(SEEDS_DIR.glob(f"{prefix}_*.txt"))
    if matches:
        return matches[0].read_text(encoding="utf-8")
    for obj in json.loads(SEED_FIXTURE.read_text(encoding="utf-8")):
        fields = obj["fields"]
        if obj["model"] == "documents.source" and fields.get("reference", "").startswith(
            f"seeds/{prefix}_"
        ):
            return fields["text"]
    pytest.fail(f"seed article {prefix} is neither in {SEEDS_DIR} nor in {SEED_FIXTURE}")


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
    # "Luật Cán bộ, công chức và Luật Viên chức sửa đổi 2019": the one 2019 law amending both.
    assert [r.title_phrase for r in laws] == ["Cán bộ, công chức và Luật Viên chức"]
    assert laws[0].text == "Luật Cán bộ, công chức và Luật Viên chức sửa đổi 2019"
    assert all(r.symbol is None for r in laws)


def _title_only(refs):
    return [r for r in refs if r.symbol is None and r.number is None and r.document_type != "luat"]


@pytest.mark.parametrize("prefix", sorted(EXPECTED_TITLE_ONLY))
def test_seed_article_title_only_references(prefix):
    text = _seed(prefix)
    refs = _title_only(find_references(text))
    found = [(r.document_type, r.title_phrase) for r in refs]
    for doc_type, start in EXPECTED_TITLE_ONLY[prefix]:
        assert any(t == doc_type and title.startswith(start) for t, title in found), (
            doc_type,
            start,
            found,
        )
    # Nothing else: every title-only reference is one of the expected documents.
    for doc_type, title in found:
        assert any(
            doc_type == t and title.startswith(start) for t, start in EXPECTED_TITLE_ONLY[prefix]
        ), (doc_type, title)
    for ref in refs:
        assert text[ref.start : ref.end] == ref.text
        assert ref.text in ref.sentence
        assert ref.title_phrase in text


@pytest.mark.parametrize("prefix", sorted(EXPECTED_TITLE_ONLY))
def test_seed_generic_phrases_are_not_references(prefix):
    text = _seed(prefix)
    for ref in find_references(text):
        quoted = f"{ref.text} {ref.title_phrase or ''}"
        for phrase in SEED_GENERIC_PHRASES:
            if phrase in text:
                assert phrase not in quoted, (phrase, ref)


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
    assert [r.title_phrase for r in refs] == ["Cán bộ, công chức và Luật Viên chức"]
    assert [r.text for r in refs] == ["Luật Cán bộ, công chức và Luật Viên chức sửa đổi 2019"]
    assert all(r.document_type == "luat" and r.symbol is None for r in refs)
    two = find_references("thực hiện Luật Cán bộ, công chức và Luật Viên chức.")
    assert [r.title_phrase for r in two] == ["Cán bộ, công chức", "Viên chức"]
    amended = find_references("Luật Cán bộ, công chức và Luật Viên chức sửa đổi 2019.")
    assert len(amended) == 1
    named = _one("theo Luật Cán bộ, công chức số 22/2008/QH12 ngày 13/11/2008")
    assert named.symbol.canonical == "22/2008/QH12"
    assert named.type_phrase == "Luật"
    assert named.title_phrase == "Cán bộ, công chức"
    assert named.date == dt.date(2008, 11, 13)


# --- documents known by type and title ------------------------------------------------------


def test_title_only_after_issuer():
    ref = _one(
        "Ban Tổ chức Thành ủy sớm tham mưu, xây dựng Chỉ thị của Ban Thường vụ Thành ủy về "
        "lãnh đạo cuộc bầu cử đại biểu Quốc hội nhiệm kỳ 2021-2026."
    )
    assert (ref.symbol, ref.number) == (None, None)
    assert ref.document_type == "chi_thi"
    assert ref.text == "Chỉ thị của Ban Thường vụ Thành ủy"
    assert ref.issuer_phrase == "Ban Thường vụ Thành ủy"
    assert ref.title_phrase == "về lãnh đạo cuộc bầu cử đại biểu Quốc hội nhiệm kỳ 2021-2026"


def test_title_only_ve_and_quoted():
    ref = _one("Bí thư đề nghị sớm hoàn thiện Đề án về thí điểm thi tuyển một số chức danh.")
    assert (ref.document_type, ref.text) == ("de_an", "Đề án")
    assert ref.title_phrase == "về thí điểm thi tuyển một số chức danh"
    quoted = _one("Quận triển khai Kế hoạch “Nâng cao chất lượng cán bộ cơ sở” trong năm.")
    assert quoted.document_type == "ke_hoach"
    assert quoted.title_phrase == "Nâng cao chất lượng cán bộ cơ sở"


def test_decision_approving_a_scheme_names_both():
    text = (
        "Ngày 8-11, Chủ tịch UBND TP.HCM đã ký quyết định phê duyệt đề án xây dựng nền công "
        "vụ TP.HCM hoạt động hiệu lực, hiệu quả giai đoạn 2024-2030."
    )
    refs = find_references(text)
    assert [(r.document_type, r.text) for r in refs] == [
        ("quyet_dinh", "quyết định"),
        ("de_an", "đề án"),
    ]
    assert refs[0].title_phrase == "phê duyệt đề án xây dựng nền công vụ TP.HCM hoạt động hiệu lực"
    assert refs[1].title_phrase == "xây dựng nền công vụ TP.HCM hoạt động hiệu lực"
    assert all(r.sentence == text for r in refs)


def test_bare_title_with_approving_body():
    ref = _one("thì thực hiện theo đề án vị trí việc làm được UBND thành phố phê duyệt.")
    assert ref.document_type == "de_an"
    assert ref.title_phrase == "vị trí việc làm"
    assert ref.issuer_phrase == "UBND thành phố"


def test_coordinated_types_are_one_document():
    ref = _one("các đơn vị phải xây dựng xong kế hoạch hoặc đề án thực hiện 2 văn bản này.")
    assert ref.document_type == "ke_hoach"
    assert ref.text == "kế hoạch hoặc đề án"
    assert ref.title_phrase == "thực hiện 2 văn bản này"


def test_submission_named_by_its_verb():
    ref = _one(
        "Đảng đoàn sớm trình Thành ủy xem xét, cho ý kiến về trình tự, thủ tục bổ nhiệm "
        "Chủ tịch HĐND phường."
    )
    assert ref.document_type == "to_trinh"
    assert ref.type_phrase is None and ref.issuer_phrase is None  # Thành ủy receives it
    assert ref.text == "trình Thành ủy"
    assert ref.title_phrase == "về trình tự, thủ tục bổ nhiệm Chủ tịch HĐND phường"


def test_title_only_offsets_in_non_nfc_text():
    text = unicodedata.normalize(
        "NFD", "Ghi chú. HĐND đã thông qua Nghị quyết về mức hỗ trợ cán bộ nghỉ công tác."
    )
    ref = _one(text)
    assert text[ref.start : ref.end] == ref.text
    assert unicodedata.normalize("NFC", ref.text) == "Nghị quyết"
    assert ref.title_phrase == "về mức hỗ trợ cán bộ nghỉ công tác"


@pytest.mark.parametrize(
    "text",
    [
        "Các đơn vị thực hiện ngay các quy định mới như cải cách hành chính.",
        "Yêu cầu bám sát kế hoạch công tác đã đề ra.",
        "Thực hiện theo quy định. Làm theo hướng dẫn. Theo kế hoạch, từ tháng 3 sẽ làm.",
        "Kế hoạch đề ra yêu cầu dân chủ, khách quan.",
        "Theo đó, mục tiêu của đề án là xây dựng nền công vụ.",
        "Theo đề án, thành phố ưu tiên quy hoạch cán bộ trẻ.",
        "Cơ quan có thẩm quyền xem xét, quyết định đưa ra khỏi danh sách quy hoạch.",
        "Phải thực hiện đúng các quy định pháp luật của Nhà nước.",
        "Các đơn vị báo cáo kết quả về Ban Tổ chức Thành ủy.",
        "Ban Thường vụ quyết định về việc điều động cán bộ.",
        "Quận đã có kế hoạch cụ thể để triển khai.",
        "Các địa phương có kế hoạch đào tạo thường xuyên để đáp ứng yêu cầu công việc.",
        "Thực hiện nghiêm các quy định hiện hành của Nhà nước.",
        "Đề nghị xây dựng kế hoạch và thực hiện tốt việc luân chuyển.",
        "Báo cáo và các ý kiến phát biểu tại hội nghị.",
        "Kết luận phiên họp, Bí thư đánh giá cao kết quả.",
        "Sở Nội vụ hướng dẫn về việc tuyển dụng công chức năm 2024.",
        "Quy trình tiếp nhận cán bộ; chương trình Cầu truyền hình; trình độ chuyên môn.",
        "Đề nghị trình Thành ủy.",
        "đảm bảo các nghị quyết của HĐND Thành phố đi vào cuộc sống.",
    ],
)
def test_generic_phrases_name_no_document(text):
    assert find_references(text) == []


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


class _CountingPattern:
    """A compiled pattern of the module that counts the characters its calls read (a
    match: what it consumed; a search or an iteration: up to where it stopped)."""

    def __init__(self, pattern: re.Pattern, counter: list[int]):
        self._pattern, self._counter = pattern, counter

    def __getattr__(self, name):
        return getattr(self._pattern, name)

    @staticmethod
    def _end(string, endpos):
        return len(string) if endpos is None else min(endpos, len(string))

    def match(self, string, pos=0, endpos=None):
        found = self._pattern.match(string, pos, self._end(string, endpos))
        self._counter[0] += 1 + (found.end() - pos if found else 0)
        return found

    def fullmatch(self, string, pos=0, endpos=None):
        end = self._end(string, endpos)
        self._counter[0] += 1 + max(0, end - pos)
        return self._pattern.fullmatch(string, pos, end)

    def search(self, string, pos=0, endpos=None):
        end = self._end(string, endpos)
        found = self._pattern.search(string, pos, end)
        self._counter[0] += 1 + max(0, (found.end() if found else end) - pos)
        return found

    def finditer(self, string, pos=0, endpos=None):
        end, last = self._end(string, endpos), pos
        self._counter[0] += 1
        try:
            for found in self._pattern.finditer(string, pos, end):
                last = found.end()
                yield found
            last = end
        finally:
            self._counter[0] += max(0, last - pos)

    def sub(self, repl, string, count=0):
        self._counter[0] += 1 + len(string)
        return self._pattern.sub(repl, string, count)


def _hard_inputs(scale: int) -> dict[str, str]:
    """Inputs that tempt a scanner into re-reading the text: noise, one sentence repeated,
    long runs of "Luật", "1-", "của Ban", titles and verbs without an end; *scale* sets
    their size (about 20.000–60.000 characters each at 1)."""
    rng = random.Random(20231106)
    alphabet = 'aăâbcdđeêghiklmnoôơuưĐÐKHTUQNA0123456789 -/–.,;:()"“”\n\u0301\u0300'
    return {
        "noise": "".join(rng.choice(alphabet) for _ in range(25_000 * scale)),
        "repeated": "Kế hoạch số 188-KH/TU ngày 6-11-2023 của Ban Thường vụ Thành ủy về “x”. "
        * (300 * scale),
        "hard": "Luật " * (5_000 * scale) + "1-" * (6_000 * scale) + "của Ban " * (2_500 * scale),
        "titles": "ban hành các quy định về " * (1_000 * scale) + "Đề án " * (2_500 * scale),
        "verbs": "phê duyệt quyết định phê duyệt " * (750 * scale)
        + "trình Thành ủy xem xét, " * (750 * scale),
    }


#: Characters the scanners may read per character of text (about 6–10 today: each
#: candidate looks at a bounded window around it).
MAX_READS_PER_CHARACTER = 16


def test_large_adversarial_input_costs_linear_work(monkeypatch):
    """Bounded work, not seconds: every pattern of the package's modules counts the characters
    it reads; the total stays within a constant times the text's length, and doubling the text
    at most doubles it (a scanner re-reading the rest of the text for each candidate would
    not)."""
    counter = [0]
    modules = [
        importlib.import_module(f"{references.__name__}.{module.name}")
        for module in pkgutil.iter_modules(references.__path__)
    ]
    patched = set()
    for module in modules:
        for name, value in list(vars(module).items()):
            if isinstance(value, re.Pattern):
                monkeypatch.setattr(module, name, _CountingPattern(value, counter))
                patched.add(value.pattern)
    assert len(patched) >= 20  # the scanners' patterns, whichever module holds them
    reads: dict[str, list[int]] = {}
    for scale in (1, 2):
        for name, text in _hard_inputs(scale).items():
            counter[0] = 0
            for ref in find_references(text):
                assert text[ref.start : ref.end] == ref.text
            assert 0 < counter[0] <= MAX_READS_PER_CHARACTER * len(text), name
            reads.setdefault(name, []).append(counter[0])
    for name, (single, double) in reads.items():
        assert double <= 2.2 * single, name


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.text(max_size=200),
        st.lists(
            st.sampled_from(
                list('0123456789-/–ĐÐKHTUQNAsốngàyủaLuật ,.;()"“”\n\u0301')
                + ["Kế hoạch ", "số ", "ngày ", "của ", "Ban Thường vụ ", "về ", "(khóa ", ")"]
                + [
                    "đề án ",
                    "hoặc ",
                    "ban hành ",
                    "theo ",
                    "quy định ",
                    "trình ",
                    "Thành ủy ",
                    "phê duyệt ",
                    "được ",
                    "UBND ",
                    "xem xét ",
                    "và Luật ",
                    "sửa đổi ",
                    "các ",
                ]
            ),
            max_size=60,
        ).map("".join),
    )
)
def test_find_references_never_raises(text):
    for ref in find_references(text):
        assert 0 <= ref.start <= ref.end <= len(text)
        assert text[ref.start : ref.end] == ref.text
