"""The documents of the interchange export (documents/interchange/export.py), a chunk at a
time: each with its topics, co-issuers, targets, mentions, status statements, files and
texts, a few queries for the chunk; then the links from those documents."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from documents.models import (
    Document,
    DocumentCoIssuer,
    DocumentFile,
    DocumentLink,
    SourceMention,
    StatusStatement,
    Target,
)
from documents.search import AnyOf

from .export_values import Keys, date, decimal, m2m, opt, rows_of, text
from .texts import export_texts


def document_files(ids) -> dict[int, list[dict]]:
    """The files of the documents *ids* as metadata and checksum (the bytes are in backups,
    not in the dataset: docs/FILES.md), in checksum order."""
    files: dict[int, list[dict]] = defaultdict(list)
    for r in DocumentFile.objects.filter(AnyOf("document_id", ids)).values(
        "document_id", "kind", "language", "title", "original_name", "content_type", "size",
        "page_count", "sha256",
    ).order_by("document_id", "sha256", "id"):
        files[r["document_id"]].append({
            "sha256": r["sha256"], "name": r["original_name"], "kind": r["kind"],
            "language": r["language"], "title": text(r["title"]),
            "content_type": r["content_type"], "size": r["size"], "pages": r["page_count"],
        })
    return files


def _sourced(k: Keys, r: dict) -> dict:
    """What a target and a link say of where they were read, in the file's order: the source,
    its quote and provision, the public note, the uncertain facts, the curators' remark."""
    return {
        "source": opt(k.source, r["source_id"]),
        "quote": text(r["quote"]),
        "provision": text(r["provision"]),
        "note": text(r["note"]),
        "uncertain": r["uncertain"] or {},
        "editorial_note": text(r["editorial_note"]),
    }


def _target(k: Keys, r: dict) -> dict:
    return {
        "indicator": k.indicator[r["indicator_id"]],
        "applies_to": text(r["applies_to"]),
        "locality": opt(k.loc, r["locality_id"]),
        "comparator": r["comparator"],
        "value": decimal(r["value"]),
        "unit": r["unit"],
        "deadline_year": r["deadline_year"],
        "deadline": date(r["deadline"]),
        "baseline_value": decimal(r["baseline_value"]),
        "baseline_date": date(r["baseline_date"]),
        "baseline_source": opt(k.source, r["baseline_source_id"]),
        **_sourced(k, r),
        "position": r["position"],
    }


def documents(k: Keys, ids) -> Iterator[dict]:
    """The documents *ids* (a chunk, in slug order), each with its nested lists: a few queries
    for the chunk."""
    topics = m2m(Document.topics.through.objects.filter(AnyOf("document_id", ids))
                  .values_list("document_id", "topic_id"), k.topic)
    co_issuers: dict[int, list[str]] = defaultdict(list)  # in the document's order
    for d, b in DocumentCoIssuer.objects.filter(AnyOf("document_id", ids)).order_by(
            "document_id", "position", "id").values_list("document_id", "body_id"):
        co_issuers[d].append(k.body[b])
    targets: dict[int, list[dict]] = defaultdict(list)
    for r in Target.objects.filter(AnyOf("document_id", ids)).values().order_by(
            "document_id", "position", "id"):
        targets[r["document_id"]].append(_target(k, r))
    mentions: dict[int, list[dict]] = defaultdict(list)
    for r in SourceMention.objects.filter(AnyOf("document_id", ids)).values(
        "document_id", "source_id", "quote", "provision", "note", "editorial_note"
    ):
        mentions[r["document_id"]].append(
            {"source": k.source[r["source_id"]], "quote": text(r["quote"]),
             "provision": text(r["provision"]), "note": text(r["note"]),
             "editorial_note": text(r["editorial_note"])}
        )
    statements: dict[int, list[dict]] = defaultdict(list)
    for r in StatusStatement.objects.filter(AnyOf("document_id", ids)).values(
        "document_id", "as_of", "status", "source_id", "quote", "note", "by_document__slug"
    ):
        statements[r["document_id"]].append(
            {"as_of": date(r["as_of"]), "status": r["status"], "source": k.source[r["source_id"]],
             "quote": text(r["quote"]), "note": text(r["note"]),
             "by_document": r["by_document__slug"]})
    files = document_files(ids)
    texts = export_texts(k.source, ids)
    rows = rows_of(Document.objects, ids, "slug", "symbol", "symbol_as_written", "doc_type",
                   "title", "summary", "issuing_body_id", "term_id", "locality_id", "signer_id",
                   "signer_title", "issued_date", "issued_year", "date_note", "effective_from",
                   "effective_to", "period_start", "period_end", "status", "known_by_reference",
                   "uncertain", "editorial_note")
    for pk in ids:
        r = rows.get(pk)
        if r is None:  # deleted meanwhile
            continue
        term = k.term.get(r["term_id"])
        document = {
            "slug": r["slug"],
            "symbol": text(r["symbol"]),
            "symbol_as_written": text(r["symbol_as_written"]),
            "doc_type": r["doc_type"],
            "title": text(r["title"]),
            "summary": text(r["summary"]),
            "issuing_body": opt(k.body, r["issuing_body_id"]),
            "term": {"body": term[0], "name": term[1]} if term else None,
            "locality": opt(k.loc, r["locality_id"]),
            "signer": opt(k.person, r["signer_id"]),
            "signer_title": text(r["signer_title"]),
            "issued_date": date(r["issued_date"]),
            "issued_year": r["issued_year"],
            "date_note": text(r["date_note"]),
            "effective_from": date(r["effective_from"]),
            "effective_to": date(r["effective_to"]),
            "period_start": r["period_start"],
            "period_end": r["period_end"],
            "status": r["status"],
            "known_by_reference": r["known_by_reference"],
            "uncertain": r["uncertain"] or {},
            "editorial_note": text(r["editorial_note"]),
            "topics": topics.get(pk, []),
            "targets": targets.get(pk, []),
            "mentions": sorted(mentions.get(pk, []), key=lambda m: m["source"]),
        }
        if pk in co_issuers:  # only a joint document's (see docs/INTERCHANGE.md, Versioning)
            document["co_issuers"] = co_issuers[pk]
        if pk in files:  # the key only where there are files (older files stay as they were)
            document["files"] = files[pk]
        if pk in texts:  # the key only where there are texts (older files stay as they were)
            document["texts"] = texts[pk]
        if pk in statements:  # likewise: only where an admin stated the status
            document["status_statements"] = sorted(
                statements[pk], key=lambda st: (st["as_of"], st["status"]))
        yield document


def links(k: Keys, ids) -> list[dict]:
    """The links from the documents *ids* (a chunk in slug order), by (from, kind, to)."""
    return sorted((
        {
            "from": r["from_document__slug"],
            "kind": r["kind"],
            "to": r["to_document__slug"],
            **_sourced(k, r),
        }
        for r in DocumentLink.objects.filter(AnyOf("from_document_id", ids)).values(
            "from_document__slug", "kind", "to_document__slug", "source_id", "quote",
            "provision", "note", "uncertain", "editorial_note",
        ).order_by()
    ), key=lambda o: (o["from"], o["kind"], o["to"]))
