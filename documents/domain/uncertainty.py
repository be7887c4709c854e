"""Uncertain facts as data: a record's ``uncertain`` mapping, checked and read.

A record (document, link, target, figure, body) keeps, for each fact that is not certain, a
mark ``{"reason": <key of UNCERTAINTY_REASONS>, "note": <free text, optional>}`` under the
fact's key (``UNCERTAIN_FACTS[kind]``)::

    {"term": {"reason": "inferred", "note": "Bài viết chỉ ghi khóa XVII cho 04-NQ/TU."}}

``violations()`` is the one rule (the models' ``clean()`` and the dataset import call it; the
database's check constraint, ``documents.models.uncertainty``, enforces the same keys);
``marks()`` gives what a reader sees. Pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass

from .validation import Violation, _
from .vocabulary import UNCERTAIN_FACTS, UNCERTAINTY_REASON_BY_KEY, Term

#: The field every model keeps its marks in.
FIELD = "uncertain"
#: The reason whose words are the mark's own note.
OTHER = "other"
#: The reason that says a title is not the document's own: never quoted as its title.
DESCRIPTIVE = "descriptive"
#: The fact a link marks when the link itself is not stated by its source.
LINK = "link"


def inferred_link(note: str = "") -> dict:
    """The ``uncertain`` of a link the source implies without stating it ("suy ra từ ngữ
    cảnh"): the one way a link is marked as not a stated fact."""
    return {LINK: {"reason": "inferred", **({"note": note} if note else {})}}


@dataclass(frozen=True)
class Mark:
    """One uncertain fact: which fact, why (the vocabulary's term) and the note."""

    fact: Term
    reason: Term
    note: str

    @property
    def key(self) -> str:
        return self.fact.key


def fact_keys(kind: str) -> tuple[str, ...]:
    return tuple(t.key for t in UNCERTAIN_FACTS[kind])


def violations(kind: str, value) -> list[Violation]:
    """What is wrong with *value* as the ``uncertain`` mapping of a record of *kind*."""
    if value in (None, ""):
        return []
    if not isinstance(value, dict):
        return [Violation(FIELD, _("Phải là một bảng: dữ kiện → lý do."))]
    allowed = fact_keys(kind)
    found = []
    for key, mark in value.items():
        if key not in allowed:
            found.append(Violation(FIELD, _("Dữ kiện không thể đánh dấu: %(key)s."),
                                   {"key": key}))
            continue
        if not isinstance(mark, dict) or set(mark) - {"reason", "note"}:
            found.append(Violation(FIELD, _("Dấu của %(key)s chỉ có lý do và ghi chú."),
                                   {"key": key}))
            continue
        reason, note = mark.get("reason"), mark.get("note", "")
        if reason not in UNCERTAINTY_REASON_BY_KEY:
            found.append(Violation(FIELD, _("Lý do không có trong danh mục: %(reason)s."),
                                   {"reason": str(reason)}))
        if not isinstance(note, str):
            found.append(Violation(FIELD, _("Ghi chú phải là văn bản.")))
        elif reason == OTHER and not note.strip():
            found.append(Violation(FIELD, _("Lý do “khác” cần ghi chú.")))
    return found


def normalised(value) -> dict:
    """*value* with empty notes dropped and keys in the vocabulary's order (what is stored)."""
    if not isinstance(value, dict):
        return {}
    order = {k: i for i, k in enumerate(k for terms in UNCERTAIN_FACTS.values()
                                        for k in (t.key for t in terms))}
    out = {}
    for key in sorted(value, key=lambda k: (order.get(k, 99), k)):
        mark = value[key]
        if isinstance(mark, dict):
            mark = {"reason": mark.get("reason"),
                    **({"note": mark["note"].strip()}
                       if isinstance(mark.get("note"), str) and mark["note"].strip() else {})}
        out[key] = mark
    return out


def marks(kind: str, value) -> dict[str, Mark]:
    """The valid marks of *value*, by fact key (invalid ones are left out)."""
    if not isinstance(value, dict):
        return {}
    facts = {t.key: t for t in UNCERTAIN_FACTS[kind]}
    out = {}
    for key, mark in value.items():
        if key in facts and isinstance(mark, dict):
            reason = UNCERTAINTY_REASON_BY_KEY.get(mark.get("reason"))
            if reason is not None:
                out[key] = Mark(facts[key], reason, str(mark.get("note") or ""))
    return out


def title_is_descriptive(value) -> bool:
    """Whether a document's ``uncertain`` says its title is not the document's own."""
    return isinstance(value, dict) and (value.get("title") or {}).get("reason") == DESCRIPTIVE
