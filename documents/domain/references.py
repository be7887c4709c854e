"""Finding references to documents in running Vietnamese text.

``find_references("... theo Kế hoạch số 188-KH/TU ngày 6-11-2023 của Ban Thường vụ Thành ủy")``
returns one :class:`Reference` with the type phrase, the parsed symbol, the date, the issuer
phrase, the title when one follows, and the sentence it was found in (the provenance quote).

Documents known only by type and title are found too (``Đề án về thí điểm thi tuyển …``,
``Chỉ thị của Ban Thường vụ Thành ủy về …``, ``ký quyết định phê duyệt đề án xây dựng …``), but
only where the wording says a particular document is meant: a ``về …`` or quoted title, or a
title phrase after a type word that is the object of a verb or preposition handling documents
(``ban hành``, ``phê duyệt``, ``theo`` …). Generic phrases (``các quy định mới``, ``kế hoạch
công tác đã đề ra``, ``theo hướng dẫn``) are left alone.

Offsets always point into the text as given, even when it is not NFC. Every regular
expression here is free of nested unbounded repetition, and all look-arounds work on bounded
windows, so the cost stays linear in the length of the text. Pure standard library.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass

from .symbols import Symbol, SymbolError, parse_symbol
from .vietnamese import DASHES, fold, normalize_tone_placement

__all__ = ["Reference", "find_references", "TYPE_PHRASES"]

#: Type phrases that introduce a document, longest first, with their vocabulary key.
TYPE_PHRASES: tuple[tuple[str, str], ...] = (
    ("Chương trình hành động", "chuong_trinh"),
    ("Thông báo kết luận", "thong_bao_ket_luan"),
    ("Nghị quyết liên tịch", "nghi_quyet"),
    ("Thông tư liên tịch", "thong_tu"),
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

_SP = r"[^\S\n]"  # whitespace that does not cross a line
_DASH = "[-" + DASHES + "]"
_UP = "[A-ZĐÐ]"
_LET = "[A-Za-zĐđÐð]"
_ALNUM = "[A-Za-zĐđÐð0-9]"


def _phrase_pattern(phrase: str) -> str:
    words = [re.escape(w).replace("Đ", "[ĐÐđð]") for w in phrase.split()]
    return (_SP + "+").join(words)


_PHRASES_RE = "|".join(_phrase_pattern(p) for p, _ in TYPE_PHRASES)
_ISSUER_CODE = rf"{_UP}{_ALNUM}{{0,11}}(?:{_DASH}{_UP}{_ALNUM}{{0,11}}){{0,2}}"
_SYMBOL_RE = re.compile(
    rf"(?<![0-9A-Za-z/])(?:"
    rf"\d{{1,6}}/\d{{4}}/(?:{_UP}{_LET}{{0,5}}{_SP}{{0,2}}{_DASH}{_SP}{{0,2}})?{_ISSUER_CODE}"
    rf"|\d{{1,6}}/{_UP}{_LET}{{0,5}}{_SP}{{0,2}}{_DASH}{_SP}{{0,2}}{_ISSUER_CODE}"
    rf"|\d{{1,6}}{_SP}{{0,3}}{_DASH}{_SP}{{0,3}}{_UP}{_LET}{{0,5}}{_SP}{{0,2}}/{_SP}{{0,2}}"
    rf"{_UP}{_ALNUM}{{0,11}}(?:-{_UP}{_ALNUM}{{0,11}})?"
    rf")(?!\w)"
)
_PHRASE_BEFORE_RE = re.compile(
    rf"(?<!\w)(?P<phrase>{_PHRASES_RE})"
    rf"(?:{_SP}+số(?:{_SP}+(?:ký{_SP}+)?hiệu)?{_SP}*:?)?{_SP}*\Z",
    re.IGNORECASE,
)
_NUMBERED_RE = re.compile(
    rf"(?<!\w)(?P<phrase>{_PHRASES_RE}){_SP}+số{_SP}*:?{_SP}*(?P<number>\d{{1,6}})(?![\w/])",
    re.IGNORECASE,
)
_LAW_RE = re.compile(
    rf"(?<!\w)Luật{_SP}+(?:(?P<known>Cán{_SP}+bộ,{_SP}*công{_SP}+chức)"
    rf"|(?P<name>[^\W\d_]+(?:{_SP}+[^\W\d_]+){{0,7}}))"
)
_WORD_RE = re.compile(r"[^\W\d_]+")
_LAW_SUFFIX_RE = re.compile(
    rf"(?:{_SP}+(?:sửa{_SP}+đổi(?:,?{_SP}+bổ{_SP}+sung)?))?"
    rf"(?:{_SP}+(?:năm{_SP}+)?(?P<year>\d{{4}})(?!\d))?",
    re.IGNORECASE,
)
_DATE_RE = re.compile(
    rf"ngày{_SP}+(?:"
    rf"(?P<d>\d{{1,2}}){_SP}*(?P<sep>[-/.]){_SP}*(?P<m>\d{{1,2}})"
    rf"(?:{_SP}*(?P=sep){_SP}*(?P<y>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}}){_SP}+tháng{_SP}+(?P<m2>\d{{1,2}})(?:{_SP}+năm{_SP}+(?P<y2>\d{{4}}))?"
    rf")(?![\d\w])",
    re.IGNORECASE,
)
_GAP_RE = re.compile(rf"{_SP}*,?{_SP}*")
_CUA_RE = re.compile(rf"của{_SP}+", re.IGNORECASE)
_VE_RE = re.compile(rf"(?:về|v/v){_SP}+", re.IGNORECASE)
_TOKEN_RE = re.compile(r"\S+")
_SENTENCE_END_RE = re.compile(r"[.!?…]+[\"”’»)]*(?=\s)|\n")
_TITLE_END_RE = re.compile(r"[;!?\n]|\.(?=\s|$)")
_ROMAN_RE = re.compile(r"[IVXLC]+")
_DANGLING_RE = re.compile(r"(?:[\s,;:]|\b(?:và|hoặc|cùng|với)\b)+\Z", re.IGNORECASE)
_QUOTES = {'"': '"', "“": "”", "«": "»", "„": "“"}
_OPENING = frozenset(_QUOTES) | {"”", "’", "‘", "'"}
_TRAILING_PUNCT = ',;:.!?"”’»)…'

_ISSUER_WINDOW = 200
_TITLE_WINDOW = 400
_MAX_ISSUER_TOKENS = 20
_SENTENCE_REACH = 600  # at most this many characters of sentence on each side

# Lower-case words allowed inside an issuer name, each after one of the given words
# (compared lower-cased, tone placement normalised): "Ban Thường vụ", "Ủy ban nhân dân"…
_LOWER_AFTER: dict[str, frozenset[str]] = {
    word: frozenset(after)
    for word, after in {
        "vụ": ("thường",),
        "trực": ("thường",),
        "thường": ("ban",),
        "ủy": ("thành", "tỉnh", "quận", "huyện", "đảng", "thị", "xã", "phường", "quân"),
        "ban": ("ủy",),
        "hành": ("chấp",),
        "chấp": ("ban",),
        "trị": ("chính",),
        "thư": ("bí",),
        "nhân": ("ban", "đồng"),
        "dân": ("nhân", "ban"),
        "vận": ("dân",),
        "ương": ("trung",),
        "nghị": ("hội",),
        "đồng": ("hội",),
        "phủ": ("chính",),
        "tướng": ("thủ",),
        "cán": ("ban",),
        "sự": ("cán",),
        "đảng": ("sự", "ương"),
        "đoàn": ("đảng",),
        "bộ": ("đảng",),
        "tổ": ("ban",),
        "chức": ("tổ",),
        "kiểm": ("ban",),
        "tra": ("kiểm",),
        "tuyên": ("ban",),
        "giáo": ("tuyên",),
        "thành": ("dân", "ubnd", "hđnd", "ủy", "đảng", "bộ"),
        "tỉnh": ("dân", "ubnd", "hđnd", "ủy", "bộ"),
        "quận": ("dân", "ubnd", "hđnd", "bộ"),
        "huyện": ("dân", "ubnd", "hđnd", "bộ"),
        "xã": ("dân", "ubnd", "hđnd", "thị", "bộ"),
        "phường": ("dân", "ubnd", "hđnd", "bộ"),
        "thị": ("dân", "ubnd", "hđnd", "bộ"),
        "phố": ("thành",),
        "trấn": ("thị",),
        "kỳ": ("nhiệm",),
    }.items()
}
_LOWER_ANYWHERE = frozenset(("khóa", "nhiệm"))
# First words of an issuer named right after the symbol, without "của".
_DIRECT_ISSUER_HEADS = frozenset(
    (
        "hội", "ban", "bộ", "ủy", "ubnd", "hđnd", "chính", "thủ", "quốc", "btv", "bch",
        "thành", "tỉnh", "quận", "huyện", "đảng", "văn",
    )
)  # fmt: skip
_LAW_STOP_WORDS = frozenset(
    (
        "và", "sửa", "số", "của", "năm", "được", "đã", "theo", "thì", "để", "này", "mới",
        "hiện", "các", "những", "về", "trong", "tại", "với", "cho", "do", "đến", "là", "có",
        "không", "khi", "sẽ", "đang", "cũng", "như", "nhưng", "hoặc", "quy", "ngày",
    )
)  # fmt: skip


@dataclass(frozen=True)
class Reference:
    """One mention of a document in a text.

    ``start``/``end`` are offsets into the text as given and ``text`` is that span as written:
    from the type phrase (or the symbol) through the symbol, date and issuer phrase; the title
    (``title_phrase``) is not part of the span. ``sentence`` is the whole sentence, to quote as
    provenance.
    """

    start: int
    end: int
    text: str
    type_phrase: str | None
    document_type: str | None
    symbol: Symbol | None
    symbol_text: str | None
    number: str | None
    date: dt.date | None
    date_text: str | None
    issuer_phrase: str | None
    title_phrase: str | None
    sentence: str


# --- working text ----------------------------------------------------------------------


class _Text:
    """The text in NFC (cluster by cluster) with a map back to the original offsets."""

    def __init__(self, original: str) -> None:
        self.original = original
        if unicodedata.is_normalized("NFC", original):
            self.work = original
            self._map: list[int] | None = None
        else:
            self.work, self._map = self._normalise(original)
        self._sentence_ends = [m.end() for m in _SENTENCE_END_RE.finditer(self.work)]

    @staticmethod
    def _normalise(original: str) -> tuple[str, list[int]]:
        parts: list[str] = []
        offsets: list[int] = []
        start = 0
        length = len(original)
        while start < length:
            end = start + 1
            while end < length and unicodedata.combining(original[end]):
                end += 1
            piece = unicodedata.normalize("NFC", original[start:end])
            parts.append(piece)
            offsets.extend([start] * len(piece))
            start = end
        offsets.append(length)
        return "".join(parts), offsets

    def pos(self, index: int) -> int:
        """Original offset of a working offset."""
        return index if self._map is None else self._map[index]

    def orig(self, start: int, end: int) -> str:
        """The original text of a working span."""
        return self.original[self.pos(start) : self.pos(end)]

    def sentence(self, start: int, end: int) -> str:
        """The original sentence around a working span."""
        ends = self._sentence_ends
        i = bisect.bisect_right(ends, start)
        s_start = ends[i - 1] if i > 0 else 0
        j = bisect.bisect_left(ends, end)
        s_end = ends[j] if j < len(ends) else len(self.work)
        # A run-on "sentence" (no full stop for pages) is cut around the reference.
        s_start = max(s_start, start - _SENTENCE_REACH)
        s_end = min(s_end, end + _SENTENCE_REACH)
        return self.orig(s_start, s_end).strip()


# --- pieces --------------------------------------------------------------------------------


def _lower_word(word: str) -> str:
    return normalize_tone_placement(word.replace("Ð", "Đ").replace("ð", "đ")).lower()


def _parse_date(match: re.Match[str]) -> dt.date | None:
    day = match.group("d") or match.group("d2")
    month = match.group("m") or match.group("m2")
    year = match.group("y") or match.group("y2")
    if not year:
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _issuer_word_ok(core: str, previous: str | None) -> bool:
    """Whether a word can continue an issuer name after ``previous``."""
    if core.isdigit() or _ROMAN_RE.fullmatch(core):
        return True
    if core[0].isupper():
        return True
    word = _lower_word(core)
    if word in _LOWER_ANYWHERE:
        return True
    return previous is not None and previous in _LOWER_AFTER.get(word, frozenset())


def _parenthetical_end(work: str, pos: int, limit: int) -> int | None:
    """End of a ``(khóa XVII)``-like group starting at ``pos``, else None."""
    close = work.find(")", pos, min(limit, pos + 40))
    if close < 0 or "\n" in work[pos:close]:
        return None
    inner = work[pos + 1 : close].strip()
    head = fold(inner).split(" ", 1)[0] if inner else ""
    if head in ("khoa", "nhiem") or (inner and inner.replace(" ", "").isupper()):
        return close + 1
    return None


def _scan_issuer(work: str, pos: int, stop: int, direct: bool) -> int:
    """End offset of the issuer phrase starting at ``pos`` (``pos`` itself when none)."""
    limit = min(stop, len(work), pos + _ISSUER_WINDOW)
    end = pos
    previous: str | None = None
    for count, token in enumerate(_TOKEN_RE.finditer(work, pos, limit)):
        if "\n" in work[end : token.start()] or count >= _MAX_ISSUER_TOKENS:
            break
        raw = token.group()
        if raw[0] == "(" and count:
            group_end = _parenthetical_end(work, token.start(), limit)
            if group_end is None:
                break
            end = group_end
            break
        if raw[0] in _OPENING:
            break
        core = raw.rstrip(_TRAILING_PUNCT)
        core_start = token.start()
        if not core or not core[0].isalnum():
            break
        if (
            count == 0
            and direct
            and (not core[0].isupper() or _lower_word(core) not in _DIRECT_ISSUER_HEADS)
        ):
            break
        if not _issuer_word_ok(core, previous):
            break
        end = core_start + len(core)
        previous = _lower_word(core)
        if len(core) < len(raw):  # punctuation closes the phrase
            break
    return end


def _scan_title(work: str, pos: int, stop: int) -> str | None:
    """The ``về …`` or quoted title starting at ``pos`` (not beyond ``stop``), else None."""
    gap = _GAP_RE.match(work, pos)
    pos = gap.end() if gap else pos
    limit = min(stop, len(work), pos + _TITLE_WINDOW)
    ve = _VE_RE.match(work, pos)
    after_ve = ve.end() if ve else pos
    if after_ve < limit and work[after_ve] in _QUOTES:
        if after_ve > 0 and not work[after_ve - 1].isspace():
            return None
        close = work.find(_QUOTES[work[after_ve]], after_ve + 1, limit)
        title = work[after_ve + 1 : close].strip() if close > 0 else ""
        return title if title and title[0].isalnum() else None
    if not ve:
        return None
    end = _TITLE_END_RE.search(work, pos, limit)
    if end is not None:
        title = work[pos : end.start()]
    elif limit == min(stop, len(work)):  # the text or the next reference ends the title
        title = _DANGLING_RE.sub("", work[pos:limit])
    else:
        return None
    title = title.strip().rstrip(",").strip()
    return title if len(title) > len(ve.group()) else None


@dataclass
class _Draft:
    """A reference under construction (working offsets)."""

    start: int
    end: int
    type_phrase: str | None = None
    symbol: Symbol | None = None
    symbol_span: tuple[int, int] | None = None
    number: str | None = None
    date: dt.date | None = None
    date_span: tuple[int, int] | None = None
    issuer_span: tuple[int, int] | None = None
    title: str | None = None
    title_span: tuple[int, int] | None = None
    doc_type: str | None = None  # when no type phrase says it (``trình Thành ủy … về …``)


def _extend_after(work: str, draft: _Draft, stop: int) -> None:
    """Read the date, issuer phrase and title that follow a symbol or number."""
    pos = draft.end
    for _ in range(2):
        gap = _GAP_RE.match(work, pos)
        at = gap.end() if gap else pos
        if draft.date_span is None and (date := _DATE_RE.match(work, at)):
            draft.date_span = date.span()
            draft.date = _parse_date(date)
            pos = draft.end = date.end()
            continue
        if draft.issuer_span is None and (cua := _CUA_RE.match(work, at)):
            issuer_end = _scan_issuer(work, cua.end(), stop, direct=False)
            if issuer_end > cua.end():
                draft.issuer_span = (cua.end(), issuer_end)
                pos = draft.end = issuer_end
                continue
        if draft.issuer_span is None and draft.date_span is None and at < len(work):
            issuer_end = _scan_issuer(work, at, stop, direct=True)
            if issuer_end > at:
                draft.issuer_span = (at, issuer_end)
                pos = draft.end = issuer_end
                continue
        break
    draft.title = _scan_title(work, draft.end, stop)


def _document_type(phrase: str | None, symbol: Symbol | None) -> str | None:
    if phrase:
        key = _PHRASE_KEYS.get(fold(phrase))
        if key:
            return key
    if symbol and symbol.document_types:
        return symbol.document_types[0]
    return None


def _symbol_drafts(work: str) -> list[_Draft]:
    drafts = []
    for match in _SYMBOL_RE.finditer(work):
        try:
            symbol = parse_symbol(match.group())
        except SymbolError:
            continue
        start = match.start()
        draft = _Draft(start=start, end=match.end(), symbol=symbol, symbol_span=match.span())
        draft.number = symbol.number
        before = _PHRASE_BEFORE_RE.search(work, max(0, start - 60), start)
        if before and before.group("phrase"):
            draft.type_phrase = before.group("phrase")
            draft.start = before.start()
        drafts.append(draft)
    return drafts


def _numbered_drafts(work: str, taken: set[int]) -> list[_Draft]:
    drafts = []
    for match in _NUMBERED_RE.finditer(work):
        if match.start("number") in taken:
            continue
        drafts.append(
            _Draft(
                start=match.start(),
                end=match.end(),
                type_phrase=match.group("phrase"),
                number=match.group("number"),
            )
        )
    return drafts


def _law_drafts(work: str) -> list[_Draft]:
    drafts = []
    for match in _LAW_RE.finditer(work):
        if match.group("known"):
            name_start, name_end = match.span("known")
        else:
            name_start = match.start("name")
            words = list(_WORD_RE.finditer(work, name_start, match.end("name")))
            first = words[0].group() if words else ""
            if not first or not first[0].isupper() or _lower_word(first) == "luật":
                continue
            name_end = words[0].end()
            for word in words[1:]:
                lowered = _lower_word(word.group())
                if lowered == "luật" or lowered in _LAW_STOP_WORDS:
                    break
                name_end = word.end()
        suffix = _LAW_SUFFIX_RE.match(work, name_end)
        draft = _Draft(start=match.start(), end=suffix.end() if suffix else name_end)
        draft.type_phrase = work[match.start() : match.start() + len("Luật")]
        draft.title = work[name_start:name_end]
        draft.title_span = (name_start, name_end)
        drafts.append(draft)
    return drafts


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    """Sort by position and drop drafts overlapping an earlier-kept one."""
    drafts.sort(key=lambda d: (d.start, d.symbol is None, -d.end))
    kept: list[_Draft] = []
    for draft in drafts:
        if kept and draft.start < kept[-1].end:
            continue
        kept.append(draft)
    return kept


def _attach_laws(drafts: list[_Draft], work: str) -> list[_Draft]:
    """``Luật Cán bộ, công chức số 22/2008/QH12``: give the symbol its law name."""
    result: list[_Draft] = []
    for draft in drafts:
        previous = result[-1] if result else None
        if (
            previous is not None
            and previous.symbol is None
            and previous.type_phrase == "Luật"
            and previous.number is None
            and draft.symbol is not None
            and draft.type_phrase is None
            and re.fullmatch(rf"{_SP}*,?{_SP}*số{_SP}*:?{_SP}*", work[previous.end : draft.start])
        ):
            draft.start = previous.start
            draft.type_phrase = "Luật"
            draft.title = draft.title or previous.title
            result[-1] = draft
            continue
        result.append(draft)
    return result


# --- joint amending laws -----------------------------------------------------------------------

_AND_RE = re.compile(rf"{_SP}*,?{_SP}*và{_SP}+")
_AMENDED_RE = re.compile(rf"sửa{_SP}+đổi", re.IGNORECASE)


def _join_laws(drafts: list[_Draft], work: str) -> list[_Draft]:
    """``Luật Cán bộ, công chức và Luật Viên chức sửa đổi 2019`` is one law amending both
    (the 2019 "Luật sửa đổi, bổ sung một số điều của Luật A và Luật B"): a named law joined by
    ``và`` to a named law followed by ``sửa đổi`` becomes one reference naming both."""
    result: list[_Draft] = []
    for draft in drafts:
        previous = result[-1] if result else None
        if (
            previous is not None
            and _is_named_law(previous)
            and _is_named_law(draft)
            and previous.title_span is not None
            and draft.title_span is not None
            and _AND_RE.fullmatch(work, previous.end, draft.start)
            and _AMENDED_RE.search(work, draft.title_span[1], draft.end)
            and not _AMENDED_RE.search(work, previous.start, previous.end)
        ):
            previous.end = draft.end
            previous.title_span = (previous.title_span[0], draft.title_span[1])
            previous.title = work[previous.title_span[0] : previous.title_span[1]]
            continue
        result.append(draft)
    return result


def _is_named_law(draft: _Draft) -> bool:
    return draft.type_phrase == "Luật" and draft.symbol is None and draft.number is None


# --- documents known by type and title -----------------------------------------------------------

# Named laws have their own rule (``Luật Viên chức``); "luật" alone is mostly "pháp luật".
_TITLE_TYPES = tuple((phrase, key) for phrase, key in TYPE_PHRASES if key != "luat")
_TITLE_TYPES_RE = "|".join(_phrase_pattern(p) for p, _ in _TITLE_TYPES)
_TITLE_TYPE_RE = re.compile(rf"(?<!\w)(?P<phrase>{_TITLE_TYPES_RE})(?!\w)", re.IGNORECASE)
_COORDINATED_RE = re.compile(
    rf"{_SP}+(?:hoặc|và){_SP}+(?:{_TITLE_TYPES_RE})(?!\w)", re.IGNORECASE
)  # "kế hoạch hoặc đề án thực hiện …": one document of the first type
_SUBMIT_RE = re.compile(rf"(?<!\w)trình(?={_SP}+\w)", re.IGNORECASE)
_CONSIDER_RE = re.compile(
    rf"(?:{_SP}*,?{_SP}*(?:xem{_SP}+xét|cho{_SP}+ý{_SP}+kiến|phê{_SP}+duyệt|quyết{_SP}+định"
    rf"|thông{_SP}+qua|ban{_SP}+hành|và)){{0,4}}",
    re.IGNORECASE,
)
_PASSIVE_BY_RE = re.compile(rf"{_SP}+(?:được|do){_SP}+", re.IGNORECASE)
_APPROVED_RE = re.compile(
    rf"{_SP}+(?:phê{_SP}+duyệt|ban{_SP}+hành|ký|thông{_SP}+qua|chấp{_SP}+thuận)(?!\w)",
    re.IGNORECASE,
)
_COMMA_NEXT_RE = re.compile(rf"{_SP}*,")

# Type words that are also verbs ("quyết định đưa ra …", "báo cáo về …", "kết luận phiên
# họp"): taken as a document only after a determiner or a verb/preposition handling documents.
_VERB_LIKE_TYPES = frozenset(
    ("quyet_dinh", "quy_dinh", "huong_dan", "ket_luan", "thong_bao", "bao_cao", "chi_thi")
)
# Verbs and prepositions whose object is a document (compared lower-cased; both tone
# placements where they differ): "ban hành quy định về …", "ký quyết định phê duyệt …",
# "theo đề án …".
_GOVERNING = frozenset(
    (
        "ký", "theo", "bằng", "tại", "có", "trình", "ra", "gửi", "quán triệt", "ban hành",
        "thông qua", "phê duyệt", "xây dựng", "hoàn thiện", "hoàn thành", "triển khai",
        "thực hiện", "tham mưu", "bám sát", "căn cứ", "tiếp nối", "sửa đổi", "bổ sung",
        "thay thế", "bãi bỏ", "công bố", "áp dụng", "dự thảo", "soạn thảo", "chấp hành",
        "góp ý", "phổ biến", "sơ kết", "tổng kết", "rà soát", "thẩm định", "cụ thể hóa",
        "cụ thể hoá",
        "cho ý kiến", "lấy ý kiến", "ký ban hành",
    )
)  # fmt: skip
# "có kế hoạch làm gì" means "plans to do", not "has a (particular) plan".
_NOT_GOVERNING = {"ke_hoach": frozenset(("có",))}
# Words passed over between the governing word and the type word ("ban hành các …",
# "xây dựng xong …", "thực hiện có hiệu quả …").
_SKIPPED_BEFORE = frozenset(
    (
        "các", "những", "một", "mỗi", "từng", "hai", "ba", "xong", "tốt", "ngay", "lại",
        "hiệu", "quả", "nghiêm", "túc", "đầy", "đủ", "kịp", "thời",
    )
)  # fmt: skip
_DETERMINERS = frozenset(("các", "những", "một", "mỗi", "từng", "hai", "ba"))
# A title phrase never starts with these (the type word was anaphoric, generic or a verb):
# "đề án là …", "các quy định mới như …", "quyết định theo thẩm quyền".
_TITLE_STOP_START = frozenset(
    (
        "là", "của", "và", "hoặc", "với", "cho", "theo", "tại", "trong", "trên", "dưới",
        "này", "đó", "đây", "kia", "ấy", "mới", "cũ", "đã", "đang", "sẽ", "vừa", "được",
        "bị", "có", "thì", "mà", "như", "nào", "nêu", "chung", "khác", "cũng", "đều", "để",
        "nhằm", "từ", "đến", "sau", "trước", "số", "ngày", "tháng", "năm", "quý", "gồm",
        "cần", "phải", "không", "chưa", "nhiều", "ít", "đi", "vào", "ra", "về",
    )
)  # fmt: skip
# ... and ends before these (a relative clause or the rest of the sentence follows).
_TITLE_STOP_INSIDE = frozenset(
    (
        "đã", "đang", "sẽ", "vừa", "là", "thì", "mà", "như", "nhưng", "để", "nhằm", "được",
        "bị", "do", "cũng", "đều", "không", "chưa", "phải", "cần", "nên",
    )
)  # fmt: skip
# Words that make no title on their own ("các quy định pháp luật của Nhà nước").
_GENERIC_TITLE_WORDS = frozenset(
    (
        "pháp", "luật", "nhà", "nước", "của", "các", "những", "đảng", "công", "tác", "cấp",
        "trên", "dưới", "hiện", "hành", "liên", "quan", "này", "đó", "chung", "mới", "khác",
        "thẩm", "quyền", "và",
    )
)  # fmt: skip
# A title starting with one of these names the document it acts on ("quyết định phê duyệt
# đề án xây dựng …"): it runs on over that document's type word.
_OBJECT_VERBS = frozenset(
    ("phê duyệt", "ban hành", "thành lập", "sửa đổi", "bổ sung", "bãi bỏ", "thay thế",
     "công nhận")
)  # fmt: skip
_SUBMIT_NOT_AFTER = frozenset(
    ("tờ", "chương", "quy", "lộ", "hành", "tiến", "công", "giáo", "đệ", "dự", "liệu")
)  # fmt: skip
_MIN_TITLE_WORDS = 3
_MAX_TITLE_WORDS = 30
_LEFT_WINDOW = 80
_LEFT_WORDS = 4
_CLAUSE_PUNCT = ',;:.!?()"“”«»…'


@functools.lru_cache(maxsize=256)
def _phrase_key(phrase: str) -> str | None:
    return _PHRASE_KEYS.get(fold(phrase))


def _left_context(work: str, pos: int, doc_type: str | None) -> tuple[bool, bool]:
    """Whether the word before ``pos`` governs a document (a verb or preposition handling
    documents, possibly with determiners or adverbs between) and whether a determiner
    stands before it; nothing is read across a clause boundary."""
    window = work[max(0, pos - _LEFT_WINDOW) : pos]
    if pos > _LEFT_WINDOW:  # drop the word the window cuts
        parts = window.split(None, 1)
        window = parts[1] if len(parts) == 2 else ""
    window = window.rsplit("\n", 1)[-1]
    if window and not window[-1].isspace():
        return False, False  # glued to the previous word
    tokens = window.split()
    words: list[str] = []
    for raw in reversed(tokens):
        if raw[-1] in _CLAUSE_PUNCT:
            break
        words.insert(0, raw.lower())
        if len(words) >= _LEFT_WORDS:
            break
    excluded = _NOT_GOVERNING.get(doc_type or "", frozenset())
    determined = False
    for i in range(len(words) - 1, -1, -1):
        for size in (3, 2, 1):
            if i - size + 1 < 0:
                continue
            phrase = " ".join(words[i - size + 1 : i + 1])
            if phrase in _GOVERNING and phrase not in excluded:
                return True, determined
        word = words[i]
        if word in _DETERMINERS:
            determined = True
        if word in _SKIPPED_BEFORE or word.isdigit():
            continue
        break
    return False, determined


def _scan_bare_title(work: str, pos: int, stop: int) -> tuple[int, int] | None:
    """Span of a title phrase written straight after the type word (``đề án xây dựng nền
    công vụ …``), ending at punctuation, a relative clause or the next reference; None when
    what follows is no title."""
    while pos < len(work) and work[pos] in " \t\u00a0":
        pos += 1
    if pos >= len(work) or not work[pos].isalpha():
        return None
    head = " ".join(work[pos : pos + 40].lower().split()[:2])
    embedded = head in _OBJECT_VERBS
    limit = min(len(work), pos + _TITLE_WINDOW)
    if not embedded:
        limit = min(limit, stop)
    end = pos
    words: list[str] = []
    for count, token in enumerate(_TOKEN_RE.finditer(work, pos, limit)):
        if count >= _MAX_TITLE_WORDS or "\n" in work[end : token.start()]:
            break
        raw = token.group()
        if raw[0] in _OPENING or raw[0] in "([":
            break
        core = raw.rstrip(_TRAILING_PUNCT)
        if not core or not core[0].isalnum():
            break
        word = core.lower()  # the stop words have no tone-placement variants
        if count == 0 and word in _TITLE_STOP_START:
            return None
        if count and word in _TITLE_STOP_INSIDE:
            break
        words.append(word)
        end = token.start() + len(core)
        if len(core) < len(raw):
            break
    if len(words) < _MIN_TITLE_WORDS or all(w in _GENERIC_TITLE_WORDS for w in words):
        return None
    return pos, end


def _passive_issuer(work: str, pos: int, stop: int) -> tuple[int, int] | None:
    """``… được UBND thành phố phê duyệt``: the body after ``được``/``do`` that approved or
    issued the document."""
    by = _PASSIVE_BY_RE.match(work, pos)
    if by is None:
        return None
    end = _scan_issuer(work, by.end(), stop, direct=True)
    if end > by.end() and _APPROVED_RE.match(work, end):
        return by.end(), end
    return None


def _inside(pos: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether ``pos`` falls in one of ``spans`` (sorted, not overlapping; ``starts`` their
    start offsets)."""
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and pos < spans[i][1]


