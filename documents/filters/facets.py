"""Facets of the document list: beside each choice, how many documents it would leave.

Each facet counts the documents matching every active filter except its own
(:attr:`DocumentFacets.FACET_FILTERS`), per value, with ONE grouped query
(``DocumentQuerySet``'s counts, :mod:`documents.models.counts`); when searching, the facets
whose own filter is unused are counted together in one statement.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from documents.applies_here import ISSUED_HERE
from documents.catalogue_counts import primary, whole_catalogue_counts
from documents.domain.vocabulary import DOCUMENT_TYPES, STATUSES
from documents.language import term_label
from documents.models import BY_NAME, PLACE_ORDER, Document, IssuingBody, Locality, Topic

#: Issuing bodies listed in the body facet (those with most documents, and the chosen one).
BODY_FACET_SIZE = 25
#: Places listed in the place facet: the children with most documents, in name order (a
#: province has a hundred communes and more; its page lists every one).
LOCALITY_FACET_SIZE = 40


@dataclass
class FacetItem:
    """One value of a facet: its query-string value, label, count, and whether it is chosen.

    ``params`` are the query-string changes that choose this value (for the locality facet,
    choosing "issued exactly here" also sets ``exact_locality``, and drops any ``scope``).
    """

    value: str
    label: str
    count: int
    selected: bool = False
    params: dict[str, str] = field(default_factory=dict)
    url: str = ""  # filled in by the HTML view; an API may build its own


@dataclass
class Facet:
    name: str  # the query-string parameter
    title: str
    items: list[FacetItem]
    multiple: bool = False  # several values may be chosen at once (type)
    parent: Locality | None = None  # locality facet: the place whose children are listed
    up_url: str | None = None  # filled in by the HTML view (locality: back to every place)
    hidden: int = 0  # values with documents left out (locality: past LOCALITY_FACET_SIZE)


class DocumentFacets:
    """The facets of :class:`~documents.filters.DocumentFilterSet` (mixed into it: uses its
    ``search``, ``cleaned_value()``, ``form`` and ``queryset_without()``)."""

    #: Each facet's own filters: its counts apply every active filter but these.
    FACET_FILTERS = {
        "type": ("type",),
        "status": ("status",),
        "topic": ("topic",),
        "locality": ("locality", "exact_locality", "scope"),
        "body": ("body",),
        "year": ("year_from", "year_to"),
    }

    def facets(self) -> list[Facet]:
        """Counts beside each choice, each respecting the OTHER active filters.

        The facets that no other filter narrows are read from the whole catalogue's counts,
        kept per change (:meth:`_whole_catalogue_facets`: one query). The facets whose own
        filter is not in use all count the same documents, so they are counted in ONE
        statement that finds the matching documents once
        (:meth:`~documents.models.counts.DocumentCounts.grouped_counts`) — for a search the
        full-text match is the expensive part. The others: one grouped query each (plus one
        small query for the locality facet's places).
        """
        shared: dict[str, dict] = self._whole_catalogue_facets()
        data = getattr(self.form, "cleaned_data", {})
        free = [name for name, own in self.FACET_FILTERS.items()
                if not any(data.get(f) for f in own) and name not in shared]
        parent = self._place_parent()[0] if "locality" in free else None
        if "locality" in free and parent is None:
            free.remove("locality")  # several roots: counted by path, on its own
        if len(free) > 1:
            shared.update(self.queryset_without().grouped_counts(
                free, place_parent=parent, top_bodies=BODY_FACET_SIZE
            ))
        return [
            self.type_facet(shared.get("type")),
            self.status_facet(shared.get("status")),
            self.topic_facet(shared.get("topic")),
            self.locality_facet(shared.get("locality")),
            self.body_facet(shared.get("body")),
            self.year_facet(shared.get("year")),
        ]

    def _whole_catalogue_facets(self) -> dict[str, dict]:
        """The counts of the facets that no OTHER active filter narrows (each counts every
        document then): read from the counts kept per change of the catalogue
        (:mod:`documents.catalogue_counts`: one query) instead of counted again. The place
        facet only when no place is chosen (it then lists the top of the tree); the body
        facet's chosen body, when not among the busiest, is counted after (one query)."""
        data = getattr(self.form, "cleaned_data", {})
        unnarrowed = [name for name in self.FACET_FILTERS
                      if not self.queryset_without(*self.FACET_FILTERS[name]).query.where]
        if data.get("locality") and "locality" in unnarrowed:
            unnarrowed.remove("locality")
        if not unnarrowed:
            return {}
        parent = self._place_parent()[0]
        # kept and read on the primary: a replica can neither store them nor tell the
        # version exactly (a sequence is logged ahead to replicas)
        using = primary()  # by name: router.db_for_write would pin the request there

        def count() -> dict:
            everything = Document.objects.using(using)
            names = ["type", "status", "year", "body", "topic"]
            counts = everything.grouped_counts(
                names + (["locality"] if parent is not None else []),
                place_parent=parent, top_bodies=BODY_FACET_SIZE)
            for name in names:  # values of no facet item (a document of unknown year)
                counts[name] = {k: n for k, n in counts[name].items() if k is not None}
            if parent is None:  # several roots: counted by path
                counts["locality"] = everything.counts_below(None)
            return {**counts, "parent": parent.pk if parent is not None else None}

        whole = whole_catalogue_counts(count, parent.pk if parent is not None else None,
                                       using=using)
        chosen = data.get("body")
        if chosen is not None and "body" in unnarrowed and chosen.pk not in whole["body"]:
            whole["body"][chosen.pk] = Document.objects.issued_by(chosen).count()
        return {name: whole[name] for name in unnarrowed}

    def _counts(self, own: str, column: str) -> dict:
        queryset = self.queryset_without(*self.FACET_FILTERS[own])
        return dict(queryset.order_by().values_list(column).annotate(n=Count("*")).order_by())

    def type_facet(self, counts: dict | None = None) -> Facet:
        chosen = set(self.cleaned_value("type") or [])
        counts = self._counts("type", "doc_type") if counts is None else counts
        items = [
            FacetItem(t.key, term_label(t), counts.get(t.key, 0), t.key in chosen)
            for t in DOCUMENT_TYPES
            if counts.get(t.key) or t.key in chosen
        ]
        return Facet("type", _("Loại văn bản"), items, multiple=True)

    def status_facet(self, counts: dict | None = None) -> Facet:
        chosen = self.cleaned_value("status")
        if counts is None:  # the status as of today, as the rows show it (with_status())
            queryset = self.queryset_without(*self.FACET_FILTERS["status"]).with_status()
            counts = dict(queryset.order_by().values_list("current_status")
                          .annotate(n=Count("*")).order_by())
        items = [
            FacetItem(s.key, term_label(s), counts.get(s.key, 0), s.key == chosen)
            for s in STATUSES
            if counts.get(s.key) or s.key == chosen
        ]
        return Facet("status", _("Tình trạng hiệu lực"), items)

    def topic_facet(self, counts: dict | None = None) -> Facet:
        """Counted on the document–topic rows, grouped by topic id (an index-only scan), among
        the documents matching the other filters when there are any; the topics' names are
        read after (there are few). Joining every document with its topics' names and grouping
        by the names took several times longer at 100.000 documents."""
        chosen = self.cleaned_value("topic")
        if counts is None:
            queryset = self.queryset_without("topic")
            links = Document.topics.through.objects.all()
            if queryset.query.where:
                links = links.filter(document_id__in=queryset.order_by().values("pk"))
            counts = dict(
                links.order_by().values_list("topic_id").annotate(n=Count("*")).order_by()
            )
        wanted = [pk for pk, n in counts.items() if n]
        topics = sorted(
            Topic.objects.filter(pk__in=wanted).order_by() if wanted else [],
            key=lambda t: (-counts[t.pk], t.name_sort),
        )
        items = [
            FacetItem(t.slug, t.local_name, counts[t.pk],
                      bool(chosen and chosen.pk == t.pk))
            for t in topics
        ]
        if chosen and not any(i.selected for i in items):
            items.insert(0, FacetItem(chosen.slug, chosen.local_name, 0, True))
        return Facet("topic", _("Chủ đề"), items)

    def body_facet(self, counts: dict | None = None) -> Facet:
        """The BODY_FACET_SIZE bodies with most documents (and the chosen one), counted by
        body id (an index-only scan, the busiest picked in the database); their names are
        read after, for those bodies only."""
        chosen = self.cleaned_value("body")
        if counts is None:
            counts = self.queryset_without("body").counts_by_body(BODY_FACET_SIZE, chosen)
        bodies = IssuingBody.objects.in_bulk([pk for pk, n in counts.items() if n])
        ordered = sorted(bodies.values(), key=lambda b: (-counts[b.pk], b.name_sort))
        items = [
            FacetItem(b.slug, b.local_name, counts[b.pk],
                      bool(chosen and chosen.pk == b.pk))
            for b in ordered
        ]
        if chosen and not any(i.selected for i in items):
            items.insert(0, FacetItem(chosen.slug, chosen.local_name, 0, True))
        return Facet("body", _("Cơ quan ban hành"), items)

    def year_facet(self, counts: dict | None = None) -> Facet:
        start, end = self.cleaned_value("year_from"), self.cleaned_value("year_to")
        counts = self._counts("year", "issued_year") if counts is None else counts
        items = [
            FacetItem(
                str(year),
                str(year),
                n,
                start == end == year,
                params={"year_from": str(year), "year_to": str(year)},
            )
            for year, n in sorted(counts.items(), key=lambda kv: -(kv[0] or 0))
            if year and n
        ]
        return Facet("year", _("Năm ban hành"), items)

    def _place_parent(self):
        """(the place whose children the locality facet lists — the chosen one, else the one
        root — or None with several roots; those children)."""
        chosen = self.cleaned_value("locality")
        if chosen is not None:
            return chosen, list(Locality.objects.filter(parent=chosen).order_by(*BY_NAME))
        if not hasattr(self, "_top_places"):
            # The roots and their children as a UNION of two index lookups (an OR of the two
            # conditions reads every place: 15 ms at 26.000 places, on every list page).
            roots = Locality.objects.filter(parent__isnull=True).order_by()
            children = Locality.objects.filter(parent__in=roots.values("pk")).order_by()
            self._top_places = list(
                roots.union(children, all=True).order_by(*PLACE_ORDER)
            )
        roots = [loc for loc in self._top_places if loc.parent_id is None]
        if len(roots) == 1:
            return roots[0], [loc for loc in self._top_places if loc.parent_id == roots[0].pk]
        return None, roots

    def locality_facet(self, counted: tuple[dict, int] | None = None) -> Facet:
        """The children of the chosen place (or the top of the tree) with the number of
        documents issued in each or below it, and the documents issued exactly at the
        chosen place itself. One grouped query
        (:meth:`~documents.models.counts.DocumentCounts.counts_below`)."""
        chosen = self.cleaned_value("locality")
        exact = self.place_scope == ISSUED_HERE
        parent, children = self._place_parent()
        if counted is None:
            queryset = self.queryset_without(*self.FACET_FILTERS["locality"])
            if parent is not None and (chosen is not None or parent.parent_id is not None):
                queryset = queryset.in_place(parent)
            counted = queryset.counts_below(parent)
        counts, here = counted
        items = []
        if parent is not None and (here or (chosen is not None and exact)):
            items.append(
                FacetItem(
                    parent.slug,
                    parent.local_name,
                    here,
                    selected=chosen is not None and exact,
                    params={"locality": parent.slug, "exact_locality": "1"},
                )
            )
        found = [child for child in children if counts.get(child.pk)]
        shown = {child.pk for child in sorted(
            found, key=lambda c: (-counts[c.pk], c.name_sort))[:LOCALITY_FACET_SIZE]}
        for child in found:
            if child.pk in shown:
                items.append(
                    FacetItem(
                        child.slug,
                        child.local_name,
                        counts[child.pk],
                        params={"locality": child.slug},
                    )
                )
        return Facet("locality", _("Địa bàn"), items, parent=parent,
                     hidden=len(found) - len(shown))


def unfiltered_list_counts() -> None:
    """The document list's facets with no filter (``/documents/``, the API's list): their
    counts of the whole catalogue computed and kept, or read when current — as the page's
    first request would (the job after a change, :mod:`documents.kept_refresh`)."""
    from django.http import QueryDict

    from documents.filters.documents import DocumentFilterSet

    filterset = DocumentFilterSet(QueryDict(), queryset=Document.objects.all())
    filterset.errors  # noqa: B018 - validated, as the list does before reading the values
    filterset._whole_catalogue_facets()

