"""Render and keep the document pages' link picture, chain and tree (documents/renderings.py)
wherever the kept piece is missing or stale, in every language of the site.

    manage.py keep_document_parts                 # every document
    manage.py keep_document_parts --limit 1000    # the first 1.000 (by id)

Pages do this themselves on the first request after a change; run it after an import or a
restore so that no reader pays for that request. Idempotent: a current piece is left as it is.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from documents import renderings
from documents.models import Document


class Command(BaseCommand):
    help = "Render and keep the document pages' link picture, chain and tree where stale."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None,
                            help="At most this many documents (the first by id).")

    def handle(self, *args, **options):
        documents = Document.objects.order_by("pk")
        if options["limit"] is not None:
            ids = list(documents.values_list("pk", flat=True)[: max(0, options["limit"])])
            documents = Document.objects.filter(pk__in=ids)
        count = renderings.keep(documents)
        self.stdout.write(f"{count} piece(s) rendered and kept.")