def _title_drafts(work: str, taken: list[tuple[int, int]]) -> list[_Draft]:
    """References by type and title without a number, outside the spans already taken."""
    taken = sorted(taken)
    taken_starts = [start for start, _end in taken]
    matches = [
        m for m in _TITLE_TYPE_RE.finditer(work) if not _inside(m.start(), taken, taken_starts)
    ]
    submissions = [
        m for m in _SUBMIT_RE.finditer(work) if not _inside(m.start(), taken, taken_starts)
    ]
    starts = sorted({s for s, _ in taken} | {m.start() for m in matches})
    drafts: list[_Draft] = []
    covered = -1
    for match in matches:
        if match.start() < covered:
            continue
        phrase = match.group("phrase")
        doc_type = _phrase_key(phrase)
        governed, determined = _left_context(work, match.start(), doc_type)
        if doc_type in _VERB_LIKE_TYPES and not (governed or determined):
            continue
        draft = _Draft(start=match.start(), end=match.end(), type_phrase=phrase)
        coordinated = _COORDINATED_RE.match(work, match.end())
        if coordinated:
            draft.end = coordinated.end()
        stop = _next_start(starts, draft.end)
        if not _COMMA_NEXT_RE.match(work, draft.end):
            _extend_after(work, draft, stop)
        if draft.title is None and draft.issuer_span is None and draft.date_span is None:
            span = _scan_bare_title(work, draft.end, stop) if governed else None
            if span is not None:
                draft.title_span = span
                draft.title = work[span[0] : span[1]]
                draft.issuer_span = _passive_issuer(work, span[1], len(work))
        if draft.title is None:
            continue  # a type word with no title names no particular document
        drafts.append(draft)
        covered = draft.end
    drafts.extend(_submission_drafts(work, submissions, starts))
    return drafts


