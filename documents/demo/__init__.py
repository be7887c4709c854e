"""Realistic demo data at scale on the real places of Việt Nam, deterministic per seed.

``generate_demo_data(100_000, seed=1)`` (``manage.py generate_demo_data --documents 100000
--seed 1``) adds, beside the seed data (loaded first with ``load_seed`` if it is missing, and
never modified), one module each:

- ``places``: the real administrative units before and after the 2025 reform (the gazetteer,
  loaded with ``load_places`` if missing; at less than 100.000 documents a share of the
  communes), and made-up villages and residential groups below today's communes;
- ``bodies``: the issuing bodies of each place, with their terms, and their signers;
- ``topics``: the demo topics and indicators, and what documents on each are about;
- ``documents``: documents over 20 years (2006–2025) with symbols in the national formats,
  key central documents implemented by every province, provinces' plans implemented by their
  districts and communes;
- ``links``: legal bases, references, continuations, amendments, replacements and
  evaluations (about three links a document);
- ``sources``: sources with quotes, and events with the people at them;
- ``targets``: targets (about one for two documents) and figures;
- ``generator``: the parts in order (:class:`Generator`) and :func:`generate_demo_data`;
- ``clear``: :func:`clear_demo_data`, which removes the demo data and only it;
- ``copy``: loading with ``COPY``, indexes built at the end.

The small tables are inserted with ``bulk_create``, the big ones (documents, their topics,
links, targets, mentions, texts and provisions) with ``COPY`` (``copy``: ids drawn from the
sequences first; at scale the secondary indexes built once at the end, no per-row
foreign-key checks, the texts loaded by one process a core after the rest is committed:
``generator``). Derived columns are computed by the models' own ``save()`` code (run without
its database write: folded and collation keys, canonical symbol parts, search text) or the
same functions (``clean_text``, ``fold``), and locality paths with the same formula as
``Locality.save()``; the database computes the search vectors; so the data is exactly what
the admin would have stored.

Every object generated (not the gazetteer's units: they are the catalogue's places) has a
slug starting with ``demo-`` (:data:`PREFIX`; sources: reference
``demo/…``, :data:`SOURCE_PREFIX`). The random choices depend only on the seed and the number
of documents: the same arguments give the same data.
"""

from .clear import clear_demo_data, demo_present
from .common import PREFIX, SOURCE_PREFIX, DemoDataError
from .generator import Generator, generate_demo_data

__all__ = [
    "PREFIX",
    "SOURCE_PREFIX",
    "DemoDataError",
    "Generator",
    "clear_demo_data",
    "demo_present",
    "generate_demo_data",
]
