"""Reading a dataset file: bytes or text -> the parsed JSON value (the file's rows).

The interchange format is one JSON file (``docs/INTERCHANGE.md``). :func:`parse_text` decodes
it (UTF-8, with or without a byte order mark) and parses it; a file that cannot be read is a
:class:`~.problems.DatasetError` naming the place (line and column for a syntax error or
nesting too deep, a JSON Pointer for text no database column can hold). What the values mean
is checked afterwards (:mod:`.checking`).
"""

from __future__ import annotations

import gc
import json
import re
from contextlib import contextmanager

from .problems import DatasetError, Problem, pointer


@contextmanager
def collector_paused():
    """Python's cyclic garbage collector paused for the block. A large file means millions of
    long-lived objects (the parsed file, then the specs and the prepared objects), which each
    of the collector's full passes would traverse again -- seconds each, a dozen times over
    100.000 documents -- while reading and importing a file leaves no garbage cycles that
    matter before the end (they are collected after it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: Deeper than any file of the format (a document's target is four levels down): where a file
#: too deep for the JSON parser is reported.
MAX_DEPTH = 32
_SURROGATES = re.compile("[\ud800-\udfff]")


def _too_deep(text: str, limit: int = MAX_DEPTH) -> tuple[int, int] | None:
    """Line and column of the first ``[`` or ``{`` nested more than *limit* levels deep."""
    depth = 0
    in_string = escaped = False
    for offset, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                line = text.count("\n", 0, offset) + 1
                return line, offset - text.rfind("\n", 0, offset)
        elif char in "]}":
            depth -= 1
    return None


def text_problems(data: object) -> list[Problem]:
    """Strings (values and field names) that no database column can hold, with their place:
    a NUL character (PostgreSQL refuses it in any text) or a lone surrogate (half of a
    UTF-16 pair, written ``\\ud800`` in JSON: not a character, it cannot be encoded).
    Walked without recursion."""
    problems = []

    def bad(text: str) -> str | None:
        if "\x00" in text:
            return "a NUL character (U+0000), which the database cannot store"
        surrogate = _SURROGATES.search(text)
        if surrogate:
            return (f"a lone surrogate (U+{ord(surrogate.group()):04X}), which is not a "
                    "character")
        return None

    stack: list[tuple[tuple, object]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            reason = bad(value)
            if reason:
                problems.append(Problem(pointer(*path), f"the text holds {reason}"))
        elif isinstance(value, dict):
            for key, item in value.items():
                reason = bad(key)
                if reason:
                    problems.append(Problem(pointer(*path),
                                            f"the field name {json.dumps(key)} holds {reason}"))
                else:
                    stack.append(((*path, key), item))
        elif isinstance(value, list):
            stack.extend(((*path, i), item) for i, item in enumerate(value))
    return sorted(problems, key=lambda p: p.pointer)


def parse_text(raw: bytes | str) -> object:
    """Parse the file's JSON; a syntax error becomes a :class:`DatasetError` with line/column,
    as does nesting too deep for the parser (reported where it passes :data:`MAX_DEPTH`), and
    text no database column can hold (:func:`text_problems`: NUL, lone surrogates)."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DatasetError(
                [Problem("", f"the file is not UTF-8 (byte {exc.start}: {exc.reason})")]
            ) from exc
    try:
        with collector_paused():
            data = json.loads(raw)
    except RecursionError:  # nested deeper than the parser goes: find where (rare, slow)
        line, column = _too_deep(raw) or (1, 1)
        raise DatasetError([Problem("", f"invalid JSON: nested more than {MAX_DEPTH} levels "
                                        "deep", line=line, column=column)]) from None
    except json.JSONDecodeError as exc:
        raise DatasetError(
            [Problem("", f"invalid JSON: {exc.msg}", line=exc.lineno, column=exc.colno)]
        ) from exc
    # Raw NUL and lone surrogates cannot be in the text (JSON and UTF-8 refuse them); only
    # their escapes can. Searching the text for those is fast; the walk runs only if found.
    if "\\u0000" in raw or "\\ud" in raw or "\\uD" in raw:
        problems = text_problems(data)
        if problems:
            raise DatasetError(problems)
    return data
