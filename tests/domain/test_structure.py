"""Tests of documents.domain.structure: a legal text split into its provisions (no Django)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from documents.domain.structure import (
    PARTY,
    STATE,
    anchor_reference,
    document_style,
    parse_structure,
    provision_anchor,
)
from documents.domain.text_lines import paragraphs

STATE_TEXT = """ỦY BAN NHÂN DÂN
TỈNH BẮC NINH
Số: 12/2024/QĐ-UBND
QUYẾT ĐỊNH
Ban hành Quy chế công tác văn thư
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19
tháng 6 năm 2015;
Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ;
QUYẾT ĐỊNH:
Chương I
QUY ĐỊNH
CHUNG
Điều 1. Phạm vi điều chỉnh và đối tượng
áp dụng
1. Quy chế này quy định về công tác văn thư
của cơ quan.
2. Đối tượng áp dụng gồm:
a) Cơ quan nhà nước;
b) Tổ chức chính trị theo quy định tại
Điều 5 của Luật này;
đ) dòng không theo thứ tự
Điều 2. Giải thích từ ngữ
Trong Quy chế này, các từ ngữ được hiểu như sau: từ năm
2020. Hết.
\f- 2 -
Chương II
Mục 1. VĂN BẢN
Điều 3. Thể thức
Văn bản phải đúng thể thức.
Mục 2
LƯU TRỮ
Điều 4. Hiệu lực
Quyết định này có hiệu lực từ ngày ký./.
Nơi nhận:
- Như Điều 4;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn A
PHỤ LỤC I
DANH MỤC HỒ SƠ
Nội dung phụ lục
"""

PARTY_TEXT = """ĐẢNG BỘ THÀNH PHỐ HÀ NỘI
QUẬN ỦY LONG BIÊN
Số 188-KH/QU
KẾ HOẠCH
thực hiện Nghị quyết số 18-NQ/TW
Thực hiện Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương, Ban
Thường vụ Quận ủy xây dựng Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Quán triệt sâu sắc nội dung Nghị quyết;
- Nâng cao nhận thức.
2. Yêu cầu
Bám sát nội dung, bảo đảm thiết thực, hiệu quả.
II- NHIỆM VỤ VÀ GIẢI PHÁP
TRỌNG TÂM
1. Công tác tuyên truyền
a) Tổ chức quán triệt
đến cán bộ, đảng viên;
b) Kiểm tra, giám sát.
\fKế hoạch số 188-KH/QU trang 2
2. Sắp xếp tổ chức bộ máy
Tiếp tục sắp xếp.
III. TỔ CHỨC THỰC HIỆN
Các cấp ủy triển khai thực hiện./.
T/M BAN THƯỜNG VỤ
BÍ THƯ
\fKế hoạch số 188-KH/QU trang 3
Nơi nhận:
- Thành ủy,
\fKế hoạch số 188-KH/QU trang 4
- Lưu.
"""


def by_anchor(text):
    return {node.anchor: node for node in parse_structure(text)}


def test_state_document_tree_anchors_labels_and_depths():
    nodes = parse_structure(STATE_TEXT)
    assert [(n.anchor, n.depth) for n in nodes] == [
        ("mo-dau", 0), ("chuong-i", 0), ("dieu-1", 1), ("dieu-1-khoan-1", 2),
        ("dieu-1-khoan-2", 2), ("dieu-1-khoan-2-diem-a", 3), ("dieu-1-khoan-2-diem-b", 3),
        ("dieu-2", 1), ("chuong-ii", 0), ("chuong-ii-muc-1", 1), ("dieu-3", 2),
        ("chuong-ii-muc-2", 1), ("dieu-4", 2), ("phan-ket", 0), ("phu-luc-i", 0),
    ]
    found = {n.anchor: n for n in nodes}
    assert nodes[found["dieu-1-khoan-2-diem-a"].parent].anchor == "dieu-1-khoan-2"
    assert nodes[found["dieu-3"].parent].anchor == "chuong-ii-muc-1"
    assert [found[a].label for a in ("dieu-1", "dieu-1-khoan-2", "dieu-1-khoan-2-diem-b",
                                     "chuong-ii", "chuong-ii-muc-2", "phu-luc-i")] == [
        "Điều 1", "Khoản 2", "Điểm b", "Chương II", "Mục 2", "Phụ lục I"]


def test_state_headings_joined_over_lines():
    found = by_anchor(STATE_TEXT)
    assert found["chuong-i"].heading == "QUY ĐỊNH CHUNG"
    assert found["dieu-1"].heading == "Phạm vi điều chỉnh và đối tượng áp dụng"
    assert found["dieu-1"].body == ""
    assert found["chuong-ii"].heading == ""
    assert found["chuong-ii-muc-1"].heading == "VĂN BẢN"
    assert found["chuong-ii-muc-2"].heading == "LƯU TRỮ"
    assert found["phu-luc-i"].heading == "DANH MỤC HỒ SƠ"


def test_lines_broken_mid_sentence_join_and_references_stay_text():
    found = by_anchor(STATE_TEXT)
    assert found["dieu-1-khoan-1"].body == "Quy chế này quy định về công tác văn thư của cơ quan."
    # "Điều 5 của Luật này" starting a line is a reference, not an article
    assert "dieu-5" not in found
    assert found["dieu-1-khoan-2-diem-b"].body.startswith(
        "Tổ chức chính trị theo quy định tại Điều 5 của Luật này;")
    # "đ)" after "b)" is out of sequence: text of b)
    assert "dieu-1-khoan-2-diem-dd" not in found
    assert "đ) dòng không theo thứ tự" in found["dieu-1-khoan-2-diem-b"].body
    # a year starting a broken line is not a clause
    assert found["dieu-2"].body.endswith("từ năm 2020. Hết.")


def test_preamble_keeps_header_lines_and_can_cu_lines_apart():
    preamble = by_anchor(STATE_TEXT)["mo-dau"].body.split("\n\n")
    assert preamble[:4] == ["ỦY BAN NHÂN DÂN", "TỈNH BẮC NINH", "Số: 12/2024/QĐ-UBND",
                            "QUYẾT ĐỊNH"]
    assert ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"
            in preamble)
    assert preamble[-1] == "QUYẾT ĐỊNH:"


def test_closing_pages_and_page_numbers_dropped():
    found = by_anchor(STATE_TEXT)
    assert found["dieu-4"].body == "Quyết định này có hiệu lực từ ngày ký./."
    assert found["phan-ket"].body.startswith("Nơi nhận:")
    assert "Nguyễn Văn A" in found["phan-ket"].body
    assert found["dieu-2"].page == 1 and found["chuong-ii"].page == 2
    assert all("- 2 -" not in n.body for n in found.values())


# The shapes of the complete texts in fixtures/texts/ (172/2025/NĐ-CP, 80/2025/QH15): a web
# copy that flattened the signature table keeps the recipients on one line without
# "Nơi nhận:"; a law ends with its adoption line and the Chairman's signature.
DECREE_WEB_COPY_END = """Điều 29. Hiệu lực thi hành

1. Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2025.

Điều 30. Trách nhiệm thi hành

Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ chịu trách nhiệm thi hành Nghị định này.

- Ban Bí thư Trung ương Đảng; - Thủ tướng, các Phó Thủ tướng Chính phủ; - Lưu: VT, TCCV (2).
"""

LAW_END = """Điều 45. Quy định chuyển tiếp

1. Cán bộ, công chức cấp xã được bầu hoặc tuyển dụng trước ngày Luật này có hiệu lực.

Luật này được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV, kỳ họp thứ 9 thông \
qua ngày 24 tháng 6 năm 2025.

CHỦ TỊCH QUỐC HỘI

Trần Thanh Mẫn
"""


def test_closing_starts_at_unlabelled_recipients_and_at_a_laws_adoption_line():
    decree = by_anchor(DECREE_WEB_COPY_END)
    assert decree["dieu-30"].body.endswith("thi hành Nghị định này.")
    assert decree["phan-ket"].body.startswith("- Ban Bí thư Trung ương Đảng;")
    law = by_anchor(LAW_END)
    assert "thông qua" not in law["dieu-45-khoan-1"].body
    assert law["phan-ket"].body.startswith("Luật này được Quốc hội")
    assert law["phan-ket"].body.endswith("Trần Thanh Mẫn")
    # a sentence about a law inside an article is not its adoption line
    inside = by_anchor("Điều 1. Phạm vi\n\nLuật này quy định về cán bộ, công chức.\n")
    assert "phan-ket" not in inside and "Luật này quy định" in inside["dieu-1"].body


def test_no_form_feed_means_pages_unknown():
    assert {n.page for n in parse_structure("Điều 1. Phạm vi\nNội dung.")} == {None}


def test_party_document_parts_items_points():
    nodes = parse_structure(PARTY_TEXT)
    assert [(n.anchor, n.depth, n.label) for n in nodes] == [
        ("mo-dau", 0, "Phần mở đầu"), ("phan-i", 0, "Phần I"), ("phan-i-muc-1", 1, "Mục 1"),
        ("phan-i-muc-2", 1, "Mục 2"), ("phan-ii", 0, "Phần II"), ("phan-ii-muc-1", 1, "Mục 1"),
        ("phan-ii-muc-1-diem-a", 2, "Điểm a"), ("phan-ii-muc-1-diem-b", 2, "Điểm b"),
        ("phan-ii-muc-2", 1, "Mục 2"), ("phan-iii", 0, "Phần III"), ("phan-ket", 0, "Phần kết"),
    ]
    found = {n.anchor: n for n in nodes}
    assert [n.kind for n in nodes[1:4]] == ["part", "item", "item"]
    assert found["phan-ii"].heading == "NHIỆM VỤ VÀ GIẢI PHÁP TRỌNG TÂM"
    assert found["phan-i-muc-1"].heading == "Mục đích"
    assert found["phan-i-muc-1"].body == ("- Quán triệt sâu sắc nội dung Nghị quyết;\n\n"
                                          "- Nâng cao nhận thức.")
    assert found["phan-ii-muc-1-diem-a"].body == "Tổ chức quán triệt đến cán bộ, đảng viên;"
    assert found["phan-ii-muc-2"].page == 2


def test_party_repeated_page_headers_dropped():
    text = "\n".join(n.body + n.heading for n in parse_structure(PARTY_TEXT))
    assert "Kế hoạch số 188-KH/QU trang" not in text
    closing = by_anchor(PARTY_TEXT)["phan-ket"].body
    assert closing.startswith("T/M BAN THƯỜNG VỤ") and closing.endswith("- Lưu.")


def test_party_items_without_parts_and_long_items_have_no_heading():
    text = ("CHỈ THỊ\nvề tăng cường\n1. Các cấp ủy tiếp tục quán triệt sâu sắc, đầy đủ.\n"
            "2. Đổi mới\na) Nội dung;\nb) Phương thức.\n")
    found = by_anchor(text)
    assert list(found) == ["mo-dau", "muc-1", "muc-2", "muc-2-diem-a", "muc-2-diem-b"]
    assert found["muc-1"].heading == ""
    assert found["muc-1"].body == "Các cấp ủy tiếp tục quán triệt sâu sắc, đầy đủ."
    assert found["muc-2"].heading == "Đổi mới"


def test_ocr_noise_wrong_d_spacing_and_split_headings():
    text = ("QUYẾT ĐỊNH:\n\nÐiều 1 . Phê duyệt Đề án\n\nNội dung chính.\nĐiều 2: Tổ chức\n"
            "thực hiện\n1 . Sở Nội vụ chủ trì.\n2) Các sở phối hợp.\nĐiều 3\nHiệu lực thi hành.\n"
            "Ðiều 4 Trách nhiệm thi hành\nChánh Văn phòng thi hành.\n")
    found = by_anchor(text)
    assert list(found) == ["mo-dau", "dieu-1", "dieu-2", "dieu-2-khoan-1", "dieu-2-khoan-2",
                           "dieu-3", "dieu-4"]
    assert found["dieu-1"].heading == "Phê duyệt Đề án"
    assert found["dieu-1"].body == "Nội dung chính."
    assert found["dieu-2"].heading == "Tổ chức thực hiện"
    assert found["dieu-3"].heading == "" and found["dieu-3"].body == "Hiệu lực thi hành."
    assert found["dieu-4"].heading == "Trách nhiệm thi hành"


def test_article_whose_first_line_is_a_sentence_has_it_as_body():
    found = by_anchor("Điều 1. Quyết định này có hiệu lực kể từ ngày ký.\n")
    assert found["dieu-1"].heading == ""
    assert found["dieu-1"].body == "Quyết định này có hiệu lực kể từ ngày ký."


def test_phan_numbers_and_points_directly_under_article():
    text = ("PHẦN THỨ NHẤT\nNHỮNG QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\na) Một;\nb) Hai.\n"
            "Phần thứ hai\nĐiều 2. Khác\nChương 1\nĐiều 3. Ba\n")
    found = by_anchor(text)
    assert list(found) == ["phan-1", "dieu-1", "dieu-1-diem-a", "dieu-1-diem-b", "phan-2",
                           "dieu-2", "chuong-1", "dieu-3"]
    assert found["phan-1"].heading == "NHỮNG QUY ĐỊNH CHUNG"
    assert found["phan-1"].label == "Phần thứ nhất"


def test_duplicate_anchors_disambiguated_in_order():
    text = "Điều 1. A\nNội dung.\nĐiều 2. B\nĐiều 1. C\nĐiều 1. D\n"
    assert [n.anchor for n in parse_structure(text)] == ["dieu-1", "dieu-2", "dieu-1-2",
                                                         "dieu-1-3"]


def test_style_detection():
    assert document_style(STATE_TEXT) == STATE
    assert document_style("Ðiều 1. Phạm vi") == STATE
    assert document_style(PARTY_TEXT) == PARTY
    assert document_style("") == PARTY


@pytest.mark.parametrize("reference, anchor", [
    ("Điều 5", "dieu-5"),
    ("Điều 5, khoản 2", "dieu-5-khoan-2"),
    ("khoản 2 Điều 5", "dieu-5-khoan-2"),
    ("khoản 2, Điều 5", "dieu-5-khoan-2"),
    ("điểm a khoản 2 Điều 5", "dieu-5-khoan-2-diem-a"),
    ("Điều 5 khoản 2 điểm a", "dieu-5-khoan-2-diem-a"),
    ("điểm đ khoản 1 Điều 3", "dieu-3-khoan-1-diem-dd"),
    ("điểm b Điều 7", "dieu-7-diem-b"),
    ("Ðiều 12a", "dieu-12a"),
    ("mục 2 phần I", "phan-i-muc-2"),
    ("điểm a mục 2 phần I", "phan-i-muc-2-diem-a"),
    ("Mục 2 Chương II", "chuong-ii-muc-2"),
    ("mục 3", "muc-3"),
    ("Chương II", "chuong-ii"),
    ("Phần I", "phan-i"),
    ("Phần thứ nhất", "phan-1"),
    ("PHẦN THỨ HAI", "phan-2"),
])
def test_provision_anchor(reference, anchor):
    assert provision_anchor(reference) == anchor


@pytest.mark.parametrize("reference", [
    "", "   ", "khoản 2", "điểm a", "Luật Đất đai 2024", "Điều 5, Điều 6", "Chương Tư",
    "điều khoản", None, 5,
])
def test_provision_anchor_names_nothing(reference):
    assert provision_anchor(reference) is None


def test_anchors_parsed_and_referenced_agree():
    """A provision named by its labels up the tree gets the anchor the parser gave it."""
    for text in (STATE_TEXT, PARTY_TEXT):
        nodes = parse_structure(text)
        for node in nodes:
            if node.kind in ("preamble", "closing", "appendix"):
                continue
            labels, current = [], node
            while current is not None:
                labels.append(current.label)
                current = nodes[current.parent] if current.parent is not None else None
            assert provision_anchor(" ".join(labels)) == node.anchor, labels


def test_paragraphs_rules():
    assert paragraphs(["Một dòng bị ngắt", "giữa câu.", "Câu mới."]) == (
        "Một dòng bị ngắt giữa câu.\n\nCâu mới.")
    assert paragraphs(["Câu;", "- gạch đầu dòng", "", "Đoạn khác"]) == (
        "Câu;\n\n- gạch đầu dòng\n\nĐoạn khác")
    assert paragraphs(["TIÊU ĐỀ", "Nội dung"], width=10) == "TIÊU ĐỀ\n\nNội dung"
    assert paragraphs(["Dòng dài đến tận lề phải", "Tiếp"], width=20) == (
        "Dòng dài đến tận lề phải Tiếp")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Điều 1.2aĐ)IVX\n\f-:;Chương Mục ")), max_size=200))
def test_never_raises_and_anchors_unique_and_valid(text):
    nodes = parse_structure(text)
    anchors = [n.anchor for n in nodes]
    assert len(anchors) == len(set(anchors))
    for index, node in enumerate(nodes):
        assert node.anchor and all(c.isascii() and (c.isalnum() or c == "-") for c in node.anchor)
        assert node.parent is None or node.parent < index
        assert node.depth == (0 if node.parent is None else nodes[node.parent].depth + 1)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_provision_anchor_never_raises(text):
    result = provision_anchor(text)
    assert result is None or result.replace("-", "").isalnum()


@pytest.mark.parametrize("anchor, reference", [
    ("dieu-5", "Điều 5"),
    ("dieu-5-khoan-2", "Điều 5, khoản 2"),
    ("dieu-5-khoan-2-diem-dd", "Điều 5, khoản 2, điểm đ"),
    ("phan-i-muc-2", "Phần I, mục 2"),
    ("chuong-ii-muc-1", "Chương II, mục 1"),
    ("phan-1", "Phần 1"),
    ("mo-dau", ""), ("dieu-1-2", ""), ("phu-luc-i", ""), ("", ""),
])
def test_anchor_reference_round_trips(anchor, reference):
    assert anchor_reference(anchor) == reference
    if reference:
        assert provision_anchor(reference) == anchor
