"""Inserting many new objects, with their history rows, for the import's write phase.

The importer prepares each new object with its model's own ``save()`` (every derived field;
see :func:`prepare_without_writing`) and hands the prepared instances to an :class:`Inserter`,
which writes them with one django-simple-history row each (``+``, the import's change reason).
Objects of the models whose ``save()`` derives nothing the validation has not already done
(links, targets, mentions) can be given as plain values (:meth:`Inserter.stream_values`).

- The rows go in with ``COPY … FROM STDIN`` (psycopg's ``cursor.copy``),
  streamed while the objects are being prepared, so that the database works (indexes, the
  generated search column) while Python prepares the next ones. Primary keys are reserved
  beforehand from each table's own sequence, so objects can refer to each other before they
  are written (the foreign keys are ``DEFERRABLE INITIALLY DEFERRED``: checked at commit). The
  values sent are those of Django's own ``INSERT``: each field's ``pre_save()`` (the
  ``auto_now`` timestamps) and ``get_db_prep_save()``; the history rows copy the tracked
  fields, as ``HistoryManager.bulk_history_create`` does. ``COPY`` cannot skip or update a
  row whose key is already there: the validation phase guarantees that every object created
  is new (a row that breaks a constraint all the same fails the import, as an
  ``IntegrityError``, and the transaction rolls back).
"""

from __future__ import annotations

import datetime as dt
from contextlib import ExitStack, contextmanager
from functools import partial
from operator import attrgetter, itemgetter

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import Field
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.utils import timezone
from simple_history.utils import get_change_reason_from_object

#: Field classes whose ``get_db_prep_save()`` on PostgreSQL returns a value of this exact type
#: unchanged (``Field.get_prep_value`` -> ``to_python`` and the backend's ``adapt_*_value`` are
#: the identity for it), and ``None`` as ``None``. Exact classes only: a subclass may convert
#: differently. A relation is converted by its target field.
_UNCHANGED = {
    models.CharField: str,
    models.SlugField: str,
    models.URLField: str,
    models.TextField: str,
    models.BooleanField: bool,
    models.IntegerField: int,
    models.SmallIntegerField: int,
    models.BigIntegerField: int,
    models.PositiveIntegerField: int,
    models.PositiveSmallIntegerField: int,
    models.AutoField: int,
    models.BigAutoField: int,
    models.DateField: dt.date,
}

_HISTORY_EXTRAS = ("history_date", "history_change_reason", "history_type", "history_user")


def _no_queries_during_copy(execute, sql, params, many, context):
    raise RuntimeError(f"a query while rows are being copied to the database: {sql}")


def _next_id(ids) -> int:
    pk = next(ids, None)
    if pk is None:
        raise ValueError("more new objects than primary keys reserved for them")
    return pk


def _no_write(*args, **kwargs) -> None:
    return None


def prepare_without_writing(obj) -> None:
    """Run the model's own ``save()`` -- every derived field it computes (folded names,
    canonical symbol, search text, stored places, defaults) -- without the database write, so
    the object can be inserted in bulk. ``Model.save()`` ends in ``self.save_base()``; an
    instance attribute of that name is looked up first, so the write is skipped."""
    obj.save_base = _no_write
    try:
        obj.save()
    finally:
        del obj.save_base


class Factory:
    """Builds new, unsaved instances of *model* from ``{attname: value}``, the other fields
    taking their defaults, quickly. What ``Model.__init__`` does for a new object with only
    field values -- a fresh ``ModelState``, each field's value in the instance's ``__dict__``
    (the descriptors of foreign key ids only invalidate a cached related object, and a new
    instance has none), the ``pre_init``/``post_init`` signals -- is done directly when no
    receiver listens to those signals; otherwise ``__init__`` is called. Related instances
    given in *related* are cached on the instance (their ids must be among the values), so
    ``save()`` need not fetch them."""

    def __init__(self, model):
        self.model = model
        fields = model._meta.concrete_fields
        self.attnames = frozenset(f.attname for f in fields)
        dynamic = [f for f in fields if f.has_default() and callable(f.default)]
        self.static = {f.attname: f.get_default() for f in fields if f not in dynamic}
        self.dynamic = [(f.attname, f.get_default) for f in dynamic]
        self.direct = not (pre_init.has_listeners(model) or post_init.has_listeners(model))
        self.relations: dict = {}

    def __call__(self, values: dict, related: dict | None = None):
        if not values.keys() <= self.attnames:
            raise TypeError(f"{self.model.__name__}: unknown fields "
                            f"{sorted(values.keys() - self.attnames)}")
        if self.direct:
            obj = self.model.__new__(self.model)
            state = obj.__dict__
            state["_state"] = ModelState()
            state.update(self.static)
            for attname, default in self.dynamic:
                state[attname] = default()
            state.update(values)
        else:
            obj = self.model(**{**self.static, **{a: d() for a, d in self.dynamic}, **values})
        for name, value in (related or {}).items():
            if value is not None:
                field = self.relations.get(name)
                if field is None:
                    field = self.relations[name] = self.model._meta.get_field(name)
                field.set_cached_value(obj, value)
        return obj


