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
from documents.domain.references.lexicon import TYPE_PHRASES, trim_link_words
from documents.domain.vietnamese import fold

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
    gives B→A; ``Căn cứ A, … ban hành B`` gives B→A, and ``Căn cứ A và B, … ban hành C`` C→A
    and C→B, never a link between A and B (:func:`_opening_bases`); a sentence about a
    document already named, by its type word alone (``Quyết định nhằm cụ thể hóa Kế hoạch
    số 188-KH/TU``), links that document (:func:`_bare_subject`).
    """
    by_sentence: dict[tuple[int, str], list[tuple[int, int, int]]] = {}
    earlier: dict[tuple[int, str], list[tuple[str | None, int, int | None]]] = {}
    named: list[tuple[str | None, int, int | None]] = []  # (type, item, sentence) so far
    for ref, item in zip(refs, ref_item, strict=True):
        start = _sentence_start(text, ref)
        if start is not None:
            key = (start, ref.sentence)
            by_sentence.setdefault(key, []).append((ref.start - start, ref.end - start, item))
            earlier.setdefault(key, list(named))
        named.append((ref.document_type, item, start))
    proposals: list[LinkProposal] = []
    seen: set[tuple[int, int, str]] = set()

    def add(src: int, dst: int, kind: str, phrase: str, quote: str) -> None:
        if src == dst or (src, dst, kind) in seen:
            return
        seen.add((src, dst, kind))
        proposals.append(LinkProposal(src, dst, kind, phrase, quote))

    for key, spans in by_sentence.items():
        sentence = key[1]
        spans.sort()
        folded, offsets = _fold_with_offsets(sentence)
        phrases = _phrases(folded, offsets, sentence, spans)
        subject = _bare_subject(folded, offsets, spans, phrases, earlier[key])
        if subject is not None:
            spans = [subject, *spans]
        if len({item for _s, _e, item in spans}) < 2:
            continue
        opening = None if subject else _opening_bases(sentence, folded, offsets, spans)
        if opening is not None:
            issued, bases, kind, phrase, verb_end = opening
            for basis in bases:
                add(issued[2], basis[2], kind, phrase, sentence)
            # what the rest of the sentence says, from the issued document on
            phrases = [p for p in phrases if p[0] >= verb_end]
            spans = [span for span in spans if span[0] >= issued[0]]
        _stated_links(sentence, folded, offsets, spans, phrases, add)
    return proposals


def _phrases(folded: str, offsets: list[int], sentence: str, spans) -> list[tuple]:
    """The linking phrases of a sentence outside its references: (start, end, kind, words)."""
    found = []
    for match in _LINK_RE.finditer(folded):
        p_start, p_end = offsets[match.start()], offsets[match.end()]
        if any(s < p_end and p_start < e for s, e, _item in spans):
            continue  # inside a reference ("Hướng dẫn số …" is a type, not a verb)
        kind = LINK_PHRASES[int(match.lastgroup[1:])][1]
        found.append((p_start, p_end, kind, sentence[p_start:p_end]))
    return found


def _stated_links(sentence, folded, offsets, spans, phrases, add) -> None:
    """``A <phrase> B (và C)``: the subject before the phrase, its objects after it; ``A
    <phrase> B và <phrase> C``: A is the subject of both."""
    previous: tuple[tuple, list] | None = None  # the last phrase's subject and objects
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
            if previous and subject in previous[1] and _AND_RE.fullmatch(gap):
                subject, gap = previous[0], ""
            previous = (subject, targets)
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


_AND_RE = re.compile(r"\s*,?\s*(?:va|dong thoi|va dong thoi|cung nhu)?\s*(?:de|nham)?\s*")

#: What opens a sentence naming the new document's bases, and the link it states.
_OPENING_RE = re.compile(
    r"(?:^|[,:] )(?P<phrase>can cu(?: vao)?|tren co so|(?:de|nham) cu the hoa|cu the hoa"
    r"|(?:de )?tiep tuc (?:thuc hien|trien khai)|(?:de )?(?:to chuc )?(?:trien khai|thuc hien)"
    r"(?: thuc hien)?)\s*$"
)
_ISSUES_RE = re.compile(r"(?<![a-z0-9])ban hanh\s*$")
_ISSUE_GAP = 40


def _opening_kind(phrase: str) -> str:
    if phrase.startswith(("can cu", "tren co so")):
        return "based_on"
    if "tiep tuc" in phrase:
        return "continues"
    return "implements"


def _opening_bases(sentence: str, folded: str, offsets: list[int], spans):
    """``Căn cứ A và B, Ban Thường vụ … ban hành C``: (C, [A, B], kind, phrase, where the
    verb ends) — the documents named before the issuing verb are the bases of the one it
    issues; None when the sentence is not so."""
    head = folded[: _folded_index(offsets, spans[0][0])]
    opening = _OPENING_RE.search(head)
    if opening is None:
        return None
    for n, span in enumerate(spans[1:], 1):
        before = folded[: _folded_index(offsets, span[0])]
        verb = _ISSUES_RE.search(before[-_ISSUE_GAP:] if len(before) > _ISSUE_GAP else before)
        if verb is not None:
            kind = _opening_kind(opening.group("phrase"))
            words = sentence[offsets[opening.start("phrase")] : offsets[opening.end("phrase")]]
            return span, spans[:n], kind, words, span[0]
    return None


#: A type word opening a sentence about a document already named: "Quyết định (này) nhằm …".
_BARE_RE = re.compile(
    r"^(?P<type>" + "|".join(sorted({re.escape(fold(p)) for p, _k in TYPE_PHRASES},
                                     key=len, reverse=True))
    + r")(?: (?:nay cung|nay|tren|moi|do|cung))?(?: (?:da|duoc ban hanh|ban hanh))?"
    r"(?: (?:nham|de|la))? "
)


def _bare_subject(folded, offsets, spans, phrases, named) -> tuple[int, int, int] | None:
    """The item a sentence opening with a type word alone is about: the latest document of
    type named last before it (``Quyết định nhằm cụ thể hóa …`` after ``… ban hành Quyết
    định số 1350-QĐ/TU``; the first of its sentence: ``Kế hoạch A tiếp tục thực hiện Kế
    hoạch B. Kế hoạch này …`` is A), when a linking phrase follows the type word straight
    away; as a span (start, end, item) ending where the phrase starts."""
    bare = _BARE_RE.match(folded)
    if bare is None or not phrases or spans[0][0] < offsets[bare.end() - 1]:
        return None
    if _folded_index(offsets, phrases[0][0]) != bare.end():
        return None
    doc_type = dict((fold(p), k) for p, k in TYPE_PHRASES)[bare.group("type")]
    of_type = [(item, sentence) for named_type, item, sentence in named if named_type == doc_type]
    if not of_type:
        return None
    last_sentence = of_type[-1][1]
    item = next(item for item, sentence in of_type if sentence == last_sentence)
    return (0, phrases[0][0], item)


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
