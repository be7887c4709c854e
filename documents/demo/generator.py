"""The demo generator: every part in the order its random choices are drawn, and
:func:`generate_demo_data`, what ``manage.py generate_demo_data`` runs.

At scale (:attr:`Generator.bulk_from` documents) the load is shaped for speed: ``COPY``
(:mod:`documents.demo.copy`), the big tables' secondary indexes built once at the end, no
foreign-key checks (the tests load without this and check the references), and the full
texts — most of the time: the database computes every provision's search vector — loaded
after the rest is committed, by :data:`TEXT_WORKERS` processes (one a core)."""

from __future__ import annotations

import io
import os

from django.core.management import call_command
from django.db import connection, transaction

from documents.models import (
    Document,
    DocumentLink,
    DocumentText,
    Provision,
    SourceMention,
    Target,
)

from .bodies import Bodies
from .clear import clear_demo_data, demo_present
from .common import DemoDataError, GeneratorBase
from .copy import indexes_deferred, reference_checks_skipped
from .documents import Documents
from .links import Links
from .places import Places
from .sources import Sources
from .targets import Targets
from .texts import TEXT_SHARE, Texts
from .topics import Topics


class Generator(Places, Bodies, Topics, Documents, Links, Sources, Targets, Texts,
                GeneratorBase):
    """Plans the demo data as plain records, then loads it (``COPY``, :mod:`.copy`).

    The parts share the one random source: :meth:`run` calls them in a fixed order, which is
    what makes the data the same for the same seed and number of documents (the texts draw
    from their own, :mod:`.texts`).
    """

    #: From this many documents, the big tables' secondary indexes are dropped during the
    #: load and built again at the end (:func:`~documents.demo.copy.indexes_deferred`), and
    #: the load skips the foreign-key checks
    #: (:func:`~documents.demo.copy.reference_checks_skipped`).
    bulk_from = 5000

    def run(self, texts: bool = True) -> dict[str, int]:
        """Everything, in the current transaction; without the texts if not *texts*
        (:meth:`insert_texts_in_parallel` then, after the commit)."""
        big = [Document, Document.topics.through, DocumentLink, Target, SourceMention]
        if texts:
            big += [DocumentText, Provision]
        bulk = self.n >= self.bulk_from
        with indexes_deferred(big, enabled=bulk):
            with reference_checks_skipped(enabled=bulk):
                self.load()
                if texts:
                    self.insert_texts()
            self.say("building the indexes")
        return self.counts

    def load(self) -> None:
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


#: Processes loading the texts at scale (the machine's cores, at most 4).
TEXT_WORKERS = max(1, min(4, os.cpu_count() or 1))
#: From this many texts (and outside any transaction), they are loaded in parallel.
PARALLEL_TEXTS_FROM = 2000


def generate_demo_data(documents: int, seed: int = 1, *, clear: bool = False,
                       out=None, text_share: float = TEXT_SHARE,
                       workers: int | None = None) -> dict[str, int]:
    """Generate *documents* demo documents and everything around them, beside the seed data
    (loaded first if it is missing, never modified), in one transaction; *clear*: remove the
    demo data already there first (else its presence is an error). *out*: called with each
    progress message; *text_share*: the share of documents given a full text (0 to 1).
    *workers*: processes loading the texts (default :data:`TEXT_WORKERS`); with more than
    one, from :data:`PARALLEL_TEXTS_FROM` texts and when not called inside a transaction,
    the texts are loaded after the rest is committed, each process in a transaction of its
    own. Returns the number of rows of each kind.

    Raises :class:`DemoDataError` when the data cannot be generated.
    """
    call_command("load_seed", verbosity=0, stdout=io.StringIO())
    workers = TEXT_WORKERS if workers is None else workers
    parallel = (workers > 1 and round(documents * text_share) >= PARALLEL_TEXTS_FROM
                and not connection.in_atomic_block)
    generator = Generator(documents, seed, out=out)
    generator.text_share = text_share
    with transaction.atomic():
        if demo_present():
            if not clear:
                raise DemoDataError("Demo data is already present: use --clear to replace it.")
            clear_demo_data()
            with connection.cursor() as cursor:  # the deletions' checks, while indexed
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        generator.run(texts=not parallel)
    if parallel:
        generator.insert_texts_in_parallel(workers)
    generator.say("done")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    from documents.cache import data_changed

    data_changed()  # bulk inserts send no signals
    return generator.counts
