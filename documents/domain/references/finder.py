"""``find_references(text)``: every document reference in a text, in order of appearance —
symbols and numbered mentions first (``numbered``), with what follows them (``details``),
then documents known by type and title (``titles``) outside what those took; each finished
into a :class:`~documents.domain.references.spans.Reference` in the text's own offsets.
"""

from __future__ import annotations

from .details import extend_after, extend_before
from .lexicon import document_type, trim_link_words
from .numbered import attach_laws, join_laws, law_drafts, numbered_drafts, symbol_drafts
from .spans import Draft, Reference, WorkingText, merge_drafts, squash
from .titles import title_drafts

__all__ = ["find_references"]


def _taken_spans(drafts: list[Draft]) -> list[tuple[int, int]]:
    return [(d.start, d.end) for d in drafts]


def _finish(text: WorkingText, draft: Draft) -> Reference:
    symbol_text = text.orig(*draft.symbol_span) if draft.symbol_span else None
    date_text = text.orig(*draft.date_span) if draft.date_span else None
    issuer = squash(text.orig(*draft.issuer_span)) if draft.issuer_span else None
    phrase = None
    if draft.type_phrase:
        phrase = text.orig(draft.start, draft.start + len(draft.type_phrase))
    return Reference(
        start=text.pos(draft.start),
        end=text.pos(draft.end),
        text=text.orig(draft.start, draft.end),
        type_phrase=squash(phrase) if phrase else None,
        document_type=draft.doc_type or document_type(phrase, draft.symbol),
        symbol=draft.symbol,
        symbol_text=symbol_text,
        number=draft.number,
        date=draft.date,
        date_text=date_text,
        issuer_phrase=issuer or None,
        title_phrase=trim_link_words(squash(draft.title)) if draft.title else None,
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
    source = WorkingText(text)
    work = source.work
    by_symbol = symbol_drafts(work)
    taken = {d.symbol_span[0] for d in by_symbol if d.symbol_span}
    drafts = merge_drafts(by_symbol + numbered_drafts(work, taken) + law_drafts(work))
    for index, draft in enumerate(drafts):
        if draft.symbol is None and draft.number is None:
            continue  # named laws: nothing follows to read
        stop = drafts[index + 1].start if index + 1 < len(drafts) else len(work)
        extend_after(work, draft, stop)
    drafts = merge_drafts(drafts)
    drafts = join_laws(attach_laws(drafts, work), work)
    drafts = merge_drafts(drafts + title_drafts(work, _taken_spans(drafts)))
    for index, draft in enumerate(drafts):
        previous = drafts[index - 1] if index else None
        extend_before(work, draft, previous.end if previous else 0, previous)
    return [_finish(source, d) for d in drafts]
