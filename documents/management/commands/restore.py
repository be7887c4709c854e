"""Restore a backup made by ``manage.py backup`` into an EMPTY database.

    createdb catalogue_restored
    DATABASE_URL=postgres://…/catalogue_restored manage.py restore backups/20251106-120000

The native copy is used when the backup comes from the same kind of database; otherwise (or
with ``--from-json``) the database is migrated and the JSON export imported. Either way the
restored catalogue's export must equal the backup's, or the command fails.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from documents.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup directory into an empty database, then check that the restored "
        "catalogue exports exactly like the backup's dataset.json."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A backup directory (backups/<timestamp>).")
        parser.add_argument(
            "--from-json", action="store_true",
            help="Restore from the JSON export (migrate + import_dataset) even when the native "
            "dump could be used: the catalogue only, without users, roles and history.",
        )

    def handle(self, *args, **options):
        try:
            result = restore_backup(options["directory"], from_json=options["from_json"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Restored {result.directory} ({result.method}): {result.documents} documents, "
            f"{result.files_written} file(s) put back in the storage (each checked by its "
            "SHA-256); the export matches the backup's dataset.json."
        ))
