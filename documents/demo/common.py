"""What every part of the demo generator shares: the markers of demo rows, the span of years,
the batch size, running a model's own ``save()`` without writing, weighted choices, and
:class:`GeneratorBase` (the random source, progress messages, dates and unique names)."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
import time

from documents.domain.vietnamese import fold
from documents.models.common import NamedModel

#: Every generated object's slug starts with PREFIX (a source's reference with SOURCE_PREFIX):
#: that is how ``clear_demo_data`` finds them, and only them.
PREFIX = "demo-"
SOURCE_PREFIX = "demo/"
BATCH = 2000
FIRST_YEAR, LAST_YEAR = 2006, 2025
REFORM = dt.date(2025, 7, 1)
REFORM_EVE = dt.date(2025, 6, 30)
END = dt.date(LAST_YEAR, 12, 31)


class DemoDataError(Exception):
    """The demo data cannot be generated (the message says why)."""


def prepare(obj) -> None:
    """Run the model's own ``save()`` (every derived field) without the database write."""
    obj.save_base = _no_write
    try:
        obj.save()
    finally:
        del obj.save_base


def prepare_named(obj) -> None:
    """``NamedModel.save()`` only (folded and collation keys), for localities whose own
    ``save()`` needs the primary key for the path (set afterwards, same formula)."""
    obj.save_base = _no_write
    try:
        NamedModel.save(obj)
    finally:
        del obj.save_base


def _no_write(*args, **kwargs):
    return None


class Picker:
    """Weighted choice in O(log n): [(item, weight)]."""

    def __init__(self, items):
        self.items = [item for item, _w in items]
        self.cum = list(itertools.accumulate(w for _item, w in items))

    def __call__(self, rng: random.Random):
        i = bisect.bisect_right(self.cum, rng.random() * self.cum[-1])
        return self.items[min(i, len(self.items) - 1)]


def weighted(rng: random.Random, items):
    """Pick from [(…, weight)] tuples (the weight is the last element)."""
    total = sum(i[-1] for i in items)
    r = rng.uniform(0, total)
    for item in items:
        r -= item[-1]
        if r <= 0:
            return item
    return items[-1]


class GeneratorBase:
    """The state every part of the generator starts from: the number of documents, the one
    random source (every choice is drawn from it, in a fixed order, so a seed gives the same
    data), the scale (1.0 at 100.000 documents) and the counts reported at the end."""

    def __init__(self, n_docs: int, seed: int, out=None):
        self.n = n_docs
        self.seed = seed
        self.rng = random.Random(seed)
        self.out = out
        self.scale = min(1.0, n_docs / 100_000)
        self.started = time.perf_counter()
        self.counts: dict[str, int] = {}

    def say(self, message: str) -> None:
        if self.out is not None:
            self.out(f"[{time.perf_counter() - self.started:6.1f} s] {message}")

    # ---- helpers -------------------------------------------------------------------------
    def unique_name(self, used: set, make) -> str:
        for _ in range(200):
            name = make()
            key = fold(name)
            if key not in used:
                used.add(key)
                return name
        n = 2
        base = make()
        while fold(f"{base} {n}") in used:
            n += 1
        used.add(fold(f"{base} {n}"))
        return f"{base} {n}"

    def random_date(self, start: dt.date, end: dt.date) -> dt.date:
        if end <= start:
            return start
        return start + dt.timedelta(days=self.rng.randrange((end - start).days + 1))

    def weighted_date(self, start: dt.date = dt.date(FIRST_YEAR, 1, 1), end: dt.date = END):
        """More documents in recent years (the catalogue fills up over time)."""
        years = list(range(max(start.year, FIRST_YEAR), end.year + 1))
        year = weighted(self.rng, [(y, 1 + (y - FIRST_YEAR) * 0.15) for y in years])[0]
        lo = max(start, dt.date(year, 1, 1))
        hi = min(end, dt.date(year, 12, 31))
        return self.random_date(lo, hi)
