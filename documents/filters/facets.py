"""Facets of the document list: beside each choice, how many documents it would leave.

Each facet counts the documents matching every active filter except its own
(:attr:`DocumentFacets.FACET_FILTERS`), per value, with ONE grouped query
(``DocumentQuerySet``'s counts, :mod:`documents.models.counts`); when searching, the facets
whose own filter is unused are counted together in one statement.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from documents.applies_here import ISSUED_HERE
from documents.catalogue_counts import decode_counts, kept, primary, whole_catalogue_counts
from documents.domain.vocabulary import DOCUMENT_TYPES, STATUSES
from documents.language import term_label
from documents.models import BY_NAME, PLACE_ORDER, Document, IssuingBody, Locality, Topic

#: Issuing bodies listed in the body facet (those with most documents, and the chosen one).
BODY_FACET_SIZE = 25
#: Places listed in the place facet: the children with most documents, in name order (a
#: province has a hundred communes and more; its page lists every one).
LOCALITY_FACET_SIZE = 40
#: Filter combinations whose counts are kept at once (``catalogue_counts.kept``'s slots:
#: the table's rows for them never exceed this).
FACET_SLOTS = 2048
#: The shape of the counts kept per combination (changed with what is kept).
FACETS_SHAPE = 1


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
        """Counts beside each choice, each respecting the OTHER active filters
        (:meth:`facet_counts`)."""
        counts = self.facet_counts()
        return [
            self.type_facet(counts["type"]),
            self.status_facet(counts["status"]),
            self.topic_facet(counts["topic"]),
            self.locality_facet(counts["locality"]),
            self.body_facet(counts["body"]),
            self.year_facet(counts["year"]),
        ]

    def facet_counts(self) -> dict[str, dict]:
        """Every facet's counts ({facet: {value: count}}; "locality": (counts, here)),
        counted once per change of the catalogue for each combination of filters.

        With no filter that narrows them, the whole catalogue's counts
        (:meth:`_whole_catalogue_facets`: one query). Otherwise the counts of this
        combination kept per change and day (``catalogue_counts.kept``, in at most
        ``FACET_SLOTS`` rows: one query) — a combination not kept, or whose slot another one
        took, is counted by :meth:`_count_facets` and kept. Read, counted and kept on the
        primary (``catalogue_counts.primary``: a replica can neither store them nor tell the
        version exactly)."""
        if not self._narrowed():
            return self._whole_catalogue_facets()
        using = primary()
        key = f"facets:{FACETS_SHAPE}:{self._combination()}"
        stored = kept(key, lambda: self._count_facets(using), daily=True, slots=FACET_SLOTS,
                      using=using)
        return decode_counts(stored)

    def _narrowed(self) -> list[str]:
        """The facets some OTHER active filter narrows (the others count every document)."""
        if not hasattr(self, "_narrowed_facets"):
            self._narrowed_facets = [name for name, own in self.FACET_FILTERS.items()
                                     if self.queryset_without(*own).query.where]
        return self._narrowed_facets

    def _combination(self) -> str:
        """The active filters as one canonical text: what the facet counts depend on (every
        valid filter but the order; a place, body or topic by id, dates as ISO text)."""
        parts = {}
        for name, value in getattr(self.form, "cleaned_data", {}).items():
            if name == "sort" or value in (None, "", [], False):
                continue
            if hasattr(value, "pk"):
                value = value.pk
            elif isinstance(value, (list, tuple)):
                value = sorted(str(v) for v in value)
            elif not isinstance(value, (str, int, bool)):
                value = str(value)  # a date: its ISO text
            parts[name] = value
        return json.dumps(parts, sort_keys=True, ensure_ascii=False)

    def _count_facets(self, using: str) -> dict:
        """Every facet's counts, counted (what :meth:`facet_counts` keeps): the facets that
        no OTHER active filter narrows from the whole catalogue's counts (one query); the
        facets whose own filter is not in use all count the same documents, so they are
        counted in ONE statement that finds the matching documents once
        (:meth:`~documents.models.counts.DocumentCounts.grouped_counts`) — for a search the
        full-text match is the expensive part; the others one grouped query each."""
        counts: dict[str, dict] = self._whole_catalogue_facets()
        data = getattr(self.form, "cleaned_data", {})
        free = [name for name, own in self.FACET_FILTERS.items()
                if not any(data.get(f) for f in own) and name not in counts]
        parent = self._facet_parent() if "locality" in free else None
        if "locality" in free and parent is None:
            free.remove("locality")  # several roots: counted by path, on its own
        if len(free) > 1:
            counts.update(self.queryset_without(using=using).grouped_counts(
                free, place_parent=parent, top_bodies=BODY_FACET_SIZE
            ))
        for name in self.FACET_FILTERS:
            if name not in counts:
                counts[name] = self.count_facet(name, using)
        for name in ("type", "status", "topic", "body", "year"):  # values of no facet item
            counts[name] = {k: n for k, n in counts[name].items() if k is not None}
        return counts

    def count_facet(self, name: str, using: str | None = None):
        """One facet's counts among the documents matching every OTHER active filter, in one
        grouped query (on the database *using*, else where reads go)."""
        queryset = self.queryset_without(*self.FACET_FILTERS[name], using=using)
        if name == "type":
            return self._grouped(queryset, "doc_type")
        if name == "year":
            return self._grouped(queryset, "issued_year")
        if name == "status":  # the status as of today, as the rows show it (with_status())
            return self._grouped(queryset.with_status(), "current_status")
        if name == "topic":
            # on the document–topic rows, grouped by topic id (an index-only scan), among the
            # documents matching the other filters when there are any
            links = Document.topics.through.objects.using(queryset.db)
            if queryset.query.where:
                links = links.filter(document_id__in=queryset.order_by().values("pk"))
            return self._grouped(links, "topic_id")
        if name == "body":
            return queryset.counts_by_body(BODY_FACET_SIZE, self.cleaned_value("body"))
        chosen = self.cleaned_value("locality")  # the place facet: the parent's children
        parent = self._facet_parent()
        if parent is not None and (chosen is not None or parent.parent_id is not None):
            queryset = queryset.in_place(parent)
        return queryset.counts_below(parent)

    @staticmethod
    def _grouped(queryset, column: str) -> dict:
        return dict(queryset.order_by().values_list(column).annotate(n=Count("*")).order_by())

    def _whole_catalogue_facets(self) -> dict[str, dict]:
        """The counts of the facets that no OTHER active filter narrows (each counts every
        document then): read from the counts kept per change of the catalogue
        (:mod:`documents.catalogue_counts`: one query) instead of counted again. The place
        facet only when no place is chosen (it then lists the top of the tree); the body
        facet's chosen body, when not among the busiest, is counted after (one query)."""
        data = getattr(self.form, "cleaned_data", {})
        narrowed = self._narrowed()
        unnarrowed = [name for name in self.FACET_FILTERS if name not in narrowed]
        if data.get("locality") and "locality" in unnarrowed:
            unnarrowed.remove("locality")
        if not unnarrowed:
            return {}
        parent = self._facet_parent()
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
            whole["body"][chosen.pk] = Document.objects.using(using).issued_by(chosen).count()
        return {name: whole[name] for name in unnarrowed}

    def type_facet(self, counts: dict | None = None) -> Facet:
        chosen = set(self.cleaned_value("type") or [])
        counts = self.count_facet("type") if counts is None else counts
        items = [
            FacetItem(t.key, term_label(t), counts.get(t.key, 0), t.key in chosen)
            for t in DOCUMENT_TYPES
            if counts.get(t.key) or t.key in chosen
        ]
        return Facet("type", _("Loại văn bản"), items, multiple=True)

    def status_facet(self, counts: dict | None = None) -> Facet:
        chosen = self.cleaned_value("status")
        counts = self.count_facet("status") if counts is None else counts
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
        counts = self.count_facet("topic") if counts is None else counts
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
        counts = self.count_facet("body") if counts is None else counts
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
        counts = self.count_facet("year") if counts is None else counts
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

    def _facet_parent(self):
        """The place whose children the locality facet lists (see :meth:`_place_parent`),
        without reading its children: the chosen place needs no query."""
        chosen = self.cleaned_value("locality")
        return chosen if chosen is not None else self._place_parent()[0]

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
            counted = self.count_facet("locality")
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
    filterset.facet_counts()