def _submission_drafts(work: str, matches: list[re.Match[str]], starts: list[int]):
    """``trình Thành ủy xem xét, cho ý kiến về …``: a submission (Tờ trình) on that subject."""
    drafts = []
    for match in matches:
        before = work[max(0, match.start() - 12) : match.start()].split()
        if before and _lower_word(before[-1]) in _SUBMIT_NOT_AFTER:
            continue
        pos = match.end()
        while pos < len(work) and work[pos] in " \t\u00a0":
            pos += 1
        stop = _next_start(starts, pos)
        addressee_end = _scan_issuer(work, pos, stop, direct=True)
        if addressee_end <= pos:
            continue
        consider = _CONSIDER_RE.match(work, addressee_end)
        at = consider.end() if consider else addressee_end
        if not _VE_RE.match(work, _GAP_RE.match(work, at).end()):
            continue
        title = _scan_title(work, at, _next_start(starts, at))
        if title is None:
            continue
        drafts.append(
            _Draft(start=match.start(), end=addressee_end, title=title, doc_type="to_trinh")
        )
    return drafts


def _next_start(starts: list[int], pos: int) -> int:
    i = bisect.bisect_right(starts, pos)
    return starts[i] if i < len(starts) else 1 << 62


def _taken_spans(drafts: list[_Draft]) -> list[tuple[int, int]]:
    return [(d.start, d.end) for d in drafts]


