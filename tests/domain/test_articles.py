"""Tests of documents.domain.articles: what an article says, read from its text alone (no
database, no Django)."""

from __future__ import annotations

import pytest

from documents.domain.articles.grouping import group_references
from documents.domain.articles.issuers import (
    article_context,
    in_context,
    issuer_code_of_phrase,
    issuer_fit,
    issuer_key,
)
from documents.domain.articles.items import NEW, Analysis
from documents.domain.articles.links import propose_links, trim_title
from documents.domain.articles.sources import guess_source_details
from documents.domain.articles.titles import (
    UNKNOWN_TITLE,
    is_placeholder_title,
    law_parts,
    points_back,
    says_amended,
    title_similarity,
)
from documents.domain.references import find_references


def _items(text):
    items, _ref_item = group_references(find_references(text))
    return items


# --- titles -----------------------------------------------------------------------------------


def test_title_similarity_ignores_tone_marks_case_punctuation_and_a_leading_ve():
    title = "Về tạo nguồn, đào tạo, bồi dưỡng cán bộ chủ chốt cấp xã"
    assert title_similarity(title, "TAO NGUON DAO TAO BOI DUONG CAN BO CHU CHOT CAP XA") == (
        pytest.approx(1.0)
    )


def test_title_similarity_scores_a_shortened_title_above_an_unrelated_one():
    full = "Về thí điểm thi tuyển một số chức danh lãnh đạo, quản lý cấp phòng"
    short = "thí điểm thi tuyển một số chức danh"
    other = "Về công tác bảo vệ môi trường năm 2024"
    assert title_similarity(full, short) > 0.5
    assert title_similarity(full, other) < 0.1
    assert title_similarity(full, "") == 0.0


@pytest.mark.parametrize(
    ("title", "parts"),
    [
        ("Luật Viên chức", ("vien chuc", False, None)),
        ("Luật Viên chức sửa đổi 2019", ("vien chuc", True, 2019)),
        (
            "Luật sửa đổi, bổ sung một số điều của Luật Cán bộ, công chức",
            ("can bo cong chuc", True, None),
        ),
        ("Luật Cán bộ, công chức năm 2008", ("can bo cong chuc", False, 2008)),
    ],
)
def test_law_parts(title, parts):
    assert law_parts(title) == parts


def test_amended_placeholder_and_pointing_back():
    assert says_amended("Luật Viên chức sửa đổi 2019")
    assert not says_amended("Luật Viên chức")
    assert is_placeholder_title(UNKNOWN_TITLE) and is_placeholder_title("(Chưa rõ trích yếu)")
    assert not is_placeholder_title("Về tạo nguồn cán bộ")
    assert points_back("kế hoạch thực hiện 2 văn bản này")
    assert not points_back("kế hoạch thực hiện Nghị quyết về văn hóa")


def test_trim_title_drops_the_linking_verb_it_ran_into():
    assert trim_title("về tạo nguồn cán bộ năm 2024 tiếp tục thực hiện") == (
        "về tạo nguồn cán bộ năm 2024"
    )
    assert trim_title("về tạo nguồn cán bộ năm 2024") == "về tạo nguồn cán bộ năm 2024"


@pytest.mark.parametrize(("title", "trimmed"), [
    ("về thi tuyển chức danh lãnh đạo triển khai", "về thi tuyển chức danh lãnh đạo"),
    ("về thi tuyển và triển khai thực hiện tốt", "về thi tuyển"),
    ("về quy chế làm việc ban hành kèm theo", "về quy chế làm việc"),
    ("về công tác cán bộ của", "về công tác cán bộ"),
    ("về công tác cán bộ, sửa đổi, bổ sung", "về công tác cán bộ"),
    ("về thu hút nhân tài", "về thu hút nhân tài"),  # "tài" is not "tại"
    ("về công tác cán bộ năm 2024 cụ thể hoá", "về công tác cán bộ năm 2024"),
])
def test_the_reference_finder_and_the_article_items_drop_the_same_link_words(title, trimmed):
    assert trim_title(title) == trimmed
    first, _second = find_references(f"Kế hoạch số 260-KH/TU {title} Quyết định số 215-QĐ/TU.")
    assert first.title_phrase == trimmed


# --- issuers ----------------------------------------------------------------------------------


def test_issuer_key_and_the_party_code_it_implies():
    assert issuer_key("BTV Thành uỷ (khóa XVII)") == "ban thuong vu thanh uy"
    assert issuer_key(None) == ""
    assert issuer_code_of_phrase("Quận uỷ Ba Đình") == "QU"
    assert issuer_code_of_phrase("Ban Thường vụ Tỉnh ủy Nghệ An") == "TU"
    assert issuer_code_of_phrase("Bộ Nội vụ") is None


