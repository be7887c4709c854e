"""A document's links as its page lists them: both directions, grouped by kind in the
vocabulary's order, at most :data:`LINKS_PER_KIND` of each kind and direction (a decree cited
by thousands of documents lists the first ones and says how many there are in all).

Three queries whatever the number of links: the counts per kind and direction, then each
direction's links with the document at the other end (:class:`DocumentLinkQuerySet`)."""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field

from documents.compiled import compiled
from documents.domain.vocabulary import LINK_KINDS
from documents.models import Document, DocumentLink
from documents.validity_query import statuses

#: Links shown per kind and direction.
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


def group_links(links, end: str, totals: dict[str, int] | None = None) -> list[LinkGroup]:
    """Links grouped by kind in the vocabulary's order; *end* is "from" on the page of
    the link's source document (outgoing) and "to" on its target's page (incoming). *totals*:
    the number of links of each kind in all, when only some were loaded."""
    groups: OrderedDict[str, LinkGroup] = OrderedDict()
    for link in sorted(links, key=lambda lk: (_KIND_ORDER.get(lk.kind, 99), lk.pk)):
        other = link.to_document if end == "from" else link.from_document
        group = groups.setdefault(link.kind, LinkGroup(kind=link.kind))
        group.items.append(LinkItem(link=link, other=other))
        group.total += 1
    for group in groups.values():
        group.total = (totals or {}).get(group.kind, group.total)
    return list(groups.values())


@dataclass
class DocumentLinks:
    """What the document page shows of its links."""

    outgoing: list[DocumentLink]
    incoming: list[DocumentLink]
    outgoing_groups: list[LinkGroup]
    incoming_groups: list[LinkGroup]

    @property
    def count(self) -> int:
        """Links in all, both directions (also those not listed)."""
        return sum(g.total for g in self.outgoing_groups + self.incoming_groups)

    @property
    def inferred_count(self) -> int:
        return sum(1 for link in self.outgoing + self.incoming if link.inferred)

    @property
    def cut(self) -> bool:
        """Whether some links are not listed."""
        return any(g.more for g in self.outgoing_groups + self.incoming_groups)

    def incoming_from(self, kind: str) -> list[Document]:
        """The documents that link to this one with *kind* (``replaces``: those replacing
        it), among the links listed."""
        return [link.from_document for link in self.incoming if link.kind == kind]


def unshown(end: str) -> list[str]:
    """What a link list never shows of the document at the link's other *end* and of the
    link's source, left unread: the search text and its vector, the summary, the curators'
    notes, the source's whole text (an article, for a real source)."""
    return [*(f"{end}__{name}" for name in (
        "search_text", "search_vector", "summary", "editorial_note")),
        "source__text", "source__editorial_note"]


def document_links(document) -> DocumentLinks:
    """The document's links both ways, each with the document at the other end (and its
    issuing body and locality) and the link's source loaded."""
    counts = link_counts(document)
    outgoing = list(_links_of(document, "from_document", "to_document", counts[True]))
    incoming = list(_links_of(document, "to_document", "from_document", counts[False]))
    attach_status([link.to_document for link in outgoing]
                  + [link.from_document for link in incoming])
    return DocumentLinks(
        outgoing=outgoing,
        incoming=incoming,
        outgoing_groups=group_links(outgoing, "from", counts[True]),
        incoming_groups=group_links(incoming, "to", counts[False]),
    )


def link_counts(document) -> dict[bool, dict[str, int]]:
    """How many links *document* has, by direction (True: outgoing) and kind: one indexed,
    grouped query (``DocumentLinkQuerySet.kind_count_rows``), its SQL compiled once per process
    (``documents.compiled``)."""
    links = DocumentLink.objects
    return links.counts_by_kind(compiled(("link counts",), links.kind_count_rows, document.pk))


def _links_of(document, near: str, far: str, counts: dict[str, int]):
    """The document's links of one direction (``DocumentLinkQuerySet.of_document``) with the
    document at the other end (*far*), its issuing body and place, and the link's source; the
    SQL compiled once per process and shape (``documents.compiled``)."""
    cut = DocumentLink.objects.cut(counts, LINKS_PER_KIND)

    def build(pk):
        return DocumentLink.objects.of_document(
            pk, near, counts, LINKS_PER_KIND
        ).select_related(f"{far}__issuing_body", f"{far}__locality", "source").defer(
            *unshown(far))

    return compiled(("links", near, cut, LINKS_PER_KIND), build, document.pk)


def attach_status(documents) -> None:
    """Gives each of *documents* its status today and its basis (``current_status``,
    ``status_reason``: what ``with_status()`` annotates), read in one query for all — the
    linked documents' badges say what their own pages say."""
    by_pk = defaultdict(list)
    for document in documents:
        by_pk[document.pk].append(document)
    if not by_pk:
        return
    for pk, status, reason in statuses(by_pk):
        for document in by_pk[pk]:
            document.current_status, document.status_reason = status, reason
