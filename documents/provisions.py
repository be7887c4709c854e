"""A document text's provisions, rebuilt from its text (``DocumentText.text``).

:func:`rebuild_provisions` is the one way provisions are written: the extraction job calls it
when a text is (re-)extracted, the admin when an editor corrects a text, the loaders when a
text is loaded from a public page. It replaces the text's provisions in one transaction and
returns how many it wrote.

The text is split by the pure parser (:func:`documents.domain.structure.parse_structure`); the
rows are written with ``bulk_create``, one statement per level of the tree (a parent is
written before its children), so their folded ``search_text`` is filled here the way
``Provision.save()`` fills it, and the page cache is told (:func:`documents.cache.
data_changed`: bulk writes send no signals). A document's second and later texts prefix their
anchors (``tep-2-dieu-1``) so that anchors stay unique per document. The reference finder then
proposes links from the text (:func:`documents.text_links.propose_text_links`).
"""

from __future__ import annotations

from django.db import transaction

from documents.cache import data_changed
from documents.domain.structure import parse_structure
from documents.domain.vietnamese import fold
from documents.models import DocumentText, Provision
from documents.models.common import clean_text


def anchor_prefix(document_text: DocumentText) -> str:
    """``""`` for a document's first text, ``tep-2-`` for its second, and so on."""
    ids = list(DocumentText.objects.filter(document_id=document_text.document_id)
               .order_by("position", "id").values_list("id", flat=True))
    rank = ids.index(document_text.pk) + 1 if document_text.pk in ids else len(ids) + 1
    return prefix_of_rank(rank)


def prefix_of_rank(rank: int) -> str:
    """The anchors' prefix of a document's *rank*-th text (by position, then id), from 1."""
    return "" if rank == 1 else f"tep-{rank}-"


def provision_rows(document_text: DocumentText, taken: set[str] = frozenset(),
                   prefix: str | None = None) -> list[Provision]:
    """Unsaved provisions of ``document_text`` in reading order, ``parent`` set to the
    unsaved parent; anchors avoid ``taken`` (the document's other texts' anchors) and start
    with *prefix* (default: :func:`anchor_prefix`, one query)."""
    if prefix is None:
        prefix = anchor_prefix(document_text)
    rows: list[Provision] = []
    used = set(taken)
    for position, node in enumerate(parse_structure(document_text.text)):
        anchor, suffix = f"{prefix}{node.anchor}"[:120], 2
        while anchor in used:
            anchor, suffix = f"{prefix}{node.anchor}-x{suffix}"[:120], suffix + 1
        used.add(anchor)
        label, heading, body = clean_text(node.label)[:120], clean_text(node.heading), \
            clean_text(node.body)
        rows.append(Provision(
            document_text=document_text, document_id=document_text.document_id,
            parent=rows[node.parent] if node.parent is not None else None,
            position=position, depth=node.depth, kind=node.kind, number=node.number[:20],
            anchor=anchor, label=label, heading=heading, body=body, page=node.page,
            search_text=fold(" ".join(filter(None, [label, heading, body]))),
        ))
    return rows


def rebuild_provisions(document_text: DocumentText) -> int:
    """Replace the provisions of ``document_text`` by those of its text; how many written."""
    with transaction.atomic():
        Provision.objects.filter(document_text=document_text).delete()
        taken = set(Provision.objects.filter(document_id=document_text.document_id)
                    .values_list("anchor", flat=True))
        rows = provision_rows(document_text, taken)
        for depth in sorted({row.depth for row in rows}):
            level = [row for row in rows if row.depth == depth]
            for row in level:
                row.parent_id = row.parent.pk if row.parent is not None else None
            Provision.objects.bulk_create(level)
        from documents.text_links import propose_text_links

        propose_text_links(document_text, rows)
        data_changed()
    return len(rows)
