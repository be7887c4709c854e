"""The home page: what the catalogue holds (grouped counts by administrative level
and by type), the newest documents, the top of the locality tree, a search box.

A fixed number of queries: the counts (by level, by type, per province: kept per change
of the catalogue, :func:`documents.catalogue_counts.kept` — one query to read, three grouped
counts over every document once per change), the newest documents (plus their topics and
co-issuers) and the provinces/cities.
"""

from __future__ import annotations

from django.db.models import Count, F
from django.shortcuts import render
from django.views.decorators.http import require_safe

from documents.catalogue_counts import kept, primary
from documents.domain.vocabulary import DOCUMENT_TYPES, LEVEL_NAMES, LINK_KINDS
from documents.models import Document, Locality, Source

from .places import PlaceNode

NEWEST = 10
SOURCES_SHOWN = 100  # the about page lists the first sources, then says how many there are
TOP_LEVEL = 1  # provinces and centrally-run cities
_TYPE_ORDER = {t.key: i for i, t in enumerate(DOCUMENT_TYPES)}


def counts_by_level(documents) -> list[dict]:
    """*documents* (a queryset) by the administrative level of the place they were issued at
    (their issuer's place unless the record says otherwise; documents of no known place last).

    One query (``DocumentQuerySet.counts_by_level``: documents grouped by place first, the
    places' levels joined to the groups), not every document joined with its place and its
    issuer's: a fifth of a second at 100.000 documents.
    """
    totals = documents.counts_by_level()
    known = [{"level": str(lvl), "n": totals[lvl]} for lvl in sorted(k for k in totals
                                                                      if k is not None)]
    if None in totals:
        known.append({"level": None, "n": totals[None]})
    return known


def counts_by_type(documents) -> list[dict]:
    rows = documents.values("doc_type").annotate(n=Count("*")).order_by()
    return sorted(rows, key=lambda r: (-r["n"], _TYPE_ORDER.get(r["doc_type"], 99)))


def home_counts() -> dict:
    """The home page's counts of every document — by level, by type, and per province or
    centrally-run city ("provinces": [[id, n], …]) — kept per change of the catalogue: one
    query, the three grouped counts only on the first request after a change."""
    using = primary()  # kept on the primary (see catalogue_counts)

    def count() -> dict:
        documents = Document.objects.using(using)
        return {"by_level": counts_by_level(documents), "by_type": counts_by_type(documents),
                "provinces": list(documents.counts_by_place(depth=1, roots=False).items())}

    return kept("home:1", count, using=using)  # ":1": the shape kept (see catalogue_counts.kept)


@require_safe
def home(request):
    counted = home_counts()
    by_level = counted["by_level"]
    newest = Document.objects.table_rows(
        Document.objects.newest_first().values_list("pk", flat=True)[:NEWEST])
    top = list(
        Locality.objects.filter(level=TOP_LEVEL).order_by(
            F("valid_to").asc(nulls_first=True), "name_sort"
        )
    )
    counts = dict(counted["provinces"])
    context = {
        "total": sum(row["n"] for row in by_level),
        "by_level": by_level,
        "by_type": counted["by_type"],
        "newest": newest,
        "top_places": [PlaceNode(locality=loc, count=counts.get(loc.pk, 0)) for loc in top],
        "level_names": LEVEL_NAMES,
    }
    return render(request, "documents/home.html", context)


def about_context() -> dict:
    """What ``templates/documents/about.html`` shows beyond static text: the sources the
    data come from and the link vocabulary. ``views.pages.about`` passes this."""
    sources = list(
        Source.objects.order_by(F("published_date").asc(nulls_last=True), "id")[
            : SOURCES_SHOWN + 1
        ]
    )
    cut = len(sources) > SOURCES_SHOWN
    return {
        "sources": sources[:SOURCES_SHOWN],
        "source_count": Source.objects.count() if cut else len(sources),
        "more_sources": cut,
        "link_kinds": LINK_KINDS,
    }
