"""Recording what an article says: the service behind the admin's "Nhập từ bài báo" page
(``documents/admin/article_entry.py``), callable without HTTP.

``record_article(analysis, source, choices, links)`` takes an article's analysis
(``documents.article_matching.analyse_article``) and what to record of it — for each
document the article names an :class:`ItemChoice` (the matched or a chosen existing
document, a :class:`NewDocument`, or nothing), the proposed links to record
(:class:`LinkChoice`) and the :class:`SourceDetails` — and writes, in one transaction:

* the source (an existing one with the same URL or archive reference, else the same
  publisher, headline and date, is reused);
* the new documents, validated like the admin's document form (``Document.full_clean``); one
  the catalogue already has (by the keys its constraints use) is reused, not duplicated;
* a mention of every chosen or created document, with its sentence as quote;
* the chosen links, with the source and the sentence as provenance.

Everything is looked up before it is created, so recording the same choices twice adds
nothing. Every choice is checked first (:func:`plan_entry`): any error raises
:class:`EntryRefused` listing them all, and nothing is written; a refusal by the database
rolls the whole transaction back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from documents.domain.articles.items import AMBIGUOUS, MATCHED, Analysis, Item
from documents.domain.articles.titles import UNKNOWN_TITLE
from documents.domain.symbols import parse_symbol
from documents.domain.uncertainty import inferred_link
from documents.domain.validation import document_symbol
from documents.language import violation_text
from documents.models import Document, DocumentLink, IssuingBody, Source, SourceMention, Term
from documents.models.common import clean_text

__all__ = [
    "EntryError",
    "EntryRefused",
    "EntrySummary",
    "ItemChoice",
    "LinkChoice",
    "NewDocument",
    "SourceDetails",
    "choice_errors",
    "find_source",
    "load_choices",
    "new_document_errors",
    "plan_entry",
    "record_article",
]


# --- what to record -----------------------------------------------------------------------------


@dataclass
class SourceDetails:
    """The article as a source (``Source``); publisher and headline are required."""

    publisher: str
    headline: str
    kind: str = "news"
    url: str = ""
    author: str = ""
    published_date: dt.date | None = None
    reference: str = ""


@dataclass
class NewDocument:
    """A document to create for an item (the admin's pre-filled, corrected fields)."""

    doc_type: str
    title: str
    symbol: str = ""
    issued_date: dt.date | None = None
    issuing_body: int | None = None  # one of the item's ``bodies``
    known_by_reference: bool = False


@dataclass
class ItemChoice:
    """What an item stands for: an existing ``document`` (the matched one, or one of the
    candidates of an ambiguous item), a ``new`` document, or neither (left out)."""

    document: int | None = None
    new: NewDocument | None = None


@dataclass
class LinkChoice:
    """A proposed link (``analysis.links[proposal]``) to record, with its kind, possibly
    reversed, possibly marked as inferred."""

    proposal: int
    kind: str
    reverse: bool = False
    inferred: bool = False


@dataclass
class EntryError:
    """One refused choice: of item ``item`` (``field``: a ``NewDocument``/``Document``
    field, or ``"choice"``; None for the item as a whole), of the link choice ``link``
    (its ``proposal``), or of the entry as a whole."""

    message: str
    item: int | None = None
    link: int | None = None
    field: str | None = None


class EntryRefused(ValueError):
    """The choices cannot be recorded; nothing was written."""

    def __init__(self, errors: list[EntryError]):
        self.errors = errors
        super().__init__("; ".join(str(e.message) for e in errors))


@dataclass
class EntrySummary:
    source: Source
    source_created: bool
    created: list[Document] = field(default_factory=list)
    reused: list[Document] = field(default_factory=list)  # asked to create, already there
    mentions: int = 0
    links: int = 0
    links_existing: int = 0
    #: every document of the entry (matched, chosen, created or reused), in the article's order
    documents: list[Document] = field(default_factory=list)
    new_links: list[DocumentLink] = field(default_factory=list)
    old_links: list[DocumentLink] = field(default_factory=list)  # recorded before


@dataclass
class EntryPlan:
    """Checked choices: each item's existing document or new (validated, unsaved) one, and
    the links as (from item, to item, kind, inferred, quote)."""

    resolved: dict[int, Document | None]
    new: dict[int, Document]
    links: list[tuple[int, int, str, bool, str]]


# --- reading -----------------------------------------------------------------------------------


def load_choices(analysis: Analysis) -> tuple[dict[int, Document], dict[int, IssuingBody]]:
    """The documents (matched and candidates) and bodies an analysis offers, by id."""
    doc_ids = {pk for item in analysis.items for pk in [*item.candidates, item.document] if pk}
    body_ids = {pk for item in analysis.items for pk in item.bodies}
    documents = Document.objects.select_related("issuing_body", "term").in_bulk(doc_ids)
    bodies = IssuingBody.objects.in_bulk(body_ids)
    return documents, bodies


def find_source(url: str, reference: str, publisher: str = "", headline: str = "", published=None):
    """An existing source for the same article: same URL, same archive reference, else same
    publisher, headline and date."""
    if url:
        found = Source.objects.filter(url=url).order_by("id").first()
        if found:
            return found
    if reference:
        found = Source.objects.filter(reference=reference).first()
        if found:
            return found
    if publisher and headline:
        return (
            Source.objects.filter(
                publisher=clean_text(publisher),
                headline=clean_text(headline),
                published_date=published,
            )
            .order_by("id")
            .first()
        )
    return None


# --- checking ----------------------------------------------------------------------------------


def choice_errors(item: Item, choice: ItemChoice, documents: dict) -> list[EntryError]:
    """Whether ``choice`` is one the item allows: the matched document (still in the
    catalogue), one of an ambiguous item's candidates, or a new document for an item that is
    not matched."""
    at = item.index
    if item.status == MATCHED and item.document not in documents:
        return [
            EntryError(
                _("Văn bản đã khớp không còn trong catalogue: hãy phân tích lại bài viết."), at
            )
        ]
    wrong = EntryError(_("Hãy chọn một văn bản trong danh sách."), at, field="choice")
    if choice.document is not None:
        allowed = (
            {item.document}
            if item.status == MATCHED
            else set(item.candidates)
            if item.status == AMBIGUOUS
            else set()
        )
        if choice.document not in allowed or choice.document not in documents:
            return [wrong]
    if choice.new is not None and item.status == MATCHED:
        return [wrong]
    return []


def new_document_errors(item: Item, new: NewDocument, bodies: dict) -> list[EntryError]:
    """The admin's rules for a new document: a type, a title, a well-formed symbol, and a
    body among those offered for the item."""
    at, errors = item.index, []
    if not new.doc_type:
        errors.append(EntryError(_("Hãy chọn loại văn bản."), at, field="doc_type"))
    if not clean_text(new.title):
        message = _("Hãy nhập trích yếu (hoặc để “%s”).") % UNKNOWN_TITLE
        errors.append(EntryError(message, at, field="title"))
    # The model's own rule (documents/domain/validation.py), worded as the admin words it.
    body = bodies.get(new.issuing_body) if new.issuing_body is not None else None
    body_code = body.code if body is not None else ""
    for violation in document_symbol(clean_text(new.symbol), new.doc_type, body_code)[1]:
        errors.append(EntryError(violation_text(violation), at, field=violation.field))
    if new.issuing_body is not None and (
        new.issuing_body not in item.bodies or new.issuing_body not in bodies
    ):
        message = _("Hãy chọn một cơ quan trong danh sách.")
        errors.append(EntryError(message, at, field="issuing_body"))
    return errors


def _term_for(body: IssuingBody | None, year: int | None) -> Term | None:
    """The committee term the year falls in, when exactly one does (body or its parent)."""
    if body is None or not year:
        return None
    bodies = [body.pk] + ([body.parent_id] if body.parent_id else [])
    terms = [
        t
        for t in Term.objects.filter(body_id__in=bodies, start_year__lte=year)
        if t.end_year is None or t.end_year >= year
    ]
    return terms[0] if len(terms) == 1 else None


_DOC_EXCLUDE = ("slug", "search_text", "symbol_key", "number", "type_code", "issuer_code",
                "locality", "signer", "topics")  # fmt: skip


def _new_document(item: Item, new: NewDocument, bodies: dict) -> Document:
    """The unsaved document ``new`` asks for, validated like the admin form does (raises
    ``ValidationError``)."""
    symbol = clean_text(new.symbol)
    parsed = parse_symbol(symbol) if symbol else None
    body = bodies.get(new.issuing_body) if new.issuing_body is not None else None
    issued = new.issued_date
    doc = Document(
        doc_type=new.doc_type,
        symbol=parsed.canonical if parsed else "",
        title=clean_text(new.title),
        issuing_body=body,
        issued_date=issued,
        known_by_reference=bool(new.known_by_reference),
        status="unknown",
    )
    if parsed and item.lookup_key and parsed.lookup_key == item.lookup_key:
        doc.symbol_as_written = item.symbol_as_written
    year = issued.year if issued else (item.year if not item.date else None)
    if issued is None and item.year:
        doc.issued_year = item.year
    if issued is None and item.date_text:
        doc.date_note = f"Nguồn ghi “{item.date_text}”, không rõ năm."
    doc.term = _term_for(body, year)
    doc.full_clean(exclude=_DOC_EXCLUDE, validate_unique=False, validate_constraints=False)
    return doc


def _validation_errors(at: int, error: ValidationError) -> list[EntryError]:
    if hasattr(error, "error_dict"):
        return [
            EntryError(message, at, field=name)
            for name, errors in error.error_dict.items()
            for message in ValidationError(errors).messages
        ]
    return [EntryError(message, at) for message in error.messages]


def plan_entry(
    analysis: Analysis,
    choices: list[ItemChoice],
    links: list[LinkChoice],
    *,
    documents: dict | None = None,
    bodies: dict | None = None,
) -> EntryPlan:
    """Check every choice and build the new documents (unsaved); raises
    :class:`EntryRefused` with all the errors. ``choices`` has one entry per item;
    ``documents`` and ``bodies`` are :func:`load_choices`' (read when not given)."""
    if len(choices) != len(analysis.items):
        raise ValueError(f"{len(choices)} choices for {len(analysis.items)} items")
    if any(not 0 <= link.proposal < len(analysis.links) for link in links):
        raise ValueError("a link choice names no proposed link")
    if documents is None or bodies is None:
        documents, bodies = load_choices(analysis)
    errors: list[EntryError] = []
    resolved: dict[int, Document | None] = {}
    new_docs: dict[int, Document] = {}
    for item, choice in zip(analysis.items, choices, strict=True):
        found = choice_errors(item, choice, documents)
        if not found and choice.new is None:
            resolved[item.index] = documents.get(choice.document) if choice.document else None
        elif not found:
            found = new_document_errors(item, choice.new, bodies)
            try:
                if not found:
                    new_docs[item.index] = _new_document(item, choice.new, bodies)
            except ValidationError as exc:
                found = _validation_errors(item.index, exc)
        errors.extend(found)
    planned = []
    for link in links:
        proposal = analysis.links[link.proposal]
        src, dst = proposal.from_item, proposal.to_item
        if link.reverse:
            src, dst = dst, src
        missing = [
            analysis.items[i].label
            for i in (src, dst)
            if i not in new_docs and resolved.get(i) is None
        ]
        if missing:
            message = _(
                "Liên kết cần văn bản %(docs)s: hãy chọn văn bản đó (hoặc đánh dấu tạo mới)"
                " hay bỏ chọn liên kết."
            ) % {"docs": ", ".join(missing)}
            errors.append(EntryError(message, link=link.proposal))
            continue
        planned.append((src, dst, link.kind, link.inferred, proposal.quote))
    if errors:
        raise EntryRefused(errors)
    return EntryPlan(resolved=resolved, new=new_docs, links=planned)


# --- writing -----------------------------------------------------------------------------------


def record_article(
    analysis: Analysis,
    source: SourceDetails,
    choices: list[ItemChoice],
    links: list[LinkChoice],
    *,
    documents: dict | None = None,
    bodies: dict | None = None,
) -> EntrySummary:
    """Check the choices (:func:`plan_entry`, raising :class:`EntryRefused`), then write the
    source, the new documents, the mentions and the links in one transaction."""
    plan = plan_entry(analysis, choices, links, documents=documents, bodies=bodies)
    with transaction.atomic():
        return _save(analysis, source, plan)


def _existing_for(doc: Document) -> Document | None:
    """A document already in the catalogue that ``doc`` would duplicate (by the same keys
    the database constraints use; for documents without a symbol, type + title + body +
    date)."""
    if doc.symbol:
        parsed = parse_symbol(doc.symbol)
        qs = Document.objects.filter(symbol_key=parsed.lookup_key, issuing_body=doc.issuing_body)
        if doc.term is not None:
            qs = qs.filter(term=doc.term)
        else:
            year = doc.issued_date.year if doc.issued_date else doc.issued_year
            qs = qs.filter(term__isnull=True, issued_year=year)
        return qs.order_by("id").first()
    return (
        Document.objects.filter(
            symbol="",
            doc_type=doc.doc_type,
            title=doc.title,
            issuing_body=doc.issuing_body,
            issued_date=doc.issued_date,
        )
        .order_by("id")
        .first()
    )


def _save(analysis: Analysis, details: SourceDetails, plan: EntryPlan) -> EntrySummary:
    source = find_source(
        details.url, details.reference, details.publisher, details.headline,
        details.published_date,
    )  # fmt: skip
    created_source = source is None
    if source is None:
        source = Source(
            kind=details.kind or "news",
            publisher=details.publisher,
            headline=details.headline,
            url=details.url,
            author=details.author,
            published_date=details.published_date,
            reference=details.reference,
            text=analysis.text,
        )
        source.full_clean()
        source.save()
    summary = EntrySummary(source=source, source_created=created_source)
    documents: dict[int, Document] = {i: d for i, d in plan.resolved.items() if d is not None}
    for index, doc in plan.new.items():
        existing = _existing_for(doc)
        if existing is not None:
            documents[index] = existing
            summary.reused.append(existing)
        else:
            doc.save()
            documents[index] = doc
            summary.created.append(doc)
    for index, doc in documents.items():
        _mention, created = SourceMention.objects.get_or_create(
            source=source, document=doc, defaults={"quote": analysis.items[index].quote}
        )
        summary.mentions += created
    for src, dst, kind, inferred, quote in plan.links:
        from_doc, to_doc = documents[src], documents[dst]
        if from_doc.pk == to_doc.pk:
            continue
        link, created = DocumentLink.objects.get_or_create(
            from_document=from_doc,
            to_document=to_doc,
            kind=kind,
            defaults={"source": source, "quote": quote,
                      "uncertain": inferred_link() if inferred else {}},
        )
        if created:
            summary.links += 1
            summary.new_links.append(link)
        else:
            summary.links_existing += 1
            summary.old_links.append(link)
    summary.documents = [documents[index] for index in sorted(documents)]
    return summary
