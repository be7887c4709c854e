"""Import a dataset file in the interchange format (docs/INTERCHANGE.md).

Everything is validated before anything is written; every error is reported with its place in
the file (a JSON Pointer such as ``/documents/3/issuing_body``, or a line and column for a JSON
syntax error) and the command exits with status 1, leaving the database unchanged.

The file is merged with the database: a field it does not state is left alone, an empty stored
value is filled, and a field it states with another value is a conflict -- every conflict is
listed (object, field, the database's value, the file's) and nothing is written, unless
``--replace`` (every object) or ``--replace-only OBJECT`` (one object, as the list names it)
lets the file's values win. ``--dry-run`` prints, object by object, what would be added,
filled, replaced, removed or in conflict, and writes nothing.
"""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from documents.interchange.importer import (
    DatasetError,
    ImportConflicts,
    import_dataset,
    parse_text,
)


def _read(path: str) -> object:
    """The parsed file (``-``: standard input)."""
    try:
        if path == "-":
            raw = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as handle:
                raw = handle.read()
    except OSError as exc:
        raise CommandError(f"{path}: {exc.strerror}") from exc
    return parse_text(raw)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


class Command(BaseCommand):
    help = (
        "Import a dataset file in the JSON interchange format: validate everything first, "
        "then add new objects and fill empty fields of existing ones by stable key in one "
        "transaction (idempotent). A field the file states with another value than the "
        "database's is a conflict: listed, and nothing is written without --replace."
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
            "--dry-run", action="store_true",
            help="Validate and print, object by object, what would be added, filled, "
            "replaced, removed or in conflict; write nothing.",
        )
        parser.add_argument(
            "--replace", action="store_true",
            help="The file's values win over the database's for every field the file states "
            "(fields it leaves out are never touched); an object's lists (a document's "
            "topics, targets, mentions…) become the file's.",
        )
        parser.add_argument(
            "--replace-only", action="append", default=[], metavar="OBJECT",
            help="As --replace, for one object named as the conflict list names it "
            "(documents/<slug>, bodies/<slug>, sources/<reference>, links/<from>/<kind>/<to>, "
            "figures/<n>, events/<n>…); may be repeated.",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        path = options["file"]
        try:
            data = _read(path)  # the file's bytes are not kept while it is imported
            report = import_dataset(
                data,
                create_missing_as_reference=options["create_missing_as_reference"],
                dry_run=options["dry_run"],
                replace=options["replace"],
                replace_only=options["replace_only"],
            )
        except DatasetError as exc:
            for problem in exc.problems:
                self.stderr.write(f"{path}: {problem}")
            raise CommandError(
                f"{_plural(len(exc.problems), 'error')} in {path}: nothing was imported."
            ) from exc
        except ImportConflicts as exc:
            self._conflicts(path, exc.changes)
            raise CommandError(
                f"{_plural(len(exc.changes.conflicts), 'conflict')} in {path}: nothing was "
                "imported. The database keeps its values; --replace lets the file's values "
                "win (or --replace-only OBJECT for one object), --dry-run shows every change."
            ) from exc
        elapsed = time.perf_counter() - started
        changes = report.changes
        if options["dry_run"]:
            for line in changes.lines():
                self.stdout.write(f"{path}: {line}")
            self.stdout.write(f"{path}: would make {changes.summary()}; nothing written "
                              f"(--dry-run) ({elapsed:.1f} s).")
            if changes.conflicts:
                self._conflicts(path, changes)
                raise CommandError(
                    f"{_plural(len(changes.conflicts), 'conflict')} in {path}: an import would "
                    "write nothing. --replace lets the file's values win (or --replace-only "
                    "OBJECT for one object)."
                )
            return
        for line in report.lines():
            self.stdout.write(line)
        if options["verbosity"] >= 2:
            for line in changes.lines():
                self.stdout.write(f"{path}: {line}")
        verdict = "imported" if report.changed else "nothing to change"
        self.stdout.write(self.style.SUCCESS(f"{path}: {verdict} ({elapsed:.1f} s)."))

    def _conflicts(self, path: str, changes) -> None:
        for line in changes.conflict_lines():
            self.stderr.write(f"{path}: {line}")
