"""The demo generator: every part in the order its random choices are drawn, and
:func:`generate_demo_data`, what ``manage.py generate_demo_data`` runs."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.db import connection, transaction

from .bodies import Bodies
from .clear import clear_demo_data, demo_present
from .common import DemoDataError, GeneratorBase
from .documents import Documents
from .links import Links
from .places import Places
from .sources import Sources
from .targets import Targets
from .texts import TEXT_SHARE, Texts
from .topics import Topics


class Generator(Places, Bodies, Topics, Documents, Links, Sources, Targets, Texts,
                GeneratorBase):
    """Plans the demo data as plain records, then inserts it with ``bulk_create`` in batches.

    The parts share the one random source: :meth:`run` calls them in a fixed order, which is
    what makes the data the same for the same seed and number of documents.
    """

    def run(self) -> dict[str, int]:
        self.build_localities()
        self.insert_localities()
        self.say(f"{len(self.localities)} localities")
        self.build_bodies()
        self.build_people()
        self.insert_bodies_terms_people()
        self.say(f"{self.counts['bodies']} bodies, {self.counts['people']} people")
        self.topics_and_indicators()
        self.build_documents()
        self.say(f"{len(self.docs)} documents planned")
        self.insert_sources()
        self.insert_documents()
        self.insert_links()
        self.insert_targets()
        self.insert_mentions()
        self.insert_figures()
        self.insert_events()
        self.insert_texts()
        self.say("done")
        return self.counts


def generate_demo_data(documents: int, seed: int = 1, *, clear: bool = False,
                       out=None, text_share: float = TEXT_SHARE) -> dict[str, int]:
    """Generate *documents* demo documents and everything around them, beside the seed data
    (loaded first if it is missing, never modified), in one transaction; *clear*: remove the
    demo data already there first (else its presence is an error). *out*: called with each
    progress message; *text_share*: the share of documents given a full text (0 to 1).
    Returns the number of rows of each kind.

    Raises :class:`DemoDataError` when the data cannot be generated.
    """
    call_command("load_seed", verbosity=0, stdout=io.StringIO())
    with transaction.atomic():
        if demo_present():
            if not clear:
                raise DemoDataError("Demo data is already present: use --clear to replace it.")
            clear_demo_data()
        generator = Generator(documents, seed, out=out)
        generator.text_share = text_share
        counts = generator.run()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    from documents.cache import data_changed

    data_changed()  # bulk inserts send no signals
    return counts
