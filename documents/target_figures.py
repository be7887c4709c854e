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
    ``locality`` and ``document__locality`` loaded (their ``path`` is read)."""
    targets = list(targets)
    indicator_ids = {t.indicator_id for t in targets}
    # Only the places figures can come from: each target's place and those above it (read
    # from the materialised paths), not every figure of the indicators shown.
    place_ids = {int(part) for t in targets for part in _path(t).strip("/").split("/") if part}
    if not indicator_ids or not place_ids:
        return {}
    by_indicator: dict[int, list[Figure]] = {}
    for figure in _latest_per_series(indicator_ids, place_ids):
        by_indicator.setdefault(figure.indicator_id, []).append(figure)
    chosen: dict[int, Figure] = {}
    for target in targets:
        path = _path(target)
        candidates = [f for f in by_indicator.get(target.indicator_id, [])
                      if path and path.startswith(f.locality.path)]
        if not candidates:
            continue
        group = fold(target.applies_to or "")
        same_group = [f for f in candidates if group and fold(f.applies_to or "") == group]
        chosen[target.pk] = max(same_group or candidates, key=_rank)
    return chosen


def _latest_per_series(indicator_ids, place_ids) -> list[Figure]:
    """Of the figures of *indicator_ids* at *place_ids*, the latest (by :func:`_rank`, the
    place being the same) of each indicator, place and group as written: the rule above
    picks among these only (the latest of a place, of a group folded alike), so a place's
    long series of figures reaches Python as one row per group, not one per year."""
    latest = (
        Figure.objects.filter(indicator_id__in=indicator_ids, locality_id__in=place_ids)
        .order_by("indicator_id", "locality_id", "applies_to",
                  F("as_of_year").desc(nulls_last=True), F("as_of").desc(nulls_last=True),
                  "-id")
        .distinct("indicator_id", "locality_id", "applies_to")
    )
    # the places and sources joined to those figures only
    return list(Figure.objects.filter(pk__in=latest.values("pk")).order_by()
                .select_related("locality", "source"))


def _rank(figure: Figure) -> tuple:
    # Nearest place first (longest path), then the latest date (unknown dates last: made
    # here, with the rest of the comparison).
    return (
        len(figure.locality.path),
        figure.as_of_year or (figure.as_of.year if figure.as_of else 0),
        figure.as_of or dt.date.min,
        figure.pk,
    )


def attach_latest_figures(targets) -> None:
    """Set ``target.latest_figure`` (a Figure or None) on every target, by the rule above."""
    targets = list(targets)
    figures = latest_figures(targets)
    for target in targets:
        target.latest_figure = figures.get(target.pk)
