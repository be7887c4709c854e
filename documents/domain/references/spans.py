"""What the scanners find and work on: :class:`Reference` (one mention of a document, as
returned), :class:`Draft` (a reference under construction, in working offsets) and
:class:`WorkingText` (the text in NFC, mapped back to the offsets of the text as given, with
its sentences).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from ..symbols import Symbol

__all__ = ["Draft", "Reference", "WorkingText", "merge_drafts", "squash"]

_SENTENCE_END_RE = re.compile(r"[.!?…]+[\"”’»)]*(?=\s)|\n")
_SENTENCE_REACH = 600  # at most this many characters of sentence on each side


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


class WorkingText:
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


@dataclass
class Draft:
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


def merge_drafts(drafts: list[Draft]) -> list[Draft]:
    """Sort by position and drop drafts overlapping an earlier-kept one."""
    drafts.sort(key=lambda d: (d.start, d.symbol is None, -d.end))
    kept: list[Draft] = []
    for draft in drafts:
        if kept and draft.start < kept[-1].end:
            continue
        kept.append(draft)
    return kept


def squash(phrase: str) -> str:
    """Collapse runs of whitespace (sources use no-break spaces) into one space."""
    return " ".join(phrase.split())
