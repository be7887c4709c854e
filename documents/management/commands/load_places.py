"""Load every administrative unit of Việt Nam (``fixtures/gazetteer/``) into the places.

Idempotent: a second run changes nothing. Run after ``load_seed`` (``make seed`` does), so the
seed's places become these units instead of being duplicated.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.gazetteer.data import GAZETTEER_DIR, GazetteerError
from documents.gazetteer.loader import load_gazetteer


class Command(BaseCommand):
    help = "Load every administrative unit of Việt Nam, before and after 01/07/2025."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(GAZETTEER_DIR),
                            help="Folder holding units.csv and successions.csv.")

    def handle(self, *args, **options):
        try:
            report = load_gazetteer(Path(options["dir"]))
        except GazetteerError as error:
            raise CommandError(f"Places not loaded (nothing was changed): {error}") from error
        if not report.changes:
            self.stdout.write(f"Places already loaded: nothing to do ({report.seconds:.1f} s).")
            return
        adopted = ", ".join(report.adopted) or "none"
        self.stdout.write(self.style.SUCCESS(
            f"Places loaded in {report.seconds:.1f} s: {report.created} created, "
            f"{len(report.adopted)} existing places given their code ({adopted}), "
            f"{report.filled} end dates filled, {report.successions} successions added, "
            f"{report.resolutions} linked to the resolution that made them."
        ))
