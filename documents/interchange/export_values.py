"""The values and keys of the interchange export (documents/interchange/export.py): text in
NFC, ISO dates, decimals as strings, each table's stable keys by id, and the small helpers
that read a chunk of rows."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from decimal import Decimal

from django.db.models.functions import Collate

from documents.models import Indicator, IssuingBody, Locality, Person, Source, Term, Topic
from documents.search import AnyOf


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


def opt(mapping: dict[int, str], pk: int | None) -> str | None:
    return mapping[pk] if pk is not None else None


def by_slug(queryset) -> list[int]:
    """The ids of *queryset* in the file's order, by slug: ``COLLATE "C"`` compares the UTF-8
    bytes, that is the code points, as Python compares strings."""
    return list(queryset.order_by(Collate("slug", "C")).values_list("pk", flat=True))


def m2m(pairs, right_keys: dict[int, str] | None = None) -> dict[int, list[str]]:
    """``(left id, right id or key)`` pairs -> left id: the right keys, sorted."""
    result: dict[int, list[str]] = defaultdict(list)
    for a, b in pairs:
        result[a].append(right_keys[b] if right_keys is not None else b)
    return {k: sorted(v) for k, v in result.items()}


def rows_of(queryset, ids, *fields) -> dict[int, dict]:
    """The ``values()`` of the rows *ids* of *queryset*, by id."""
    return {r["id"]: r for r in queryset.filter(AnyOf("pk", ids)).values("id", *fields).order_by()}


class Keys:
    """The stable keys of the tables every collection refers to, by id (read once; they hold
    a few short strings per row). Documents are referred to by slug through a join instead:
    a map of them all would grow with the catalogue."""

    def __init__(self):
        self.loc = dict(Locality.objects.values_list("id", "slug"))
        self.body = dict(IssuingBody.objects.values_list("id", "slug"))
        self.person = dict(Person.objects.values_list("id", "slug"))
        self.topic = dict(Topic.objects.values_list("id", "slug"))
        self.indicator = dict(Indicator.objects.values_list("id", "slug"))
        self.source = {pk: source_key(pk, ref)
                       for pk, ref in Source.objects.values_list("id", "reference")}
        self.term = {pk: (self.body[body_id], text(name))
                     for pk, body_id, name in Term.objects.values_list("id", "body_id", "name")}

