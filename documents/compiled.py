"""Querysets whose SQL the ORM compiles once per process, run again with other values.

A page's fixed queries have the same shape on every request — only an id or a slug differs —
and Django compiles each again every time (``SQLCompiler.as_sql``: the select list with its
joined models, the ordering, the annotations), which cost the document page more than
PostgreSQL took to run them (docs/PERFORMANCE.md, issue 17). :func:`compiled` builds the
queryset once with stand-in values (:func:`stand_ins`), lets the ORM compile it, remembers the
SQL, its parameters and what the compiler worked out to turn rows into objects (the select
list, the joined models, the annotations' columns), and on each later call returns a copy of
that queryset whose compiler hands back the remembered SQL with the stand-ins replaced by the
values. Everything else is Django's own: the same iterable makes the same model instances
(``select_related``, ``defer``, annotations), ``values_list()`` the same tuples.

The caller names the shape with a *key*: everything the builder does that is not one of the
values must be fixed by the key (``("links", "from_document", windowed, 50)``). A stand-in
that does not reach the SQL's parameters as it is (a value the ORM transforms, a ``LIKE``
pattern) is refused when the statement is compiled, never silently run with the wrong value.
Chaining anything onto the returned queryset (``.filter()``, ``.count()``, ``.get()``) gives
an ordinary queryset again, compiled by the ORM as usual. ``validity_query.statuses`` does the
same for its tuples, with the ids as one array parameter.
"""

from __future__ import annotations

import threading

from django.db.models.sql.query import Query

#: What the compiler works out in ``as_sql`` that turning rows into objects reads after.
_STATE = ("select", "klass_info", "annotation_col_map", "col_count", "has_extra_select")

_lock = threading.Lock()
_statements: dict = {}


def stand_ins(*kinds: type) -> tuple:
    """One stand-in value per kind (``int``, ``str``): values no real row has, each found again
    among the compiled statement's parameters."""
    return tuple(-7_300_000_000_000_000 - i if kind is int else f"\x1fstand-in {i}\x1f"
                 for i, kind in enumerate(kinds))


class _CompiledQuery(Query):
    """A query whose compiler returns the remembered statement; a copy of it (any chained
    method) is a plain :class:`Query` again."""

    statement: tuple[str, tuple]
    state: dict

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        compiler = super().get_compiler(using, connection, elide_empty)
        compiler.__dict__.update(self.state)
        statement = self.statement
        compiler.as_sql = lambda with_limits=True, with_col_aliases=False: statement
        return compiler

    def clone(self):
        obj = super().clone()
        obj.__class__ = Query
        obj.__dict__.pop("statement", None)
        obj.__dict__.pop("state", None)
        return obj


def compiled(key, build, *values):
    """``build(*stand_ins)`` (a queryset) with *values* in place of the stand-ins, its SQL
    compiled by the ORM once per process, *key* and database. *values* are ints or strings."""
    shape = stand_ins(*(int if isinstance(value, int) else str for value in values))
    entry = _statements.get(key)
    if entry is None:
        entry = build(*shape)
        with _lock:
            entry = _statements.setdefault(key, {"queryset": entry})
    template = entry["queryset"]
    alias = template.db
    known = entry.get(alias)
    if known is None:
        known = _compile(template, alias, shape)
        with _lock:
            entry[alias] = known
    sql, params, positions, state = known
    params = list(params)
    for position, index in positions:
        params[position] = values[index]
    queryset = template._clone()
    queryset._db = alias  # the database it was compiled for, whatever routes later
    queryset.query.__class__ = _CompiledQuery
    queryset.query.statement = (sql, tuple(params))
    queryset.query.state = state
    return queryset


def _compile(template, alias: str, shape: tuple):
    compiler = template.query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    positions = [(position, shape.index(param)) for position, param in enumerate(params)
                 if isinstance(param, int | str) and not isinstance(param, bool)
                 and param in shape]
    missing = set(range(len(shape))) - {index for _position, index in positions}
    if missing:
        raise ValueError(f"stand-ins {sorted(missing)} are not among the parameters of {sql}")
    state = {name: getattr(compiler, name) for name in _STATE}
    return sql, tuple(params), positions, state
