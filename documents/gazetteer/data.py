"""Read and check the gazetteer's CSV files (``fixtures/gazetteer/``; source, licence and the
decisions behind them in its README). Pure Python: no database.

A unit is identified by its key ``(code, valid_from)``: the 2025 units reuse old units' codes,
so a code alone does not say which unit is meant.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from documents.domain.vocabulary import LOCALITY_LEVEL

GAZETTEER_DIR = Path(__file__).resolve().parent.parent.parent / "fixtures" / "gazetteer"
#: The day the 2025 reorganisation took effect (34 provinces, no district level).
REFORM_DATE = dt.date(2025, 7, 1)

Key = tuple[str, "dt.date | None"]


class GazetteerError(ValueError):
    """The files are not a gazetteer this loader understands (nothing is written)."""


@dataclass(frozen=True)
class Unit:
    code: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    kind: str
    name: str
    full_name: str
    parent: Key | None

    @property
    def key(self) -> Key:
        return (self.code, self.valid_from)


@dataclass(frozen=True)
class Succession:
    old: Key
    new: Key
    partial: bool


def _date(text: str, where: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise GazetteerError(f"{where}: not a date: {text!r}") from error


def _rows(path: Path, columns: set[str]):
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = columns - set(reader.fieldnames or ())
            if missing:
                raise GazetteerError(f"{path.name}: missing columns {sorted(missing)}")
            yield from enumerate(reader, start=2)
    except OSError as error:
        raise GazetteerError(f"{path}: {error}") from error


def read_units(directory: Path = GAZETTEER_DIR) -> list[Unit]:
    """Every unit of ``units.csv``, parents before children, each checked."""
    units: dict[Key, Unit] = {}
    columns = {"code", "valid_from", "valid_to", "kind", "name", "full_name", "parent_code",
               "parent_valid_from"}
    for line, row in _rows(directory / "units.csv", columns):
        where = f"units.csv line {line}"
        code, kind, name = row["code"].strip(), row["kind"].strip(), row["name"].strip()
        if not code.isdigit():
            raise GazetteerError(f"{where}: the code must be digits: {code!r}")
        if kind not in LOCALITY_LEVEL or not name:
            raise GazetteerError(f"{where}: unknown kind {kind!r} or no name")
        parent = None
        if row["parent_code"]:
            parent = (row["parent_code"], _date(row["parent_valid_from"], where))
            if parent not in units:
                raise GazetteerError(f"{where}: parent {parent[0]} not listed before it")
        unit = Unit(code, _date(row["valid_from"], where), _date(row["valid_to"], where), kind,
                    name, row["full_name"].strip() or name, parent)
        if unit.valid_from and unit.valid_to and unit.valid_to < unit.valid_from:
            raise GazetteerError(f"{where}: ends before it begins")
        if unit.key in units:
            raise GazetteerError(f"{where}: unit {code} listed twice")
        units[unit.key] = unit
    return list(units.values())


def read_successions(units: list[Unit], directory: Path = GAZETTEER_DIR) -> list[Succession]:
    """Every row of ``successions.csv``, both ends checked against *units*."""
    known = {unit.key for unit in units}
    successions = []
    columns = {"from_code", "from_valid_from", "to_code", "to_valid_from", "part"}
    for line, row in _rows(directory / "successions.csv", columns):
        where = f"successions.csv line {line}"
        old = (row["from_code"], _date(row["from_valid_from"], where))
        new = (row["to_code"], _date(row["to_valid_from"], where))
        if old not in known or new not in known or old == new:
            raise GazetteerError(f"{where}: unknown unit {old[0]} or {new[0]}")
        successions.append(Succession(old, new, row["part"] == "1"))
    return successions
