"""The queryset of documents: THE newest-first order, "this place and below", "a body's
documents", what a list shows, search (the grouped counts are :mod:`.counts`)."""

from __future__ import annotations

from django.db import models
from django.db.models import F

from documents.validity_query import StatusQuerySet

from .co_issuers import DocumentCoIssuer
from .counts import DocumentCounts
from .places import PLACE_DEPTHS, PlaceScopedQuerySet, place_depth

#: Newest first: THE order of documents by date (the list page, a place's, a body's and the
#: home page, the API, the admin, graphs, and searches among equally relevant documents): by
#: year, then by date within the year (a document known only by its year after the dated ones
#: of that year), documents of unknown year last; among equals the latest recorded first.
#: PostgreSQL reads it from the index ``document_newest_order`` (migration 0004).
NEWEST_FIRST = (
    F("issued_year").desc(nulls_last=True),
    F("issued_date").desc(nulls_last=True),
    F("id").desc(),
)
#: Its reverse for the dates (the list page's "oldest first"), unknown dates still last.
OLDEST_FIRST = (
    F("issued_year").asc(nulls_last=True),
    F("issued_date").asc(nulls_last=True),
    F("id").asc(),
)


class DocumentQuerySet(StatusQuerySet, DocumentCounts, PlaceScopedQuerySet):
    """Documents: scoped by place (:meth:`place_q`, ``in_place``), in the one newest-first
    order, with what a list shows; the grouped counts are :class:`~.counts.DocumentCounts`."""

    def place_q(self, locality, exact: bool = False) -> models.Q:
        """Documents issued at *locality* or (unless *exact*) anywhere below it
        (:meth:`in_place`).

        For a province, district or commune this is one equality on the stored ancestor
        (``place_1`` … ``place_3``), read from a covering index; deeper or at the root it
        falls back to the locality's materialised path.
        """
        if exact:
            return models.Q(locality=locality)
        depth = place_depth(locality)
        if depth in PLACE_DEPTHS:
            return models.Q(**{f"place_{depth}": locality.pk})
        return type(locality).at_or_below(locality.path, prefix="locality__")

    def for_table(self):
        """Everything a list of documents shows, in a bounded number of queries (the status
        as of today included: ``with_status()``)."""
        return self._table_joins().with_status()

    def _table_joins(self):
        return self.select_related("issuing_body", "locality", "term").prefetch_related(
            "topics", models.Prefetch("co_issuer_rows",
                                      DocumentCoIssuer.objects.select_related("body"))
        )

    def table_rows(self, ids) -> list:
        """The documents *ids* (a page's, in its order) with everything a list shows
        (:meth:`for_table`), in that order. Read by id, so that PostgreSQL computes their
        status for these rows only: for ``for_table()…[:10]`` over the whole catalogue it
        plans the status's subqueries for every row and hashes every "replaces" link and every
        dissolved place instead (70 ms at 100.000 documents, growing with the catalogue)."""
        ids = list(ids)
        # for_table()'s rows, the status compiled once a day (with_compiled_status(): the
        # statement reads rows by id, it is nobody's subquery)
        by_id = self._table_joins().with_compiled_status().in_bulk(ids) if ids else {}
        return [by_id[pk] for pk in ids if pk in by_id]

    def issued_by(self, bodies):
        """Documents *bodies* issued, as main issuer or jointly (co-issuer): THE definition of
        "a body's documents" (its page, the list's and API's body filter, the body facet, the
        admin's filter). *bodies*: one body, or a queryset of bodies."""
        if isinstance(bodies, models.Model):
            main = models.Q(issuing_body=bodies)
            joint = DocumentCoIssuer.objects.filter(body=bodies)
        else:
            main = models.Q(issuing_body__in=bodies)
            joint = DocumentCoIssuer.objects.filter(body__in=bodies)
        return self.filter(main | models.Q(pk__in=joint.values("document_id")))

    def newest_first(self):
        """These documents in :data:`NEWEST_FIRST` order."""
        return self.order_by(*NEWEST_FIRST)

    def oldest_first(self):
        """These documents in :data:`OLDEST_FIRST` order."""
        return self.order_by(*OLDEST_FIRST)

    def search(self, q: str):
        """Documents matching the free-text query *q*, best first.

        Diacritics, tone-mark placement and case do not matter; a symbol matches in any
        reasonable spelling. See :mod:`documents.search` for matching and ranking.
        """
        from documents.search import DocumentSearch  # the search backend needs no models

        search = DocumentSearch(q)
        return search.order_by_relevance(search.filter(self))
