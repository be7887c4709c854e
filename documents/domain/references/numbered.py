"""References by symbol (``188-KH/TU``, ``29/2023/NĐ-CP``, with or without a type phrase
before them), numbered mentions without a symbol (``Chương trình số 01``) and named laws
(``Luật Viên chức``, ``Luật Cán bộ, công chức số 22/2008/QH12``, and the joint amending
``Luật A và Luật B sửa đổi 2019``).
"""

from __future__ import annotations

import re

from ..symbols import SymbolError, parse_symbol
from .lexicon import ALNUM, DASH, LET, SP, TYPE_PHRASES, UP, lower_word, phrase_pattern
from .spans import Draft

__all__ = ["attach_laws", "join_laws", "law_drafts", "numbered_drafts", "symbol_drafts"]

_PHRASES_RE = "|".join(phrase_pattern(p) for p, _ in TYPE_PHRASES)
_ISSUER_CODE = rf"{UP}{ALNUM}{{0,11}}(?:{DASH}{UP}{ALNUM}{{0,11}}){{0,2}}"
_SYMBOL_RE = re.compile(
    rf"(?<![0-9A-Za-z/])(?:"
    rf"\d{{1,6}}/\d{{4}}/(?:{UP}{LET}{{0,5}}{SP}{{0,2}}{DASH}{SP}{{0,2}})?{_ISSUER_CODE}"
    rf"|\d{{1,6}}/{UP}{LET}{{0,5}}{SP}{{0,2}}{DASH}{SP}{{0,2}}{_ISSUER_CODE}"
    rf"|\d{{1,6}}{SP}{{0,3}}{DASH}{SP}{{0,3}}{UP}{LET}{{0,5}}{SP}{{0,2}}/{SP}{{0,2}}"
    rf"{UP}{ALNUM}{{0,11}}(?:-{UP}{ALNUM}{{0,11}})?"
    rf")(?!\w)"
)
_PHRASE_BEFORE_RE = re.compile(
    rf"(?<!\w)(?P<phrase>{_PHRASES_RE})"
    rf"(?:{SP}+số(?:{SP}+(?:ký{SP}+)?hiệu)?{SP}*:?)?{SP}*\Z",
    re.IGNORECASE,
)
_NUMBERED_RE = re.compile(
    rf"(?<!\w)(?P<phrase>{_PHRASES_RE}){SP}+số{SP}*:?{SP}*(?P<number>\d{{1,6}})(?![\w/])",
    re.IGNORECASE,
)
_LAW_RE = re.compile(
    rf"(?<!\w)Luật{SP}+(?:(?P<known>Cán{SP}+bộ,{SP}*công{SP}+chức)"
    rf"|(?P<name>[^\W\d_]+(?:{SP}+[^\W\d_]+){{0,7}}))"
)
_WORD_RE = re.compile(r"[^\W\d_]+")
_LAW_SUFFIX_RE = re.compile(
    rf"(?:{SP}+(?:sửa{SP}+đổi(?:,?{SP}+bổ{SP}+sung)?))?"
    rf"(?:{SP}+(?:năm{SP}+)?(?P<year>\d{{4}})(?!\d))?",
    re.IGNORECASE,
)

_LAW_STOP_WORDS = frozenset(
    (
        "và", "sửa", "số", "của", "năm", "được", "đã", "theo", "thì", "để", "này", "mới",
        "hiện", "các", "những", "về", "trong", "tại", "với", "cho", "do", "đến", "là", "có",
        "không", "khi", "sẽ", "đang", "cũng", "như", "nhưng", "hoặc", "quy", "ngày",
    )
)  # fmt: skip


def symbol_drafts(work: str) -> list[Draft]:
    drafts = []
    for match in _SYMBOL_RE.finditer(work):
        try:
            symbol = parse_symbol(match.group())
        except SymbolError:
            continue
        start = match.start()
        draft = Draft(start=start, end=match.end(), symbol=symbol, symbol_span=match.span())
        draft.number = symbol.number
        before = _PHRASE_BEFORE_RE.search(work, max(0, start - 60), start)
        if before and before.group("phrase"):
            draft.type_phrase = before.group("phrase")
            draft.start = before.start()
        drafts.append(draft)
    return drafts


def numbered_drafts(work: str, taken: set[int]) -> list[Draft]:
    drafts = []
    for match in _NUMBERED_RE.finditer(work):
        if match.start("number") in taken:
            continue
        drafts.append(
            Draft(
                start=match.start(),
                end=match.end(),
                type_phrase=match.group("phrase"),
                number=match.group("number"),
            )
        )
    return drafts


def law_drafts(work: str) -> list[Draft]:
    drafts = []
    for match in _LAW_RE.finditer(work):
        if match.group("known"):
            name_start, name_end = match.span("known")
        else:
            name_start = match.start("name")
            words = list(_WORD_RE.finditer(work, name_start, match.end("name")))
            first = words[0].group() if words else ""
            if not first or not first[0].isupper() or lower_word(first) == "luật":
                continue
            name_end = words[0].end()
            for word in words[1:]:
                lowered = lower_word(word.group())
                if lowered == "luật" or lowered in _LAW_STOP_WORDS:
                    break
                name_end = word.end()
        suffix = _LAW_SUFFIX_RE.match(work, name_end)
        draft = Draft(start=match.start(), end=suffix.end() if suffix else name_end)
        draft.type_phrase = work[match.start() : match.start() + len("Luật")]
        draft.title = work[name_start:name_end]
        draft.title_span = (name_start, name_end)
        drafts.append(draft)
    return drafts


def attach_laws(drafts: list[Draft], work: str) -> list[Draft]:
    """``Luật Cán bộ, công chức số 22/2008/QH12``: give the symbol its law name."""
    result: list[Draft] = []
    for draft in drafts:
        previous = result[-1] if result else None
        if (
            previous is not None
            and previous.symbol is None
            and previous.type_phrase == "Luật"
            and previous.number is None
            and draft.symbol is not None
            and draft.type_phrase is None
            and re.fullmatch(rf"{SP}*,?{SP}*số{SP}*:?{SP}*", work[previous.end : draft.start])
        ):
            draft.start = previous.start
            draft.type_phrase = "Luật"
            draft.title = draft.title or previous.title
            result[-1] = draft
            continue
        result.append(draft)
    return result


# --- joint amending laws -----------------------------------------------------------------------

_AND_RE = re.compile(rf"{SP}*,?{SP}*và{SP}+")
_AMENDED_RE = re.compile(rf"sửa{SP}+đổi", re.IGNORECASE)


def join_laws(drafts: list[Draft], work: str) -> list[Draft]:
    """``Luật Cán bộ, công chức và Luật Viên chức sửa đổi 2019`` is one law amending both
    (the 2019 "Luật sửa đổi, bổ sung một số điều của Luật A và Luật B"): a named law joined by
    ``và`` to a named law followed by ``sửa đổi`` becomes one reference naming both."""
    result: list[Draft] = []
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


def _is_named_law(draft: Draft) -> bool:
    return draft.type_phrase == "Luật" and draft.symbol is None and draft.number is None
