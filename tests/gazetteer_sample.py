"""A small real share of the gazetteer (fixtures/gazetteer/) for tests that need real units but
not all 14.000: every unit of Hà Nội, of Hà Giang and Tuyên Quang (merged on 01/07/2025) and of
Bình Dương and TP.HCM (merged too), before and after the reform, with their successions."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from documents.gazetteer.data import GAZETTEER_DIR

PROVINCE_CODES = {"01", "02", "08", "74", "79"}


def write_sample(directory: Path, provinces: set[str] = PROVINCE_CODES) -> Path:
    """Write the units of *provinces* (codes) and the successions among them into
    *directory*; returns it."""
    with open(GAZETTEER_DIR / "units.csv", encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, units = reader.fieldnames, list(reader)
    by_key = {(u["code"], u["valid_from"]): u for u in units}

    def province(unit) -> str:
        while unit["parent_code"]:
            unit = by_key[(unit["parent_code"], unit["parent_valid_from"])]
        return unit["code"]

    kept = [u for u in units if province(u) in provinces]
    keys = {(u["code"], u["valid_from"]) for u in kept}
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / "units.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(kept)
    with open(GAZETTEER_DIR / "successions.csv", encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        succ_fields, rows = reader.fieldnames, list(reader)
    with open(directory / "successions.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=succ_fields)
        writer.writeheader()
        writer.writerows(r for r in rows if (r["from_code"], r["from_valid_from"]) in keys
                         and (r["to_code"], r["to_valid_from"]) in keys)
    shutil.copy(GAZETTEER_DIR / "resolutions.csv", directory / "resolutions.csv")
    return directory
