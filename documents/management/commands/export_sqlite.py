"""Write the catalogue as a SQLite file for Datasette and spreadsheets (documents.sqlite_export).

    manage.py export_sqlite catalogue.sqlite
    datasette catalogue.sqlite        # full-text search: ?_search=dao tao
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from documents.sqlite_export import write_sqlite


class Command(BaseCommand):
    help = ("Write the catalogue (documents, links, an FTS5 index over folded text) to one "
            "SQLite file, for Datasette and spreadsheet users.")

    def add_arguments(self, parser):
        parser.add_argument("output", help="The SQLite file to write (replaced if it exists).")

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = write_sqlite(options["output"])
        self.stdout.write(f"Wrote {options['output']}: {count} documents "
                          f"({time.perf_counter() - started:.1f} s).")
