"""The facet counts of the whole catalogue, counted once per change instead of per request.

The document list with no filter (and the home page's totals) would otherwise count every
document by type, status, topic, place, body and year on each request — about 100 ms at
100.000 documents, with nothing cached. Those counts are kept in the one-row table
``catalogue_counts`` (migration 0100), labelled with

- the **catalogue's version**: the sequence ``catalogue_data_version``, advanced by
  :func:`documents.cache.data_changed` — which every change calls: the ``post_save``,
  ``post_delete`` and ``m2m_changed`` signals of every catalogue model (the ORM, the admin)
  and every bulk path (the importer, ``generate_demo_data``, ``restore``) — at once and again
  when the transaction commits. A sequence is outside transactions: advancing it takes no
  lock and cannot be rolled back, so a change's number is visible to every worker at once;
- the **day** they are counted as of (:func:`documents.clock.today`): a document's status
  depends on the date.

Counts labelled with another version or day are never read: the next request that needs them
counts again, in ONE statement (:meth:`~documents.models.counts.DocumentCounts.grouped_counts`),
and stores them only if the version is still the one read BEFORE counting — a change that
committed meanwhile leaves them unstored, and a change not yet committed advanced the version
again on commit. So what is read is exactly what a recount would give. Nothing here uses the
cache framework: it works with ``CACHE_URL=dummycache://`` and in every worker alike. The
counts are read, counted and kept on the primary database (:func:`primary`): a read
replica can store nothing, and replicas see a sequence logged up to 32 values ahead.

:func:`whole_catalogue_counts` is the only reader; :class:`~documents.filters.facets.DocumentFacets`
uses it for every facet that no OTHER filter narrows.

:func:`kept` keeps other summaries the same way, each under a key in the table
``catalogue_summaries`` (migration 0026_kept_summaries): the home page's counts by level, type and
province (``documents.views.home``), a place's counts below it, per year and per scope
(``documents.place_summary``), the place index's (``documents.views.places``), and the facet
counts of every filtered list, per combination of filters (``DocumentFacets.facet_counts``:
with ``slots``, at most ``FACET_SLOTS`` rows for all combinations together). Same rules:
labelled with the version (and the day when the summary depends on it), read in one query,
stored only if the version did not move while counting, never read past a change.
"""

from __future__ import annotations

import hashlib
import json
import time

from django.core.paginator import Paginator
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils.functional import cached_property

from documents.clock import today

SEQUENCE = "catalogue_data_version"
TABLE = "catalogue_counts"
SUMMARIES = "catalogue_summaries"
#: What the document list's facets count (see :mod:`documents.filters.facets`).
FACETS = ("type", "status", "topic", "body", "year", "locality")


def advance_version(using: str = DEFAULT_DB_ALIAS) -> None:
    """The catalogue changed on database *using*: counts stored so far are out of date."""
    with connections[using].cursor() as cursor:
        # by name through pg_class: nothing happens before migration 0100 made the sequence
        # (a change made by an earlier migration)
        cursor.execute("SELECT nextval(oid::regclass) FROM pg_class "
                       "WHERE relname = %s AND relkind = 'S'", [SEQUENCE])


def _read(cursor, day) -> tuple[int, dict | None]:
    cursor.execute(
        f"SELECT s.last_value, c.counts FROM {SEQUENCE} s LEFT JOIN {TABLE} c "
        f"ON c.id = 1 AND c.version = s.last_value AND c.as_of = %s", [day])
    version, counts = cursor.fetchone()
    if isinstance(counts, str):
        counts = json.loads(counts)
    return version, counts


def decode_counts(stored: dict) -> dict:
    """Facet counts as JSON gives them back (string keys, a list for the place facet's pair)
    → what the facets use (ids and years as integers; "locality": (counts, here))."""
    out = {}
    for name in ("type", "status"):
        out[name] = dict(stored[name])
    for name in ("topic", "body", "year"):
        out[name] = {int(k): n for k, n in stored[name].items()}
    if "locality" in stored:
        counts, here = stored["locality"]
        out["locality"] = ({int(k): n for k, n in counts.items()}, here)
    if "parent" in stored:
        out["parent"] = stored["parent"]
    return out


def whole_catalogue_counts(count, parent_id: int | None, using: str = DEFAULT_DB_ALIAS) -> dict:
    """The facet counts of every document: {facet: counts, "parent": id} as
    ``grouped_counts`` gives them ("locality": the children of the place *parent_id*, or the
    roots for None). One query when they are stored for the current version and day; else
    ``count()`` is called (it returns that dict, with "parent") and its answer stored — by
    one process at a time (:func:`_counted_once`).
    """
    day = today()

    def read(cursor):
        version, stored = _read(cursor, day)
        if stored is not None and stored.get("parent") == parent_id:
            return version, stored
        return version, None

    def store(cursor, version, counts):
        cursor.execute(
            f"INSERT INTO {TABLE} (id, version, as_of, counts) "
            f"SELECT 1, %s, %s, %s::jsonb WHERE (SELECT last_value FROM {SEQUENCE}) = %s "
            f"ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, "
            f"as_of = EXCLUDED.as_of, counts = EXCLUDED.counts",
            [version, day, json.dumps(counts), version],
        )

    # computed or read, the same types (JSON's) to decode
    stored = _counted_once(f"facets:{parent_id}", read,
                           lambda: json.loads(json.dumps(count())), store, using)
    return decode_counts(stored)


