"""Coverage of a document below its issuer: for each place one level below the
issuer's locality, the documents there (or below) that carry it out, or none yet.

Places have a period of existence (``valid_from``/``valid_to``: the 2025 reform removed the
districts, merged provinces). The units counted are those that existed when the document was
issued (Hà Nội's 30 districts for a 2023 plan of the city): a place that had ceased to exist
then, or that was created after, is listed but not counted as missing (``counted`` is false)
unless it has a document carrying it out anyway. A document known only by its year is
compared with the whole year; one without any date, with every place.

A document still in force when the units below its place changed (the communes that replaced
Hà Nội's districts on 01/07/2025) is also read against the units of that day
(:func:`coverage_periods`): each period has its own denominator."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from documents.domain import validity as rule
from documents.linkgraph import reachable_links
from documents.models import BY_NAME, Locality
from documents.validity import facts_of

#: The walk down stops after this many links (the nearest first): enough for every place
#: below a province; a decree that thousands of documents rest on is not walked to the end.
COVERAGE_LINKS = 5000


@dataclass
class CoverageRow:
    locality: Locality
    documents: list = field(default_factory=list)
    #: Whether the place existed when the document was issued (True when unknown).
    existed: bool = True
    #: The day of the later period this place counts in (see :func:`coverage_periods`).
    later: dt.date | None = None

    @property
    def covered(self) -> bool:
        return bool(self.documents)

    @property
    def counted(self) -> bool:
        """Whether the row counts in "covered / places": covered, or existing but missing."""
        return self.covered or self.existed

    @property
    def missing(self) -> bool:
        return (self.existed or self.later is not None) and not self.covered


@dataclass
class CoveragePeriod:
    """The units below the issuer's place counted on one day: when the document was issued
    (``day`` None) or a later day it was still in force on."""

    rows: list[CoverageRow]
    day: dt.date | None = None

    @property
    def covered(self) -> int:
        return sum(1 for row in self.rows if row.covered)

    @property
    def total(self) -> int:
        return len(self.rows)


#: Statuses saying a document applies (so it is read against later units too); any other
#: (expired, replaced, suspended, planned, unknown…) reads it against its own date only.
APPLYING_STATUSES = frozenset({"in_force", "partly_expired", "not_yet_in_force"})


def issued_span(document) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day the document may have been issued on (None: unknown)."""
    if document.issued_date:
        return document.issued_date, document.issued_date
    if document.issued_year:
        return dt.date(document.issued_year, 1, 1), dt.date(document.issued_year, 12, 31)
    return None, None


def existed_when_issued(place: Locality, document) -> bool:
    """Whether *place* existed on some day the document may have been issued on."""
    first, last = issued_span(document)
    if first is None:
        return True
    if place.valid_to and place.valid_to < first:
        return False  # ceased to exist before
    return not (place.valid_from and place.valid_from > last)  # created after?


def in_force_on(facts: rule.Facts, day: dt.date) -> bool:
    """Whether a document with these *facts* (``documents.validity.facts_of``) is known to
    apply on *day*: its status on that day, by the catalogue's one rule
    (``documents/domain/validity.py``: an admin's statement, a replacing or repealing
    document, its end date, its period…), says it applies."""
    return rule.current_status(facts, day).status in APPLYING_STATUSES


def existed_on(place: Locality, day: dt.date) -> bool:
    return (not place.valid_from or place.valid_from <= day) and (
        not place.valid_to or place.valid_to >= day)


def coverage_periods(document, rows: list[CoverageRow]) -> list[CoveragePeriod]:
    """The periods *rows* are counted in: when issued (the rows ``counted``), and, when units
    below the place began after the document was issued while it still applied, the latest
    such day (its rows get ``later``): the status on that day by the one rule (two queries,
    only when some unit began later)."""
    periods = [CoveragePeriod([row for row in rows if row.counted])]
    last = issued_span(document)[1]
    if last is None:
        return periods
    starts = sorted({row.locality.valid_from for row in rows
                     if row.locality.valid_from and row.locality.valid_from > last},
                    reverse=True)
    if not starts:
        return periods
    facts = facts_of(document)
    day = next((start for start in starts if in_force_on(facts, start)), None)
    if day is not None:
        later = [row for row in rows if existed_on(row.locality, day)]
        for row in later:
            row.later = day
        periods.append(CoveragePeriod(later, day))
    return periods


def coverage(document) -> list[CoverageRow]:
    """One row per place directly below the document's locality (three queries)."""
    if not document.locality_id:
        return []
    places = list(Locality.objects.filter(parent_id=document.locality_id).order_by(*BY_NAME))
    implementers = {}
    for step in reachable_links(document.pk, "down", limit=COVERAGE_LINKS):
        doc = step.link.from_document
        implementers[doc.pk] = doc
    rows = []
    for place in places:
        docs = [
            d for d in implementers.values()
            if d.locality_id and d.locality.path.startswith(place.path)
        ]
        docs.sort(key=lambda d: (d.issued_date is None, d.issued_date, d.pk))
        rows.append(CoverageRow(place, docs, existed=existed_when_issued(place, document)))
    return rows
