"""What a place's page shows besides its lists: the documents per year (the timeline) and
the issuing bodies here and one level below, each with its number of documents; and the
place's counts (per child, per year, per scope, per body shown) kept per change of the
catalogue (:func:`place_counts`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from documents.applies_here import APPLIES, SCOPE_KEYS, AppliesHere, in_scope
from documents.catalogue_counts import kept, primary
from documents.language import local_text, vocabulary_label
from documents.models import BY_NAME, Document, Figure, IssuingBody, Locality, Target

#: A place's page lists the first targets (nearest deadline first) and figures (newest
#: first) for the place and below; one more is kept, to say there are more.
TARGETS_SHOWN = 20
FIGURES_SHOWN = 20
#: A place's page lists the bodies of the place and of the places directly below it.
BODIES_SHOWN = 200
#: The shape of what :func:`place_counts` keeps, in its key: a new shape is never read as
#: the old one (changed code does not advance the catalogue's version).
KEPT_SHAPE = 2


@dataclass
class YearRow:
    issued_year: int
    n: int
    width: int  # the bar's length, in per cent of the busiest year's


@dataclass
class Timeline:
    rows: list[YearRow]
    undated: int  # documents of unknown year


@dataclass
class PlaceCounts:
    """A place's documents counted: per child (everything below each; ``children``), issued
    at the place itself (``here``), per year of everything here and below (``years``, oldest
    first), in each scope of its page (``scopes``: {scope key: documents}) and issued at each
    place of what applies here (``applying``: {place id: documents}, for
    :class:`~documents.applies_here.AppliesHerePages`); the ids of the first targets and
    figures its page lists (``targets``, ``figures``: at most one more than shown); and the
    bodies it lists, each with its documents (``bodies``: [(body id, documents)] in the
    page's order, at most one more than shown: :func:`bodies_here_and_below`)."""

    children: dict[int, int]
    here: int
    years: list[tuple[int, int]]
    scopes: dict[str, int]
    applying: dict[int, int]
    targets: list[int]
    figures: list[int]
    bodies: list[tuple[int, int]]

    @property
    def total(self) -> int:
        """Documents issued here or anywhere below."""
        return sum(self.children.values()) + self.here


def place_counts(place) -> PlaceCounts:
    """*place*'s :class:`PlaceCounts`, kept per change of the catalogue
    (:func:`documents.catalogue_counts.kept`): one query to read; the grouped counts over
    the place's documents (``counts_below``, ``counts_by_year``, one count per scope — for
    the country, every document) only on the first request after a change."""
    using = primary()  # kept on the primary (see catalogue_counts)

    def count() -> dict:
        documents = Document.objects.using(using)
        below = documents.in_place(place)
        children, here = below.counts_below(place)
        applies = AppliesHere.of(place)
        applying = list(in_scope(documents, place, APPLIES, applies).order_by()
                        .values_list("locality_id").annotate(n=Count("*")))
        return {"children": list(children.items()), "here": here,
                "years": below.counts_by_year(),
                "scopes": {scope: sum(n for _place, n in applying) if scope == APPLIES
                           else in_scope(documents, place, scope).count()
                           for scope in SCOPE_KEYS},
                "applying": applying,
                # the order of targets and figures involves joined columns (a document's date,
                # a place's level, an indicator's name): a province's or the country's are all
                # read and sorted — once per change, here, not per request
                "targets": list(Target.objects.using(using).in_place(place).by_deadline()
                                .values_list("pk", flat=True)[:TARGETS_SHOWN + 1]),
                "figures": list(Figure.objects.using(using).in_place(place).newest_first()
                                .values_list("pk", flat=True)[:FIGURES_SHOWN + 1]),
                # each body's documents counted (correlated subqueries): once per change
                "bodies": [(body.pk, body.n) for body in bodies_here_and_below(
                    place, BODIES_SHOWN + 1, using=using)[0]]}

    stored = kept(f"place:{KEPT_SHAPE}:{place.pk}", count, using=using)
    return PlaceCounts(dict(stored["children"]), stored["here"],
                       [(year, n) for year, n in stored["years"]], stored["scopes"],
                       dict(stored["applying"]), stored["targets"], stored["figures"],
                       [(pk, n) for pk, n in stored["bodies"]])


def country_counts() -> None:
    """The top of the tree's :func:`place_counts` (the country's page), computed and kept,
    or read when current (the job after a change, :mod:`documents.kept_refresh`)."""
    from documents.models import Locality

    for root in Locality.objects.filter(parent__isnull=True):
        place_counts(root)


#: The level of the places :func:`province_counts` keeps (``LEVEL_NAMES``: "Tỉnh, thành phố").
PROVINCE_LEVEL = 1


def province_counts() -> None:
    """:func:`place_counts` of every province that exists today (the 34 of the map since
    01/07/2025; before it, the 63): the pages most read after the country's, computed and
    kept, or read when current (the job after a change, :mod:`documents.kept_refresh`).
    The provinces dissolved in 2025 keep their pages, counted on their next request."""
    from documents.clock import today
    from documents.models import Locality

    provinces = Locality.objects.existing_on(today()).filter(level=PROVINCE_LEVEL)
    for province in provinces.order_by("pk"):
        place_counts(province)


def timeline(counts: list[tuple[int, int]], total: int) -> Timeline:
    """The documents per year *counts* ((year, documents), oldest year first:
    ``counts_by_year``) with each year's bar scaled to the busiest year; *total* (the
    documents' number, already counted by the page) gives the undated ones."""
    peak = max((n for _year, n in counts), default=0)
    rows = [YearRow(year, n, round(100 * n / peak) if peak else 0) for year, n in counts]
    return Timeline(rows, total - sum(row.n for row in rows))


def bodies_here_and_below(place, limit: int, using: str = "default") -> tuple[list, bool]:
    """The bodies of *place* and of the places directly below it (a province's communes have
    hundreds more, each on its own place's page) with their documents counted (``n``), at
    most *limit*; and whether there are more. One query; counted once per change for the
    page (:func:`place_counts`), which reads them by id (:func:`bodies_by_id`)."""
    places = Locality.objects.using(using).filter(Q(pk=place.pk) | Q(parent_id=place.pk))
    bodies = list(
        # By the places' ids (a subquery on the place tree's own columns): not a join of
        # every body with every place (OR across two tables: 50 ms at 26.000 places).
        IssuingBody.objects.using(using)
        .filter(locality_id__in=places.values("pk"))
        .with_document_counts()
        .order_by("locality__level", "locality__name_sort", "locality_id", *BY_NAME)[: limit + 1]
    )
    return bodies[:limit], len(bodies) > limit


def children_rows(place, counts: dict[int, int]) -> list[dict]:
    """The places directly below *place* as its page lists them, by name: one query, read as
    values (a province has some hundred). Each row: ``slug``, ``url``, ``name`` and ``kind``
    (in the active language), ``count`` (its documents and those below it, from *counts*:
    :attr:`PlaceCounts.children`) and ``valid_to``."""
    return [{"slug": child["slug"], "url": Locality.url_of(child["slug"]),
             "name": local_text(child["name"], child["name_en"]),
             "kind": vocabulary_label("locality_kind", child["kind"]),
             "count": counts.get(child["pk"], 0), "valid_to": child["valid_to"]}
            for child in Locality.objects.filter(parent=place).order_by(*BY_NAME)
            .values("pk", "slug", "name", "name_en", "kind", "valid_to")]


def bodies_by_id(place, counted: list[tuple[int, int]]) -> list[dict]:
    """The bodies *counted* ((body id, documents), :attr:`PlaceCounts.bodies`) as *place*'s
    page lists them, in that order: one query, by id, read as values (some hundred rows, no
    model built for each). Each row: ``url``, ``name`` (in the active language), ``place``
    (its place's name; None for *place* itself), ``n`` (its documents), ``valid_to`` and
    ``successor`` (its successor's name, "" for none)."""
    found = {row["pk"]: row for row in IssuingBody.objects.filter(
        pk__in=[pk for pk, _n in counted]).values(
        "pk", "slug", "name", "name_en", "locality_id", "locality__name", "locality__name_en",
        "valid_to", "successor_id", "successor__name", "successor__name_en")}
    rows = []
    for pk, n in counted:
        body = found.get(pk)
        if body is None:
            continue
        rows.append({
            "url": IssuingBody.url_of(body["slug"]),
            "name": local_text(body["name"], body["name_en"]),
            "place": (None if body["locality_id"] == place.pk
                      else local_text(body["locality__name"], body["locality__name_en"])),
            "n": n,
            "valid_to": body["valid_to"],
            "successor": (local_text(body["successor__name"], body["successor__name_en"])
                          if body["successor_id"] else ""),
        })
    return rows
