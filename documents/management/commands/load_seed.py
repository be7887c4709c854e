"""Load the seed fixtures (the five source articles' documents) once.

Idempotent and safe to rerun: if the seed is already in the database nothing
is written, so edits made in the admin are never overwritten. Otherwise every
object of the fixture is saved through its model's ``save()`` inside one
transaction, so derived fields (folded names, collation keys, locality paths,
parsed symbols, search text) are computed by the same code the admin uses, and
an error anywhere leaves the database unchanged.

Fixture files are ordinary Django JSON fixtures, listed parents first.
"""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction

SEED_FIXTURES = ["seed.json"]
SEED_MARKER_PREFIX = "seeds/"


class SeedConflict(Exception):
    """A fixture object's id is already taken by another row."""


def load_fixture_through_models(path: Path, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Save every object in *path* with ``Model.save()``; returns counts per model."""
    counts: dict[str, int] = {}
    touched = set()
    with path.open(encoding="utf-8") as handle:
        for item in serializers.deserialize("json", handle, using=using):
            obj = item.object
            if type(obj)._default_manager.using(using).filter(pk=obj.pk).exists():
                # Another row holds the fixture's id (e.g. the gazetteer was loaded first):
                # saving would overwrite it. Refused; the transaction writes nothing.
                raise SeedConflict(
                    f"{obj._meta.label} {obj.pk} already exists and is not the seed's "
                    f"(load the seed into an empty database, before load_places)")
            obj.save(using=using)
            for field_name, values in (item.m2m_data or {}).items():
                getattr(obj, field_name).set(values)
            label = obj._meta.label
            counts[label] = counts.get(label, 0) + 1
            touched.add(type(obj))
            history = getattr(type(obj), "history", None)
            if history is not None:
                touched.add(history.model)
    connection = connections[using]
    sql = connection.ops.sequence_reset_sql(no_style(), sorted(touched, key=str))
    if sql:
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)
    return counts


class Command(BaseCommand):
    help = "Load the seed fixtures once (does nothing if they are already loaded)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixture-dir",
            default=str(Path(settings.BASE_DIR) / "fixtures"),
            help="Folder holding the seed fixtures.",
        )

    def handle(self, *args, **options):
        Source = apps.get_model("documents", "Source")
        if Source.objects.filter(reference__startswith=SEED_MARKER_PREFIX).exists():
            self.stdout.write("Seed data already present: nothing to do.")
            return
        fixture_dir = Path(options["fixture_dir"])
        totals: dict[str, int] = {}
        try:
            with transaction.atomic():
                for name in SEED_FIXTURES:
                    for label, n in load_fixture_through_models(fixture_dir / name).items():
                        totals[label] = totals.get(label, 0) + n
        except Exception as exc:  # report the failing fixture; nothing was written
            raise CommandError(f"Seed data not loaded (nothing was changed): {exc}") from exc
        summary = ", ".join(f"{n} {label.split('.')[1]}" for label, n in totals.items())
        self.stdout.write(self.style.SUCCESS(f"Seed data loaded: {summary}."))
