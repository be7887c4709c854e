"""A document's full text as its own page (``/documents/<slug>/text/``), and the short
"Toàn văn" block of the document page (issue 15, docs/TEXT.md).

The text page reads the document, its texts, their provisions (one query, however many) and
its files: a fixed number of queries. A document without a text answers 200 and says so,
with each text's extraction status (queued, running, failed) when there is one: the address
is permanent and the text may come later. The document page's block reads only the texts and
the first top-level provisions (their first words cut in the database), never the whole text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from documents.compiled import compiled
from documents.models import Document, DocumentText, Provision

#: Kinds listed in the table of contents (clauses and points are not: too many).
TOC_KINDS = frozenset({"preamble", "phan", "chuong", "muc", "dieu", "part", "item", "appendix",
                       "closing"})
#: Top-level entries the document page's block lists.
SUMMARY_ENTRIES = 12
SUMMARY_CHARS = 400


@dataclass
class TocEntry:
    provision: Provision
    children: list[TocEntry] = field(default_factory=list)


@dataclass
class TextView:
    text: DocumentText
    provisions: list[Provision]
    toc: list[TocEntry]


def table_of_contents(provisions: list[Provision]) -> list[TocEntry]:
    """The provisions of :data:`TOC_KINDS` nested as in the text (no query)."""
    entries: dict[int, TocEntry] = {}
    top: list[TocEntry] = []
    for provision in provisions:
        if provision.kind not in TOC_KINDS:
            continue
        entry = entries[provision.pk] = TocEntry(provision)
        parent = entries.get(provision.parent_id)
        (parent.children if parent else top).append(entry)
    return top


def text_queryset():
    return DocumentText.objects.select_related("file", "source").order_by("position", "id")


@require_safe
def document_text(request, slug):
    doc = get_object_or_404(
        Document.objects.select_related("issuing_body").prefetch_related(
            "files", Prefetch("texts", queryset=text_queryset())),
        slug=slug,
    )
    texts = list(doc.texts.all())
    by_text: dict[int, list[Provision]] = {t.pk: [] for t in texts}
    if texts:
        for provision in Provision.objects.filter(document=doc).order_by(
                "document_text_id", "position").defer("search_text"):
            by_text.setdefault(provision.document_text_id, []).append(provision)
    views = [TextView(t, by_text[t.pk], table_of_contents(by_text[t.pk])) for t in texts]
    return render(request, "documents/document_text.html", {
        "doc": doc,
        "texts": views,
        "readable": [v for v in views if v.provisions],
        "files": list(doc.files.all()),
        "canonical_url": request.build_absolute_uri(request.path),
    })


def text_summary(doc) -> dict:
    """The document page's "Toàn văn" block: the texts' states and the first top-level
    provisions with their first words (two queries, whatever the text's length; none when
    the document's query says it has no text: ``has_texts``, ``views.detail``)."""
    if not getattr(doc, "has_texts", True):
        return {"text_summary": None}
    # Both statements compiled once per process (documents.compiled): on a fifth of the pages.
    texts = list(compiled(
        ("text summary",),
        lambda pk: DocumentText.objects.filter(document=pk).order_by("position", "id")
        .only("id", "status", "method", "ocr_confidence", "excerpt", "position", "document_id"),
        doc.pk))
    if not texts:
        return {"text_summary": None}
    first = texts[0]
    top = list(compiled(
        ("text summary entries", SUMMARY_CHARS, SUMMARY_ENTRIES),
        lambda pk: Provision.objects.filter(document_text=pk, depth=0)
        .order_by("position").only("anchor", "label", "heading", "kind")
        .annotate(start=Substr("body", 1, SUMMARY_CHARS))[:SUMMARY_ENTRIES + 1],
        first.pk))
    return {"text_summary": {
        "texts": texts,
        "ocr": first.is_ocr,
        "excerpt": first.excerpt,
        "confidence": first.ocr_confidence,
        "entries": top[:SUMMARY_ENTRIES],
        "more": len(top) > SUMMARY_ENTRIES,
        "opening": top[0].start if top else "",
    }}
