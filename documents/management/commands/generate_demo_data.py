"""``manage.py generate_demo_data --documents 100000 --seed 1 [--clear]``: realistic synthetic
demo data beside the seed data, the same for the same arguments (:mod:`documents.demo`)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from documents.demo import DemoDataError, generate_demo_data
from documents.demo.texts import TEXT_SHARE


class Command(BaseCommand):
    help = (
        "Generate realistic synthetic demo data (localities, bodies, documents, links, "
        "targets, sources…) beside the seed data, deterministic for --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, default=1000,
                            help="How many documents to create (default 1000).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument("--text-share", type=float, default=TEXT_SHARE,
                            help="The share of documents given a structured full text, 0 to 1 "
                            f"(default {TEXT_SHARE}: 20.000 texts at 100.000 documents).")
        parser.add_argument("--clear", action="store_true",
                            help="Remove previously generated demo data first.")

    def handle(self, *args, **options):
        n = options["documents"]
        if n < 1:
            raise CommandError("--documents must be at least 1.")
        if not 0 <= options["text_share"] <= 1:
            raise CommandError("--text-share must be between 0 and 1.")
        verbose = options["verbosity"] >= 1
        try:
            counts = generate_demo_data(n, options["seed"], clear=options["clear"],
                                        out=self.stdout.write if verbose else None,
                                        text_share=options["text_share"])
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        if verbose:
            summary = ", ".join(f"{v} {k}" for k, v in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Demo data generated: {summary}."))
