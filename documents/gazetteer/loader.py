"""Load the gazetteer (every unit of Việt Nam before and after 01/07/2025) into ``Locality``.

Idempotent: a unit already in the database (same code and start of period) is left as it is —
its name, slug, note and documents are never rewritten; only an empty code or end date is
filled in. A place that has no code yet (the seed's Hà Nội, quận Long Biên, phường Việt
Hưng …) *becomes* the unit of the same name and level under the same parent: it keeps its id
and slug, so its address and its documents stay. Everything else is created in one
``bulk_create`` with its path computed here (ids are taken from the table's sequence first),
and the successions are added where missing, each pointed at the resolution that made it when
the catalogue holds that resolution (``resolutions.py``). Nothing is written when the files are
invalid.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils.text import slugify

from documents.cache import data_changed
from documents.domain.collation import collation_key
from documents.domain.vietnamese import fold, normalize_tone_placement
from documents.domain.vocabulary import LOCALITY_LEVEL
from documents.models import Locality, LocalitySuccession

from .data import GAZETTEER_DIR, REFORM_DATE, Key, Unit, read_successions, read_units
from .resolutions import link_resolutions, read_resolutions

BATCH = 2000


@dataclass
class LoadReport:
    created: int = 0
    adopted: list[str] = field(default_factory=list)  # slugs of places that got their code
    filled: int = 0  # existing units whose empty end date was filled in
    successions: int = 0
    resolutions: int = 0  # successions newly linked to the resolution that made them
    seconds: float = 0.0

    @property
    def changes(self) -> int:
        return (self.created + len(self.adopted) + self.filled + self.successions
                + self.resolutions)


def unit_slug(unit: Unit) -> str:
    """A new unit's permanent address: its name and code, and ``2025`` for the units formed on
    01/07/2025 (``viet-hung-00127``, ``viet-hung-00127-2025``)."""
    suffix = f"-{unit.valid_from.year}" if unit.valid_from else ""
    return f"{slugify(fold(unit.name))[:90]}-{unit.code}{suffix}"


def _spelling(name: str) -> str:
    """A name as compared with a place without a code: tone placement and case aside, spelt
    the same (folding would make phường Sa Pa and phường Sa Pả one place)."""
    return normalize_tone_placement(name).lower()


def _country() -> Locality:
    country = Locality.objects.filter(kind="country").order_by("pk").first()
    return country or Locality.objects.create(slug="viet-nam", name="Việt Nam",
                                              name_en="Viet Nam", kind="country")


def _reserve_ids(count: int) -> list[int]:
    if not count:
        return []
    table = Locality._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


class _Loader:
    def __init__(self, units: list[Unit]):
        self.units = units
        self.report = LoadReport()
        self.country = _country()
        rows = Locality.objects.only(
            "id", "code", "valid_from", "valid_to", "parent_id", "level", "name", "path", "slug",
        )
        self.by_key: dict[Key, Locality] = {}
        self.uncoded: dict[tuple, Locality] = {}
        self.slugs: set[str] = set()
        for row in rows:
            self.slugs.add(row.slug)
            if row.code:
                self.by_key[(row.code, row.valid_from)] = row
            else:
                self.uncoded[(row.parent_id, row.level, _spelling(row.name))] = row
        self.place: dict[Key, Locality] = {}  # every unit's row, existing or new
        self.to_fill: list[Locality] = []
        self.new: list[tuple[Unit, Locality]] = []

    def match(self) -> None:
        """Find each unit's row, or prepare a new one (parents come first)."""
        for unit in self.units:
            parent = self.place[unit.parent] if unit.parent else self.country
            row = self.by_key.get(unit.key)
            if row is None and parent.pk and unit.valid_from is None:
                level = LOCALITY_LEVEL[unit.kind]
                row = (self.uncoded.pop((parent.pk, level, _spelling(unit.name)), None)
                       or self.uncoded.pop((parent.pk, level, _spelling(unit.full_name)), None))
                if row is not None:
                    row.code = unit.code
                    self.report.adopted.append(row.slug)
            if row is None:
                row = Locality(
                    code=unit.code, kind=unit.kind, name=unit.name, name_key=fold(unit.name),
                    name_sort=collation_key(unit.name), level=LOCALITY_LEVEL[unit.kind],
                    valid_from=unit.valid_from, valid_to=unit.valid_to, parent=parent,
                    slug=self._slug(unit),
                )
                self.new.append((unit, row))
            elif unit.valid_to and row.valid_to is None:
                row.valid_to = unit.valid_to
                self.report.filled += row.slug not in self.report.adopted
                self.to_fill.append(row)
            elif row.slug in self.report.adopted:
                self.to_fill.append(row)
            self.place[unit.key] = row

    def _slug(self, unit: Unit) -> str:
        slug, n = unit_slug(unit), 1
        while slug in self.slugs:
            n += 1
            slug = f"{unit_slug(unit)}-{n}"
        self.slugs.add(slug)
        return slug

    def write(self) -> None:
        ids = _reserve_ids(len(self.new))
        for (_unit, row), pk in zip(self.new, ids, strict=True):
            row.pk = pk
            row.path = f"{row.parent.path}{pk}/"  # the formula of Locality.save()
        Locality.objects.bulk_create([row for _unit, row in self.new], batch_size=BATCH)
        Locality.objects.bulk_update(self.to_fill, ["code", "valid_to"], batch_size=BATCH)
        self.report.created = len(self.new)

    def add_successions(self, directory: Path) -> None:
        existing = set(LocalitySuccession.objects.values_list("from_locality_id",
                                                              "to_locality_id"))
        rows = []
        for succession in read_successions(self.units, directory):
            pair = (self.place[succession.old].pk, self.place[succession.new].pk)
            if pair not in existing:
                existing.add(pair)
                rows.append(LocalitySuccession(
                    from_locality_id=pair[0], to_locality_id=pair[1],
                    effective_date=REFORM_DATE, partial=succession.partial,
                ))
        LocalitySuccession.objects.bulk_create(rows, batch_size=BATCH)
        self.report.successions = len(rows)


def load_gazetteer(directory: Path = GAZETTEER_DIR) -> LoadReport:
    """Load every unit and succession of *directory*; see the module's docstring."""
    started = time.monotonic()
    units = read_units(directory)
    read_successions(units, directory)  # check the files before writing anything
    read_resolutions(directory)
    with transaction.atomic():
        loader = _Loader(units)
        loader.match()
        loader.write()
        loader.add_successions(directory)
        if loader.report.created:
            # The planner's statistics of the new places before anything joins them: without
            # them, linking the resolutions to the successions (a join of both tables) was
            # planned as nested loops over ten thousand rows each and ran for minutes.
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {Locality._meta.db_table}, "
                               f"{LocalitySuccession._meta.db_table}")
        loader.report.resolutions = link_resolutions(directory)
        if loader.report.changes:
            data_changed()
    loader.report.seconds = time.monotonic() - started
    return loader.report
