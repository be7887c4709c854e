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
import logging
import time

from django.core.paginator import Paginator
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.functional import cached_property

from documents.clock import today

logger = logging.getLogger(__name__)

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
    parent = None if parent_id is None else str(parent_id)
    read = _Read(
        f"SELECT s.last_value, c.counts FROM {SEQUENCE} s LEFT JOIN {TABLE} c "
        f"ON c.id = 1 AND c.version = s.last_value AND c.as_of = %s", [day],
        # stored for another parent: missing too
        "r.counts IS NULL OR (r.counts->>'parent') IS DISTINCT FROM %s", [parent],
        lambda stored: stored if stored is not None and stored.get("parent") == parent_id
        else None)
    store = (f"INSERT INTO {TABLE} (id, version, as_of, counts) "
             f"SELECT 1, %s, %s, %s::jsonb WHERE (SELECT last_value FROM {SEQUENCE}) = %s "
             f"ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, "
             f"as_of = EXCLUDED.as_of, counts = EXCLUDED.counts",
             lambda version, counts: [version, day, json.dumps(counts), version])
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

    def decode(value):
        if value is not None and slots:  # the slot holds this key's value, or another's
            return value["value"] if value.get("key") == key else None
        return value

    read = _Read(
        f"SELECT s.last_value, k.value FROM {SEQUENCE} s LEFT JOIN {SUMMARIES} k "
        f"ON k.key = %s AND k.version = s.last_value AND k.as_of IS NOT DISTINCT FROM %s",
        [row, day],
        "r.value IS NULL OR (%s AND (r.value->>'key') IS DISTINCT FROM %s)", [bool(slots), key],
        decode)
    store = (f"INSERT INTO {SUMMARIES} (key, version, as_of, value) "
             f"SELECT %s, %s, %s, %s::jsonb WHERE (SELECT last_value FROM {SEQUENCE}) = %s "
             f"ON CONFLICT (key) DO UPDATE SET version = EXCLUDED.version, "
             f"as_of = EXCLUDED.as_of, value = EXCLUDED.value",
             lambda version, value: [
                 row, version, day,
                 json.dumps({"key": key, "value": value} if slots else value), version])
    return _counted_once(f"kept:{key}", read, lambda: json.loads(json.dumps(compute())),
                         store, using)


#: The namespace of the recounts' advisory locks (``pg_try_advisory_lock(namespace,
#: hashtext(key))``): no other lock of the project uses it.
LOCK_NAMESPACE = 1717
#: How long a process waits for another one's count before counting itself, and how often it
#: looks (a count of 1.000.000 documents takes a few seconds).
WAIT_S = 30.0
POLL_S = 0.05


class _Read:
    """How :func:`_counted_once` reads a kept value: *sql* (*params*) gives one row (the
    catalogue's version, the stored value); *missing* (*missing_params*), an SQL condition
    on that row as ``r``, says the value must be computed — then the same statement tries the
    recount's lock; *decode* turns the stored value into the answer, or None."""

    def __init__(self, sql, params, missing, missing_params, decode):
        self.sql, self.params = sql, params
        self.missing, self.missing_params = missing, missing_params
        self.decode = decode

    def __call__(self, cursor, lock_key: str) -> tuple[int, object, bool]:
        """(version, value or None, whether this session took the lock)."""
        cursor.execute(
            f"SELECT r.*, CASE WHEN {self.missing} "
            f"THEN pg_try_advisory_lock(%s, hashtext(%s)) ELSE false END "
            f"FROM ({self.sql}) r",
            [*self.missing_params, LOCK_NAMESPACE, lock_key, *self.params])  # in the text's order
        version, value, locked = cursor.fetchone()
        if isinstance(value, str):
            value = json.loads(value)
        return version, self.decode(value), bool(locked)


def _unlock(cursor, lock_key: str) -> None:
    cursor.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", [LOCK_NAMESPACE, lock_key])


def _counted_once(lock_key: str, read: _Read, compute, store, using: str):
    """The value *read* gives; when missing, *compute()* and store it (*store*: the SQL and
    a function of (version, value) giving its parameters) — by ONE process at a time per
    *lock_key*. The statement that finds the value missing also tries a session advisory lock
    (no query more than a plain read: a kept value present costs one query, a recount
    uncontended the read, the count and the store, which releases the lock in the same
    statement). A process that does not get the lock polls the same statement until the
    counter has stored its answer — so the requests arriving after a change, and the job
    refreshing it (:mod:`documents.kept_refresh`), count once instead of each counting the
    whole catalogue — or until the lock is free again (the counter failed: it counts). A
    waiter still without an answer after :data:`WAIT_S` (a counter stuck) counts itself. A
    change that commits while it counts leaves the answer unstored (the version check in
    *store*): the waiters then count themselves, one at a time, for the new version. A count
    that raises releases the lock; inside a transaction it has aborted, the lock is
    released when the connection closes (waiters count themselves after :data:`WAIT_S`)."""
    connection = connections[using]
    deadline = time.monotonic() + WAIT_S
    sql, parameters = store
    with connection.cursor() as cursor:
        version, value, locked = read(cursor, lock_key)
        while value is None and not locked and time.monotonic() <= deadline:
            time.sleep(POLL_S)
            version, value, locked = read(cursor, lock_key)
        if value is not None:
            if locked:  # found under the lock after all: a counter finished meanwhile
                _unlock(cursor, lock_key)
            return value
        try:
            value = compute()
        except BaseException:
            if locked:
                try:
                    _unlock(cursor, lock_key)
                except Exception:
                    logger.warning("could not release the recount's lock %s", lock_key)
            raise
        if locked:  # stored and the lock released in one statement
            cursor.execute(f"WITH stored AS ({sql} RETURNING 1) "
                           f"SELECT pg_advisory_unlock(%s, hashtext(%s))",
                           [*parameters(version, value), LOCK_NAMESPACE, lock_key])
        else:  # past the wait: counted without the lock
            cursor.execute(sql, parameters(version, value))
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
