"""The passage of a text that a search found, diacritics ignored (docs/SEARCH.md).

Search matches folded words (:func:`~documents.domain.vietnamese.fold`: no diacritics, lower
case, ``đ`` → ``d``, white space collapsed). ``fold`` does not keep lengths — it collapses
white space, strips the text and recomposes characters — so a position in the folded text is
not the same position in the original. :func:`fold_with_offsets` folds a text character by
character and keeps, for every folded character, the index of the original character it came
from; :func:`find_passage` looks for the query's words (whole words, as the search index cuts
them: runs of ``a-z0-9``) in the folded text and cuts the passage from the original text, so
``dao tao`` finds ``… đào tạo, bồi dưỡng …`` as written.

No Django: the list page and the API call it on the provisions one query loaded.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .vietnamese import fold

__all__ = ["Passage", "find_passage", "fold_with_offsets"]

#: Characters of context around the words found, each side (the passage is cut at a space).
CONTEXT = 90
#: The longest passage (characters of the original text, ellipses aside).
MAX_LENGTH = 320


#: :func:`fold` of one character, remembered: a page of results folds some 30.000 characters of
#: a few hundred different ones (fold called per character was most of a search page's Python).
_fold_char = lru_cache(maxsize=4096)(fold)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """``(folded, offsets)``: *text* (NFC first) folded as :func:`fold` folds it, and for each
    character of ``folded`` the index in the NFC text of the character it came from.

    ``folded == fold(text)`` for every text (tested), so the search's words are found in it.
    """
    text = unicodedata.normalize("NFC", text or "")
    chars: list[str] = []
    offsets: list[int] = []
    pending_space = False
    for index, char in enumerate(text):
        if char.isspace():
            pending_space = bool(chars)
            continue
        folded = _fold_char(char)
        if not folded:
            continue
        if pending_space:
            chars.append(" ")
            offsets.append(index - 1)
            pending_space = False
        for piece in folded:
            chars.append(piece)
            offsets.append(index)
    return "".join(chars), offsets


@dataclass(frozen=True)
class Passage:
    """A passage of a text: ``text`` is cut from the original (NFC) text; ``before`` /
    ``after`` say whether text was left out before or after it (the page shows "…");
    ``found`` the query's words it contains (folded)."""

    text: str
    start: int
    end: int
    before: bool
    after: bool
    found: tuple[str, ...]


def _word_pattern(word: str) -> re.Pattern:
    return re.compile(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])")


def find_passage(text: str, words: list[str], *, context: int = CONTEXT,
                 max_length: int = MAX_LENGTH) -> Passage | None:
    """The passage of *text* holding the most of the folded *words* closest together, with
    about *context* characters around them; None when *text* holds none of them.

    The window chosen holds as many different words as possible, and among those the
    shortest span; the passage is widened to whole words and cut to at most *max_length*.
    """
    words = [w for w in dict.fromkeys(words) if w]
    if not text or not words:
        return None
    original = unicodedata.normalize("NFC", text)
    folded, offsets = fold_with_offsets(original)
    hits: list[tuple[int, int, str]] = []  # (start, end) in folded, word
    for word in words:
        hits += [(m.start(), m.end(), word) for m in _word_pattern(word).finditer(folded)]
    if not hits:
        return None
    hits.sort()
    best: tuple[int, int, int, int] | None = None  # (-distinct, span, start index, end index)
    for i in range(len(hits)):
        seen: set[str] = set()
        for j in range(i, len(hits)):
            span = hits[j][1] - hits[i][0]
            if span > max_length and j > i:
                break
            seen.add(hits[j][2])
            key = (-len(seen), span, i, j)
            if best is None or key < best:
                best = key
    assert best is not None
    _, _, first, last = best
    start_f, end_f = hits[first][0], hits[last][1]
    found = tuple(w for w in words if any(h[2] == w for h in hits[first:last + 1]))
    # Back to the original text: the first character of the first word, the last of the last.
    start, end = offsets[start_f], offsets[end_f - 1] + 1
    extra = max(0, min(max_length, end - start + 2 * context) - (end - start))
    left = min(extra // 2, start)
    right = min(extra - left, len(original) - end)
    left = min(extra - right, start)  # room unused on the right goes to the left
    start = _cut_left(original, start - left, start)
    end = _cut_right(original, end + right, end)
    if end - start > max_length:  # the words found lie further apart than a passage
        end = _cut_right(original, start + max_length, start + 1)
    passage = original[start:end].strip()
    return Passage(
        text=" ".join(passage.split()),
        start=start,
        end=end,
        before=bool(original[:start].strip()),
        after=bool(original[end:].strip()),
        found=found,
    )


def _cut_left(text: str, at: int, limit: int) -> int:
    """*at* moved right to the start of a word (not past *limit*)."""
    if at == 0 or text[at - 1].isspace():
        return at
    space = text.find(" ", at, limit)
    return limit if space == -1 else space + 1


def _cut_right(text: str, at: int, limit: int) -> int:
    """*at* moved left to the end of a word (not before *limit*)."""
    if at >= len(text) or text[at].isspace():
        return at
    space = text.rfind(" ", limit, at)
    return at if space == -1 else space
