"""Grouping an article's references into the documents they name.

``group_references(refs)`` puts together the references that name the same document
(``Kế hoạch số 188-KH/TU ngày 6-11-2023 …`` and a later ``Kế hoạch số 188-KH/TU``; a
``Chương trình số 01 của Quận uỷ`` and ``01-CTr/QU``; the same law by name; the same type
and nearly the same title) into one :class:`~documents.domain.articles.items.Item` each,
filling in what each mention adds (date, issuer phrase, title). Pure Python (no database).
"""

from __future__ import annotations

import re

from documents.domain.articles.issuers import issuer_code_of_phrase
from documents.domain.articles.items import Item, Occurrence
from documents.domain.articles.titles import title_similarity
from documents.domain.references import Reference
from documents.domain.symbols import bare_number
from documents.domain.vietnamese import fold

__all__ = ["SAME_TITLE", "group_references"]

SAME_TITLE = 0.7  # two title mentions at least this similar name the same document

_YEAR_RE = re.compile(r"(?<!\d)(\d{4})\s*$")


def _law_year(ref: Reference) -> int | None:
    match = _YEAR_RE.search(ref.text)
    return int(match.group(1)) if match else None


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
        item.issuer_code = ref.symbol.issuer_codes[0]
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
            code = issuer_code_of_phrase(ref.issuer_phrase)
            for item in items:
                if (
                    item.kind in ("symbol", "number")
                    and item.doc_type == ref.document_type
                    and bare_number(item.number) == bare_number(ref.number)
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
        code = issuer_code_of_phrase(item.issuer_phrase)
        for other in items:
            if (
                other.kind == "symbol"
                and other.index not in removed
                and other.doc_type == item.doc_type
                and bare_number(other.number) == bare_number(item.number)
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
