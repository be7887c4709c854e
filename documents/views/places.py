"""The tree of places with document counts (the country today, or as it was before
01/07/2025: ``?period=``), and one place's page; an unknown place (or body, ``bodies``) is a
404 offering a search filled with the address's words (:func:`not_found`).

Counts include every place below (a document issued in quận Long Biên counts for
Hà Nội too). They come from one grouped query on the documents' stored ancestors, never from
a query per node, kept per change of the catalogue (the index: :func:`index_counts`; a place's
page: ``place_summary.place_counts``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from documents.applies_here import (
    DEFAULT_SCOPE,
    HERE_AND_BELOW,
    SCOPE_KEYS,
    SCOPES,
    document_rows,
    scoped_documents,
)
from documents.catalogue_counts import catalogue_count, kept, primary
from documents.gazetteer.data import REFORM_DATE
from documents.models import (
    PLACE_ORDER,
    Document,
    Figure,
    Locality,
    LocalitySuccession,
    Target,
)
from documents.place_summary import (
    BODIES_SHOWN,
    FIGURES_SHOWN,
    TARGETS_SHOWN,
    bodies_by_id,
    children_rows,
    place_counts,
    timeline,
)

PAGE_SIZE = 20
#: The tree of places shows whole levels (country, provinces, districts…) as long as they
#: add up to at most this many places; the places below are on each place's own page.
MAX_TREE_PLACES = 500
#: Places listed for a search on the place index (Locality.objects.search).
SEARCH_SHOWN = 50
#: The place index shows the country today or as it was before the 2025 reform (01/07/2025:
#: 34 provinces, no districts): ``?period=``, its values and their labels.
PERIODS = {"today": _("Hôm nay"), "before-2025": _("Trước 01/07/2025")}
DEFAULT_PERIOD = "today"
#: Close matches a "not found" page suggests.
SUGGESTED = 10


@dataclass
class PlaceNode:
    locality: Locality
    count: int = 0
    children: list[PlaceNode] = field(default_factory=list)


def in_order(queryset, ids: list[int]) -> list:
    """The rows of *queryset* whose ids are *ids*, in that order (one query)."""
    found = queryset.in_bulk(ids) if ids else {}
    return [found[pk] for pk in ids if pk in found]


def path_ids(path: str) -> list[int]:
    return [int(part) for part in (path or "").strip("/").split("/") if part]


def build_tree(localities, counts: dict[int, int]) -> list[PlaceNode]:
    """Nest *localities* (already in display order) by parent; returns the roots."""
    nodes = {loc.pk: PlaceNode(locality=loc, count=counts.get(loc.pk, 0)) for loc in localities}
    roots: list[PlaceNode] = []
    for node in nodes.values():
        parent = nodes.get(node.locality.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


def whole_levels(rows: list, limit: int, level_of) -> tuple[list, bool]:
    """*rows* (ordered by level, at most limit + 1 of them) without a last level that did not
    fit whole; and whether anything was left out."""
    if len(rows) <= limit:
        return rows, False
    last = level_of(rows[-1])
    kept = [row for row in rows if level_of(row) < last]
    return kept or rows[:limit], True


def period_day(period: str) -> dt.date:
    """The day the place index shows the country as it was: today, or the eve of the 2025
    reform (30/06/2025)."""
    return timezone.localdate() if period == "today" else REFORM_DATE - dt.timedelta(days=1)


def index_counts(depth: int) -> dict[int, int]:
    """Documents at or below each place down to *depth* of the tree
    (``DocumentCounts.counts_by_place``: one grouped query over every document), kept per
    change of the catalogue (``catalogue_counts.kept``): read in one query, counted on the
    first request after a change."""
    using = primary()  # kept on the primary (see catalogue_counts)

    def count() -> list:
        return list(Document.objects.using(using).counts_by_place(depth).items())

    return {pk: n for pk, n in kept(f"place-index:1:{depth}", count, using=using)}


@require_safe
def locality_index(request):
    period = request.GET.get("period") or DEFAULT_PERIOD
    period_error = period not in PERIODS
    if period_error:
        period = DEFAULT_PERIOD
    places = Locality.objects.existing_on(period_day(period))
    localities, cut = whole_levels(
        list(places.order_by(*PLACE_ORDER).prefetch_related("successors")[: MAX_TREE_PLACES + 1]),
        MAX_TREE_PLACES,
        lambda loc: loc.level,
    )
    deepest = max((len(path_ids(loc.path)) - 1 for loc in localities), default=0)
    counts = index_counts(deepest)
    query = request.GET.get("q", "")[:100].strip()
    found = list(Locality.objects.search(query).select_related("parent")[: SEARCH_SHOWN + 1])
    context = {
        "period": period,
        "periods": PERIODS,
        "period_error": request.GET.get("period", "")[:40] if period_error else None,
        "roots": build_tree(localities, counts),
        "place_count": places.count() if cut else len(localities),
        "document_count": catalogue_count(Document),
        "deepest_level": localities[-1].level if cut and localities else None,
        "query": query,
        "found": found[:SEARCH_SHOWN],
        "more_found": len(found) > SEARCH_SHOWN,
    }
    return render(request, "documents/locality_index.html", context)


def successions(loc) -> dict[str, list[LocalitySuccession]]:
    """What took *loc* over (``taken_over_by``) and what it was formed from (``formed_from``),
    each with its date, whether only part went over and the document that made the change:
    one query."""
    rows = (
        LocalitySuccession.objects.filter(Q(from_locality=loc) | Q(to_locality=loc))
        .select_related("from_locality__parent", "to_locality__parent", "document")
        .order_by("to_locality__name_sort", "from_locality__name_sort", "pk")
    )
    result: dict[str, list[LocalitySuccession]] = {"taken_over_by": [], "formed_from": []}
    for row in rows:
        result["taken_over_by" if row.from_locality_id == loc.pk else "formed_from"].append(row)
    return result


def list_url(loc, scope: str) -> str:
    """The document list of *loc* in *scope*, to filter and search further (here and below,
    the list's default, needs no ``scope``: ``/documents/?locality=ha-noi`` as ever)."""
    query = urlencode({"locality": loc.slug, **({} if scope == HERE_AND_BELOW
                                                 else {"scope": scope})})
    return f"{reverse('documents:list')}?{query}"


def close_matches(search, words: str, limit: int = SUGGESTED) -> list:
    """What *search* (the one search of places, or of bodies) finds for the words of an
    address that named nothing: all the words, else fewer, dropping the last ones
    (``viet-hung-2`` → ``viet hung``); at most *limit*."""
    words_left = words.split()[:8]
    while words_left:
        found = list(search(" ".join(words_left))[:limit])
        if found:
            return found
        words_left.pop()
    return []


def not_found(request, kind: str, slug: str, search):
    """The 404 of an unknown place or body: a search form holding the address's words, and
    what the search finds for them."""
    words = " ".join(slug.replace("-", " ").replace("_", " ").split())[:100]
    return render(request, "documents/not_found_search.html", {
        "kind": kind,
        "slug": slug,
        "words": words,
        "found": close_matches(search, words),
        "action": reverse("documents:localities" if kind == "place" else "documents:bodies"),
    }, status=404)


@require_safe
def locality_detail(request, slug):
    loc = Locality.objects.select_related("parent").filter(slug=slug).first()
    if loc is None:
        # A code in the address (/places/00127/): the unit with that code today, else the
        # one that had it last.
        by_code = Locality.objects.by_code(slug) if slug.isdigit() else None
        if by_code is not None:
            return redirect(by_code)
        return not_found(request, "place", slug,
                         Locality.objects.select_related("parent").search)

    scope = request.GET.get("scope") or DEFAULT_SCOPE
    scope_error = scope not in SCOPE_KEYS
    if scope_error:
        scope = DEFAULT_SCOPE
    counted = place_counts(loc)  # kept per change of the catalogue: one query
    documents, applies = scoped_documents(loc, scope)
    if applies is not None:  # read group by group, counted from the kept counts
        paginator = Paginator(applies.pages(counted.applying), PAGE_SIZE)
        page_obj = paginator.get_page(request.GET.get("page"))
        shown = page_obj.object_list
    else:  # the page's ids, then their rows by id (DocumentQuerySet.table_rows)
        paginator = Paginator(documents.values_list("pk", flat=True), PAGE_SIZE)
        paginator.count = counted.scopes[scope]  # counted already (a cached_property's value)
        page_obj = paginator.get_page(request.GET.get("page"))
        shown = Document.objects.table_rows(page_obj.object_list)
    rows = document_rows(shown, applies)

    here = counted.here

    document_count = counted.total
    years = timeline(counted.years, document_count)
    # The first bodies (with their documents counted), targets and figures, found once per
    # change (place_counts), read by id.
    bodies = bodies_by_id(loc, counted.bodies[:BODIES_SHOWN])
    targets = in_order(Target.objects.select_related("indicator", "document", "locality"),
                       counted.targets)
    # What sources report for the place and below (11.473 commune-level cadres in Hà Nội at
    # 31/12/2022…), so that the targets can be read against them.
    figures = in_order(Figure.objects.select_related("indicator", "locality", "source",
                                                     "document"), counted.figures)

    context = {
        "loc": loc,
        "ancestors": loc.ancestors(),
        **successions(loc),
        "page_obj": page_obj,
        "rows": rows,
        "scope": scope,
        "scopes": SCOPES,
        "scope_error": request.GET.get("scope") if scope_error else None,
        "scope_count": page_obj.paginator.count,
        "document_count": document_count,
        "exact_count": here,
        "children": children_rows(loc, counted.children),
        "timeline": years.rows,
        "undated": years.undated,
        "bodies": bodies,
        "more_bodies": len(counted.bodies) > BODIES_SHOWN,
        "targets": targets[:TARGETS_SHOWN],
        "more_targets": len(targets) > TARGETS_SHOWN,
        "figures": figures[:FIGURES_SHOWN],
        "more_figures": len(figures) > FIGURES_SHOWN,
        "list_url": list_url(loc, scope),
        "targets_url": reverse("documents:targets") + f"?locality={loc.slug}",
    }
    return render(request, "documents/locality_detail.html", context)
