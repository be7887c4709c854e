"""What an import would change, object by object, and its conflicts (:mod:`.merging` finds
them; the command prints them, ``--dry-run`` without writing anything).

Each object of the file that the import adds, or whose stored values it fills or replaces, or
that has a *conflict* (a field the file states with another value than the database's, both
not empty) is an :class:`ObjectChange` with its :class:`FieldChange` list. An object is named by
its *label*, ``<collection>/<key>`` (``documents/04-nq-tu-2021``, ``sources/seeds/001.txt``,
``links/<from>/<kind>/<to>``; figures and events, keyed by several fields, by their place in
the file: ``figures/3``); ``--replace-only LABEL`` names it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal

from .export_values import decimal

#: What happens to a field or an item of an object's list.
ADDED, FILLED, REPLACED, REMOVED, CONFLICT = "added", "filled", "replaced", "removed", "conflict"

_SHOWN = 80  # characters of a long value shown in a line


def shown(value, start: int = 0) -> str:
    """A stored or file value as a line shows it: JSON, a long text cut (from *start*)."""
    if isinstance(value, str) and (start or len(value) > _SHOWN):
        cut = value[start:start + _SHOWN]
        return json.dumps(("…" if start else "") + cut + ("…" if len(value) > start + _SHOWN
                                                           else ""), ensure_ascii=False)
    if isinstance(value, Decimal):
        value = decimal(value)  # as the file writes it
    elif isinstance(value, dt.date):
        value = str(value)
    elif isinstance(value, (tuple, set, frozenset)):
        value = sorted(value) if not isinstance(value, tuple) else list(value)
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 2] + "…" + text[-1]


def shown_pair(old, new) -> tuple[str, str]:
    """Two values as a line shows them; two long texts from a little before where they
    differ, so that the difference shows."""
    start = 0
    if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > _SHOWN:
        same = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
                    min(len(old), len(new)))
        start = max(0, same - 20)
    return shown(old, start), shown(new, start)


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field (``status``) or item (``targets/0/value``, ``topics``) of an object."""

    field: str
    action: str
    stored: object = None
    file: object = None

    def __str__(self) -> str:
        old, new = shown_pair(self.stored, self.file)
        if self.action == CONFLICT:
            return f"conflict: {self.field}: the database has {old}, the file {new}"
        if self.action in (FILLED, REPLACED):
            return f"{self.action}: {self.field}: {old} -> {new}"
        return f"{self.action}: {self.field}"


@dataclass(slots=True)
class ObjectChange:
    """An object of the file and what the import does to it (``created``: a new object)."""

    label: str
    pointer: str
    created: bool = False
    fields: list[FieldChange] = field(default_factory=list)

    def add(self, name: str, action: str, stored=None, file=None) -> None:
        self.fields.append(FieldChange(name, action, stored, file))

    def lines(self) -> list[str]:
        if self.created:
            return [f"{self.label}: added"]
        return [f"{self.label}: {f}" for f in self.fields]


@dataclass
class Changes:
    """Every object the import adds or changes, in file order, and its conflicts."""

    objects: list[ObjectChange] = field(default_factory=list)

    def add(self, change: ObjectChange) -> None:
        if change.created or change.fields:
            self.objects.append(change)

    @property
    def conflicts(self) -> list[tuple[ObjectChange, FieldChange]]:
        return [(o, f) for o in self.objects for f in o.fields if f.action == CONFLICT]

    def conflict_lines(self) -> list[str]:
        return [f"{o.label} ({o.pointer}): {f}" for o, f in self.conflicts]

    def lines(self) -> list[str]:
        """Object by object: what would be added, filled, replaced, removed or in conflict."""
        return [line for o in self.objects for line in o.lines()]

    def counts(self) -> dict[str, int]:
        """``{action: n}``: objects added; fields filled, replaced, in conflict; list items
        added or removed."""
        out: dict[str, int] = {"objects added": sum(o.created for o in self.objects)}
        for o in self.objects:
            for f in o.fields:
                out[f.action] = out.get(f.action, 0) + 1
        return out

    def summary(self) -> str:
        """``1 object added, 2 fields filled, 0 replaced, 1 in conflict`` (and list items
        added or removed, if any)."""
        c = self.counts()
        n = c["objects added"]
        filled = c.get(FILLED, 0)
        parts = [f"{n} object{'s' if n != 1 else ''} added",
                 f"{filled} field{'s' if filled != 1 else ''} filled",
                 f"{c.get(REPLACED, 0)} replaced", f"{c.get(CONFLICT, 0)} in conflict"]
        parts += [f"{c[a]} list item{'s' if c[a] != 1 else ''} {a}" for a in (ADDED, REMOVED)
                  if c.get(a)]
        return ", ".join(parts)


class ImportConflicts(Exception):
    """The file states values that differ from the database's: nothing was written."""

    def __init__(self, changes: Changes):
        self.changes = changes
        super().__init__("\n".join(changes.conflict_lines()))
