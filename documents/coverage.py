"""Coverage of a document below its issuer: for each place one level below the
issuer's locality, the documents there (or below) that carry it out, or none yet."""

from __future__ import annotations

from dataclasses import dataclass, field

from documents.linkgraph import reachable_links
from documents.models import Locality

#: The walk down stops after this many links (the nearest first): enough for every place
#: below a province; a decree that thousands of documents rest on is not walked to the end.
COVERAGE_LINKS = 5000


@dataclass
class CoverageRow:
    locality: Locality
    documents: list = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return bool(self.documents)


def coverage(document) -> list[CoverageRow]:
    """One row per place directly below the document's locality (three queries)."""
    if not document.locality_id:
        return []
    places = list(Locality.objects.filter(parent_id=document.locality_id).order_by("name_sort"))
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
        rows.append(CoverageRow(place, docs))
    return rows
