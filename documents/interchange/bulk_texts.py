"""The full texts of the documents an import creates, written in bulk with their provisions.

A new document's texts are all new: each is prepared by ``DocumentText.save()`` without the
write and inserted with its history row (:class:`~.bulk.Inserter`), then its provisions are
derived as :func:`documents.provisions.rebuild_provisions` derives them -- the same
:func:`~documents.provisions.provision_rows`, the anchors' prefix from the text's rank among
its document's texts, the anchors of the document's earlier texts avoided -- and copied in,
their ids (and so their parents') reserved from the sequence. Batches of :data:`BATCH` texts
keep memory bounded whatever the number of texts. What ``rebuild_provisions`` does per text
besides is done once: the page cache is told by the import's one ``data_changed()``, and the
links proposed from the texts (:func:`documents.text_links.queue_proposals`) are queued when
the import commits, the file's own links then being in the catalogue (a link the catalogue
has is not proposed). A text of a file is skipped, as :func:`~.texts.write_texts` skips it: the
import creates no files, so a new document has none.
"""

from __future__ import annotations

from documents.models import DocumentText, Provision
from documents.provisions import prefix_of_rank, provision_rows

#: Texts per batch (their provisions are in memory together: some 50 a text).
BATCH = 500


def insert_new_texts(writer, documents) -> list[int]:
    """The texts of *documents*, ``(document, specs)`` pairs of documents the import created
    (the specs as the merged plan holds them, or None: no ``texts``); the new texts' ids."""
    from .texts import DEFAULTS, FIELDS

    ids: list[int] = []
    batch: list[list[DocumentText]] = []
    size = 0
    for doc, specs in documents:
        made = []
        for spec in specs or ():
            if spec["file"]:
                writer.report.add("texts", "skipped")
                continue
            source = writer.src(spec["source"])
            values = {f: spec[f] if spec[f] is not None else DEFAULTS[f] for f in FIELDS}
            values.update(document_id=doc.pk, source_id=source.pk)
            made.append(writer._new(DocumentText, values, {"document": doc, "source": source}))
            writer.report.add("texts", "created")
        if made:
            batch.append(made)
            size += len(made)
        if size >= BATCH:
            ids += _write(writer, batch)
            batch, size = [], 0
    if batch:
        ids += _write(writer, batch)
    return ids


def _write(writer, batch: list[list[DocumentText]]) -> list[int]:
    """One batch: each inner list the texts of one document, in the file's order."""
    texts = [text for made in batch for text in made]
    writer.ins.insert(DocumentText, texts)  # their ids from here on
    rows: list[Provision] = []
    for made in batch:
        taken: set[str] = set()
        earlier: list[int] = []
        for text in made:
            # rebuild_provisions writes a document's texts one after the other, each ranked
            # by (position, id) among those written so before it (ids ascending)
            rank = 1 + sum(position <= text.position for position in earlier)
            earlier.append(text.position)
            new = provision_rows(text, taken, prefix=prefix_of_rank(rank))
            taken.update(row.anchor for row in new)
            rows += new
    for row, pk in zip(rows, writer.ins.reserve_ids(Provision, len(rows)), strict=True):
        row.pk = pk
    for row in rows:
        row.parent_id = row.parent.pk if row.parent is not None else None
    writer.ins.insert(Provision, rows, history=False)
    return [text.pk for text in texts]
