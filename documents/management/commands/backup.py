"""Back up the database and the JSON interchange export into ``backups/<timestamp>/``.

    manage.py backup                 # into backups/ at the project root
    manage.py backup --dir /srv/bk   # elsewhere

See documents/backup.py and docs/OPERATIONS.md.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from documents.backup import BackupError, create_backup, default_root


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump custom format) "
        "and the JSON interchange export into a new directory <dir>/<timestamp>/."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="Where backup directories go (default: backups/).")

    def handle(self, *args, **options):
        try:
            directory = create_backup(options["dir"] or default_root())
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written to {directory}"))