def _squash(phrase: str) -> str:
    """Collapse runs of whitespace (sources use no-break spaces) into one space."""
    return " ".join(phrase.split())


# A title that runs up to the next reference may end with the words linking the two
# ("Kế hoạch số 260-KH/TU về thi tuyển … triển khai Quyết định số 215-QĐ/TU"): they belong
# to the link, not to the title.
_TRAILING_LINK_WORDS = tuple(
    " " + phrase for phrase in sorted((
        "triển khai", "triển khai thực hiện", "thực hiện", "tiếp tục thực hiện", "cụ thể hóa",
        "cụ thể hoá", "căn cứ", "căn cứ vào", "theo", "thay thế", "sửa đổi", "bổ sung",
        "sửa đổi, bổ sung", "bãi bỏ", "hướng dẫn", "hướng dẫn thực hiện", "phê duyệt", "và",
        "của", "tại", "kèm theo", "ban hành kèm theo",
    ), key=len, reverse=True)
)  # fmt: skip


def _title_text(title: str) -> str:
    squashed = _squash(title)
    changed = True
    while changed:
        changed = False
        lowered = squashed.lower()
        for ending in _TRAILING_LINK_WORDS:
            if lowered.endswith(ending) and len(squashed) > len(ending):
                squashed = squashed[: -len(ending)].rstrip(" ,;")
                changed = True
                break
    return squashed


