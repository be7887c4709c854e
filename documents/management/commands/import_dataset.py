"""Import a dataset file in the interchange format (docs/INTERCHANGE.md).

Everything is validated before anything is written; every error is reported with its place in
the file (a JSON Pointer such as ``/documents/3/issuing_body``, or a line and column for a JSON
syntax error) and the command exits with status 1, leaving the database unchanged.
"""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from documents.interchange.importer import DatasetError, import_dataset, parse_text


class Command(BaseCommand):
    help = (
        "Import a dataset file in the JSON interchange format: validate everything first, "
        "then create or update by stable key in one transaction (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The dataset file ('-' for standard input).")
        parser.add_argument(
            "--create-missing-as-reference",
            action="store_true",
            help="Create a by-reference document for each link to a document that is neither "
            "in the file nor in the database (instead of reporting an error).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate only; write nothing."
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        path = options["file"]
        try:
            if path == "-":
                raw = sys.stdin.buffer.read()
            else:
                with open(path, "rb") as handle:
                    raw = handle.read()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        try:
            data = parse_text(raw)
            report = import_dataset(
                data,
                create_missing_as_reference=options["create_missing_as_reference"],
                dry_run=options["dry_run"],
            )
        except DatasetError as exc:
            for problem in exc.problems:
                self.stderr.write(f"{path}: {problem}")
            n = len(exc.problems)
            raise CommandError(
                f"{n} error{'s' if n != 1 else ''} in {path}: nothing was imported."
            ) from exc
        elapsed = time.perf_counter() - started
        if options["dry_run"]:
            self.stdout.write(f"{path}: valid; nothing written (--dry-run) ({elapsed:.1f} s).")
            return
        for line in report.lines():
            self.stdout.write(line)
        verdict = "imported" if report.changed else "nothing to change"
        self.stdout.write(self.style.SUCCESS(f"{path}: {verdict} ({elapsed:.1f} s)."))
