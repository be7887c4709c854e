"""A problem found in a dataset file, with its place, and the error that lists them all.

Reading (:mod:`.reading`) and checking (:mod:`.checking`) report :class:`Problem` objects; the
import raises :class:`DatasetError` with every one of them, having written nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from .schema import COLLECTIONS


@dataclass(frozen=True)
class Problem:
    """One error, with its place in the file (a JSON Pointer, or a line and column)."""

    pointer: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is not None:
            return f"line {self.line}, column {self.column}: {self.message}"
        return f"{self.pointer or '/'}: {self.message}"


class DatasetError(Exception):
    """The file has errors; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def pointer(*parts) -> str:
    """``pointer("documents", 3, "issuing_body")`` -> ``/documents/3/issuing_body``."""
    if len(parts) == 2 and parts[0] in COLLECTIONS and type(parts[1]) is int:
        return f"/{parts[0]}/{parts[1]}"  # an item of a collection (the common case)
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def in_file_order(problems: list[Problem]) -> list[Problem]:
    """*problems* ordered as their places appear in the file (stable within one item)."""
    return sorted(problems, key=_place)


def _place(problem: Problem) -> tuple:
    """Where *problem* is in the file: (collection, item)."""
    parts = problem.pointer.split("/")[1:3]
    collection = COLLECTIONS.index(parts[0]) if parts and parts[0] in COLLECTIONS else -1
    index = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else -1
    return (collection, index)

