"""Grouped counts of documents: what the facets, a place's page and the home page show.

:class:`DocumentCounts` is a part of ``DocumentQuerySet`` (``Document.objects``): every method
counts the documents of the queryset it is called on, in one grouped query — by the stored
ancestors ``place_1`` … ``place_3`` (index-only scans of the place indexes) where it can, else
by the localities' paths or levels — and :meth:`~DocumentCounts.grouped_counts` counts a
search's facets in ONE raw SQL statement that finds the matching documents once.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import F

from .places import PLACE_DEPTHS, Locality, place_depth


class DocumentCounts:
    """Counting methods of ``DocumentQuerySet`` (mixed into it; ``self`` is a queryset of
    documents)."""

    def counts_below(self, parent) -> tuple[dict[int, int], int]:
        """(documents per child of *parent*, documents issued at *parent* itself) among these
        documents, which are *parent*'s and those below it (all of them for ``parent=None``,
        the roots then being the "children"). A child counts everything below it.

        One grouped query: by the stored ancestor one level down (``place_1`` … ``place_3``:
        an index-only scan of the place's covering index) where there is one; below that, by
        locality path.
        """
        depth = -1 if parent is None else place_depth(parent)
        if depth + 1 in PLACE_DEPTHS:
            column = f"place_{depth + 1}"
            counts, here = {}, 0
            for value, n in (
                self.filter(locality__isnull=False).order_by().values_list(column)
                .annotate(n=models.Count("*")).order_by()
            ):
                if value is None:
                    here += n  # issued at the parent itself: nothing one level down
                else:
                    counts[value] = n
            return counts, here
        counts, here = {}, 0
        prefix = parent.path if parent is not None else "/"
        for path, n in self._counts_by_path():
            if parent is not None and path == parent.path:
                here += n
            elif path and path.startswith(prefix):  # /<parent's path>/<child id>/…
                head = path[len(prefix):].split("/", 1)[0]
                if head.isdigit():
                    counts[int(head)] = counts.get(int(head), 0) + n
        return counts, here

    def counts_by_place(self, depth: int = 3, roots: bool = True) -> dict[int, int]:
        """Documents at or below each place down to *depth* of the tree (the roots are depth
        0), by place id, from the stored ancestors: one grouped query (plus, for the roots'
        totals, one for the parents of the provinces), never a query per place nor a roll-up
        of every document's path. ``roots=False`` leaves the roots out."""
        depth = max(0, min(depth, PLACE_DEPTHS[-1]))
        columns = [f"place_{d}_id" for d in range(1, depth + 1)] or ["place_1_id"]
        at_root = models.Case(models.When(place_1__isnull=True, then=F("locality_id")))
        rows = list(
            self.filter(locality__isnull=False).order_by()
            .values_list(*columns).annotate(at_root=at_root, n=models.Count("*")).order_by()
        )
        counts: dict[int, int] = {}
        by_province: dict[int, int] = {}  # to add to the root above each province
        for *ancestors, root, n in rows:
            if roots and root is not None:  # issued at a root (the country) itself
                counts[root] = counts.get(root, 0) + n
            for place in ancestors[:depth]:
                if place is not None:
                    counts[place] = counts.get(place, 0) + n
            if ancestors[0] is not None:
                by_province[ancestors[0]] = by_province.get(ancestors[0], 0) + n
        if roots and by_province:
            for place, parent in Locality.objects.filter(pk__in=by_province).values_list(
                "pk", "parent_id"
            ):
                if parent is not None:
                    counts[parent] = counts.get(parent, 0) + by_province[place]
        return counts

    #: What grouped_counts() counts each facet by (a column of the matching rows).
    _FACET_COLUMNS = {"type": "doc_type", "status": "current_status", "year": "issued_year",
                      "body": "issuing_body_id"}

    def grouped_counts(self, facets, *, place_parent=None, top_bodies: int = 25) -> dict:
        """Facet counts of these documents, in ONE statement: the matching documents are
        found once (a materialised common table expression: for a search, the full-text match
        runs once instead of once per facet), then counted per value for each of *facets*
        ("type", "status", "year", "body" — the *top_bodies* busiest —, "topic" and
        "locality": the children of *place_parent*, which must be a place whose children are
        a stored ancestor, ``place_1`` … ``place_3``).

        Returns {facet: {value: count}}; for "locality" ``({child id: count}, here)`` as
        :meth:`counts_below` does. The same counts as one query per facet would give.
        """
        depth = None if place_parent is None else place_depth(place_parent)
        if "locality" in facets and (depth is None or depth + 1 not in PLACE_DEPTHS):
            raise ValueError("the locality facet is counted by a stored ancestor only")
        place = f"place_{depth + 1}_id" if "locality" in facets else None
        columns = {"id": "id", **{n: c for n, c in self._FACET_COLUMNS.items() if n in facets}}
        if place:
            columns.update(place=place, has_place="locality_id")
        counted = self.with_status() if "status" in facets else self  # as of today
        rows = counted.order_by().values(**{f"c_{alias}": F(col) for alias, col in columns.items()})
        try:
            base_sql, params = rows.query.sql_with_params()
        except EmptyResultSet:  # a filter that can match nothing
            return {name: ({}, 0) if name == "locality" else {} for name in facets}
        connection = connections[self.db]
        qn = connection.ops.quote_name
        materialized = "MATERIALIZED "
        text = "VARCHAR(100)"
        branches = []
        for name in ("type", "status", "year"):
            if name in facets:
                col = qn(f"c_{name}")
                branches.append(f"SELECT '{name}', CAST({col} AS {text}), COUNT(*) FROM m "
                                f"GROUP BY {col}")
        if "body" in facets:
            # main issuer or co-issuer (DocumentQuerySet.issued_by): both rows count
            col = qn("c_body")
            co = qn(self.model.co_issuers.through._meta.db_table)
            branches.append(
                f"SELECT * FROM (SELECT 'body' AS f, CAST(b AS {text}) AS k, COUNT(*) AS n "
                f"FROM (SELECT {col} AS b FROM m WHERE {col} IS NOT NULL UNION ALL "
                f"SELECT c.body_id FROM {co} c INNER JOIN m ON m.{qn('c_id')} = c.document_id"
                f") issuers GROUP BY b ORDER BY COUNT(*) DESC, b LIMIT {int(top_bodies)}) busiest"
            )
        if "topic" in facets:
            through = qn(self.model.topics.through._meta.db_table)
            branches.append(
                f"SELECT 'topic', CAST(t.topic_id AS {text}), COUNT(*) FROM {through} t "
                f"INNER JOIN m ON m.{qn('c_id')} = t.document_id GROUP BY t.topic_id"
            )
        if place:
            col = qn("c_place")
            branches.append(
                f"SELECT 'locality', CAST({col} AS {text}), COUNT(*) FROM m "
                f"WHERE {qn('c_has_place')} IS NOT NULL GROUP BY {col}"
            )
        sql = f"WITH m AS {materialized}({base_sql}) " + " UNION ALL ".join(branches)
        out: dict = {name: {} for name in facets if name != "locality"}
        counts, here = {}, 0
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for name, key, n in cursor.fetchall():
                if name == "locality":
                    if key is None:
                        here += n
                    else:
                        counts[int(key)] = n
                elif name in ("type", "status"):
                    out[name][key] = n
                else:
                    out[name][int(key) if key is not None else None] = n
        if place:
            out["locality"] = (counts, here)
        return out

    def counts_by_body(self, top: int, chosen=None) -> dict[int, int]:
        """Documents per body that issued them, as main issuer or co-issuer
        (:meth:`~.documents.DocumentQuerySet.issued_by`), for the *top* busiest, in one
        grouped query (the main issuers read from their index, the few co-issuer rows
        beside them); *chosen* (a body) is counted after if it is not among them."""
        rows = self.order_by()
        try:
            main_sql, main_params = (rows.filter(issuing_body_id__isnull=False)
                                     .values("issuing_body_id").query.sql_with_params())
            ids_sql, ids_params = rows.values("pk").query.sql_with_params()
        except EmptyResultSet:  # a filter that can match nothing
            return {chosen.pk: 0} if chosen is not None else {}
        connection = connections[self.db]
        co = connection.ops.quote_name(self.model.co_issuers.through._meta.db_table)
        joint, joint_params = f"SELECT c.body_id FROM {co} c", ()
        if rows.query.where:
            joint, joint_params = joint + f" WHERE c.document_id IN ({ids_sql})", ids_params
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT b, COUNT(*) FROM ({main_sql} UNION ALL {joint}) AS issuers(b) "
                f"GROUP BY b ORDER BY COUNT(*) DESC, b LIMIT {int(top)}",
                (*main_params, *joint_params),
            )
            counts = dict(cursor.fetchall())
        if chosen is not None and chosen.pk not in counts:
            counts[chosen.pk] = self.issued_by(chosen).count()
        return counts

    def _counts_by_path(self) -> list[tuple[str, int]]:
        """Documents per locality path (see :meth:`_counts_per_place`)."""
        return self._counts_per_place("path")

    def counts_by_level(self) -> dict[int | None, int]:
        """Documents per administrative level of the place they were issued at (None: no
        known place), in one query (see :meth:`_counts_per_place`)."""
        counts: dict[int | None, int] = {}
        for level, n in self._counts_per_place("level", outer=True):
            counts[level] = counts.get(level, 0) + n
        return counts

    def _counts_per_place(self, column: str, outer: bool = False) -> list[tuple]:
        """(the locality's *column*, documents) per locality, in one query that groups the
        documents by locality id first (an index-only scan) and joins the localities to those
        groups only — not each document joined with its locality and grouped by a string.
        *outer*: documents without a locality too (column None)."""
        grouped = self.order_by().values("locality_id").annotate(n=models.Count("*")).order_by()
        if not outer:
            grouped = grouped.filter(locality__isnull=False)
        try:
            sql, params = grouped.query.sql_with_params()
        except EmptyResultSet:  # a filter that can match nothing (e.g. an empty search)
            return []
        connection = connections[self.db]
        table = connection.ops.quote_name(Locality._meta.db_table)
        join = "LEFT OUTER JOIN" if outer else "INNER JOIN"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT place.{connection.ops.quote_name(column)}, counted.n FROM ({sql}) "
                f"counted {join} {table} place ON place.id = counted.locality_id",
                params,
            )
            return cursor.fetchall()

    def counts_by_year(self) -> list[tuple[int, int]]:
        """(year, documents) for each year these documents were issued in, oldest first
        (documents of unknown year are not counted): one grouped query."""
        return list(
            self.filter(issued_year__isnull=False).order_by().values_list("issued_year")
            .annotate(n=models.Count("*")).order_by("issued_year")
        )
