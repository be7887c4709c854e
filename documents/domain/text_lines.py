"""A text's lines as extraction gives them, made fit to parse (docs/TEXT.md): normalised
(NFC, the wrong Đ U+00D0 mended), each with its page (form feeds), page numbers and headers
repeated on every page dropped; and lines joined back into paragraphs.

Pure Python, no Django; used by :mod:`documents.domain.structure`.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["SENTENCE_END", "is_caps", "normalise", "page_lines", "paragraphs", "starts_lower"]

_PAGE_NUMBER = re.compile(r"^\s*[-–—]?\s*(?:(?:Trang|Page)\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?"
                          r"\s*[-–—]?\s*$", re.IGNORECASE)
_BULLET = re.compile(r"^[-+•*–—]\s*")
SENTENCE_END = (".", ";", ":", "!", "?", "./.")
#: Words that open a preamble's paragraphs (a line starting with one starts anew).
_OPENERS = re.compile(r"^(?:Căn cứ|Xét|Theo đề nghị|Thực hiện)\b")

# -----------------------------------------------------------------------------------


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("Ð", "Đ").replace("ð", "đ")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return text


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def page_lines(text: str) -> list[tuple[int | None, str]]:
    """Each line with its page (1-based; ``None`` without form feeds), page noise dropped."""
    pages = normalise(text).split("\f")
    numbered = len(pages) > 1
    split = [[" ".join(line.split()) for line in page.split("\n")] for page in pages]
    edges: dict[str, int] = {}
    for lines in split:
        filled = [line for line in lines if line]
        for shape in {_shape(line) for line in filled[:2] + filled[-2:]}:
            edges[shape] = edges.get(shape, 0) + 1
    repeated = {shape for shape, count in edges.items()
                if numbered and count >= max(3, (len(split) + 1) // 2)}
    result: list[tuple[int | None, str]] = []
    for number, lines in enumerate(split, start=1):
        filled = [i for i, line in enumerate(lines) if line]
        edge = set(filled[:2] + filled[-2:])
        for index, line in enumerate(lines):
            if _PAGE_NUMBER.match(line) and line:
                continue
            if index in edge and _shape(line) in repeated:
                continue
            result.append((number if numbered else None, line))
        if numbered:
            result.append((number, ""))
    return result


def is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def starts_lower(line: str) -> bool:
    return bool(line) and line[0].isalpha() and line[0].islower()


def _joins(previous: str, line: str, width: int) -> bool:
    """Whether ``line`` continues ``previous`` (a line broken mid-sentence)."""
    if previous.endswith(SENTENCE_END) or _BULLET.match(line) or _OPENERS.match(line):
        return False
    if starts_lower(line) or line[0].isdigit():
        return True
    if is_caps(previous) or is_caps(line):
        return False
    return len(previous) >= 0.6 * width  # a short line ends its paragraph


def paragraphs(lines: list[str], width: int = 0) -> str:
    """Lines joined into paragraphs (``\\n\\n`` between them): a line broken mid-sentence
    (the next starts in lower case, or the line fills the page's ``width``) joins the
    previous one; a blank line, a sentence end, a ``-`` bullet or a line in capitals (a
    header) starts anew."""
    result: list[str] = []
    current, previous = "", ""
    for line in lines:
        if not line:
            if current:
                result.append(current)
            current = ""
            continue
        if current and _joins(previous, line, width):
            current = f"{current} {line}"
        else:
            if current:
                result.append(current)
            current = line
        previous = line
    if current:
        result.append(current)
    return "\n\n".join(result)
