"""Comparing document titles as an article writes them with the catalogue's, and reading a
named law's title.

``title_similarity`` scores two titles 0–1 on their folded syllables and syllable pairs
(tone marks, case, punctuation and a leading ``về`` do not matter); ``law_parts`` splits a
law's title into its name, whether it amends, and its year. Pure Python (no database).
"""

from __future__ import annotations

import math
import re

from documents.domain.vietnamese import fold

__all__ = [
    "UNKNOWN_TITLE",
    "is_placeholder_title",
    "law_parts",
    "points_back",
    "says_amended",
    "title_shingles",
    "title_similarity",
]

#: The title given to a new document the article names without one.
UNKNOWN_TITLE = "(chưa rõ trích yếu)"

# Syllables too common to count on their own (they still count inside syllable pairs).
_TITLE_STOP_SYLLABLES = frozenset(
    (
        "ve", "v", "cua", "cac", "nhung", "va", "hoac", "voi", "cho", "trong", "tai", "theo",
        "la", "de", "duoc", "bi", "da", "dang", "se", "mot", "so", "nay", "do", "doi",
    )
)  # fmt: skip
_AMENDS_RE = re.compile(r"(?<![a-z])sua doi(?![a-z])")


def _title_words(title: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+", fold(title or ""))
    if words[:1] == ["ve"]:
        words = words[1:]
    elif words[:2] == ["v", "v"]:
        words = words[2:]
    return words


def title_shingles(title: str) -> set[str]:
    """The folded syllables of a title (common ones left out) and its syllable pairs:
    Vietnamese words are mostly two syllables, so pairs stand for words."""
    words = _title_words(title)
    shingles = {w for w in words if w not in _TITLE_STOP_SYLLABLES}
    shingles.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return shingles


def title_similarity(a: str, b: str) -> float:
    """Cosine similarity (0–1) of two titles' shingles: tone marks, case, punctuation and a
    leading ``về`` do not matter; a title cut short or run on still scores well."""
    first, second = title_shingles(a), title_shingles(b)
    if not first or not second:
        return 0.0
    return len(first & second) / math.sqrt(len(first) * len(second))


def says_amended(text: str) -> bool:
    """Whether ``text`` calls a law an amending one (``… sửa đổi 2019``)."""
    return bool(_AMENDS_RE.search(fold(text)))


_PLACEHOLDER_TITLES = frozenset((fold(UNKNOWN_TITLE).strip("()"), "chua ro trich yeu", ""))
#: More words than any placeholder has, with room for stray brackets ("( chưa rõ trích yếu )").
_PLACEHOLDER_WORDS = max(len(t.split()) for t in _PLACEHOLDER_TITLES) + 2
# "… thực hiện 2 văn bản này": the title points at documents the article named before.
_ANAPHOR_RE = re.compile(r"(?<![a-z])van ban (?:nay|tren|neu tren|do)(?![a-z])")


def is_placeholder_title(title: str) -> bool:
    """Whether a catalogue title only says the title is unknown (``(chưa rõ trích yếu)``)."""
    # Folding drops no word (but one of combining marks alone): a long title is no placeholder.
    if len(title.split()) > _PLACEHOLDER_WORDS:
        return False
    return fold(title).strip("()") in _PLACEHOLDER_TITLES


def points_back(title: str) -> bool:
    """Whether a title points at documents named before (``… thực hiện 2 văn bản này``)."""
    return bool(_ANAPHOR_RE.search(fold(title)))


def law_parts(title: str) -> tuple[str, bool, int | None]:
    """A law title's folded name, whether it is an amending law, and its year:
    ``Luật Viên chức sửa đổi 2019`` -> ``("vien chuc", True, 2019)``; the official
    ``Luật sửa đổi, bổ sung một số điều của Luật A`` gives ``("a", True, None)``."""
    words = re.findall(r"[a-z0-9]+", fold(title))
    if words[:1] == ["luat"]:
        words = words[1:]
    text = " ".join(words)
    amends = False
    prefix = re.match(r"sua doi (?:bo sung )?(?:mot so dieu )?(?:cua )?(?:luat )?", text)
    if prefix and prefix.end() < len(text):
        text, amends = text[prefix.end() :], True
    match = re.fullmatch(
        r"(?P<name>.*?)(?P<amends> sua doi(?: bo sung)?)?(?: nam)?(?: (?P<year>\d{4}))?", text
    )
    if match is None:  # pragma: no cover - the pattern matches every string
        return text, amends, None
    year = int(match.group("year")) if match.group("year") else None
    return match.group("name"), amends or bool(match.group("amends")), year