def kept(key: str, compute, *, daily: bool = False, slots: int = 0,
         using: str = DEFAULT_DB_ALIAS):
    """What *compute()* returns (JSON data), kept under *key* for the catalogue's current
    version — and day, when *daily* (what depends on today's date: a status) — so that it is
    computed once per change instead of once per request. Read in ONE query; when missing or
    out of date, computed — by one process at a time: the others wait for its answer
    (:func:`_counted_once`) — and stored unless the version moved meanwhile (then the next
    request computes again). After a change, a job computes the busiest ones before anyone
    asks (:mod:`documents.kept_refresh`). Code that changes what it keeps changes its *key* (a
    shape number in it): a new release does not advance the version. The value returned is
    always what JSON gives back (string keys, lists for tuples), computed or read: the caller
    decodes one shape.

    *slots*: for keys without a bound (one per filter combination, per search…), the table
    keeps at most that many rows of the key's group (what stands before its first ":"): each
    key is stored in the row of its slot (a hash of the key), with the key beside the value,
    and a key read from a slot that holds another one is computed again and takes the slot.
    So the table never grows past *slots* rows for the group, a combination asked again
    after others took its slot is counted again, and nothing has to be pruned: a row of an
    older version is never read and is overwritten by the next key of its slot."""
    day = today() if daily else None
    row = _slot_row(key, slots) if slots else key

    def read(cursor):
        cursor.execute(
            f"SELECT s.last_value, k.value FROM {SEQUENCE} s LEFT JOIN {SUMMARIES} k "
            f"ON k.key = %s AND k.version = s.last_value AND k.as_of IS NOT DISTINCT FROM %s",
            [row, day])
        version, value = cursor.fetchone()
        if isinstance(value, str):
            value = json.loads(value)
        if value is not None and slots:  # the slot holds this key's value, or another's
            value = value["value"] if value.get("key") == key else None
        return version, value

    def store(cursor, version, value):
        cursor.execute(
            f"INSERT INTO {SUMMARIES} (key, version, as_of, value) "
            f"SELECT %s, %s, %s, %s::jsonb WHERE (SELECT last_value FROM {SEQUENCE}) = %s "
            f"ON CONFLICT (key) DO UPDATE SET version = EXCLUDED.version, "
            f"as_of = EXCLUDED.as_of, value = EXCLUDED.value",
            [row, version, day, json.dumps({"key": key, "value": value} if slots else value),
             version],
        )

    return _counted_once(f"kept:{key}", read, lambda: json.loads(json.dumps(compute())),
                         store, using)


#: The namespace of the recounts' advisory locks (``pg_try_advisory_xact_lock(namespace,
#: hashtext(key))``): no other lock of the project uses it.
LOCK_NAMESPACE = 1717
#: How long a process waits for another one's count before counting itself, and how often it
#: looks (a count of 1.000.000 documents takes a few seconds).
WAIT_S = 30.0
POLL_S = 0.05


def _counted_once(lock_key: str, read, compute, store, using: str):
    """*read(cursor)* → (version, value or None); when None, *compute()* and
    *store(cursor, version, value)* — by ONE process at a time per *lock_key*. The first
    takes a transaction-scoped advisory lock (released when it commits or fails: nothing
    can be left locked) and reads again under it; the others, not getting the lock, poll
    what is stored until the counter has stored it — so the requests arriving after a
    change, and the job refreshing it (:mod:`documents.kept_refresh`), count once instead of
    each counting the whole catalogue. A waiter still without an answer after
    :data:`WAIT_S` (a counter stuck or dead) counts itself. A change that commits while it
    counts leaves the answer unstored (the version check in *store*): the waiters then
    count themselves, one at a time, for the new version."""
    connection = connections[using]
    deadline = time.monotonic() + WAIT_S
    with connection.cursor() as cursor:
        version, value = read(cursor)
        while value is None:
            with transaction.atomic(using=using):
                cursor.execute("SELECT pg_try_advisory_xact_lock(%s, hashtext(%s))",
                               [LOCK_NAMESPACE, lock_key])
                if cursor.fetchone()[0] or time.monotonic() > deadline:
                    version, value = read(cursor)  # counted while we waited?
                    if value is None:
                        value = compute()
                        store(cursor, version, value)
                    return value
            time.sleep(POLL_S)
            version, value = read(cursor)
    return value


def _slot_row(key: str, slots: int) -> str:
    """The row of *key* among its group's *slots* (``kept``): the group, then a number from
    a hash of the key that every process computes alike (not Python's salted ``hash``)."""
    group = key.split(":", 1)[0]
    digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
    return f"{group}@{int.from_bytes(digest, 'big') % slots}"


def primary() -> str:
    """The database summaries are kept, read and counted on: the primary, where writes go
    (a replica can store nothing and tells the version only roughly). Named directly, not
    through ``router.db_for_write``, which would pin the rest of the request to the primary
    (``documents.routers``): the page's other reads stay on the replica."""
    return DEFAULT_DB_ALIAS


def catalogue_count(model, using: str | None = None) -> int:
    """How many rows *model* (documents, targets) has, kept per change (:func:`kept`): the
    count of an unfiltered list (the API's, the targets page's) without reading every row's
    index entry per request."""
    using = using or primary()
    return kept(f"count:{model._meta.label_lower}", model._default_manager.using(using).count,
                using=using)


def document_count() -> int:
    """The number of documents, kept (:func:`catalogue_count`)."""
    from documents.models import Document

    return catalogue_count(Document)


def target_count() -> int:
    """The number of targets, kept (:func:`catalogue_count`)."""
    from documents.models import Target

    return catalogue_count(Target)


class KeptCountPaginator(Paginator):
    """Django's paginator, counting an unfiltered list of a whole table from
    :func:`catalogue_count` (one query, no count of every row); a filtered one as ever."""

    @cached_property
    def count(self) -> int:
        query = getattr(self.object_list, "query", None)
        if (query is not None and not query.where and not query.distinct
                and not query.combinator and query.low_mark == 0 and query.high_mark is None):
            return catalogue_count(self.object_list.model)
        return super().count
