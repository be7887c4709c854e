"""Targets of plans (about one for two documents) and the figures measured in places."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from psycopg.types.json import Jsonb

from documents.models import Figure, Target
from documents.models.common import clean_text

from .common import BATCH, LAST_YEAR, prepare
from .copy import copy_rows
from .documents import TARGET_TYPES

APPLIES_TO = [
    "cán bộ chủ chốt cấp xã", "cán bộ lãnh đạo, quản lý cấp huyện", "công chức cấp xã",
    "cán bộ diện Ban Thường vụ quản lý", "cấp ủy viên", "người hoạt động không chuyên trách",
    "cán bộ, công chức, viên chức", "",
]


class Targets:
    """Inserts targets and figures (a part of :class:`~documents.demo.Generator`; needs the
    inserted documents and sources)."""

    def insert_targets(self) -> None:
        """COPY the targets, with what ``Target.save()`` derives (texts cleaned)."""
        rng = self.rng
        empty = Jsonb({})

        def rows():
            for doc in self.docs:
                if doc.doc_type not in TARGET_TYPES or rng.random() < 0.55:
                    continue
                for position in range(rng.choice((1, 1, 1, 2, 2, 3))):
                    indicator = rng.choice(self.indicators)
                    unit = indicator.unit
                    if unit == "percent":
                        value = Decimal(rng.choice((50, 60, 70, 80, 85, 90, 95, 100, 10, 15,
                                                    20)))
                        baseline = (value - rng.randint(1, 10)) if value > 10 else None
                    elif unit == "people":
                        value = Decimal(rng.randint(5, 2000))
                        baseline = Decimal(int(value) // 2)
                    elif unit == "ratio":
                        value = Decimal(rng.randint(1, 20)) / 10
                        baseline = None
                    else:
                        value = Decimal(rng.randint(1, 50))
                        baseline = None
                    end = doc.period[1] or doc.date.year + rng.randint(1, 5)
                    applies_to = clean_text(rng.choice(APPLIES_TO))
                    comparator = rng.choice(("at_least", "at_least", "at_least", "at_most",
                                             "exactly"))
                    baseline = baseline if rng.random() < 0.4 else None
                    quote = clean_text(f"Phấn đấu đến năm {end} đạt {value} "
                                       f"({indicator.name.lower()})")
                    yield (doc.pk, indicator.pk, unit, applies_to, comparator, value, end,
                           baseline, doc.body.loc.obj.pk, position, quote, "", "", empty, "")

        self.counts["targets"] = copy_rows(
            Target._meta.db_table,
            ["document_id", "indicator_id", "unit", "applies_to", "comparator", "value",
             "deadline_year", "baseline_value", "locality_id", "position", "quote", "provision",
             "note", "uncertain", "editorial_note"], rows())

    def insert_figures(self) -> None:
        rng = self.rng
        objs = []
        places = self.provinces + self.districts[: max(1, len(self.districts) // 3)]
        for _ in range(max(10, self.n // 10)):
            place = rng.choice(places)
            indicator = rng.choice(self.indicators)
            year = rng.randint(2010, LAST_YEAR)
            if indicator.unit == "percent":
                value, total = Decimal(rng.randint(5, 100)), None
            elif indicator.unit == "ratio":
                value, total = Decimal(rng.randint(1, 30)) / 10, None
            else:
                total = Decimal(rng.randint(10, 5000))
                value = Decimal(rng.randint(0, int(total)))
                total = total if rng.random() < 0.3 else None
            obj = Figure(indicator=indicator, locality_id=place.obj.pk, as_of_year=year,
                         as_of=dt.date(year, 12, 31) if rng.random() < 0.5 else None,
                         value=value, total=total, unit=indicator.unit,
                         source_id=rng.choice(self.sources).pk)
            prepare(obj)
            objs.append(obj)
        Figure.objects.bulk_create(objs, batch_size=BATCH)
        self.counts["figures"] = len(objs)

