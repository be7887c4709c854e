"""The words and pattern pieces every reference scanner shares: the document type phrases
(``Kế hoạch``, ``Nghị quyết`` … with their vocabulary keys), the regular-expression atoms
(whitespace within a line, dashes, capitals), the gap, ``về`` and token patterns, quotes
and punctuation, and how a word is compared (lower-cased, tone placement normalised).
"""

from __future__ import annotations

import functools
import re

from ..symbols import Symbol
from ..vietnamese import DASHES, fold, normalize_tone_placement

__all__ = [
    "TYPE_PHRASES",
    "document_type",
    "lower_word",
    "phrase_key",
    "phrase_pattern",
    "trim_link_words",
    "typed_number",
]


#: Type phrases that introduce a document, longest first, with their vocabulary key.
TYPE_PHRASES: tuple[tuple[str, str], ...] = (
    ("Chương trình hành động", "chuong_trinh"),
    ("Thông báo kết luận", "thong_bao_ket_luan"),
    ("Nghị quyết liên tịch", "nghi_quyet"),
    ("Thông tư liên tịch", "thong_tu_lien_tich"),
    ("Văn bản hợp nhất", "van_ban_hop_nhat"),
    ("Chương trình", "chuong_trinh"),
    ("Nghị quyết", "nghi_quyet"),
    ("Quyết định", "quyet_dinh"),
    ("Nghị định", "nghi_dinh"),
    ("Hướng dẫn", "huong_dan"),
    ("Thông báo", "thong_bao"),
    ("Thông tri", "thong_tri"),
    ("Thông tư", "thong_tu"),
    ("Quy định", "quy_dinh"),
    ("Kế hoạch", "ke_hoach"),
    ("Kết luận", "ket_luan"),
    ("Công văn", "cong_van"),
    ("Báo cáo", "bao_cao"),
    ("Tờ trình", "to_trinh"),
    ("Chỉ thị", "chi_thi"),
    ("Quy chế", "quy_che"),
    ("Đề án", "de_an"),
    ("Luật", "luat"),
)
_PHRASE_KEYS = {fold(phrase): key for phrase, key in TYPE_PHRASES}

SP = r"[^\S\n]"  # whitespace that does not cross a line
DASH = "[-" + DASHES + "]"
UP = "[A-ZĐÐ]"
LET = "[A-Za-zĐđÐð]"
ALNUM = "[A-Za-zĐđÐð0-9]"


def phrase_pattern(phrase: str) -> str:
    """A type phrase as a pattern: its words with any run of in-line whitespace between."""
    words = [re.escape(w).replace("Đ", "[ĐÐđð]") for w in phrase.split()]
    return (SP + "+").join(words)


GAP_RE = re.compile(rf"{SP}*,?{SP}*")
VE_RE = re.compile(rf"(?:về|v/v){SP}+", re.IGNORECASE)
TOKEN_RE = re.compile(r"\S+")
QUOTES = {'"': '"', "“": "”", "«": "»", "„": "“"}
OPENING = frozenset(QUOTES) | {"”", "’", "‘", "'"}
TRAILING_PUNCT = ',;:.!?"”’»)…'

TITLE_WINDOW = 400


def lower_word(word: str) -> str:
    """A word as the word lists compare it: lower-cased, tone placement normalised."""
    return normalize_tone_placement(word.replace("Ð", "Đ").replace("ð", "đ")).lower()


@functools.lru_cache(maxsize=256)
def phrase_key(phrase: str) -> str | None:
    """The vocabulary key of a type phrase as written (``kế  hoạch`` -> ``ke_hoach``)."""
    return _PHRASE_KEYS.get(fold(phrase))


_TYPED_NUMBER_RE = re.compile(
    "(" + "|".join(re.escape(fold(phrase)) for phrase, _key in TYPE_PHRASES) + r")"
    r"\s*(?:so\b)?\s*[:.]?\s*(\d{1,6})"
)


def typed_number(text: str) -> tuple[str, str] | None:
    """A text that is only a type phrase and a number (``Quyết định 244``, ``quyet dinh so
    244``, as the press names documents): ``("quyet_dinh", "244")``; else None."""
    match = _TYPED_NUMBER_RE.fullmatch(fold(text).strip(" .,;:"))
    return (_PHRASE_KEYS[match.group(1)], match.group(2)) if match else None


def document_type(phrase: str | None, symbol: Symbol | None) -> str | None:
    """A reference's document type: its type phrase's, else the first its symbol allows."""
    key = phrase_key(phrase) if phrase else None
    if key:
        return key
    if symbol and symbol.document_types:
        return symbol.document_types[0]
    return None


# A title that runs up to the next reference or into a sentence's verb may end with the words
# linking two documents ("Kế hoạch số 260-KH/TU về thi tuyển … triển khai Quyết định số
# 215-QĐ/TU", "… năm 2024 tiếp tục thực hiện tốt"): they belong to the link, not to the
# title. Compared as :func:`lower_word` writes them (diacritics kept: "nhân tài" does not end
# in "tại").
_TRAILING_LINK_RE = re.compile(
    r"(?:\s+(?:để|nhằm|và|là|mà))?\s+(?:"
    r"tiếp tục (?:tổ chức )?(?:thực hiện|triển khai)|sửa đổi,? bổ sung|sửa đổi|bổ sung"
    r"|thay thế|bãi bỏ|phê duyệt|căn cứ(?: vào)?|hướng dẫn(?: thực hiện)?|sơ kết|tổng kết"
    r"|cụ thể hóa|(?:tổ chức )?triển khai(?: thực hiện)?|(?:tổ chức )?thực hiện|dẫn chiếu"
    r"|(?:ban hành )?kèm theo|theo|và|của|tại"
    r")(?:\s+(?:tốt|có hiệu quả|nghiêm túc))?[\s,;:]*$"
)


def trim_link_words(title: str) -> str:
    """A title without the linking words it ran into (repeatedly: "… và triển khai"):
    ``về tạo nguồn … năm 2024 tiếp tục thực hiện`` -> ``về tạo nguồn … năm 2024``."""
    title = " ".join(title.split()).strip(" ,;:")
    while True:
        lowered = lower_word(title)
        match = _TRAILING_LINK_RE.search(lowered) if len(lowered) == len(title) else None
        if not match or match.start() == 0:
            return title
        title = title[: match.start()].strip(" ,;:")
