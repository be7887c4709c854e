"""Reading a whole large table in bounded memory.

The project turns server-side cursors off (``DISABLE_SERVER_SIDE_CURSORS``, catalogue/settings:
they cost more than they save for small reads and do not survive a transaction-pooling proxy),
so Django's ``.iterator(chunk_size=…)`` fetches the WHOLE result into memory first: the SQLite
export of 1.000.000 documents and their 9,5 million provisions was killed by the kernel at
23 GB. Two ways instead, each chunk its own short query:

- :func:`rows_by_id` reads by keyset — ``WHERE id > last ORDER BY id LIMIT n``, one indexed
  range scan per chunk — when the order of the primary key will do;
- :func:`by_chunks` reads in any other order: the ids first, in that order (a few bytes each,
  one sort by the database), then the rows of *size* ids at a time (``WHERE id IN (…)``), as
  the list downloads (documents/views/exports.py) and the interchange export (by slug,
  documents/interchange/export.py) do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import attrgetter, itemgetter


def _keyset(queryset, chunk_size: int, shape, pk_of) -> Iterator:
    last = None
    ordered = queryset.order_by("pk")
    while True:
        chunk = ordered if last is None else ordered.filter(pk__gt=last)
        rows = list(shape(chunk)[:chunk_size])
        yield from rows
        if len(rows) < chunk_size:
            return
        last = pk_of(rows[-1])


def rows_by_id(queryset, *fields: str, chunk_size: int = 5000) -> Iterator[tuple]:
    """``queryset.values_list(*fields)`` rows in the order of the primary key, read
    *chunk_size* at a time (see the module). A row added or deleted meanwhile is read or not
    as its id falls; every row present throughout is read exactly once."""
    for row in _keyset(queryset, chunk_size, lambda qs: qs.values_list("pk", *fields),
                       itemgetter(0)):
        yield row[1:]


def objects_by_id(queryset, chunk_size: int = 500) -> Iterator:
    """The objects of *queryset* in the order of the primary key, read *chunk_size* at a time
    by the same keyset as :func:`rows_by_id` (for when the model's own methods are needed)."""
    return _keyset(queryset, chunk_size, lambda qs: qs, attrgetter("pk"))


def by_chunks(ids: Sequence[int], load: Callable[[Sequence[int]], Iterable],
              size: int = 2000) -> Iterator:
    """``load(ids)`` (the rows of those ids, in that order) for *size* of *ids* at a time,
    one after the other: every row of *ids*, in their order, in bounded memory."""
    for start in range(0, len(ids), size):
        yield from load(ids[start:start + size])
