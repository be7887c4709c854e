"""The source details a pasted article gives away: its publisher (``(HNM) -``, ``Theo Tiền
Phong``) and its headline (the first line, when it reads like one). Pure Python.
"""

from __future__ import annotations

import re

__all__ = ["guess_source_details"]

_PUBLISHER_RE = re.compile(r"^\s*\((?P<name>[A-ZĐÐ][\w.&\- ]{0,30}?)\)\s*[-–—]?", re.MULTILINE)
_THEO_RE = re.compile(r"^\s*Theo\s+(?P<name>[A-ZĐÐ][^\n.,;:]{1,60}?)\s*$", re.MULTILINE)


def guess_source_details(text: str) -> dict[str, str]:
    """Publisher and headline guessed from a pasted article (blank when unsure)."""
    guess = {"publisher": "", "headline": ""}
    match = _PUBLISHER_RE.search(text) or _THEO_RE.search(text)
    if match:
        guess["publisher"] = match.group("name").strip()
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if len(line) <= 250 and not line.endswith((".", ":", ";")):
            guess["headline"] = line
        break
    return guess
