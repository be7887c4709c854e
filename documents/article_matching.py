"""From an article's text to what the catalogue should record: the documents it mentions
(each matched to the catalogue or marked new) and the links between them.

``analyse_article(text)`` runs the reference finder, groups the references that name the
same document (``Kế hoạch số 188-KH/TU ngày 6-11-2023 …`` and a later ``Kế hoạch số
188-KH/TU``), matches each group to the catalogue and proposes links between documents
named in the same sentence around a linking phrase (``A tiếp tục thực hiện B``). It only
reads the database. The result is plain data (:meth:`Analysis.to_dict`) so the admin can
carry it, signed, from the review page to the confirmation.

Matching, in order:

* a reference with a symbol is looked up by its folded key (``Document.symbol_key``: number
  without leading zeros, so ``04-NQ/TU`` = ``4-NQ/TU``). When several documents share the key
  (another term, another province) they are narrowed by the date (exact, else the year), by
  the issuer phrase against the issuing body's name, and by the localities the article
  names; what is still more than one is left for the admin to choose. A single candidate
  whose year or issuer contradicts the article is offered, not taken.
* a numbered reference without a symbol (``Chương trình số 01 của Quận uỷ``) first joins a
  reference of the same article with the same type and number (``01-CTr/QU``); otherwise
  it is looked up by type + number and narrowed by the issuer phrase; with no issuer to
  confirm it, candidates are only offered.
* a named law (``Luật Viên chức``, ``Luật Cán bộ, công chức và Luật Viên chức sửa đổi
  2019``) is matched by its name against law titles, ignoring punctuation: the same name, the
  same "amended" mark and a compatible year is a match; a title that merely contains the name
  is offered.
* a document known by type and title (``Đề án về thí điểm thi tuyển một số chức danh``,
  ``quyết định phê duyệt đề án xây dựng nền công vụ TP.HCM …``) is compared with the titles
  of the catalogue's documents of that type (:func:`title_similarity`: folded syllables and
  syllable pairs, so tone marks, case and punctuation do not matter). Candidates whose issuing
  body contradicts the issuer phrase or whose year contradicts the article are set aside; one
  of a place the article never names is only offered; a candidate linked in the catalogue to
  a document the article names scores higher (``kế hoạch … thực hiện 2 văn bản này``). One
  clear best candidate is a match, close ones are offered, none is a new document. The
  candidates are read with one query (type + ``search_text`` containing the title's syllable
  pairs, ordered by how many it contains).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import reduce
from operator import add, or_

from django.db.models import Case, IntegerField, Q, Value, When

from documents.domain.references import Reference, find_references
from documents.domain.vietnamese import fold
from documents.domain.vocabulary import DOCUMENT_TYPE_BY_KEY

__all__ = [
    "Analysis",
    "Item",
    "LinkProposal",
    "Occurrence",
    "analyse_article",
    "body_candidates",
    "guess_source_details",
    "issuer_key",
    "propose_links",
    "title_similarity",
]

MATCHED, AMBIGUOUS, NEW = "matched", "ambiguous", "new"
STATUS_LABELS = {MATCHED: "Đã có trong catalogue", AMBIGUOUS: "Cần chọn", NEW: "Mới"}
UNKNOWN_TITLE = "(chưa rõ trích yếu)"
MAX_CANDIDATES = 10
#: Title matching: a candidate needs a title similarity of OFFER_SIMILARITY to be offered at
#: all (or, for "… 2 văn bản này", a link to the documents meant); a match needs a score
#: (similarity + bonuses) of MATCH_SCORE and a lead of MATCH_LEAD over the runner-up.
OFFER_SIMILARITY = 0.3
MATCH_SCORE = 0.5
MATCH_LEAD = 0.15
LINK_BONUS = 0.2  # per document of the article the candidate is linked to (at most two)
ISSUER_BONUS = 0.1
SAME_TITLE = 0.7  # two title mentions at least this similar name the same document
LABEL_TITLE_LENGTH = 90


# --- plain data ------------------------------------------------------------------------


@dataclass
class Occurrence:
    """One place in the text where the document is named."""

    start: int
    end: int
    text: str
    sentence: str
    date_text: str | None = None
    issuer_phrase: str | None = None


@dataclass
class Item:
    """One document the article mentions (possibly several times)."""

    index: int
    kind: str  # "symbol", "number", "law" or "title" (known by type and title only)
    doc_type: str
    symbol: str = ""  # canonical
    lookup_key: str = ""
    symbol_as_written: str = ""
    issuer_code: str = ""
    number: str = ""
    date: str | None = None  # ISO
    date_text: str | None = None
    year: int | None = None
    issuer_phrase: str | None = None
    title: str | None = None
    quote: str = ""
    occurrences: list[Occurrence] = field(default_factory=list)
    status: str = NEW
    document: int | None = None
    candidates: list[int] = field(default_factory=list)
    bodies: list[int] = field(default_factory=list)
    body: int | None = None  # the body to preselect for a new document
    note: str = ""

    @property
    def type_name(self) -> str:
        term = DOCUMENT_TYPE_BY_KEY.get(self.doc_type)
        return term.vi if term else ""

    @property
    def label(self) -> str:
        if self.symbol:
            return f"{self.type_name} {self.symbol}"
        if self.kind == "law":
            amended = " sửa đổi" if self.amends else ""
            year = f" {self.year}" if self.year else ""
            return f"Luật {self.title}{amended}{year}"
        if self.kind == "title":
            title = trim_title(self.title or "")
            if len(title) > LABEL_TITLE_LENGTH:
                title = title[: LABEL_TITLE_LENGTH - 1].rstrip(" ,;:") + "…"
            return f"{self.type_name} {title}".strip()
        return f"{self.type_name} số {self.number}"

    @property
    def amends(self) -> bool:
        """Whether the article calls the law an amending one (``… sửa đổi 2019``)."""
        return any(_AMENDS_RE.search(fold(o.text)) for o in self.occurrences)

    @property
    def issued_date(self) -> dt.date | None:
        return dt.date.fromisoformat(self.date) if self.date else None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def proposed_title(self) -> str:
        """The title to pre-fill for a new document: the article's ``về …`` phrase without
        a linking verb it ran into (``… tiếp tục thực hiện`` before the next reference),
        capitalised; ``(chưa rõ trích yếu)`` when the article gives none."""
        if self.kind == "law" and self.title:
            return f"Luật {self.title}"
        title = trim_title(self.title or "")
        return title[0].upper() + title[1:] if title else UNKNOWN_TITLE


@dataclass
class LinkProposal:
    """``items[from_item]`` <kind> ``items[to_item]``, said in ``quote``."""

    from_item: int
    to_item: int
    kind: str
    phrase: str
    quote: str
    exists: bool = False


@dataclass
class Analysis:
    text: str
    items: list[Item]
    links: list[LinkProposal]
    reference_count: int

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Analysis:
        items = []
        for raw in data["items"]:
            raw = dict(raw)
            raw["occurrences"] = [Occurrence(**o) for o in raw.get("occurrences", [])]
            items.append(Item(**raw))
        links = [LinkProposal(**link) for link in data["links"]]
        return cls(
            text=data["text"],
            items=items,
            links=links,
            reference_count=data["reference_count"],
        )

    def counts(self) -> dict[str, int]:
        result = {MATCHED: 0, AMBIGUOUS: 0, NEW: 0}
        for item in self.items:
            result[item.status] += 1
        return result


# --- title similarity (pure) ------------------------------------------------------------------

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


# --- grouping references into documents (pure) ----------------------------------------------

_YEAR_RE = re.compile(r"(?<!\d)(\d{4})\s*$")


def _law_year(ref: Reference) -> int | None:
    match = _YEAR_RE.search(ref.text)
    return int(match.group(1)) if match else None


def _number_key(number: str | None) -> str:
    return (number or "").lstrip("0") or "0"


def _occurrence(ref: Reference) -> Occurrence:
    return Occurrence(
        start=ref.start,
        end=ref.end,
        text=" ".join(ref.text.split()),
        sentence=ref.sentence,
        date_text=ref.date_text,
        issuer_phrase=ref.issuer_phrase,
    )


def _kind(ref: Reference) -> str:
    if ref.symbol is not None:
        return "symbol"
    if ref.number is not None:
        return "number"
    if ref.document_type == "luat":
        return "law"
    return "title"


def _new_item(index: int, ref: Reference) -> Item:
    kind = _kind(ref)
    item = Item(index=index, kind=kind, doc_type=ref.document_type or "khac")
    if ref.symbol is not None:
        item.symbol = ref.symbol.canonical
        item.lookup_key = ref.symbol.lookup_key
        item.symbol_as_written = " ".join((ref.symbol_text or "").split())
        item.issuer_code = ref.symbol.issuer_code
        item.number = ref.symbol.number
    else:
        item.number = ref.number or ""
    if kind == "law":
        item.year = _law_year(ref)
    return item


def _absorb(item: Item, ref: Reference) -> None:
    """Add an occurrence and fill what the item does not know yet."""
    item.occurrences.append(_occurrence(ref))
    if ref.type_phrase and item.doc_type == "khac" and ref.document_type:
        item.doc_type = ref.document_type
    if item.date is None and ref.date is not None:
        item.date = ref.date.isoformat()
        item.date_text = ref.date_text
        item.year = ref.date.year
    if item.date is None and item.date_text is None and ref.date_text:
        item.date_text = ref.date_text
    if item.issuer_phrase is None and ref.issuer_phrase:
        item.issuer_phrase = ref.issuer_phrase
    if item.title is None and ref.title_phrase:
        item.title = ref.title_phrase
    if item.kind == "law" and item.year is None:
        item.year = _law_year(ref)


def _compatible_year(item: Item, ref: Reference) -> bool:
    return item.year is None or ref.date is None or ref.date.year == item.year


def _issuer_code_of_phrase(phrase: str | None) -> str | None:
    """The Party issuer code a phrase implies (``Quận uỷ`` -> ``QU``), if any."""
    if not phrase:
        return None
    words = f" {issuer_key(phrase)} "
    for needle, code in (
        (" quan uy ", "QU"),
        (" huyen uy ", "HU"),
        (" thanh uy ", "TU"),
        (" tinh uy ", "TU"),
        (" trung uong ", "TW"),
    ):
        if needle in words:
            return code
    return None


def group_references(refs: list[Reference]) -> tuple[list[Item], list[int]]:
    """Group references naming the same document; returns the items and, for each
    reference, the index of its item."""
    items: list[Item] = []
    ref_item: list[int] = []
    for ref in refs:
        target = None
        if ref.symbol is not None:
            for item in items:
                if (
                    item.kind == "symbol"
                    and item.lookup_key == ref.symbol.lookup_key
                    and _compatible_year(item, ref)
                ):
                    target = item
                    break
        elif ref.number is not None:
            code = _issuer_code_of_phrase(ref.issuer_phrase)
            for item in items:
                if (
                    item.kind in ("symbol", "number")
                    and item.doc_type == ref.document_type
                    and _number_key(item.number) == _number_key(ref.number)
                    and (code is None or not item.issuer_code or item.issuer_code == code)
                    and _compatible_year(item, ref)
                ):
                    target = item
                    break
        elif _kind(ref) == "law":
            name = fold(ref.title_phrase or "")
            for item in items:
                if item.kind == "law" and fold(item.title or "") == name:
                    target = item
                    break
        else:
            # The same type and (nearly) the same title: the same document, also when it
            # was named earlier with its symbol and this title.
            for item in items:
                if (
                    item.kind in ("title", "symbol", "number")
                    and item.doc_type == ref.document_type
                    and item.title
                    and title_similarity(item.title, ref.title_phrase or "") >= SAME_TITLE
                    and _compatible_year(item, ref)
                ):
                    target = item
                    break
        if target is None:
            target = _new_item(len(items), ref)
            items.append(target)
        _absorb(target, ref)
        ref_item.append(target.index)
    # A numbered reference seen before the symbol: adopt the symbol's data (done by the
    # loop above only when the symbol came first).
    _merge_numbers_into_symbols(items, ref_item)
    for item in items:
        best = max(item.occurrences, key=lambda o: (_occ_richness(o), -o.start))
        item.quote = best.sentence
    return items, ref_item


def _occ_richness(occ: Occurrence) -> int:
    return (occ.date_text is not None) + (occ.issuer_phrase is not None)


def _merge_numbers_into_symbols(items: list[Item], ref_item: list[int]) -> None:
    """``Chương trình số 01`` before ``01-CTr/QU`` in the text: fold the first into the second."""
    removed: dict[int, int] = {}
    for item in items:
        if item.kind != "number":
            continue
        code = _issuer_code_of_phrase(item.issuer_phrase)
        for other in items:
            if (
                other.kind == "symbol"
                and other.index not in removed
                and other.doc_type == item.doc_type
                and _number_key(other.number) == _number_key(item.number)
                and (code is None or other.issuer_code == code)
            ):
                other.occurrences = sorted(
                    other.occurrences + item.occurrences, key=lambda o: o.start
                )
                other.issuer_phrase = other.issuer_phrase or item.issuer_phrase
                removed[item.index] = other.index
                break
    if not removed:
        return
    kept = [item for item in items if item.index not in removed]
    renumber = {item.index: new for new, item in enumerate(kept)}
    for old, into in removed.items():
        renumber[old] = renumber[into]
    for i, old in enumerate(ref_item):
        ref_item[i] = renumber[old]
    for item in kept:
        item.index = renumber[item.index]
    items[:] = kept


# --- link proposals (pure) ---------------------------------------------------------------------

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


_TRAILING_LINK_RE = re.compile(
    r"(?:\s+(?:de|nham|va|la|ma))?\s+(?:"
    + "|".join(pattern for pattern, _kind in LINK_PHRASES)
    + r")(?:\s+(?:tot|co hieu qua|nghiem tuc))?[\s,;:]*$"
)


def trim_title(title: str) -> str:
    """Drop a linking verb the title ran into: ``về tạo nguồn … năm 2024 tiếp tục thực
    hiện`` -> ``về tạo nguồn … năm 2024``."""
    title = " ".join(title.split())
    folded, offsets = _fold_with_offsets(title)
    match = _TRAILING_LINK_RE.search(folded)
    if match and match.start() > 0:
        title = title[: offsets[match.start()]]
    return title.strip(" ,;:")


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


# --- issuer phrases and bodies -----------------------------------------------------------------

_ABBREVIATIONS = {
    "btv": "ban thuong vu",
    "bch": "ban chap hanh",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "ubkt": "uy ban kiem tra",
    "mttq": "mat tran to quoc",
    "tw": "trung uong",
    "tp": "thanh pho",
    "tp.": "thanh pho",
    "tp.hcm": "thanh pho ho chi minh",
    "tphcm": "thanh pho ho chi minh",
    "hcm": "ho chi minh",
}
# Words naming a role rather than the body's place; they do not contradict a body's name.
_ROLE_WORDS = frozenset(("ban", "thuong", "vu", "chap", "hanh", "truc", "dang"))


def issuer_key(phrase: str | None) -> str:
    """Folded issuer phrase with abbreviations spelled out and the term dropped:
    ``BTV Thành uỷ (khóa XVII)`` -> ``ban thuong vu thanh uy``."""
    if not phrase:
        return ""
    text = fold(phrase)
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"(?<![a-z])(?:khoa|nhiem ky)\s+[ivxlc0-9]+.*$", " ", text)
    text = re.sub(r"^hoi nghi (?:lan thu )?(?:trung uong )?\d+\s*", "", text)
    words = []
    for token in re.findall(r"[a-z0-9.]+", text):
        token = token.strip(".")
        if not token:
            continue
        words.append(_ABBREVIATIONS.get(token, _ABBREVIATIONS.get(token + ".", token)))
    return " ".join(" ".join(words).split())


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text))


def _body_words(body) -> set[str]:
    words = _words(body.name_key)
    if body.locality_id:
        words |= _words(body.locality.name_key)
    return words


def _body_fit(body, key: str) -> int:
    """How well an issuer key names a body: 3 same name, 2 the name starts with it, 1 the
    name contains it, 0 the place words agree, -1 they contradict."""
    name = f" {body.name_key} "
    if not key:
        return 0
    if body.name_key == key:
        return 3
    if name.startswith(f" {key} "):
        return 2
    if f" {key} " in name:
        return 1
    place_words = _words(key) - _ROLE_WORDS
    return 0 if place_words <= _body_words(body) else -1


def article_context(text: str) -> str:
    """The folded article as space-separated words, abbreviations spelled out
    (``TP.HCM`` -> ``thanh pho ho chi minh``), with a space at each end."""
    words = []
    for token in re.findall(r"[a-z0-9.]+", fold(text)):
        token = token.strip(".")
        if token:
            words.append(_ABBREVIATIONS.get(token, _ABBREVIATIONS.get(token + ".", token)))
    return f" {' '.join(' '.join(words).replace('.', ' ').split())} "


def _in_context(body, context: str) -> bool:
    locality = getattr(body, "locality", None)
    return bool(locality and locality.name_key and f" {locality.name_key} " in context)


def body_candidates(
    phrase: str | None, issuer_code: str = "", context: str = "", limit: int = MAX_CANDIDATES
):
    """Issuing bodies an issuer phrase may name, best first, and whether the first is a
    confident guess. ``context`` is the folded article text (with spaces around)."""
    from documents.models import IssuingBody

    key = issuer_key(phrase)
    qs = IssuingBody.objects.select_related("locality")
    if key:
        words = [w for w in key.split() if w not in _ROLE_WORDS] or key.split()
        query = Q()
        for word in words[:8]:
            query &= Q(name_key__contains=word)
        bodies = list(qs.filter(query)[:200])
    elif issuer_code:
        bodies = list(qs.filter(code__iexact=issuer_code)[:200])
    else:
        return [], False
    code = fold(issuer_code)
    scored = []
    for body in bodies:
        fit = _body_fit(body, key)
        if fit < 0:
            continue
        body_code = fold(body.code)
        if code and body_code and body_code != code:
            continue
        scored.append(
            (
                (-fit, body_code != code, not _in_context(body, context), len(body.name_key)),
                body,
            )
        )
    scored.sort(key=lambda pair: pair[0])
    ranked = [body for _score, body in scored[:limit]]
    confident = (
        bool(ranked)
        and scored[0][0][0] <= -2
        and (len(scored) == 1 or scored[1][0][:3] != scored[0][0][:3])
    )
    return ranked, confident


# --- matching against the catalogue ------------------------------------------------------------


def _narrow(candidates: list, keep) -> list:
    narrowed = [c for c in candidates if keep(c)]
    return narrowed or candidates


def _doc_context(doc, context: str) -> bool:
    body = doc.issuing_body
    if body is not None and _in_context(body, context):
        return True
    return bool(doc.locality and f" {doc.locality.name_key} " in context)


class Matcher:
    """Matches items to documents, reading the database only."""

    def __init__(self, context: str) -> None:
        from documents.models import Document

        self.context = context
        self.documents = Document.objects.select_related(
            "issuing_body__locality", "locality", "term"
        )

    def match(self, item: Item, named: set[int] | frozenset[int] = frozenset()) -> None:
        """Decide ``item``'s status, document and candidates; ``named`` holds the documents
        the article's other mentions were matched to."""
        if item.kind == "symbol":
            candidates = list(self.documents.filter(symbol_key=item.lookup_key)[:200])
            self._decide(item, candidates, confirmed=True)
        elif item.kind == "number":
            candidates = list(
                self.documents.filter(
                    doc_type=item.doc_type, number__regex=rf"^0*{_number_key(item.number)}$"
                )[:200]
            )
            key = issuer_key(item.issuer_phrase)
            if key:
                candidates = [
                    c for c in candidates if c.issuing_body and _body_fit(c.issuing_body, key) >= 0
                ]
            confirmed = bool(key) or item.date is not None
            self._decide(item, candidates, confirmed=confirmed)
        elif item.kind == "law":
            self._match_law(item)
        else:
            self._match_title(item, named)
        if item.status != MATCHED:
            bodies, confident = body_candidates(item.issuer_phrase, item.issuer_code, self.context)
            item.bodies = [b.pk for b in bodies]
            item.body = bodies[0].pk if confident else None

    def _decide(self, item: Item, candidates: list, confirmed: bool) -> None:
        if not candidates:
            item.status = NEW
            return
        date = item.issued_date
        key = issuer_key(item.issuer_phrase)
        narrowed = candidates
        if date is not None:
            exact = [c for c in narrowed if c.issued_date == date]
            narrowed = exact or _narrow(narrowed, lambda c: c.issued_year == date.year)
        elif item.year is not None:
            narrowed = _narrow(narrowed, lambda c: c.issued_year == item.year)
        if key:
            fits = {c.pk: _body_fit(c.issuing_body, key) if c.issuing_body else 0 for c in narrowed}
            best = max(fits.values())
            if best > 0:
                narrowed = [c for c in narrowed if fits[c.pk] == best]
            else:
                narrowed = _narrow(narrowed, lambda c: fits[c.pk] >= 0)
        narrowed = _narrow(narrowed, lambda c: _doc_context(c, self.context))
        ordered = narrowed + [c for c in candidates if c not in narrowed]
        item.candidates = [c.pk for c in ordered[:MAX_CANDIDATES]]
        if len(narrowed) > 1:
            item.status = AMBIGUOUS
            item.note = "Nhiều văn bản trùng số ký hiệu: hãy chọn văn bản đúng."
            return
        doc = narrowed[0]
        conflicts = []
        year = date.year if date else item.year
        if year and doc.issued_year and doc.issued_year != year:
            conflicts.append(f"bài viết ghi năm {year}, catalogue ghi năm {doc.issued_year}")
        if key and doc.issuing_body and _body_fit(doc.issuing_body, key) < 0:
            conflicts.append(
                f"bài viết ghi “{item.issuer_phrase}”, catalogue ghi “{doc.issuing_body.name}”"
            )
        if conflicts:
            item.status = AMBIGUOUS
            item.note = "Có thể là văn bản khác: " + "; ".join(conflicts) + "."
        elif not confirmed:
            item.status = AMBIGUOUS
            item.note = "Bài viết không nêu cơ quan ban hành: hãy xác nhận văn bản."
        else:
            item.status = MATCHED
            item.document = doc.pk

    def _match_law(self, item: Item) -> None:
        name, amends, year = _law_parts(item.title or "")
        amends = amends or item.amends
        year = item.year or year
        if not name:
            item.status = NEW
            return
        found = []
        first = " ".join(name.split()[:2])
        for doc in self.documents.filter(doc_type="luat", search_text__contains=first)[:200]:
            doc_name, doc_amends, doc_year = _law_parts(doc.title)
            doc_year = doc.issued_year or doc_year
            if year and doc_year and doc_year != year:
                continue
            if doc_name == name and doc_amends == amends:
                found.append((0, doc))
            elif f" {name} " in f" {doc_name} " or f" {doc_name} " in f" {name} ":
                found.append((1, doc))
        found.sort(key=lambda pair: pair[0])
        exact = [doc for rank, doc in found if rank == 0]
        item.candidates = [doc.pk for _rank, doc in found[:MAX_CANDIDATES]]
        if len(exact) == 1:
            item.status, item.document = MATCHED, exact[0].pk
        elif found:
            item.status = AMBIGUOUS
            item.note = "Tên luật chỉ khớp một phần với văn bản đã có: hãy xác nhận."
        else:
            item.status = NEW

    def _match_title(self, item: Item, named) -> None:
        """A document known by type and title: the catalogue's documents of that type with
        the most similar title, unless their issuer, year or place contradicts the article."""
        title = item.title or ""
        wanted = title_shingles(title)
        if len(wanted) < 3:
            item.status = NEW
            return
        found = self._title_candidates(item.doc_type, wanted)
        linked = self._linked(named)
        missing = [pk for pk in linked if pk not in found]
        if missing:
            found.update(self.documents.filter(doc_type=item.doc_type).in_bulk(missing))
        key = issuer_key(item.issuer_phrase)
        year = item.issued_date.year if item.date else item.year
        anaphoric = bool(_ANAPHOR_RE.search(fold(title)))
        places = self._places(found.values())
        scored = []
        for doc in found.values():
            if fold(doc.title).strip("()") in _PLACEHOLDER_TITLES:
                continue
            fit = _body_fit(doc.issuing_body, key) if key and doc.issuing_body else 0
            if fit < 0 or (year and doc.issued_year and doc.issued_year != year):
                continue
            similarity = title_similarity(title, doc.title)
            links = min(len(linked.get(doc.pk, ())), 2)
            if similarity < OFFER_SIMILARITY and not (anaphoric and links):
                continue
            score = similarity + LINK_BONUS * links + (ISSUER_BONUS if fit >= 2 else 0)
            # A document of a place the article never names is offered, never taken.
            scored.append((score, places.get(doc.pk, True), doc))
        scored.sort(key=lambda entry: (not entry[1], -entry[0], entry[2].pk))
        item.candidates = [doc.pk for _score, _placed, doc in scored[:MAX_CANDIDATES]]
        if not scored:
            item.status = NEW
            return
        best_score, placed, best = scored[0]
        runner_up = max((score for score, _placed, _doc in scored[1:]), default=0.0)
        if placed and best_score >= MATCH_SCORE and runner_up <= best_score - MATCH_LEAD:
            item.status, item.document = MATCHED, best.pk
        elif not placed:
            item.status = AMBIGUOUS
            item.note = (
                "Bài viết không nêu số hiệu, và không nêu địa bàn của văn bản có trích yếu "
                "gần giống: hãy xác nhận hoặc tạo văn bản mới."
            )
        else:
            item.status = AMBIGUOUS
            item.note = (
                "Bài viết không nêu số hiệu; trích yếu gần giống văn bản đã có: "
                "hãy chọn văn bản đúng hoặc tạo văn bản mới."
            )

    def _title_candidates(self, doc_type: str, wanted: set[str]) -> dict:
        """Documents of the type whose search text contains the most of the title's
        syllable pairs (one query)."""
        pairs = sorted((s for s in wanted if " " in s), key=lambda s: (-len(s), s))
        pairs = pairs[:_MAX_TITLE_PAIRS]
        if not pairs:
            return {}
        hits = reduce(
            add,
            [
                Case(
                    When(search_text__contains=pair, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
                for pair in pairs
            ],
        )
        qs = (
            self.documents.filter(doc_type=doc_type)
            .filter(reduce(or_, [Q(search_text__contains=pair) for pair in pairs]))
            .annotate(title_hits=hits)
            .order_by("-title_hits", "pk")
        )
        return {doc.pk: doc for doc in qs[:_MAX_TITLE_CANDIDATES]}

    @staticmethod
    def _linked(named) -> dict[int, set[int]]:
        """For each document linked to one of ``named``, which of them."""
        from documents.models import DocumentLink

        if not named:
            return {}
        result: dict[int, set[int]] = {}
        rows = DocumentLink.objects.filter(
            Q(from_document_id__in=named) | Q(to_document_id__in=named)
        ).values_list("from_document_id", "to_document_id")
        for src, dst in rows[:1000]:
            if src in named:
                result.setdefault(dst, set()).add(src)
            if dst in named:
                result.setdefault(src, set()).add(dst)
        return result

    def _places(self, documents) -> dict[int, bool]:
        """For each document with a place below the country: whether the article names
        that place or one above it."""
        from documents.models import Locality

        located = {}
        for doc in documents:
            locality = doc.locality or (doc.issuing_body.locality if doc.issuing_body else None)
            if locality is not None and locality.kind != "country":
                located[doc.pk] = locality
        ids = {int(i) for loc in located.values() for i in loc.path.strip("/").split("/") if i}
        by_id = Locality.objects.in_bulk(ids) if ids else {}
        result = {}
        for pk, locality in located.items():
            chain = [by_id.get(int(i)) for i in locality.path.strip("/").split("/") if i]
            result[pk] = any(
                loc is not None and loc.kind != "country" and f" {loc.name_key} " in self.context
                for loc in chain + [locality]
            )
        return result


_MAX_TITLE_PAIRS = 8
_MAX_TITLE_CANDIDATES = 200
_PLACEHOLDER_TITLES = frozenset((fold(UNKNOWN_TITLE).strip("()"), "chua ro trich yeu", ""))
# "… thực hiện 2 văn bản này": the title points at documents the article named before.
_ANAPHOR_RE = re.compile(r"(?<![a-z])van ban (?:nay|tren|neu tren|do)(?![a-z])")


def _law_parts(title: str) -> tuple[str, bool, int | None]:
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


class TooManyDocuments(ValueError):
    """The article names more documents than one analysis may match (``max_items``)."""

    def __init__(self, found: int, limit: int):
        self.found, self.limit = found, limit
        super().__init__(f"{found} documents named, at most {limit} per analysis")


def analyse_article(text: str, *, max_items: int | None = None) -> Analysis:
    """Find, group and match the document references of ``text``; propose links.

    With ``max_items``, an article naming more documents raises :class:`TooManyDocuments`
    before any of them is matched (matching costs a few bounded queries per document)."""
    from documents.models import DocumentLink

    refs = find_references(text)
    items, ref_item = group_references(refs)
    if max_items is not None and len(items) > max_items:
        raise TooManyDocuments(len(items), max_items)
    matcher = Matcher(article_context(text))
    # Documents named by symbol, number or law name first: what they match helps to tell
    # which document a title-only mention means (catalogue links between them).
    for item in items:
        if item.kind != "title":
            matcher.match(item)
    named = {item.document for item in items if item.document}
    for item in items:
        if item.kind == "title":
            matcher.match(item, named)
            if item.document:
                named.add(item.document)
    links = propose_links(text, refs, ref_item)
    pairs = [
        (items[link.from_item].document, items[link.to_item].document, link)
        for link in links
        if items[link.from_item].document and items[link.to_item].document
    ]
    if pairs:
        query = Q(pk__in=[])
        for src, dst, link in pairs:
            query |= Q(from_document_id=src, to_document_id=dst, kind=link.kind)
        existing = set(
            DocumentLink.objects.filter(query).values_list(
                "from_document_id", "to_document_id", "kind"
            )
        )
        for src, dst, link in pairs:
            link.exists = (src, dst, link.kind) in existing
    return Analysis(text=text, items=items, links=links, reference_count=len(refs))


# --- source details ------------------------------------------------------------------------------

_PUBLISHER_RE = re.compile(r"^\s*\((?P<name>[A-ZĐÐ][\w.&\- ]{0,30}?)\)\s*[-–—]?", re.MULTILINE)
_THEO_RE = re.compile(r"^\s*Theo\s+(?P<name>[A-ZĐÐ][^\n.,;:]{1,60}?)\s*$", re.MULTILINE)


def guess_source_details(text: str) -> dict[str, str]:
    """Publisher and headline guessed from a pasted article (blank when unsure)."""
    guess = {"publisher": "", "headline": ""}
    match = _PUBLISHER_RE.search(text) or _THEO_RE.search(text)
    if match:
        guess["publisher"] = match.group("name").strip()
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if len(line) <= 250 and not line.endswith((".", ":", ";")):
            guess["headline"] = line
        break
    return guess
