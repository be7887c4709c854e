"""One document at its permanent address: status first, the facts, its targets, its
links from both ends, the chain upward and the tree downward, its sources, the events
where it was discussed, and a citation.

The number of queries is fixed whatever the number of links, targets or sources
(select_related / prefetch_related). The picture of its links, the chain and the tree are kept
per version of what they show (``documents.renderings``): one query when current; when not,
the graph walks (two queries each) and the fingerprint, the page read from one snapshot.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db.models import BooleanField, Prefetch
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from documents import renderings
from documents.citation import bibtex, csl_json, format_citation
from documents.compiled import compiled
from documents.context_processors import document_feeds
from documents.document_links import document_links
from documents.models import (
    Document,
    DocumentCoIssuer,
    DocumentLink,
    Event,
    EventParticipant,
    Figure,
    Locality,
    LocalitySuccession,
    SourceMention,
    Target,
)
from documents.provision_refs import attach_provision_refs
from documents.target_figures import latest_figures, target_place
from documents.target_outcomes import attach_outcomes
from documents.validity import ENDING_KINDS, page_validity
from documents.views.texts import text_summary


@dataclass
class TargetRow:
    target: Target
    figure: Figure | None = None

    @property
    def place(self):
        """The place the target is about (its own, else its document's)."""
        return target_place(self.target)


def share_quotes(objects) -> None:
    """Each quote shown once on the page: the first object (in page order) quoting a text
    gets ``quote_id`` (the anchor of its blockquote); every later one quoting the same text
    (spaces aside) gets ``quote_ref``, the anchor it points to ("trích dẫn như trên"), so
    a five-line quote under two links and three targets is printed once."""
    first: dict[str, str] = {}
    for obj in objects:
        key = " ".join((getattr(obj, "quote", "") or "").split())
        obj.quote_id = obj.quote_ref = ""
        if not key:
            continue
        if key in first:
            obj.quote_ref = first[key]
        else:
            obj.quote_id = first[key] = f"quote-{len(first) + 1}"


def event_people(participants) -> tuple[list, list]:
    """An event's chairs and its other participants, each person once: a chair is not
    listed again among the others, and a person recorded in two roles (attended, spoke)
    is listed once, with the first title recorded."""
    chairs, others, seen = [], [], set()
    for p in sorted(participants, key=lambda p: p.role != "chair"):
        if p.person_id in seen:
            continue
        seen.add(p.person_id)
        (chairs if p.role == "chair" else others).append(p)
    return chairs, others


def page_parts() -> dict[str, str | Prefetch]:
    """The document's own rows the page lists, by relation: each is loaded (one query) only
    when the document has some (:func:`document_queryset` says which) — most pages are of
    plans without co-issuers, files, targets, sources or events."""
    return {
        "topics": "topics",
        "co_issuer_rows": Prefetch(
            "co_issuer_rows", queryset=DocumentCoIssuer.objects.select_related("body")),
        "files": "files",
        "targets": Prefetch("targets", queryset=Target.objects.select_related(
            "indicator", "locality", "source", "baseline_source")),
        "mentions": Prefetch("mentions",
                             queryset=SourceMention.objects.select_related("source")),
        "events": Prefetch("events", queryset=Event.objects.select_related(
            "organiser", "locality", "source").prefetch_related(
                Prefetch("participants",
                         queryset=EventParticipant.objects.select_related("person")))),
    }


def _has_rows(relation: str) -> RawSQL:
    """Whether a document has rows of its *relation* (an ``EXISTS`` on the relation's
    indexed column, in the document's own query)."""
    field = Document._meta.get_field(relation)
    if field.many_to_many:  # the table between, and its column pointing at the document
        table = (field.remote_field.through if field.concrete else field.through)._meta.db_table
        column = field.m2m_column_name() if field.concrete else field.field.m2m_reverse_name()
    else:
        table, column = field.related_model._meta.db_table, field.field.column
    return RawSQL(f'EXISTS (SELECT 1 FROM "{table}" WHERE "{column}" = '
                  f'"{Document._meta.db_table}"."id")', (), output_field=BooleanField())


#: Other rows of its own the page reads only when the document has some: the units a
#: resolution of the 2025 reform formed (:func:`reorganised_places`), its texts
#: (``views.texts.text_summary``), statements of its status (``validity.facts_of``).
PROBED = ("locality_successions", "texts", "status_statements")


def document_queryset():
    """The page's document with what it shows of its own in one query, and whether it has rows
    of each of :func:`page_parts` and :data:`PROBED` (``has_<relation>``)."""
    return Document.objects.select_related(
        "issuing_body", "issuing_body__locality", "term", "locality", "signer"
    ).annotate(**{f"has_{relation}": _has_rows(relation)
                  for relation in (*page_parts(), *PROBED)}, has_endings=_HAS_ENDINGS)


#: Whether a document is replaced or repealed by any link (``validity.facts_of``).
_HAS_ENDINGS = RawSQL(
    f'EXISTS (SELECT 1 FROM "{DocumentLink._meta.db_table}" WHERE "to_document_id" = '
    f'"{Document._meta.db_table}"."id" AND "kind" = ANY(%s))', (list(ENDING_KINDS),),
    output_field=BooleanField())


def load_page_parts(doc) -> None:
    """Load :func:`page_parts` that *doc* has rows of (one query each, two for events with
    their people), each left as its prefetch would leave it, its SQL compiled once per
    process (``documents.compiled``); the others are known empty and cost none."""
    cache = doc._prefetched_objects_cache = getattr(doc, "_prefetched_objects_cache", {})
    for relation, lookup in page_parts().items():
        if getattr(doc, f"has_{relation}"):
            cache[relation] = _part_rows(doc, relation, lookup)
        else:  # what a prefetch finding nothing leaves (the cache is named as the relation)
            empty = Document._meta.get_field(relation).related_model.objects.none()
            empty._result_cache, empty._prefetch_done = [], True
            cache[relation] = empty


def _part_rows(doc, relation: str, lookup):
    """The rows of *doc*'s *relation*, read by the queryset of its *lookup* (a ``Prefetch``'s,
    else the related model's default manager's), as a prefetch leaves them: the evaluated
    queryset, each row of a foreign key pointing at *doc* given *doc*."""
    field = Document._meta.get_field(relation)
    model = field.related_model
    back = field.related_query_name() if field.concrete else field.field.name

    def build(pk):
        queryset = (lookup.queryset if isinstance(lookup, Prefetch) and lookup.queryset
                    is not None else model._default_manager.all())
        return queryset.filter(**{back: pk})

    rows = compiled(("page part", relation), build, doc.pk)
    for row in rows:  # (their own prefetches run: an event's people)
        if field.one_to_many:  # as the prefetch of a reverse foreign key does
            setattr(row, field.field.name, doc)
    rows._prefetch_done = True
    return rows


def permanent_url(request, document: Document) -> str:
    """The document's address in the default language, absolute (used in citations)."""
    with translation.override("vi"):
        path = document.get_absolute_url()
    return request.build_absolute_uri(path)


#: Units a resolution on the administrative map formed, listed on its page.
REORGANISED_SHOWN = 60


def reorganised_places(doc) -> dict:
    """The units formed by the successions *doc* made (the 2025 reform's resolutions:
    ``LocalitySuccession.document``), at most :data:`REORGANISED_SHOWN`, and how many units it
    formed and took over in all: one query (none when the page's query says it made no
    succession: ``has_locality_successions``), two more only for such a resolution."""
    if not getattr(doc, "has_locality_successions", True):
        return {"reorganised": []}
    formed = list(Locality.objects.filter(succeeded_from__document=doc).distinct()
                  .select_related("parent").order_by("name_sort", "pk")[:REORGANISED_SHOWN + 1])
    if not formed:
        return {"reorganised": []}
    made = LocalitySuccession.objects.filter(document=doc)
    return {
        "reorganised": formed[:REORGANISED_SHOWN],
        "reorganised_count": made.values("to_locality").distinct().count(),
        "reorganised_former": made.values("from_locality").distinct().count(),
    }


def attach_page_provisions(doc, links, targets, mentions=()) -> None:
    """The provisions the page's links, targets and source quotes name, with their places in
    the texts (one query, none when none names one): a link's is in its source document's
    text, a target's and a source's quote's in this document's."""
    items = [item for group in links.outgoing_groups + links.incoming_groups
             for item in group.items]
    known = {doc.pk: doc, **{item.other.pk: item.other for item in items}}
    attach_provision_refs(
        [item.link for item in items] + list(targets) + list(mentions),
        lambda obj: known[obj.from_document_id] if isinstance(obj, DocumentLink) else doc,
    )


@require_safe
def document_detail(request, slug):
    """The page: its core from a bounded number of indexed queries, and the link picture with
    the chain and tree kept per version of what they show (``documents.renderings``: one query
    when current; otherwise the whole page is read from one snapshot and the piece kept)."""
    link_parts = renderings.stored(slug)
    if link_parts is not None:
        return _document_page(request, slug, link_parts)
    with renderings.snapshot():
        return _document_page(request, slug, None)


def page_document(slug: str) -> Document:
    """The page's document (:func:`document_queryset`), its SQL compiled once per process
    (``documents.compiled``); 404 when there is none."""
    found = list(compiled(("document page",),
                          lambda slug: document_queryset().filter(slug=slug)[:2], slug))
    if not found:
        raise Http404("No Document matches the given query.")
    return found[0]


def _document_page(request, slug, link_parts):
    doc = page_document(slug)
    load_page_parts(doc)
    links = document_links(doc)
    if link_parts is None:
        link_parts = renderings.render(request, doc, links)
    targets = list(doc.targets.all())
    figures = latest_figures(targets)
    attach_outcomes(targets, figures)
    target_rows = [
        TargetRow(target=t, figure=figures.get(t.pk))
        for t in targets
    ]
    events = list(doc.events.all())
    for event in events:
        event.chairs, event.others = event_people(event.participants.all())
    mentions = list(doc.mentions.all())
    attach_page_provisions(doc, links, targets, mentions)
    # In page order: the targets, the links from this document, to it, the sources.
    share_quotes([
        *targets,
        *(item.link for group in links.outgoing_groups for item in group.items),
        *(item.link for group in links.incoming_groups for item in group.items),
        *mentions,
    ])

    canonical = request.build_absolute_uri(doc.get_absolute_url())
    permanent, accessed = permanent_url(request, doc), timezone.localdate()
    context = {
        "doc": doc,
        "ancestors": doc.locality.ancestors() if doc.locality_id else [],
        "topics": list(doc.topics.all()),
        "co_issuers": doc.co_issuing_bodies,
        # a symbol that names no one document yet (26-NQ/TW of 2008, 2018 or 2022)
        "namesakes": doc.namesakes() if doc.symbol_ambiguous else None,
        "outgoing_groups": links.outgoing_groups,
        "incoming_groups": links.incoming_groups,
        "link_count": links.count,
        "inferred_count": links.inferred_count,
        "validity": page_validity(doc),
        "replaced_by": links.incoming_from("replaces"),
        "repealed_by": links.incoming_from("repeals"),
        "amended_by": links.incoming_from("amends"),
        "target_rows": target_rows,
        **reorganised_places(doc),
        "mentions": mentions,
        "files": list(doc.files.all()),
        **text_summary(doc),
        "events": events,
        # The picture of its direct links, the chain up and the tree down (rendered HTML).
        "link_parts": link_parts,
        "canonical_url": canonical,
        # The feeds of its place and issuer, from what is loaded (the context processor
        # would look the document up again).
        "feeds": document_feeds(doc),
        "citation": format_citation(doc, permanent, accessed=accessed),
        "citation_bibtex": bibtex(doc, permanent, accessed),
        "citation_csl": json.dumps(
            [csl_json(doc, permanent, accessed)], ensure_ascii=False, indent=2,
        ),
    }
    return render(request, "documents/document_detail.html", context)


@require_safe
def document_by_id(request, pk):
    doc = get_object_or_404(Document.objects.only("id", "slug"), pk=pk)
    return redirect(doc.get_absolute_url(), permanent=True)
