"""Export the whole catalogue in the interchange format (version 1).

The output is deterministic: no database ids and no timestamps, objects referenced by their
stable keys, every list sorted, dates ISO, decimals as strings, text NFC. Exporting the same
data twice, or exporting after an import of the exported file into an empty database, gives a
byte-identical file.

Each collection is read with a handful of ``values()`` queries (no per-object queries), so the
cost grows linearly with the data.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections import defaultdict
from decimal import Decimal
from typing import IO

from documents.models import (
    Document,
    DocumentCoIssuer,
    DocumentFile,
    DocumentLink,
    Event,
    EventParticipant,
    Figure,
    Indicator,
    IssuingBody,
    Locality,
    LocalitySuccession,
    Person,
    Source,
    SourceMention,
    StatusStatement,
    Target,
    Term,
    Topic,
)

from .schema import FORMAT, VERSION
from .texts import export_texts


def text(value: str | None) -> str:
    return unicodedata.normalize("NFC", value or "")


def date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def decimal(value: Decimal | None) -> str | None:
    """``Decimal("17.9000")`` -> ``"17.9"``; ``Decimal("100")`` -> ``"100"`` (never an exponent)."""
    if value is None:
        return None
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


def source_key(pk: int, reference: str) -> str:
    """A source's key in the file: its ``reference``, or ``source-<pk>`` when that is blank."""
    return text(reference) or f"source-{pk}"


def _m2m(through, left: str, right: str, right_keys: dict[int, str]) -> dict[int, list[str]]:
    result: dict[int, list[str]] = defaultdict(list)
    for a, b in through.objects.values_list(left, right).iterator(chunk_size=5000):
        result[a].append(right_keys[b])
    return {k: sorted(v) for k, v in result.items()}


def document_files() -> dict[int, list[dict]]:
    """Each document's files as metadata and checksum (the bytes are in backups, not in the
    dataset: docs/FILES.md), in checksum order."""
    files: dict[int, list[dict]] = defaultdict(list)
    for r in DocumentFile.objects.values(
        "document_id", "kind", "language", "title", "original_name", "content_type", "size",
        "page_count", "sha256",
    ).order_by("document_id", "sha256").iterator(chunk_size=5000):
        files[r["document_id"]].append({
            "sha256": r["sha256"], "name": r["original_name"], "kind": r["kind"],
            "language": r["language"], "title": text(r["title"]),
            "content_type": r["content_type"], "size": r["size"], "pages": r["page_count"],
        })
    return files


