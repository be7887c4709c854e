"""Export the whole catalogue in the interchange format (version 1).

The output is deterministic: no database ids and no timestamps, objects referenced by their
stable keys, every list sorted, dates ISO, decimals as strings, text NFC. Exporting the same
data twice, or exporting after an import of the exported file into an empty database, gives a
byte-identical file.

The file is written as it is read, in bounded memory (:func:`write_dataset`): the large
collections (documents with their nested lists, links, localities, bodies, sources, figures)
are read :data:`CHUNK` objects at a time: their ids first, in the file's order, then each
chunk's rows and nested lists with a few ``values()`` queries
(:func:`documents.streaming.by_chunks`; the documents in :mod:`.export_documents`). Each
object is written as it is made; only the keys of the tables everything refers to
(:class:`~.export_values.Keys`) and the small collections are held whole. Django's
``.iterator()`` would not do: without server-side cursors it fetches the whole result first
(documents/streaming.py). The cost grows linearly with the data; the queries run in one
read-only snapshot (:func:`snapshot`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import groupby
from typing import IO

from django.db import connection, transaction
from django.db.models.functions import Collate

from documents.exporting import indented
from documents.models import (
    Document,
    Event,
    EventParticipant,
    Figure,
    Indicator,
    IssuingBody,
    Locality,
    LocalitySuccession,
    Person,
    Source,
    Term,
    Topic,
)
from documents.search import AnyOf
from documents.streaming import by_chunks

from .export_documents import documents, links
from .export_values import (  # noqa: F401 (text, decimal, source_key: the format's values)
    Keys,
    by_slug,
    date,
    decimal,
    m2m,
    opt,
    rows_of,
    source_key,
    text,
)
from .schema import FORMAT, VERSION

#: How many documents (localities, bodies, sources, figures) are read and written at a time.
CHUNK = 1000


# --- localities and bodies --------------------------------------------------------------------

def _localities(k: Keys, ids) -> Iterator[dict]:
    successors = m2m(Locality.successors.through.objects.filter(AnyOf("from_locality_id", ids))
                     .values_list("from_locality_id", "to_locality_id"), k.loc)
    successions: dict[int, list[dict]] = defaultdict(list)
    for row in LocalitySuccession.objects.filter(AnyOf("from_locality_id", ids)).values(
        "from_locality_id", "to_locality_id", "effective_date", "partial", "document__slug"
    ):
        if row["effective_date"] or row["partial"] or row["document__slug"]:
            successions[row["from_locality_id"]].append({
                "to": k.loc[row["to_locality_id"]],
                "date": date(row["effective_date"]),
                "partial": row["partial"],
                "document": row["document__slug"],
            })
    rows = rows_of(Locality.objects, ids, "slug", "name", "name_en", "code", "kind",
                   "parent_id", "valid_from", "valid_to", "note")
    for row in (rows[pk] for pk in ids if pk in rows):
        yield {
            "slug": row["slug"],
            "name": text(row["name"]),
            "name_en": text(row["name_en"]),
            "code": text(row["code"]),
            "kind": row["kind"],
            "parent": opt(k.loc, row["parent_id"]),
            "valid_from": date(row["valid_from"]),
            "valid_to": date(row["valid_to"]),
            "successors": successors.get(row["id"], []),
            "successions": sorted(successions.get(row["id"], []), key=lambda s: s["to"]),
            "note": text(row["note"]),
        }


def _bodies(k: Keys, ids) -> Iterator[dict]:
    terms: dict[int, list[dict]] = defaultdict(list)
    for row in Term.objects.filter(AnyOf("body_id", ids)).values(
            "body_id", "name", "number", "start_year", "end_year"):
        terms[row["body_id"]].append({"name": text(row["name"]), "number": row["number"],
                                      "start_year": row["start_year"],
                                      "end_year": row["end_year"]})
    rows = rows_of(IssuingBody.objects, ids, "slug", "name", "name_en", "short_name", "code",
                   "kind", "locality_id", "parent_id", "successor_id", "valid_from", "valid_to",
                   "note", "uncertain", "editorial_note")
    for row in (rows[pk] for pk in ids if pk in rows):
        yield {
            "slug": row["slug"],
            "name": text(row["name"]),
            "name_en": text(row["name_en"]),
            "short_name": text(row["short_name"]),
            "code": text(row["code"]),
            "kind": row["kind"],
            "locality": k.loc[row["locality_id"]],
            "parent": opt(k.body, row["parent_id"]),
            "successor": opt(k.body, row["successor_id"]),
            "valid_from": date(row["valid_from"]),
            "valid_to": date(row["valid_to"]),
            "note": text(row["note"]),
            "uncertain": row["uncertain"] or {},
            "editorial_note": text(row["editorial_note"]),
            "terms": sorted(terms.get(row["id"], []),
                            key=lambda t: (t["start_year"] or 0, t["name"])),
        }


# --- people, topics, indicators, sources ------------------------------------------------------

def _people() -> list[dict]:
    return sorted((
        {"slug": r["slug"], "name": text(r["name"]), "name_en": text(r["name_en"]),
         "note": text(r["note"]),
         # only where there is one (files without any stay readable by older importers)
         **({"editorial_note": text(r["editorial_note"])} if r["editorial_note"] else {})}
        for r in Person.objects.values("slug", "name", "name_en", "note", "editorial_note")
    ), key=lambda o: o["slug"])


def _topics() -> list[dict]:
    return sorted((
        {"slug": r["slug"], "name": text(r["name"]), "name_en": text(r["name_en"]),
         "description": text(r["description"])}
        for r in Topic.objects.values("slug", "name", "name_en", "description")
    ), key=lambda o: o["slug"])


def _indicators() -> list[dict]:
    return sorted((
        {"slug": r["slug"], "name": text(r["name"]), "name_en": text(r["name_en"]),
         "unit": r["unit"], "description": text(r["description"])}
        for r in Indicator.objects.values("slug", "name", "name_en", "unit", "description")
    ), key=lambda o: o["slug"])


def _source_order(k: Keys) -> list[int]:
    """The sources' ids by key (NFC, so sorted here; a stable sort, as the keys were)."""
    return sorted(Source.objects.values_list("id", flat=True), key=k.source.__getitem__)


