"""Import a dataset file in the interchange format (version 1): read, check, write.

The import is three steps, each in a module of its own:

1. **Read** (:mod:`.reading`): :func:`parse_text`, the file's bytes -> the parsed JSON value
   (syntax errors by line and column).
2. **Check** (:mod:`.checking`): :func:`check` validates everything without writing and gives
   a :class:`~.plan.Plan` -- what will be created or updated -- or a :class:`DatasetError`
   listing every problem with its place in the file (a JSON Pointer); nothing is written then.
3. **Merge** (:mod:`.merging`): :func:`merge` compares the plan with the database, object by
   object: a field the file does not state is left alone, an empty stored value is filled, a
   different one is a *conflict* (:class:`ImportConflicts`: nothing is written) unless the
   object is replaced (``replace``, or its label in ``replace_only``). The result,
   :class:`~.changes.Changes`, is what ``--dry-run`` prints.
4. **Write** (:mod:`.writing`): :func:`write` carries the merged plan out inside one
   ``transaction.atomic()``; any error rolls everything back.

:func:`import_dataset` runs them all; the ``import_dataset`` command (and ``restore``) call it
after :func:`parse_text`.
"""

from __future__ import annotations

from django.db import transaction

from .changes import Changes, ImportConflicts
from .checking import check
from .merging import merge
from .plan import Plan
from .problems import DatasetError, Problem
from .reading import collector_paused, parse_text
from .writing import CHANGE_REASON, ImportReport, write

__all__ = [
    "CHANGE_REASON",
    "Changes",
    "DatasetError",
    "ImportConflicts",
    "ImportReport",
    "Plan",
    "Problem",
    "check",
    "import_dataset",
    "merge",
    "parse_text",
]


def import_dataset(
    data: object, *, create_missing_as_reference: bool = False, dry_run: bool = False,
    replace: bool = False, replace_only=(),
) -> ImportReport:
    """Check *data* (a parsed file) completely, merge it with the database, then write it in
    one transaction.

    Raises :class:`DatasetError` listing every problem if there is any, and
    :class:`ImportConflicts` listing every conflict (a field the file states with a value
    other than the database's, in an object not replaced by *replace* or *replace_only*);
    nothing is written then. With ``dry_run`` nothing is written either: the report holds
    the changes (and conflicts) an import would make, ``report.changes``.
    """
    with collector_paused():
        plan = check(data, create_missing_as_reference=create_missing_as_reference)
        changes = merge(plan, replace=replace, replace_only=replace_only)
        if dry_run:
            return ImportReport(changes=changes)
        if changes.conflicts:
            raise ImportConflicts(changes)
        with transaction.atomic():
            report = write(plan)
        report.changes = changes
        return report
