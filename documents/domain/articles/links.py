"""Links an article states between the documents it names, and the linking words a title
runs into.

``propose_links(text, refs, ref_item)`` reads each sentence naming two or more documents for
a linking phrase (``A tiếp tục thực hiện B``, ``A được phê duyệt tại B``, ``Căn cứ A, …
ban hành B``) and proposes the links it states; ``trim_title`` drops such a phrase from the
end of a title that ran into it (:func:`~documents.domain.references.lexicon.trim_link_words`,
the one list of those words). Pure Python (no database).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from documents.domain.references import Reference
from documents.domain.references.lexicon import trim_link_words

__all__ = ["LINK_PHRASES", "LinkProposal", "propose_links", "trim_title"]


@dataclass
class LinkProposal:
    """``items[from_item]`` <kind> ``items[to_item]``, said in ``quote``."""

    from_item: int
    to_item: int
    kind: str
    phrase: str
    quote: str
    exists: bool = False  # set by the matching: the catalogue already has this link


#: Drop the linking words a title ran into (the one definition is the reference finder's).
trim_title = trim_link_words

# Folded linking phrases, the most specific first.
LINK_PHRASES: tuple[tuple[str, str], ...] = (
    (r"tiep tuc (?:to chuc )?(?:thuc hien|trien khai)", "continues"),
    (r"sua doi,? bo sung", "amends"),
    (r"sua doi", "amends"),
    (r"thay the", "replaces"),
    (r"bai bo", "repeals"),
    (r"phe duyet", "approves"),
    (r"can cu(?: vao)?", "based_on"),
    (r"huong dan(?: thuc hien)?", "guides"),
    (r"so ket|tong ket", "evaluates"),
    (r"cu the hoa", "implements"),
    (r"(?:to chuc )?trien khai(?: thuc hien)?", "implements"),
    (r"(?:to chuc )?thuc hien", "implements"),
    (r"dan chieu", "references"),
)
_LINK_RE = re.compile(
    r"(?<![a-z0-9])(?:"
    + "|".join(f"(?P<k{i}>{pattern})" for i, (pattern, _kind) in enumerate(LINK_PHRASES))
    + r")(?![a-z0-9])"
)
_PASSIVE_RE = re.compile(r"(?<![a-z0-9])(?:duoc|bi)(?![a-z0-9])")
_MAX_GAP = 120  # characters between the subject and the phrase, and the phrase and its object


def _fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold character by character, keeping each folded character's offset in ``text``."""
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if ch in "đĐÐð":
            base = "d"
        elif ch.isspace():
            base = " "
        else:
            base = "".join(
                c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn"
            ).lower()
        for c in base:
            chars.append(c)
            offsets.append(i)
    offsets.append(len(text))
    return "".join(chars), offsets


def _sentence_start(text: str, ref: Reference) -> int | None:
    if not ref.sentence:
        return None
    at = text.find(ref.sentence, max(0, ref.end - len(ref.sentence)))
    if at < 0 or at > ref.start or at + len(ref.sentence) < ref.end:
        return None
    return at


def propose_links(text: str, refs: list[Reference], ref_item: list[int]) -> list[LinkProposal]:
    """Links between documents named in one sentence around a linking phrase.

    ``A … tiếp tục thực hiện B và C`` gives A→B and A→C; a passive ``A được phê duyệt tại B``
    gives B→A; ``Căn cứ A, … ban hành B`` gives B→A.
    """
    by_sentence: dict[tuple[int, str], list[tuple[int, int, int]]] = {}
    for ref, item in zip(refs, ref_item, strict=True):
        start = _sentence_start(text, ref)
        if start is None:
            continue
        spans = by_sentence.setdefault((start, ref.sentence), [])
        spans.append((ref.start - start, ref.end - start, item))
    proposals: list[LinkProposal] = []
    seen: set[tuple[int, int, str]] = set()

    def add(src: int, dst: int, kind: str, phrase: str, quote: str) -> None:
        if src == dst or (src, dst, kind) in seen:
            return
        seen.add((src, dst, kind))
        proposals.append(LinkProposal(src, dst, kind, phrase, quote))

    for (_start, sentence), spans in by_sentence.items():
        if len({item for _s, _e, item in spans}) < 2:
            continue
        spans.sort()
        folded, offsets = _fold_with_offsets(sentence)
        phrases = []
        for match in _LINK_RE.finditer(folded):
            p_start, p_end = offsets[match.start()], offsets[match.end()]
            if any(s < p_end and p_start < e for s, e, _item in spans):
                continue  # inside a reference ("Hướng dẫn số …" is a type, not a verb)
            kind = LINK_PHRASES[int(match.lastgroup[1:])][1]
            phrases.append((p_start, p_end, kind, sentence[p_start:p_end]))
        for n, (p_start, p_end, kind, phrase) in enumerate(phrases):
            next_phrase = phrases[n + 1][0] if n + 1 < len(phrases) else len(sentence)
            before = [span for span in spans if span[1] <= p_start]
            after = [span for span in spans if span[0] >= p_end]
            targets = []
            for span in after:
                if span[0] >= next_phrase:
                    break
                gap_from = targets[-1][1] if targets else p_end
                gap = sentence[gap_from : span[0]]
                if not targets and (len(gap) > _MAX_GAP or ";" in _outside_quotes(gap)):
                    break  # a linking phrase does not reach across a semicolon
                if targets and ";" in _outside_quotes(gap):
                    break
                targets.append(span)
            if before and targets:
                subject = before[-1]
                gap = folded[_folded_index(offsets, subject[1]) : _folded_index(offsets, p_start)]
                if len(gap) > _MAX_GAP or ";" in _outside_quotes(gap):
                    continue
                if _PASSIVE_RE.search(gap):
                    add(targets[0][2], subject[2], kind, phrase, sentence)
                else:
                    for target in targets:
                        add(subject[2], target[2], kind, phrase, sentence)
            elif not before and kind == "based_on" and len(after) >= 2:
                for target in after[:-1]:
                    add(after[-1][2], target[2], kind, phrase, sentence)
    return proposals


def _outside_quotes(text: str) -> str:
    return re.sub(r"[“\"][^”\"]*[”\"]", "", text)


def _folded_index(offsets: list[int], original: int) -> int:
    """First folded index whose original offset is at least ``original``."""
    lo, hi = 0, len(offsets) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if offsets[mid] < original:
            lo = mid + 1
        else:
            hi = mid
    return lo
