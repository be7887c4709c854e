"""Export the whole catalogue as one JSON file in the interchange format (docs/INTERCHANGE.md)."""

from __future__ import annotations

import os
import time

from django.core.management.base import BaseCommand

from documents.interchange.export import write_dataset


class Command(BaseCommand):
    help = (
        "Export the whole catalogue in the versioned JSON interchange format "
        "(docs/INTERCHANGE.md). Writes to standard output unless -o is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", metavar="FILE", help="Write to FILE.")

    def handle(self, *args, **options):
        started = time.perf_counter()
        output = options.get("output")
        if output and output != "-":
            # written as it is read (documents/interchange/export.py: bounded memory), beside
            # FILE, which it replaces once whole: a failed export leaves no file cut short
            part = f"{output}.part"
            try:
                with open(part, "w", encoding="utf-8", newline="\n") as handle:
                    counts = write_dataset(handle.write)
                os.replace(part, output)
            finally:
                if os.path.exists(part):
                    os.remove(part)
            self.stderr.write(
                f"Wrote {output}: {', '.join(f'{n} {k}' for k, n in counts.items())} "
                f"({time.perf_counter() - started:.1f} s)."
            )
        else:
            write_dataset(lambda text: self.stdout.write(text, ending=""))