class Inserter:
    """Writes prepared new instances with one history row each (see the module docstring)."""

    def __init__(self, change_reason: str, using: str = DEFAULT_DB_ALIAS):
        self.using = using
        self.connection = connections[using]
        self.change_reason = change_reason

    def reserve_ids(self, model, n: int) -> list[int]:
        """*n* new primary keys of *model*'s table, ascending, from its sequence."""
        if n <= 0:
            return []
        qn = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)",
                           [qn(model._meta.db_table), model._meta.pk.column])
            sequence = cursor.fetchone()[0]
            # the sequence as a constant: looked up once, not for each value
            cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)",
                           [sequence, n])
            return sorted(row[0] for row in cursor.fetchall())

    def insert(self, model, objs: list, *, history: bool = True) -> None:
        """Insert *objs*: new instances of *model*, prepared by their ``save()``."""
        with self.stream(model, sum(obj.pk is None for obj in objs), history=history) as add:
            for obj in objs:
                add(obj)

    @contextmanager
    def stream(self, model, new_ids: int = 0, *, history: bool = True):
        """``with inserter.stream(Model, n) as add: add(obj)…``: insert prepared new instances
        of *model* (while they are added; meanwhile the connection is busy and must not be
        used otherwise) and, if the model has a history and *history*, their history rows.
        Objects without a primary key get one of *new_ids* ids reserved for them."""
        historical = self.history_model(model) if history else None
        ids = iter(self.reserve_ids(model, new_ids))
        fields = [f for f in model._meta.concrete_fields if not f.generated]
        make_row = self._row_maker(fields)
        history_rows: list = []
        if historical is not None:
            columns, make_history_row = self._history_row_maker(model, historical, fields)
        using = self.using
        with self._lazy_copy(model._meta.db_table, [f.column for f in fields]) as write:

            def add(obj):
                if obj.pk is None:
                    obj.pk = _next_id(ids)
                row = make_row(obj)
                write(row)
                obj._state.adding = False
                obj._state.db = using
                if historical is not None:
                    history_rows.append(make_history_row(obj, row))

            yield add
        if history_rows:
            self._copy_rows(historical._meta.db_table, columns, history_rows)

    @contextmanager
    def stream_values(self, model, new_ids: int = 0, *, history: bool = True):
        """``with inserter.stream_values(Model, n) as add: add(values, related)…``: insert new
        objects of *model* given as ``{attname: value}``, for the models whose ``save()``
        derives nothing that the importer's validation has not already put in *values* (it
        cleans the text the same way and fills the same defaults: links, targets, mentions;
        ``test_imported_objects_hold_what_their_save_computes`` checks it). Each becomes a row
        directly, the other fields taking their defaults and ``auto_now`` timestamps, each
        value converted as Django's ``INSERT`` would (no instance, no ``save()``: most of the
        cost for these small rows). The new objects' primary keys are not returned."""
        historical = self.history_model(model) if history else None
        ids = iter(self.reserve_ids(model, new_ids))
        fields = [f for f in model._meta.concrete_fields if not f.generated]
        make_row = self._values_row_maker(fields)
        history_rows: list = []
        if historical is not None:
            columns, make_history_row = self._history_row_maker(model, historical, fields)
        pk = model._meta.pk.attname
        with self._lazy_copy(model._meta.db_table, [f.column for f in fields]) as write:

            def add(values, related=None):
                if values.get(pk) is None:
                    values[pk] = _next_id(ids)
                row = make_row(values)
                write(row)
                if historical is not None:
                    history_rows.append(make_history_row(None, row))

            yield add
        if history_rows:
            self._copy_rows(historical._meta.db_table, columns, history_rows)

    def insert_rows(self, model, attnames: tuple[str, ...], rows: list[tuple]) -> None:
        """Insert plain rows (values for *attnames*, the others take their defaults) of a model
        without history and without ``save()`` logic: the ``ManyToMany`` through tables."""
        if not rows:
            return
        column = {f.attname: f.column for f in model._meta.concrete_fields}
        with self._copy(model._meta.db_table, [column[a] for a in attnames]) as write:
            for row in rows:
                write(row)

    # ---- COPY ----------------------------------------------------------------------------

    def _copy_rows(self, table: str, columns: list[str], rows: list) -> None:
        """COPY *rows* (already converted, as the row makers give them) into *table*."""
        with self._copy(table, columns) as write:
            for row in rows:
                write(row)

    @contextmanager
    def _lazy_copy(self, table: str, columns: list[str]):
        """As :meth:`_copy`, the ``COPY`` started by the first row written (none: no query)."""
        with ExitStack() as stack:
            write = None

            def write_row(row):
                nonlocal write
                if write is None:
                    write = stack.enter_context(self._copy(table, columns))
                write(row)

            yield write_row

    @contextmanager
    def _copy(self, table: str, columns: list[str]):
        """``COPY table (columns) FROM STDIN``; yields ``write_row``. Meanwhile the connection
        is busy: a query through Django raises at once (psycopg would wait for the end of
        the ``COPY``, which never comes: a deadlock)."""
        qn = self.connection.ops.quote_name
        sql = f"COPY {qn(table)} ({', '.join(qn(c) for c in columns)}) FROM STDIN"
        with (self.connection.wrap_database_errors,  # Django's exceptions, as for queries
              self.connection.cursor() as cursor,
              self.connection.execute_wrapper(_no_queries_during_copy),
              cursor.cursor.copy(sql) as copy):
            yield copy.write_row

    def _row_maker(self, fields: list):
        """``obj -> row``: the values Django's ``INSERT`` compiler sends for *obj*, each field's
        ``get_db_prep_save(pre_save(obj, add=True))``. Two shortcuts, both exact: a field that
        keeps Django's plain ``pre_save`` is read directly, and a value of exactly the type
        that its field's conversion returns unchanged (see :data:`_UNCHANGED`) is kept."""
        connection = self.connection
        plan = []
        for f in fields:
            read = (attrgetter(f.attname) if type(f).pre_save is Field.pre_save
                    else partial(f.pre_save, add=True))
            kind = _UNCHANGED.get(type(f.target_field if f.is_relation else f))
            plan.append((read, kind, f.get_db_prep_save))

        def make_row(obj) -> tuple:
            row = []
            for read, kind, prep in plan:
                value = read(obj)
                if kind is None or (value is not None and type(value) is not kind):
                    value = prep(value, connection)
                row.append(value)
            return tuple(row)

        return make_row

    def _values_row_maker(self, fields: list):
        """``{attname: value} -> row``, as :meth:`_row_maker` for an instance holding those
        values and the fields' defaults: a field's ``pre_save()`` is Django's plain one
        (the value) or that of an ``auto_now``/``auto_now_add`` date or timestamp (now)."""
        connection = self.connection
        plan = []
        for f in fields:
            pre_save = type(f).pre_save
            auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            if pre_save is models.DateTimeField.pre_save and auto:
                stamp = timezone.now
            elif pre_save is models.DateField.pre_save and auto:
                stamp = dt.date.today
            elif pre_save in (Field.pre_save, models.DateTimeField.pre_save,
                              models.DateField.pre_save):
                stamp = None
            else:
                raise NotImplementedError(f"{f}: a pre_save() that rows cannot reproduce")
            static = not (f.has_default() and callable(f.default))
            default = f.get_default() if static else f.get_default
            kind = _UNCHANGED.get(type(f.target_field if f.is_relation else f))
            plan.append((f.attname, stamp, static, default, kind, f.get_db_prep_save))

        def make_row(values: dict) -> tuple:
            row = []
            for attname, stamp, static, default, kind, prep in plan:
                if stamp is not None:
                    value = stamp()
                elif attname in values:
                    value = values[attname]
                else:
                    value = default if static else default()
                if kind is None or (value is not None and type(value) is not kind):
                    value = prep(value, connection)
                row.append(value)
            return tuple(row)

        return make_row

    @staticmethod
    def history_model(model):
        if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return None
        name = getattr(model._meta, "simple_history_manager_attribute", None)
        return getattr(model, name).model if name else None

    def _history_row_maker(self, model, historical, fields: list):
        """The historical table's columns and ``(obj, row) -> history row``: the tracked
        fields' values as sent for the object, then the date, change reason, type ``+`` and
        user as ``bulk_history_create`` sets them."""
        index = {f.attname: i for i, f in enumerate(fields)}
        tracked = {f.attname for f in historical.tracked_fields}
        by_name = {f.name: f for f in historical._meta.concrete_fields}
        copied = []
        for f in historical._meta.concrete_fields:
            if f.primary_key or f.name in _HISTORY_EXTRAS:
                continue  # history_id: from its sequence
            if f.attname not in tracked:
                raise NotImplementedError(
                    f"{historical.__name__}.{f.name}: no value for bulk history rows"
                )
            copied.append(f)
        columns = [f.column for f in copied] + [by_name[n].column for n in _HISTORY_EXTRAS]
        positions = [index[f.attname] for f in copied]
        pick = itemgetter(*positions) if len(positions) > 1 else (
            lambda row, i=positions[0]: (row[i],))
        reason, now = self.change_reason, timezone.now
        default_user = []  # the context's user (simple_history's middleware), asked once

        def make_history_row(obj, row: tuple) -> tuple:
            """*obj*: the instance (None for a row built from values)."""
            user = getattr(obj, "_history_user", None)
            if user is None:
                if not default_user:
                    default_user.append(historical.get_default_history_user(obj))
                user = default_user[0]
            changed = obj is not None and get_change_reason_from_object(obj)
            return (*pick(row), getattr(obj, "_history_date", None) or now(),
                    changed or reason, "+", getattr(user, "pk", user))

        return columns, make_history_row
