"""Coverage of a document below its issuer: for each place one level below the
issuer's locality, the documents there (or below) that carry it out, or none yet.

Places have a period of existence (``valid_from``/``valid_to``: the 2025 reform removed the
districts, merged provinces). A place that had ceased to exist when the document was issued,
or that was created after it, is listed but not counted as missing (``counted`` is false)
unless it has a document carrying it out anyway. A document known only by its year is
compared with the whole year; one without any date, with every place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from documents.linkgraph import reachable_links
from documents.models import BY_NAME, Locality

#: The walk down stops after this many links (the nearest first): enough for every place
#: below a province; a decree that thousands of documents rest on is not walked to the end.
COVERAGE_LINKS = 5000


@dataclass
class CoverageRow:
    locality: Locality
    documents: list = field(default_factory=list)
    #: Whether the place existed when the document was issued (True when unknown).
    existed: bool = True

    @property
    def covered(self) -> bool:
        return bool(self.documents)

    @property
    def counted(self) -> bool:
        """Whether the row counts in "covered / places": covered, or existing but missing."""
        return self.covered or self.existed

    @property
    def missing(self) -> bool:
        return self.existed and not self.covered


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
