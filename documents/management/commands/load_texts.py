"""Attach the texts read from public pages (``fixtures/texts.json``) to their documents.

Idempotent: a second run changes nothing, and an editor's corrected text is never touched
(``documents/page_texts.py``). Run after the seed and the central corpus (``make seed`` does):
a text whose document or source is not in the database is reported and left out.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.page_texts import TEXTS_INDEX, PageTextError, load_page_texts


class Command(BaseCommand):
    help = "Attach the texts read from public pages (fixtures/texts.json) to their documents."

    def add_arguments(self, parser):
        parser.add_argument("--index", default=str(TEXTS_INDEX),
                            help="The texts index (default: fixtures/texts.json).")
        parser.add_argument("--excerpts", action="store_true",
                            help="Also load texts that are only a document's beginning.")

    def handle(self, *args, **options):
        try:
            report = load_page_texts(Path(options["index"]),
                                     include_excerpts=options["excerpts"])
        except PageTextError as error:
            raise CommandError(f"Texts not loaded (nothing was changed): {error}") from error
        for symbol, why in report.missing:
            self.stderr.write(f"Left out {symbol}: {why}.")
        if report.excerpts_skipped:
            self.stdout.write(
                f"{len(report.excerpts_skipped)} beginnings of texts not loaded "
                f"(--excerpts loads them): {', '.join(report.excerpts_skipped)}.")
        if not report.changes:
            self.stdout.write(f"Texts already loaded: nothing to do "
                              f"({len(report.unchanged)} unchanged).")
            return
        self.stdout.write(self.style.SUCCESS(
            f"Texts loaded: {len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged."))
