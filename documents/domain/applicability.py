"""What applies at a place: the places whose documents an officer of a place must follow.

DOMAIN.md: "Someone in a new commune still has to follow what applies to it: its own
documents, those of every level above, and the documents of the units it was formed from (of
their district too)". So the documents that apply at a place are those issued at exactly one of
these places:

- the place itself (``HERE``);
- every place above it, nearest first: its district, its province, the country (``ABOVE``);
- every unit it was formed from, and the units those were formed from in turn
  (``BEFORE``), with the date the change took effect;
- the places above such a former unit as they were (``BEFORE_ABOVE``): a ward formed on
  01/07/2025 from wards of quận Long Biên follows quận Long Biên's documents too.

Each place appears once, under the nearest reason (here, then above, then before). Pure Python:
the caller (``Locality.applicable_places()``) reads the places from the database and the page
words the reasons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

HERE = "here"
ABOVE = "above"
BEFORE = "before"
BEFORE_ABOVE = "before_above"

#: The order a place page groups its "applies here" documents in.
RELATIONS = (HERE, ABOVE, BEFORE, BEFORE_ABOVE)

#: How many successions back the walk goes (a unit formed in 2025 from wards formed in 2019
#: from older ones…); a cycle in bad data stops at the places already seen.
MAX_GENERATIONS = 4


@dataclass(frozen=True)
class Place:
    """What the walk needs of a place: its id, its name, its ancestors' ids from the root
    down (the country first, not the place itself)."""

    id: int
    name: str
    ancestor_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Predecessor:
    """A unit *place* was formed from (wholly or in part), on *date*."""

    place: Place
    date: dt.date | None = None


@dataclass(frozen=True)
class Applicable:
    """One place whose documents apply, and why.

    ``through`` is the former unit a ``BEFORE_ABOVE`` place was above (or, for ``BEFORE``,
    the unit the place was formed into: the one asked about, or a former unit in between);
    ``date`` is the succession's date (``BEFORE`` and ``BEFORE_ABOVE``).
    """

    place_id: int
    relation: str
    through: Place | None = None
    date: dt.date | None = None


def applicable_places(
    place: Place,
    predecessors_of: Callable[[Sequence[int]], Mapping[int, Sequence[Predecessor]]],
) -> list[Applicable]:
    """The places whose documents apply at *place*, each once, grouped by relation in the
    order of :data:`RELATIONS`, nearest first within a group.

    *predecessors_of(ids)* gives, for each of the ids, the units that place was formed from
    (missing: none); it is called once per generation, at most :data:`MAX_GENERATIONS` times.
    """
    seen: dict[int, Applicable] = {}

    def add(entry: Applicable) -> None:
        seen.setdefault(entry.place_id, entry)

    add(Applicable(place.id, HERE))
    for ancestor in reversed(place.ancestor_ids):
        add(Applicable(ancestor, ABOVE))

    generation = [place]
    for _ in range(MAX_GENERATIONS):
        formed_from = predecessors_of([unit.id for unit in generation])
        following = []
        for unit in generation:
            for predecessor in formed_from.get(unit.id, ()):
                former = predecessor.place
                if former.id in seen:
                    continue
                add(Applicable(former.id, BEFORE, through=unit, date=predecessor.date))
                for ancestor in reversed(former.ancestor_ids):
                    add(Applicable(ancestor, BEFORE_ABOVE, through=former, date=predecessor.date))
                following.append(former)
        if not following:
            break
        generation = following
    return sorted(seen.values(), key=lambda entry: RELATIONS.index(entry.relation))
