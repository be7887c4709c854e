"""Export the whole catalogue as one JSON file in the interchange format (docs/INTERCHANGE.md)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from documents.interchange.export import build_dataset, dumps


class Command(BaseCommand):
    help = (
        "Export the whole catalogue in the versioned JSON interchange format "
        "(docs/INTERCHANGE.md). Writes to standard output unless -o is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", metavar="FILE", help="Write to FILE.")

    def handle(self, *args, **options):
        started = time.perf_counter()
        dataset = build_dataset()
        text = dumps(dataset)
        output = options.get("output")
        if output and output != "-":
            with open(output, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            counts = ", ".join(
                f"{len(v)} {k}" for k, v in dataset.items() if isinstance(v, list)
            )
            self.stderr.write(
                f"Wrote {output}: {counts} ({time.perf_counter() - started:.1f} s)."
            )
        else:
            self.stdout.write(text, ending="")