def build_dataset() -> dict:
    """The whole catalogue as a JSON-ready ``dict`` in the interchange format."""
    loc_slug = dict(Locality.objects.values_list("id", "slug"))
    body_slug = dict(IssuingBody.objects.values_list("id", "slug"))
    person_slug = dict(Person.objects.values_list("id", "slug"))
    topic_slug = dict(Topic.objects.values_list("id", "slug"))
    indicator_slug = dict(Indicator.objects.values_list("id", "slug"))
    doc_slug = dict(Document.objects.values_list("id", "slug"))
    src_key = {
        pk: source_key(pk, ref) for pk, ref in Source.objects.values_list("id", "reference")
    }

    def opt(mapping: dict[int, str], pk: int | None) -> str | None:
        return mapping[pk] if pk is not None else None

    # --- localities -------------------------------------------------------------
    successors = _m2m(Locality.successors.through, "from_locality_id", "to_locality_id", loc_slug)
    successions: dict[int, list[dict]] = defaultdict(list)
    for row in LocalitySuccession.objects.values(
        "from_locality_id", "to_locality_id", "effective_date", "partial", "document_id"
    ).iterator(chunk_size=5000):
        if row["effective_date"] or row["partial"] or row["document_id"]:
            successions[row["from_locality_id"]].append({
                "to": loc_slug[row["to_locality_id"]],
                "date": date(row["effective_date"]),
                "partial": row["partial"],
                "document": opt(doc_slug, row["document_id"]),
            })
    localities = [
        {
            "slug": row["slug"],
            "name": text(row["name"]),
            "name_en": text(row["name_en"]),
            "code": text(row["code"]),
            "kind": row["kind"],
            "parent": opt(loc_slug, row["parent_id"]),
            "valid_from": date(row["valid_from"]),
            "valid_to": date(row["valid_to"]),
            "successors": successors.get(row["id"], []),
            "successions": sorted(successions.get(row["id"], []), key=lambda s: s["to"]),
            "note": text(row["note"]),
        }
        for row in Locality.objects.values(
            "id", "slug", "name", "name_en", "code", "kind", "parent_id", "valid_from",
            "valid_to", "note"
        )
    ]

    # --- bodies and their terms -------------------------------------------------
    terms: dict[int, list[dict]] = defaultdict(list)
    term_ref: dict[int, dict] = {}
    for row in Term.objects.values("id", "body_id", "name", "number", "start_year", "end_year"):
        terms[row["body_id"]].append(
            {
                "name": text(row["name"]),
                "number": row["number"],
                "start_year": row["start_year"],
                "end_year": row["end_year"],
            }
        )
        term_ref[row["id"]] = {"body": body_slug[row["body_id"]], "name": text(row["name"])}
    bodies = [
        {
            "slug": row["slug"],
            "name": text(row["name"]),
            "name_en": text(row["name_en"]),
            "short_name": text(row["short_name"]),
            "code": text(row["code"]),
            "kind": row["kind"],
            "locality": loc_slug[row["locality_id"]],
            "parent": opt(body_slug, row["parent_id"]),
            "successor": opt(body_slug, row["successor_id"]),
            "valid_from": date(row["valid_from"]),
            "valid_to": date(row["valid_to"]),
            "note": text(row["note"]),
            "uncertain": row["uncertain"] or {},
            "editorial_note": text(row["editorial_note"]),
            "terms": sorted(terms.get(row["id"], []),
                            key=lambda t: (t["start_year"] or 0, t["name"])),
        }
        for row in IssuingBody.objects.values(
            "id", "slug", "name", "name_en", "short_name", "code", "kind", "locality_id",
            "parent_id", "successor_id", "valid_from", "valid_to", "note", "uncertain",
            "editorial_note",
        )
    ]

    people = [
        {"slug": r["slug"], "name": text(r["name"]), "name_en": text(r["name_en"]),
         "note": text(r["note"]),
         # only where there is one (files without any stay readable by older importers)
         **({"editorial_note": text(r["editorial_note"])} if r["editorial_note"] else {})}
        for r in Person.objects.values("slug", "name", "name_en", "note", "editorial_note")
    ]
    topics = [
        {"slug": r["slug"], "name": text(r["name"]), "name_en": text(r["name_en"]),
         "description": text(r["description"])}
        for r in Topic.objects.values("slug", "name", "name_en", "description")
    ]
    indicators = [
        {"slug": r["slug"], "name": text(r["name"]), "name_en": text(r["name_en"]),
         "unit": r["unit"], "description": text(r["description"])}
        for r in Indicator.objects.values("slug", "name", "name_en", "unit", "description")
    ]
    sources = [
        {
            "reference": src_key[r["id"]],
            "kind": r["kind"],
            "publisher": text(r["publisher"]),
            "headline": text(r["headline"]),
            "url": text(r["url"]),
            "author": text(r["author"]),
            "published_date": date(r["published_date"]),
            "date_note": text(r["date_note"]),
            "text": text(r["text"]),
            "editorial_note": text(r["editorial_note"]),
        }
        for r in Source.objects.values(
            "id", "kind", "publisher", "headline", "url", "author", "published_date",
            "date_note", "text", "editorial_note",
        )
    ]

    # --- documents with their topics, targets and mentions --------------------------
    doc_topics = _m2m(Document.topics.through, "document_id", "topic_id", topic_slug)
    co_issuers: dict[int, list[str]] = defaultdict(list)  # in the document's order
    for d, b in DocumentCoIssuer.objects.order_by("document_id", "position", "id").values_list(
            "document_id", "body_id").iterator(chunk_size=5000):
        co_issuers[d].append(body_slug[b])
    targets: dict[int, list[tuple]] = defaultdict(list)
    for r in Target.objects.values().iterator(chunk_size=5000):
        targets[r["document_id"]].append(
            (
                r["position"],
                r["id"],
                {
                    "indicator": indicator_slug[r["indicator_id"]],
                    "applies_to": text(r["applies_to"]),
                    "locality": opt(loc_slug, r["locality_id"]),
                    "comparator": r["comparator"],
                    "value": decimal(r["value"]),
                    "unit": r["unit"],
                    "deadline_year": r["deadline_year"],
                    "deadline": date(r["deadline"]),
                    "baseline_value": decimal(r["baseline_value"]),
                    "baseline_date": date(r["baseline_date"]),
                    "baseline_source": opt(src_key, r["baseline_source_id"]),
                    "source": opt(src_key, r["source_id"]),
                    "quote": text(r["quote"]),
                    "provision": text(r["provision"]),
                    "note": text(r["note"]),
                    "uncertain": r["uncertain"] or {},
                    "editorial_note": text(r["editorial_note"]),
                    "position": r["position"],
                },
            )
        )
    mentions: dict[int, list[dict]] = defaultdict(list)
    for r in SourceMention.objects.values(
        "document_id", "source_id", "quote", "provision", "note", "editorial_note"
    ).iterator(chunk_size=5000):
        mentions[r["document_id"]].append(
            {"source": src_key[r["source_id"]], "quote": text(r["quote"]),
             "provision": text(r["provision"]), "note": text(r["note"]),
             "editorial_note": text(r["editorial_note"])}
        )
    statements: dict[int, list[dict]] = defaultdict(list)
    for r in StatusStatement.objects.values(
        "document_id", "as_of", "status", "source_id", "quote", "note", "by_document_id"
    ).iterator(chunk_size=5000):
        statements[r["document_id"]].append(
            {"as_of": date(r["as_of"]), "status": r["status"], "source": src_key[r["source_id"]],
             "quote": text(r["quote"]), "note": text(r["note"]),
             "by_document": opt(doc_slug, r["by_document_id"])})
    files = document_files()
    texts = export_texts(src_key)
    documents = []
    for r in Document.objects.values(
        "id", "slug", "symbol", "symbol_as_written", "doc_type", "title", "summary",
        "issuing_body_id", "term_id", "locality_id", "signer_id", "signer_title", "issued_date",
        "issued_year", "date_note", "effective_from", "effective_to", "period_start",
        "period_end", "status", "known_by_reference", "uncertain", "editorial_note",
    ).order_by().iterator(chunk_size=5000):
        pk = r["id"]
        documents.append(
            {
                "slug": r["slug"],
                "symbol": text(r["symbol"]),
                "symbol_as_written": text(r["symbol_as_written"]),
                "doc_type": r["doc_type"],
                "title": text(r["title"]),
                "summary": text(r["summary"]),
                "issuing_body": opt(body_slug, r["issuing_body_id"]),
                "term": term_ref[r["term_id"]] if r["term_id"] is not None else None,
                "locality": opt(loc_slug, r["locality_id"]),
                "signer": opt(person_slug, r["signer_id"]),
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
                "topics": doc_topics.get(pk, []),
                "targets": [t[2] for t in sorted(targets.get(pk, []), key=lambda t: t[:2])],
                "mentions": sorted(mentions.get(pk, []), key=lambda m: m["source"]),
            }
        )
        if pk in co_issuers:  # only a joint document's (see docs/INTERCHANGE.md, Versioning)
            documents[-1]["co_issuers"] = co_issuers[pk]
        if pk in files:  # the key only where there are files (older files stay as they were)
            documents[-1]["files"] = files[pk]
        if pk in texts:  # the key only where there are texts (older files stay as they were)
            documents[-1]["texts"] = texts[pk]
        if pk in statements:  # likewise: only where an admin stated the status
            documents[-1]["status_statements"] = sorted(
                statements[pk], key=lambda st: (st["as_of"], st["status"]))

    links = [
        {
            "from": doc_slug[r["from_document_id"]],
            "kind": r["kind"],
            "to": doc_slug[r["to_document_id"]],
            "source": opt(src_key, r["source_id"]),
            "quote": text(r["quote"]),
            "provision": text(r["provision"]),
            "note": text(r["note"]),
            "uncertain": r["uncertain"] or {},
            "editorial_note": text(r["editorial_note"]),
        }
        for r in DocumentLink.objects.values(
            "from_document_id", "kind", "to_document_id", "source_id", "quote", "provision",
            "note", "uncertain", "editorial_note",
        ).order_by().iterator(chunk_size=5000)
    ]

    figures = [
        {
            "indicator": indicator_slug[r["indicator_id"]],
            "locality": loc_slug[r["locality_id"]],
            "as_of": date(r["as_of"]),
            "as_of_year": r["as_of_year"],
            "value": decimal(r["value"]),
            "total": decimal(r["total"]),
            "unit": r["unit"],
            "applies_to": text(r["applies_to"]),
            "source": opt(src_key, r["source_id"]),
            "document": opt(doc_slug, r["document_id"]),
            "quote": text(r["quote"]),
            "note": text(r["note"]),
            "uncertain": r["uncertain"] or {},
            "editorial_note": text(r["editorial_note"]),
        }
        for r in Figure.objects.values().order_by().iterator(chunk_size=5000)
    ]

    event_docs = _m2m(Event.documents.through, "event_id", "document_id", doc_slug)
    participants: dict[int, list[dict]] = defaultdict(list)
    for r in EventParticipant.objects.values("event_id", "person_id", "role", "title"):
        participants[r["event_id"]].append(
            {"person": person_slug[r["person_id"]], "role": r["role"], "title": text(r["title"])}
        )
    events = [
        {
            "source": src_key[r["source_id"]],
            "kind": r["kind"],
            "title": text(r["title"]),
            "date": date(r["date"]),
            "date_note": text(r["date_note"]),
            "locality": opt(loc_slug, r["locality_id"]),
            "organiser": opt(body_slug, r["organiser_id"]),
            "summary": text(r["summary"]),
            "documents": event_docs.get(r["id"], []),
            "participants": sorted(
                participants.get(r["id"], []), key=lambda p: (p["person"], p["role"])
            ),
            **({"editorial_note": text(r["editorial_note"])} if r["editorial_note"] else {}),
        }
        for r in Event.objects.values(
            "id", "source_id", "kind", "title", "date", "date_note", "locality_id",
            "organiser_id", "summary", "editorial_note",
        )
    ]

    return {
        "format": FORMAT,
        "version": VERSION,
        "localities": sorted(localities, key=lambda o: o["slug"]),
        "bodies": sorted(bodies, key=lambda o: o["slug"]),
        "people": sorted(people, key=lambda o: o["slug"]),
        "topics": sorted(topics, key=lambda o: o["slug"]),
        "indicators": sorted(indicators, key=lambda o: o["slug"]),
        "sources": sorted(sources, key=lambda o: o["reference"]),
        "documents": sorted(documents, key=lambda o: o["slug"]),
        "links": sorted(links, key=lambda o: (o["from"], o["kind"], o["to"])),
        "figures": sorted(figures, key=figure_sort_key),
        "events": sorted(events, key=event_sort_key),
    }


def figure_sort_key(f: dict) -> tuple:
    return (
        f["indicator"], f["locality"], f["as_of"] or "", f["as_of_year"] or 0, f["applies_to"],
        f["source"] or "", f["document"] or "", f["value"], f["total"] or "", f["unit"],
        f["quote"], f["note"],
    )


def event_sort_key(e: dict) -> tuple:
    return (e["source"], e["date"] or "", e["title"], e["kind"], e["summary"])


def dumps(dataset: dict) -> str:
    """The file's text: UTF-8 friendly (``ensure_ascii=False``), indent 2, trailing newline."""
    return json.dumps(dataset, ensure_ascii=False, indent=2) + "\n"


def export_dataset(stream: IO[str]) -> dict[str, int]:
    """Write the catalogue to *stream*; returns the number of objects per collection."""
    dataset = build_dataset()
    stream.write(dumps(dataset))
    return {k: len(v) for k, v in dataset.items() if isinstance(v, list)}
