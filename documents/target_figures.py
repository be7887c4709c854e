"""The latest known figure for each target: one rule for the document page, the targets page
and the API.

A figure answers a target when it measures the same indicator at the target's place (the
target's own locality, else its document's) or at a place above it. Among those, a figure
about the same group (``applies_to``, compared folded) is preferred when there is one, then
the nearest place, then the latest date. One query for any number of targets; the figures
come with their locality and source loaded.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F

from documents.domain.vietnamese import fold
from documents.models import Figure


def target_place(target):
    """The place a target is about: its own locality, else its document's (or None)."""
    return target.locality or target.document.locality


def _path(target) -> str:
    place = target_place(target)
    return place.path if place else ""


def latest_figures(targets) -> dict[int, Figure]:
    """For each target (by pk) that has one, the figure the rule above picks. Targets need
    ``locality`` and ``document__locality`` loaded (their ``path`` is read). Two queries:
    the candidates as plain values (:func:`_latest_per_series`), then the figures chosen,
    with their place and source."""
    targets = list(targets)
    indicator_ids = {t.indicator_id for t in targets}
    # Only the places figures can come from: each target's place and those above it (read
    # from the materialised paths), not every figure of the indicators shown.
    chains = {t.pk: [int(part) for part in _path(t).strip("/").split("/") if part]
              for t in targets}
    place_ids = {pk for chain in chains.values() for pk in chain}
    if not indicator_ids or not place_ids:
        return {}
    by_indicator: dict[int, list] = {}
    for row in _latest_per_series(indicator_ids, place_ids):
        by_indicator.setdefault(row.indicator_id, []).append(row)
    chosen: dict[int, int] = {}
    for target in targets:
        # the places a figure may be at, each with its depth: the nearest is the deepest
        depth = {pk: level for level, pk in enumerate(chains[target.pk])}
        candidates = [r for r in by_indicator.get(target.indicator_id, [])
                      if r.locality_id in depth]
        if not candidates:
            continue
        group = fold(target.applies_to or "")
        same_group = [r for r in candidates if group and fold(r.applies_to or "") == group]
        chosen[target.pk] = max(same_group or candidates,
                                key=lambda r, depth=depth: _rank(r, depth)).pk
    figures = (Figure.objects.select_related("locality", "source").in_bulk(set(chosen.values()))
               if chosen else {})
    return {target: figures[pk] for target, pk in chosen.items() if pk in figures}


def _latest_per_series(indicator_ids, place_ids) -> list:
    """Of the figures of *indicator_ids* at *place_ids*, the latest (by :func:`_rank`, the
    place being the same) of each indicator, place and group as written, as plain values:
    the rule above picks among these only (the latest of a place, of a group folded alike),
    so a place's long series of figures reaches Python as one row per group, not one per
    year, and no figure is built but those chosen."""
    return list(
        Figure.objects.filter(indicator_id__in=indicator_ids, locality_id__in=place_ids)
        .order_by("indicator_id", "locality_id", "applies_to",
                  F("as_of_year").desc(nulls_last=True), F("as_of").desc(nulls_last=True),
                  "-id")
        .distinct("indicator_id", "locality_id", "applies_to")
        .values_list("pk", "indicator_id", "locality_id", "applies_to", "as_of", "as_of_year",
                     named=True)
    )


def _rank(row, depth: dict[int, int]) -> tuple:
    # Nearest place first (the deepest of the target's chain), then the latest date (unknown
    # dates last: made here, with the rest of the comparison).
    return (
        depth[row.locality_id],
        row.as_of_year or (row.as_of.year if row.as_of else 0),
        row.as_of or dt.date.min,
        row.pk,
    )


def attach_latest_figures(targets) -> None:
    """Set ``target.latest_figure`` (a Figure or None) on every target, by the rule above."""
    targets = list(targets)
    figures = latest_figures(targets)
    for target in targets:
        target.latest_figure = figures.get(target.pk)
