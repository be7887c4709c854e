"""What follows a reference's type and number: its date (``ngày 6-11-2023``, ``ngày 6 tháng 11
năm 2023``), its issuer phrase (``của Ban Thường vụ Thành ủy (khóa XVII)``, or the body
named straight after the symbol) and its title (``về …`` or quoted). Every scan reads a
bounded window.
"""

from __future__ import annotations

import datetime as dt
import re

from ..vietnamese import fold
from .lexicon import (
    GAP_RE,
    OPENING,
    QUOTES,
    SP,
    TITLE_WINDOW,
    TOKEN_RE,
    TRAILING_PUNCT,
    VE_RE,
    lower_word,
)
from .spans import Draft

__all__ = ["extend_after", "extend_before", "scan_issuer", "scan_title"]

_DATE_RE = re.compile(
    rf"ngày{SP}+(?:"
    rf"(?P<d>\d{{1,2}}){SP}*(?P<sep>[-/.]){SP}*(?P<m>\d{{1,2}})"
    rf"(?:{SP}*(?P=sep){SP}*(?P<y>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}}){SP}+tháng{SP}+(?P<m2>\d{{1,2}})(?:{SP}+năm{SP}+(?P<y2>\d{{4}}))?"
    rf")(?![\d\w])",
    re.IGNORECASE,
)
_CUA_RE = re.compile(rf"của{SP}+", re.IGNORECASE)
# "… Ban Thường vụ Thành ủy Hà Nội (đã) (ký) ban hành " right before a reference.
_ISSUES_RE = re.compile(
    rf"(?:{SP}+(?:đã|vừa|mới|chính{SP}+thức))*(?:{SP}+ký)?{SP}+ban{SP}+hành{SP}*\Z",
    re.IGNORECASE,
)
_CLAUSE_START_RE = re.compile(r"[,;:.!?\n(]")
_BEFORE_WINDOW = 240
_TITLE_END_RE = re.compile(r"[;!?\n]|\.(?=\s|$)")
_ROMAN_RE = re.compile(r"[IVXLC]+")
_DANGLING_RE = re.compile(r"(?:[\s,;:]|\b(?:và|hoặc|cùng|với)\b)+\Z", re.IGNORECASE)

_ISSUER_WINDOW = 200
_MAX_ISSUER_TOKENS = 20

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
    word = lower_word(core)
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


def scan_issuer(work: str, pos: int, stop: int, direct: bool) -> int:
    """End offset of the issuer phrase starting at ``pos`` (``pos`` itself when none)."""
    limit = min(stop, len(work), pos + _ISSUER_WINDOW)
    end = pos
    previous: str | None = None
    for count, token in enumerate(TOKEN_RE.finditer(work, pos, limit)):
        if "\n" in work[end : token.start()] or count >= _MAX_ISSUER_TOKENS:
            break
        raw = token.group()
        if raw[0] == "(" and count:
            group_end = _parenthetical_end(work, token.start(), limit)
            if group_end is None:
                break
            end = group_end
            break
        if raw[0] in OPENING:
            break
        core = raw.rstrip(TRAILING_PUNCT)
        core_start = token.start()
        if not core or not core[0].isalnum():
            break
        if (
            count == 0
            and direct
            and (not core[0].isupper() or lower_word(core) not in _DIRECT_ISSUER_HEADS)
        ):
            break
        if not _issuer_word_ok(core, previous):
            break
        end = core_start + len(core)
        previous = lower_word(core)
        if len(core) < len(raw):  # punctuation closes the phrase
            break
    return end


def scan_title(work: str, pos: int, stop: int) -> str | None:
    """The ``về …`` or quoted title starting at ``pos`` (not beyond ``stop``), else None."""
    gap = GAP_RE.match(work, pos)
    pos = gap.end() if gap else pos
    limit = min(stop, len(work), pos + TITLE_WINDOW)
    ve = VE_RE.match(work, pos)
    after_ve = ve.end() if ve else pos
    if after_ve < limit and work[after_ve] in QUOTES:
        if after_ve > 0 and not work[after_ve - 1].isspace():
            return None
        close = work.find(QUOTES[work[after_ve]], after_ve + 1, limit)
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


def extend_after(work: str, draft: Draft, stop: int) -> None:
    """Read the date, issuer phrase and title that follow a symbol or number."""
    pos = draft.end
    for _ in range(2):
        gap = GAP_RE.match(work, pos)
        at = gap.end() if gap else pos
        if draft.date_span is None and (date := _DATE_RE.match(work, at)):
            draft.date_span = date.span()
            draft.date = _parse_date(date)
            pos = draft.end = date.end()
            continue
        if draft.issuer_span is None and (cua := _CUA_RE.match(work, at)):
            issuer_end = scan_issuer(work, cua.end(), stop, direct=False)
            if issuer_end > cua.end():
                draft.issuer_span = (cua.end(), issuer_end)
                pos = draft.end = issuer_end
                continue
        if draft.issuer_span is None and draft.date_span is None and at < len(work):
            issuer_end = scan_issuer(work, at, stop, direct=True)
            if issuer_end > at:
                draft.issuer_span = (at, issuer_end)
                pos = draft.end = issuer_end
                continue
        break
    draft.title = scan_title(work, draft.end, stop)


def extend_before(work: str, draft: Draft, floor: int, previous: Draft | None = None) -> None:
    """Read the date and issuer of an issuance clause right before a reference:
    ``Ngày 20/3/2024, Ban Thường vụ Thành ủy Hà Nội ban hành Quyết định số 1350-QĐ/TU``
    gives the decision its date and issuer (when what follows it gave none). A date the
    previous reference took from the same clause (``Kế hoạch 188-KH/TU, ngày 20/3/2024, Ban
    Thường vụ … ban hành …``) is this reference's."""
    floor = max(floor, draft.start - _BEFORE_WINDOW)
    if previous is not None and previous.date_span and previous.date_span[0] >= floor - 40:
        floor = min(floor, previous.date_span[0])
    verb = _ISSUES_RE.search(work, floor, draft.start)
    if verb is None:
        return
    clause_start = floor
    for mark in _CLAUSE_START_RE.finditer(work, floor, verb.start()):
        clause_start = mark.end()
    date = None
    for found in _DATE_RE.finditer(work, floor, verb.start()):
        date = found
    if date is not None and date.end() > clause_start:
        clause_start = date.end()  # "Ngày 20/3/2024 Ban Thường vụ …" without a comma
    start = clause_start + len(work[clause_start:verb.start()]) - len(
        work[clause_start:verb.start()].lstrip())
    if draft.issuer_span is None and start < verb.start():
        end = scan_issuer(work, start, verb.start(), direct=True)
        if end >= verb.start() - 1 and not work[end:verb.start()].strip():
            draft.issuer_span = (start, end)
    if date is None or draft.date_span is not None or draft.issuer_span is None:
        return
    between = work[date.end():draft.issuer_span[0]]
    if between.strip(" ,") or "\n" in between:
        return  # the date is not the clause's
    if previous is not None and previous.date_span == date.span():
        previous.date_span, previous.date = None, None
    draft.date_span = date.span()
    draft.date = _parse_date(date)
