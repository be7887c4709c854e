"""A check shared by the tests of every way documents are written (the admin's save(), the
seed loader, the demo generator, the importer, moving a place): the ancestors each document
stores (``Document.place_1`` … ``place_3``) are those of its locality's path."""

from __future__ import annotations

from documents.models import Document
from documents.models.places import place_columns


def stale_places() -> list[tuple[str, dict, dict]]:
    """Documents whose stored ancestors disagree with their locality's path: (slug, stored,
    expected)."""
    wrong = []
    for slug, path, *stored in Document.objects.values_list(
        "slug", "locality__path", "place_1_id", "place_2_id", "place_3_id"
    ):
        expected = place_columns(path)
        if list(expected.values()) != stored:
            wrong.append((slug, stored, expected))
    return wrong