def _sources(k: Keys, ids) -> Iterator[dict]:
    rows = rows_of(Source.objects, ids, "kind", "publisher", "headline", "url", "author",
                   "published_date", "date_note", "text", "editorial_note")
    for r in (rows[pk] for pk in ids if pk in rows):
        yield {
            "reference": k.source[r["id"]],
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

# --- figures and events -------------------------------------------------------------------------

def figure_sort_key(f: dict) -> tuple:
    return (
        f["indicator"], f["locality"], f["as_of"] or "", f["as_of_year"] or 0, f["applies_to"],
        f["source"] or "", f["document"] or "", f["value"], f["total"] or "", f["unit"],
        f["quote"], f["note"],
    )


def event_sort_key(e: dict) -> tuple:
    return (e["source"], e["date"] or "", e["title"], e["kind"], e["summary"])


def _figures(k: Keys, ids) -> Iterator[dict]:
    rows = rows_of(Figure.objects, ids, "indicator_id", "locality_id", "as_of", "as_of_year",
                   "value", "total", "unit", "applies_to", "source_id", "document__slug", "quote",
                   "note", "uncertain", "editorial_note")
    for r in (rows[pk] for pk in ids if pk in rows):
        yield {
            "indicator": k.indicator[r["indicator_id"]],
            "locality": k.loc[r["locality_id"]],
            "as_of": date(r["as_of"]),
            "as_of_year": r["as_of_year"],
            "value": decimal(r["value"]),
            "total": decimal(r["total"]),
            "unit": r["unit"],
            "applies_to": text(r["applies_to"]),
            "source": opt(k.source, r["source_id"]),
            "document": r["document__slug"],
            "quote": text(r["quote"]),
            "note": text(r["note"]),
            "uncertain": r["uncertain"] or {},
            "editorial_note": text(r["editorial_note"]),
        }


def _sorted_figures(k: Keys) -> Iterator[dict]:
    """By :func:`figure_sort_key`: read by (indicator, locality) from the database, each
    such group (a few figures) sorted here on the rest of the key."""
    ids = list(Figure.objects.order_by(Collate("indicator__slug", "C"),
                                       Collate("locality__slug", "C"), "pk")
               .values_list("pk", flat=True))
    figures = by_chunks(ids, lambda chunk: _figures(k, chunk), CHUNK)
    for _group, items in groupby(figures, key=lambda f: (f["indicator"], f["locality"])):
        yield from sorted(items, key=figure_sort_key)


def _events(k: Keys) -> list[dict]:
    event_docs = m2m(Event.documents.through.objects.values_list("event_id", "document__slug"))
    participants: dict[int, list[dict]] = defaultdict(list)
    for r in EventParticipant.objects.values("event_id", "person_id", "role", "title"):
        participants[r["event_id"]].append(
            {"person": k.person[r["person_id"]], "role": r["role"], "title": text(r["title"])}
        )
    return sorted((
        {
            "source": k.source[r["source_id"]],
            "kind": r["kind"],
            "title": text(r["title"]),
            "date": date(r["date"]),
            "date_note": text(r["date_note"]),
            "locality": opt(k.loc, r["locality_id"]),
            "organiser": opt(k.body, r["organiser_id"]),
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
    ), key=event_sort_key)


# --- the file ---------------------------------------------------------------------------------

def collections() -> Iterator[tuple[str, Iterable[dict]]]:
    """``(name, its objects in the file's order)`` for each collection, in the file's order;
    the large ones are read :data:`CHUNK` at a time as they are consumed (call it inside
    :func:`snapshot`)."""
    k = Keys()
    yield "localities", by_chunks(by_slug(Locality.objects),
                                  lambda ids: _localities(k, ids), CHUNK)
    yield "bodies", by_chunks(by_slug(IssuingBody.objects), lambda ids: _bodies(k, ids), CHUNK)
    yield "people", _people()
    yield "topics", _topics()
    yield "indicators", _indicators()
    yield "sources", by_chunks(_source_order(k), lambda ids: _sources(k, ids), CHUNK)
    ordered = by_slug(Document.objects)  # ids, both passes over the documents in slug order
    yield "documents", by_chunks(ordered, lambda ids: documents(k, ids), CHUNK)
    yield "links", by_chunks(ordered, lambda ids: links(k, ids), CHUNK)
    yield "figures", _sorted_figures(k)
    yield "events", _events(k)


@contextmanager
def snapshot():
    """One consistent view of the database for the export's many queries (a read-only
    ``REPEATABLE READ`` transaction), unless already inside a transaction."""
    if transaction.get_connection().in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def build_dataset() -> dict:
    """The whole catalogue as a JSON-ready ``dict`` in the interchange format (in memory: for
    tests and small catalogues; :func:`write_dataset` writes the file in bounded memory)."""
    with snapshot():
        return {"format": FORMAT, "version": VERSION,
                **{name: list(items) for name, items in collections()}}


def dumps(dataset: dict) -> str:
    """The file's text: UTF-8 friendly (``ensure_ascii=False``), indent 2, trailing newline."""
    return json.dumps(dataset, ensure_ascii=False, indent=2) + "\n"


def write_dataset(write: Callable[[str], object]) -> dict[str, int]:
    """Write the catalogue's file with *write*, a collection's chunk at a time: the same text
    as ``dumps(build_dataset())``, in bounded memory. Returns the number of objects per
    collection."""
    counts: dict[str, int] = {}
    write(f'{{\n  "format": {indented(FORMAT)},\n  "version": {indented(VERSION)}')
    with snapshot():
        for name, items in collections():
            write(f',\n  "{name}": ')
            n, parts = 0, []
            for item in items:
                # an object of a top-level list: its lines indented by 4
                parts.append(("[\n    " if n == 0 else ",\n    ") + indented(item, "\n    "))
                n += 1
                if len(parts) == CHUNK:
                    write("".join(parts))
                    parts = []
            write("".join(parts) + ("\n  ]" if n else "[]"))
            counts[name] = n
    write("\n}\n")
    return counts


def export_dataset(stream: IO[str]) -> dict[str, int]:
    """Write the catalogue to *stream*; returns the number of objects per collection."""
    return write_dataset(stream.write)
