"""What an article's analysis holds, as plain data: the documents it mentions
(:class:`Item`, each with the places it is named, :class:`Occurrence`), their status against
the catalogue (matched, to choose, new), and the links proposed between them.

:meth:`Analysis.to_dict` / :meth:`Analysis.from_dict` let the admin carry an analysis, signed,
from the review page to the confirmation. Pure Python (no database): the matching
(``documents/article_matching.py``) fills in ``status``, ``document`` and ``candidates``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from documents.domain.articles.links import LinkProposal, trim_title
from documents.domain.articles.titles import UNKNOWN_TITLE, says_amended
from documents.domain.vocabulary import DOCUMENT_TYPE_BY_KEY

__all__ = ["AMBIGUOUS", "MATCHED", "NEW", "Analysis", "Item", "Occurrence"]

MATCHED, AMBIGUOUS, NEW = "matched", "ambiguous", "new"
STATUS_LABELS = {MATCHED: "Đã có trong catalogue", AMBIGUOUS: "Cần chọn", NEW: "Mới"}
LABEL_TITLE_LENGTH = 90


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
        return any(says_amended(o.text) for o in self.occurrences)

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
