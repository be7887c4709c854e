"""The plan of an import: what the checked file will create or update, before anything is
written.

:func:`~.checking.check` turns a file into a :class:`Plan` (or the list of its problems): every
object of the file, cleaned and with its references checked (a *spec*: a ``dict`` of field
values, references still as the file's keys), and what the database already holds. The plan
is plain data: it can be inspected and tested without a write; :mod:`.writing` carries it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .stored import Stored

#: The collections whose objects have a key of their own (``slug``; ``reference`` for sources).
KEYED = ("localities", "bodies", "people", "topics", "indicators", "sources", "documents")

Specs = dict[str, tuple[int, dict]]  # key -> (index in the file, spec)


@dataclass
class Plan:
    """Every object of a checked file, by collection.

    The keyed collections map each key to its place in the file and its spec; a document's
    spec holds its ``targets`` and ``mentions``, a body's its ``terms``. ``links``, ``figures``
    and ``events`` are lists of specs (matched to the database by their fields when written);
    ``by_reference`` the documents that links create (``--create-missing-as-reference``).
    """

    stored: Stored
    localities: Specs = field(default_factory=dict)
    bodies: Specs = field(default_factory=dict)
    people: Specs = field(default_factory=dict)
    topics: Specs = field(default_factory=dict)
    indicators: Specs = field(default_factory=dict)
    sources: Specs = field(default_factory=dict)
    documents: Specs = field(default_factory=dict)
    links: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    by_reference: dict[str, dict] = field(default_factory=dict)

    def _exists(self, collection: str, key: str, spec: dict) -> bool:
        if collection == "sources":
            return self.stored.match_source(key, spec["headline"]) is not None
        return key in self.stored.by_collection[collection]

    def creates(self, collection: str) -> list[str]:
        """The keys of *collection* that the import creates (not in the database)."""
        specs: Specs = getattr(self, collection)
        return [k for k, (_i, spec) in specs.items() if not self._exists(collection, k, spec)]

    def updates(self, collection: str) -> list[str]:
        """The keys of *collection* already in the database: merged with the file's values
        (:mod:`.merging`; those left equal are not even saved)."""
        specs: Specs = getattr(self, collection)
        return [k for k, (_i, spec) in specs.items() if self._exists(collection, k, spec)]

    def summary(self) -> dict[str, tuple[int, int]]:
        """``{collection: (creates, updates)}`` for the keyed collections in the file."""
        return {name: (len(self.creates(name)), len(self.updates(name)))
                for name in KEYED if getattr(self, name)}