def _finish(text: _Text, draft: _Draft) -> Reference:
    symbol_text = text.orig(*draft.symbol_span) if draft.symbol_span else None
    date_text = text.orig(*draft.date_span) if draft.date_span else None
    issuer = _squash(text.orig(*draft.issuer_span)) if draft.issuer_span else None
    phrase = None
    if draft.type_phrase:
        phrase = text.orig(draft.start, draft.start + len(draft.type_phrase))
    return Reference(
        start=text.pos(draft.start),
        end=text.pos(draft.end),
        text=text.orig(draft.start, draft.end),
        type_phrase=_squash(phrase) if phrase else None,
        document_type=draft.doc_type or _document_type(phrase, draft.symbol),
        symbol=draft.symbol,
        symbol_text=symbol_text,
        number=draft.number,
        date=draft.date,
        date_text=date_text,
        issuer_phrase=issuer or None,
        title_phrase=_title_text(draft.title) if draft.title else None,
        sentence=text.sentence(draft.start, draft.end),
    )


def find_references(text: str) -> list[Reference]:
    """Every document reference in ``text``, in order of appearance.

    Finds symbols (Party and State, with or without a type phrase such as ``Kế hoạch số``),
    numbered mentions without a symbol (``Chương trình số 01 của Quận uỷ``: ``symbol`` None,
    ``number`` "01"), named laws (``Luật Viên chức sửa đổi 2019``: type ``luat``, the name
    in ``title_phrase``; ``Luật A và Luật B sửa đổi 2019`` is one amending law) and documents
    known only by type and title (``Đề án về thí điểm thi tuyển …``: ``symbol`` and
    ``number`` None, the title in ``title_phrase``), including a submission named by its verb
    (``trình Thành ủy xem xét … về …``: type ``to_trinh``, ``type_phrase`` None). Never
    raises on a string.
    """
    if not isinstance(text, str) or not text:
        return []
    source = _Text(text)
    work = source.work
    symbol_drafts = _symbol_drafts(work)
    taken = {d.symbol_span[0] for d in symbol_drafts if d.symbol_span}
    drafts = _merge(symbol_drafts + _numbered_drafts(work, taken) + _law_drafts(work))
    for index, draft in enumerate(drafts):
        if draft.symbol is None and draft.number is None:
            continue  # named laws: nothing follows to read
        stop = drafts[index + 1].start if index + 1 < len(drafts) else len(work)
        _extend_after(work, draft, stop)
    drafts = _merge(drafts)
    drafts = _join_laws(_attach_laws(drafts, work), work)
    drafts = _merge(drafts + _title_drafts(work, _taken_spans(drafts)))
    return [_finish(source, d) for d in drafts]
