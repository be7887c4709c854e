"""What a place's page shows besides its lists: the documents per year (the timeline) and
the issuing bodies here and one level below, each with its number of documents."""

from __future__ import annotations

from dataclasses import dataclass

from documents.models import BY_NAME, IssuingBody


@dataclass
class YearRow:
    issued_year: int
    n: int
    width: int  # the bar's length, in per cent of the busiest year's


@dataclass
class Timeline:
    rows: list[YearRow]
    undated: int  # documents of unknown year


def timeline(documents, total: int) -> Timeline:
    """Documents per year of *documents* (one grouped query), oldest year first, with each
    year's bar scaled to the busiest year; *total* (the documents' number, already counted by
    the page) gives the undated ones."""
    counts = documents.counts_by_year()
    peak = max((n for _year, n in counts), default=0)
    rows = [YearRow(year, n, round(100 * n / peak) if peak else 0) for year, n in counts]
    return Timeline(rows, total - sum(row.n for row in rows))


def bodies_here_and_below(place, children, limit: int) -> tuple[list, bool]:
    """The bodies of *place* and of its *children* (a province's communes have hundreds
    more, each on its own place's page) with their documents counted (``n``), at most
    *limit*; and whether there are more. One query."""
    bodies = list(
        # By id (the children are loaded already): an index lookup, not a join of every body
        # with every place (OR across two tables: 50 ms at 26.000 places).
        IssuingBody.objects.filter(locality_id__in=[place.pk, *(child.pk for child in children)])
        .select_related("locality", "successor")
        .with_document_counts()
        .order_by("locality__level", "locality__name_sort", "locality_id", *BY_NAME)[: limit + 1]
    )
    return bodies[:limit], len(bodies) > limit