@pytest.mark.parametrize(
    ("phrase", "name_key", "place_key", "fit"),
    [
        ("Thành ủy Hà Nội", "thanh uy ha noi", "ha noi", 3),
        ("Ban Thường vụ Thành ủy", "ban thuong vu thanh uy ha noi", "ha noi", 2),
        ("Thành ủy", "ban thuong vu thanh uy ha noi", "ha noi", 1),
        ("Ban Thường vụ Hà Nội", "ban thuong vu thanh uy", "ha noi", 0),
        ("Ban Thường vụ Tỉnh ủy Nghệ An", "ban thuong vu thanh uy ha noi", "ha noi", -1),
        ("", "ban thuong vu thanh uy ha noi", "ha noi", 0),
    ],
)
def test_issuer_fit(phrase, name_key, place_key, fit):
    assert issuer_fit(issuer_key(phrase), name_key, place_key) == fit


def test_article_context_spells_out_abbreviations():
    context = article_context("UBND TP.HCM ban hành Quyết định số 12/QĐ-UBND.")
    assert in_context("thanh pho ho chi minh", context)
    assert in_context("uy ban nhan dan", context)
    assert not in_context("ha noi", context)
    assert not in_context("", context)


# --- grouping ---------------------------------------------------------------------------------


def test_a_symbol_named_twice_is_one_document_with_what_each_mention_adds():
    text = (
        "Kế hoạch số 188-KH/TU ngày 6-11-2023 của Ban Thường vụ Thành ủy về tạo nguồn cán bộ. "
        "Theo Kế hoạch số 188-KH/TU, các quận rà soát trong quý I."
    )
    (item,) = _items(text)
    assert (item.kind, item.doc_type, item.symbol) == ("symbol", "ke_hoach", "188-KH/TU")
    assert (item.date, item.year, item.issuer_phrase) == (
        "2023-11-06",
        2023,
        "Ban Thường vụ Thành ủy",
    )
    assert len(item.occurrences) == 2
    assert item.status == NEW and item.document is None
    assert item.quote.startswith("Kế hoạch số 188-KH/TU ngày 6-11-2023")


def test_a_number_named_before_its_symbol_joins_it():
    text = (
        "Chương trình số 01 của Quận uỷ được triển khai. "
        "Chương trình số 01-CTr/QU ngày 5/3/2021 nêu rõ mục tiêu."
    )
    (item,) = _items(text)
    assert item.symbol == "01-CTr/QU" and item.issuer_phrase == "Quận uỷ"
    assert len(item.occurrences) == 2


def test_same_symbol_in_another_year_is_another_document():
    text = "Quyết định số 5-QĐ/TU ngày 1/2/2020 và Quyết định số 5-QĐ/TU ngày 1/2/2021."
    assert [item.year for item in _items(text)] == [2020, 2021]


def test_a_law_by_name_and_a_title_only_document():
    text = (
        "Theo Luật Viên chức sửa đổi 2019, Thành ủy ban hành Đề án về thí điểm thi tuyển "
        "một số chức danh lãnh đạo."
    )
    law, scheme = _items(text)
    assert (law.kind, law.title, law.year, law.amends) == ("law", "Viên chức", 2019, True)
    assert law.label == "Luật Viên chức sửa đổi 2019"
    assert (scheme.kind, scheme.doc_type) == ("title", "de_an")
    assert scheme.proposed_title == "Về thí điểm thi tuyển một số chức danh lãnh đạo"


# --- the analysis as data ---------------------------------------------------------------------


def test_an_analysis_survives_its_round_trip_through_plain_data():
    text = "Kế hoạch số 5-KH/TU tiếp tục thực hiện Nghị quyết số 4-NQ/TU."
    refs = find_references(text)
    items, ref_item = group_references(refs)
    links = propose_links(text, refs, ref_item)
    analysis = Analysis(text=text, items=items, links=links, reference_count=len(refs))
    again = Analysis.from_dict(analysis.to_dict())
    assert again == analysis
    assert again.counts() == {"matched": 0, "ambiguous": 0, "new": 2}
    assert [
        (again.items[p.from_item].label, p.kind, again.items[p.to_item].label) for p in again.links
    ] == [("Kế hoạch 5-KH/TU", "continues", "Nghị quyết 4-NQ/TU")]


def test_source_details_guessed_from_a_pasted_article():
    text = "Hà Nội tạo nguồn cán bộ năm 2024\n\n(HNM) - Ngày 10/1, Thành ủy cho biết …"
    assert guess_source_details(text) == {
        "publisher": "HNM",
        "headline": "Hà Nội tạo nguồn cán bộ năm 2024",
    }
    assert guess_source_details("Một câu kết thúc bằng dấu chấm.") == {
        "publisher": "",
        "headline": "",
    }
