"""Import a dataset file in the interchange format (version 1): read, check, write.

The import is three steps, each in a module of its own:

1. **Read** (:mod:`.reading`): :func:`parse_text`, the file's bytes -> the parsed JSON value
   (syntax errors by line and column).
2. **Check** (:mod:`.checking`): :func:`check` validates everything without writing and gives
   a :class:`~.plan.Plan` -- what will be created or updated -- or a :class:`DatasetError`
   listing every problem with its place in the file (a JSON Pointer); nothing is written then.
3. **Write** (:mod:`.writing`): :func:`write` carries the plan out inside one
   ``transaction.atomic()``; any error rolls everything back.

:func:`import_dataset` runs the checking and the writing; the ``import_dataset`` command
(and ``restore``) call it after :func:`parse_text`.
"""

from __future__ import annotations

from django.db import transaction

from .checking import check
from .plan import Plan
from .problems import DatasetError, Problem
from .reading import collector_paused, parse_text
from .writing import CHANGE_REASON, ImportReport, write

__all__ = [
    "CHANGE_REASON",
    "DatasetError",
    "ImportReport",
    "Plan",
    "Problem",
    "check",
    "import_dataset",
    "parse_text",
]


def import_dataset(
    data: object, *, create_missing_as_reference: bool = False, dry_run: bool = False
) -> ImportReport:
    """Check *data* (a parsed file) completely, then write it in one transaction.

    Raises :class:`DatasetError` listing every problem if there is any; nothing is written
    then. With ``dry_run`` the file is checked only (the report is empty).
    """
    with collector_paused():
        plan = check(data, create_missing_as_reference=create_missing_as_reference)
        if dry_run:
            return ImportReport()
        with transaction.atomic():
            return write(plan)
