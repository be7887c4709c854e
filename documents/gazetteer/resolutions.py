"""The resolutions that made the 2025 changes, linked to the successions they made.

``fixtures/gazetteer/resolutions.csv`` names, for each resolution the catalogue holds as a
document (``fixtures/reforms.json``, every fact with its source), which successions it made:

- ``province``: every province or centrally-run city taken over by another on 01/07/2025 (the
  National Assembly's resolution on provinces, 202/2025/QH15);
- ``commune`` with a province code: every commune, ward or township of that province taken
  over by a commune, ward or special zone of the 2025 province of that code (the Standing
  Committee's resolution on that province's communes, 1656/NQ-UBTVQH15 for Hà Nội, 01).

A succession that already names a document keeps it (an editor's choice is never rewritten);
a resolution that is not in the catalogue (the fixture not imported) links nothing. One
``UPDATE`` per resolution. Run by ``manage.py load_places`` after the successions are loaded.
"""

from __future__ import annotations

import csv
from pathlib import Path

from documents.models import Document, Locality, LocalitySuccession

from .data import GazetteerError

#: The kinds each level of the file means, before (``from``) and after (``to``) the reform.
PROVINCE_KINDS = ("city", "province")
COMMUNE_KINDS_BEFORE = ("ward", "commune", "township")
COMMUNE_KINDS_AFTER = ("ward", "commune", "special_zone")
LEVELS = ("province", "commune")
FILE = "resolutions.csv"


def read_resolutions(directory: Path) -> list[dict[str, str]]:
    """The rows of *directory*'s resolutions file ([] without one), checked."""
    path = Path(directory) / FILE
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for number, row in enumerate(rows, start=2):
        if row.get("level") not in LEVELS or not row.get("document"):
            raise GazetteerError(f"{FILE}:{number}: a document slug and a level "
                                 f"({', '.join(LEVELS)}) are required")
        if row["level"] == "commune" and not (row.get("province_code") or "").isdigit():
            raise GazetteerError(f"{FILE}:{number}: a commune resolution names its province")
    return rows


def successions_made_by(row: dict[str, str]):
    """The successions the resolution of *row* made (a queryset)."""
    if row["level"] == "province":
        return LocalitySuccession.objects.filter(from_locality__kind__in=PROVINCE_KINDS,
                                                 to_locality__kind__in=PROVINCE_KINDS)
    provinces = Locality.objects.filter(code=row["province_code"], kind__in=PROVINCE_KINDS,
                                        valid_to__isnull=True)
    return LocalitySuccession.objects.filter(
        from_locality__kind__in=COMMUNE_KINDS_BEFORE,
        to_locality__kind__in=COMMUNE_KINDS_AFTER,
        to_locality__parent__in=provinces.values("pk"),
    )


def link_resolutions(directory: Path) -> int:
    """Point the successions each resolution made at its document; how many were linked."""
    rows = read_resolutions(directory)
    documents = dict(Document.objects.filter(slug__in=[row["document"] for row in rows])
                     .values_list("slug", "pk"))
    linked = 0
    for row in rows:
        if row["document"] in documents:
            linked += successions_made_by(row).filter(document__isnull=True).update(
                document_id=documents[row["document"]])
    return linked
