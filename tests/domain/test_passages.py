"""The passage a search found, diacritics ignored (documents/domain/passages.py)."""

import pytest

from documents.domain.passages import find_passage, fold_with_offsets
from documents.domain.vietnamese import fold

BODY = ("Điều 5. Đào tạo, bồi dưỡng\n\n1. Các cơ quan,   đơn vị xây dựng kế hoạch "
        "ĐÀO TẠO, bồi dưỡng cán bộ chủ chốt cấp xã hằng năm. 2. Kinh phí do ngân sách "
        "nhà nước bảo đảm theo phân cấp hiện hành.")


@pytest.mark.parametrize("text", [
    BODY, "  Thành uỷ\tHà Nội ", "Ðiều – 5", "", "a\u0300b", "İstanbul ﬁ", "x \n\n y",
])
def test_folding_with_offsets_is_the_search_folding(text):
    folded, offsets = fold_with_offsets(text)
    assert folded == fold(text)
    assert len(offsets) == len(folded)
    assert offsets == sorted(offsets)


def test_offsets_point_at_the_original_characters():
    text = "Về  ĐÀO tạo"
    folded, offsets = fold_with_offsets(text)
    start = folded.index("dao")
    assert text[offsets[start]:offsets[start + 2] + 1] == "ĐÀO"


def test_words_without_diacritics_find_the_passage_as_written():
    passage = find_passage(BODY, ["dao", "tao", "boi", "duong"], context=20)
    assert passage is not None
    assert "Đào tạo, bồi dưỡng" in passage.text
    assert passage.found == ("dao", "tao", "boi", "duong")
    assert not passage.before  # the passage starts at the text's start


def test_the_window_holding_every_word_wins_over_an_earlier_partial_one():
    passage = find_passage(BODY, ["ngan", "sach", "kinh"], context=10)
    assert "Kinh phí do ngân sách" in passage.text
    assert passage.before and passage.after
    assert set(passage.found) == {"ngan", "sach", "kinh"}


def test_whole_words_only():
    assert find_passage("đào tạo lại", ["ta"]) is None
    assert find_passage("tháng 12", ["1"]) is None
    assert find_passage("Kế hoạch 188-KH/TU", ["188", "kh"]).found == ("188", "kh")


def test_passage_is_bounded_and_cut_at_words():
    text = " ".join(["chữ"] * 400) + " đào tạo " + " ".join(["cuối"] * 400)
    passage = find_passage(text, ["dao", "tao"], context=40, max_length=100)
    assert "đào tạo" in passage.text
    assert len(passage.text) <= 100
    assert passage.text.split()[0] in {"chữ", "đào"} and passage.text.split()[-1] in {"cuối", "tạo"}
    assert passage.before and passage.after


def test_words_far_apart_still_give_a_bounded_passage():
    text = "đào " + "x " * 500 + "tạo"
    passage = find_passage(text, ["dao", "tao"], max_length=120)
    assert len(passage.text) <= 120
    assert passage.text.startswith("đào")


def test_nothing_found():
    assert find_passage(BODY, ["khong", "tim", "thay"]) is None
    assert find_passage("", ["dao"]) is None
    assert find_passage(BODY, []) is None
