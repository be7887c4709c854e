"""Bulk loading for the demo generator: PostgreSQL ``COPY`` (psycopg 3 ``cursor.copy``) rather
than ``INSERT … VALUES`` (about ten times faster, and no Django field preparation per value),
ids drawn from the tables' own sequences beforehand (so the rows can refer to each other and
the sequences stay ahead of them), and the big tables' secondary indexes dropped during the
load and built again, once, from their own definitions (one sort instead of millions of
index insertions).

The rows are exactly what ``bulk_create`` would write: the callers build them from the
models' own ``save()`` derivations (:func:`~documents.demo.common.prepare`) or the same
functions (``clean_text``, ``fold``); generated columns (the search vectors) are computed by
the database as for any insert.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import contextmanager

from django.db import connection, models
from django.utils import timezone
from psycopg.types.json import Jsonb

#: Memory for building an index again (per session; the server's default is small).
INDEX_MEMORY = "1GB"


def reserve_ids(model: type[models.Model], n: int) -> list[int]:
    """*n* new ids from *model*'s id sequence, ascending."""
    if n <= 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                       "FROM generate_series(1, %s)", [model._meta.db_table, n])
        return sorted(row[0] for row in cursor.fetchall())


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """``COPY table (columns) FROM STDIN`` the *rows* (tuples of Python values: str, int,
    date, Decimal, None, :class:`~psycopg.types.json.Jsonb`); returns how many."""
    qn = connection.ops.quote_name
    sql = f"COPY {qn(table)} ({', '.join(qn(c) for c in columns)}) FROM STDIN"
    n = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        write = copy.write_row
        for row in rows:
            write(row)
            n += 1
    return n


def copy_objects(model: type[models.Model], objs: Sequence[models.Model]) -> int:
    """COPY unsaved *objs* of *model* (their primary keys set, e.g. by :func:`reserve_ids`),
    every stored field but the generated ones; ``auto_now``/``auto_now_add`` times are now,
    as ``bulk_create`` sets them."""
    fields = [f for f in model._meta.concrete_fields if not f.generated]
    now = timezone.now()
    stamped = [f.attname for f in fields if getattr(f, "auto_now", False)
               or getattr(f, "auto_now_add", False)]
    json = {f.attname for f in fields if isinstance(f, models.JSONField)}
    names = [f.attname for f in fields]

    def rows():
        for obj in objs:
            for name in stamped:
                setattr(obj, name, now)
            values = obj.__dict__
            yield tuple(Jsonb(values[name]) if name in json else values[name]
                        for name in names)

    return copy_rows(model._meta.db_table, [f.column for f in fields], rows())


@contextmanager
def indexes_deferred(models_: Sequence[type[models.Model]], enabled: bool = True):
    """Drop the secondary indexes of the models' tables (neither primary keys nor unique
    constraints: those check the rows) for the block, then create them again from their
    own definitions, with more sort memory. Inside a transaction: a failure restores them."""
    if not enabled:
        yield
        return
    tables = [m._meta.db_table for m in models_]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.relname, pg_get_indexdef(x.indexrelid)
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class t ON t.oid = x.indrelid
            WHERE t.relname = ANY(%s) AND t.relnamespace = 'public'::regnamespace
              AND NOT x.indisunique AND NOT x.indisprimary
            ORDER BY t.relname, i.relname
            """,
            [tables],
        )
        definitions = cursor.fetchall()
        for name, _definition in definitions:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    try:
        yield
    except BaseException:
        if not connection.in_atomic_block:  # dropped for good: build them again
            _create(definitions)
        raise  # else the transaction's rollback restores them
    _create(definitions)


def _create(definitions) -> None:
    with connection.cursor() as cursor:
        # The queued foreign-key checks first (a table with pending ones cannot be indexed).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute("SELECT current_setting('maintenance_work_mem')")
        memory = cursor.fetchone()[0]
        cursor.execute("SET maintenance_work_mem = %s", [INDEX_MEMORY])
        try:
            for _name, definition in definitions:
                cursor.execute(definition)
        finally:
            cursor.execute("SET maintenance_work_mem = %s", [memory])


@contextmanager
def reference_checks_skipped(enabled: bool = True):
    """No foreign-key checks for the block (``session_replication_role = replica``, as
    ``pg_restore --disable-triggers`` loads), when *enabled* and the database user may: the
    generator's rows refer only to rows it read or made in the same transaction (at
    1.000.000 documents some forty million checks, each an index probe and a row lock, and
    the tests, which load without this, check the references). The catalogue has no triggers
    of its own. Else the checks run as usual."""
    if not enabled:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser') = 'on'")
        allowed = cursor.fetchone()[0]
        if allowed:
            cursor.execute("SET LOCAL session_replication_role = replica")
    try:
        yield
    finally:
        if allowed:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = origin")
