"""Word's automatic numbering written out: a paragraph numbered by Word (``w:numPr``) carries
no number in its text; Word draws it from ``numbering.xml`` (the list's level format
``lvlText`` such as ``Điều %1.`` or ``%1.%2.``, its number format, its start). :class:`Numbering`
counts the paragraphs of each list as Word does and gives each its label.

Handled: decimal, letters and Roman numerals (lower and upper case), bullets (left out),
restarting the lower levels when a higher one advances, a list's own start and overrides.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.oxml.ns import qn

ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
         (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def letters(n: int) -> str:
    """a … z, then aa, bb … as Word counts."""
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def formatted(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return letters(n)
    if fmt == "upperLetter":
        return letters(n).upper()
    if fmt == "lowerRoman":
        return roman(n)
    if fmt == "upperRoman":
        return roman(n).upper()
    if fmt in ("none", "bullet"):
        return ""
    return str(n)  # decimal and the rest


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


def _val(element, tag: str, default=None):
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val"), default) if child is not None else default


def _levels(abstract) -> dict[int, Level]:
    levels = {}
    for lvl in abstract.findall(qn("w:lvl")):
        ilvl = int(lvl.get(qn("w:ilvl"), "0"))
        levels[ilvl] = Level(_val(lvl, "w:numFmt", "decimal"), _val(lvl, "w:lvlText", ""),
                             int(_val(lvl, "w:start", "1") or 1))
    return levels


@dataclass
class Numbering:
    lists: dict[str, dict[int, Level]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    styles: dict[str, tuple[str, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document) -> Numbering:
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return numbering
        abstracts = {a.get(qn("w:abstractNumId")): _levels(a)
                     for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            levels = dict(abstracts.get(_val(num, "w:abstractNumId"), {}))
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                start = _val(override, "w:startOverride")
                if ilvl in levels and start is not None:
                    base = levels[ilvl]
                    levels[ilvl] = Level(base.fmt, base.text, int(start))
            numbering.lists[num.get(qn("w:numId"))] = levels
        for style in document.styles.element.findall(qn("w:style")):
            ppr = style.find(qn("w:pPr"))
            num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
            if num_pr is not None and _val(num_pr, "w:numId"):
                numbering.styles[style.get(qn("w:styleId"))] = (
                    _val(num_pr, "w:numId"), int(_val(num_pr, "w:ilvl", "0") or 0))
        return numbering

    def _num_pr(self, p) -> tuple[str, int] | None:
        ppr = p.pPr
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if num_pr is not None:
            num_id = _val(num_pr, "w:numId")
            return (num_id, int(_val(num_pr, "w:ilvl", "0") or 0)) if num_id else None
        style = _val(ppr, "w:pStyle") if ppr is not None else None
        return self.styles.get(style) if style else None

    def label(self, p) -> str:
        """The number Word shows before paragraph *p* (an ``CT_P``), or ""."""
        found = self._num_pr(p)
        if found is None or found[0] == "0" or found[0] not in self.lists:
            return ""
        num_id, ilvl = found
        levels = self.lists[num_id]
        level = levels.get(ilvl)
        if level is None or level.fmt in ("bullet", "none"):
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = level.text
        for k in range(ilvl + 1):
            value = counters.get(k, levels.get(k, Level()).start)
            fmt = levels.get(k, Level()).fmt
            text = text.replace(f"%{k + 1}", formatted(value, fmt))
        return text.strip()
