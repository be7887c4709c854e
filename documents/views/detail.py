"""One document at its permanent address: status first, the facts, its targets, its
links from both ends, the chain upward and the tree downward, its sources, the events
where it was discussed, and a citation.

The number of queries is fixed whatever the number of links, targets or sources
(select_related / prefetch_related); the graph walks add at most one query per
level, bounded by ``max_depth``.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from documents import graph
from documents.citation import bibtex, csl_json, format_citation
from documents.domain.vocabulary import LINK_KINDS
from documents.models import (
    Document,
    DocumentLink,
    Event,
    EventParticipant,
    Figure,
    SourceMention,
    Target,
)
from documents.target_figures import latest_figures, target_place
from documents.views.graph import page_figure

GRAPH_DEPTH = graph.DEFAULT_MAX_DEPTH
#: Links shown per kind and direction: a decree cited by thousands of documents lists the
#: first ones and says how many there are in all.
LINKS_PER_KIND = 50
_KIND_ORDER = {k.key: i for i, k in enumerate(LINK_KINDS)}


@dataclass
class LinkItem:
    link: DocumentLink
    other: Document  # the document at the other end


@dataclass
class LinkGroup:
    kind: str
    items: list[LinkItem] = field(default_factory=list)
    total: int = 0  # links of this kind in all (more than len(items) when cut)

    @property
    def more(self) -> int:
        return max(0, self.total - len(self.items))


@dataclass
class TargetRow:
    target: Target
    figure: Figure | None = None

    @property
    def place(self):
        """The place the target is about (its own, else its document's)."""
        return target_place(self.target)


def group_links(links, end: str) -> list[LinkGroup]:
    """Links grouped by kind in the vocabulary's order; *end* is "from" on the page of
    the link's source document (outgoing) and "to" on its target's page (incoming)."""
    groups: OrderedDict[str, LinkGroup] = OrderedDict()
    for link in sorted(links, key=lambda lk: (_KIND_ORDER.get(lk.kind, 99), lk.pk)):
        other = link.to_document if end == "from" else link.from_document
        group = groups.setdefault(link.kind, LinkGroup(kind=link.kind))
        group.items.append(LinkItem(link=link, other=other))
        group.total += 1
    return list(groups.values())


def link_counts(doc) -> dict[tuple[bool, str], int]:
    """How many links the document has, by (outgoing?, kind): one indexed, grouped query."""
    rows = (
        DocumentLink.objects.filter(Q(from_document=doc) | Q(to_document=doc))
        .values("from_document_id", "kind")
        .annotate(n=Count("*"))
        .order_by()
    )
    return {(row["from_document_id"] == doc.pk, row["kind"]): row["n"] for row in rows}


def links_of(doc, near: str, counts: dict, outgoing: bool, *related: str) -> list:
    """The document's links of one direction (*near*: the column pointing at it), at most
    LINKS_PER_KIND of each kind (the oldest first). A plain query when no kind has more; a
    window function only for the documents that need one (it costs more to compile)."""
    queryset = DocumentLink.objects.filter(**{near: doc}).select_related(*related)
    if all(n <= LINKS_PER_KIND for (out, _kind), n in counts.items() if out == outgoing):
        return list(queryset.order_by("id"))
    return list(
        queryset.annotate(
            kind_rank=Window(RowNumber(), partition_by=[F("kind")], order_by=F("id").asc())
        )
        .filter(kind_rank__lte=LINKS_PER_KIND)
        .order_by("id")
    )


def set_totals(groups, counts: dict, outgoing: bool) -> None:
    for group in groups:
        group.total = counts.get((outgoing, group.kind), group.total)


def document_queryset():
    return Document.objects.select_related(
        "issuing_body", "issuing_body__locality", "term", "locality", "signer"
    ).prefetch_related(
        "topics",
        Prefetch(
            "targets",
            queryset=Target.objects.select_related(
                "indicator", "locality", "source", "baseline_source"
            ),
        ),
        Prefetch("mentions", queryset=SourceMention.objects.select_related("source")),
        Prefetch(
            "events",
            queryset=Event.objects.select_related(
                "organiser", "locality", "source"
            ).prefetch_related(
                Prefetch(
                    "participants",
                    queryset=EventParticipant.objects.select_related("person"),
                )
            ),
        ),
    )


def permanent_url(request, document: Document) -> str:
    """The document's address in the default language, absolute (used in citations)."""
    with translation.override("vi"):
        path = reverse("documents:detail", kwargs={"slug": document.slug})
    return request.build_absolute_uri(path)


@require_safe
def document_detail(request, slug):
    doc = get_object_or_404(document_queryset(), slug=slug)
    counts = link_counts(doc)
    outgoing = links_of(doc, "from_document", counts, True, "to_document__issuing_body",
                        "to_document__locality", "source")
    incoming = links_of(doc, "to_document", counts, False, "from_document__issuing_body",
                        "from_document__locality", "source")
    targets = list(doc.targets.all())
    figures = latest_figures(targets)
    target_rows = [
        TargetRow(target=t, figure=figures.get(t.pk))
        for t in targets
    ]
    events = list(doc.events.all())
    for event in events:
        people = list(event.participants.all())
        event.chairs = [p for p in people if p.role == "chair"]
        event.others = [p for p in people if p.role != "chair"]

    replaced_by = [lk.from_document for lk in incoming if lk.kind == "replaces"]
    repealed_by = [lk.from_document for lk in incoming if lk.kind == "repeals"]
    amended_by = [lk.from_document for lk in incoming if lk.kind == "amends"]

    outgoing_groups = group_links(outgoing, "from")
    incoming_groups = group_links(incoming, "to")
    set_totals(outgoing_groups, counts, True)
    set_totals(incoming_groups, counts, False)

    canonical = request.build_absolute_uri(doc.get_absolute_url())
    context = {
        "doc": doc,
        "ancestors": doc.locality.ancestors() if doc.locality_id else [],
        "topics": list(doc.topics.all()),
        "outgoing_groups": outgoing_groups,
        "incoming_groups": incoming_groups,
        "link_count": sum(g.total for g in outgoing_groups + incoming_groups),
        "inferred_count": sum(1 for lk in outgoing + incoming if lk.inferred),
        "replaced_by": replaced_by,
        "repealed_by": repealed_by,
        "amended_by": amended_by,
        "target_rows": target_rows,
        "mentions": list(doc.mentions.all()),
        "events": events,
        "chain": graph.chain_up(doc, max_depth=GRAPH_DEPTH),
        "tree": graph.tree_down(doc, max_depth=GRAPH_DEPTH),
        # The picture of its direct links, from the links loaded above (no query).
        "link_graph": page_figure(doc, outgoing, incoming,
                                  cut=any(g.more for g in outgoing_groups + incoming_groups)),
        "canonical_url": canonical,
        "citation": format_citation(
            doc, permanent_url(request, doc), accessed=timezone.localdate()
        ),
        "citation_bibtex": bibtex(doc, permanent_url(request, doc), timezone.localdate()),
        "citation_csl": json.dumps(
            [csl_json(doc, permanent_url(request, doc), timezone.localdate())],
            ensure_ascii=False, indent=2,
        ),
    }
    return render(request, "documents/document_detail.html", context)


@require_safe
def document_by_id(request, pk):
    doc = get_object_or_404(Document.objects.only("id", "slug"), pk=pk)
    return redirect(doc.get_absolute_url(), permanent=True)
