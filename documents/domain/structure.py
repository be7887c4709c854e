"""A Vietnamese legal text split into its structure (issue 15, docs/TEXT.md).

Pure Python, no Django. :func:`parse_structure` reads a text (as extracted from a PDF, OCR,
a Word file or a public page) and returns its provisions in reading order, each with its
parent, depth, stable anchor, label, heading, body and page:

- **state documents** (a line starting ``Điều N.`` is present): Phần (thứ nhất / I / 1),
  Chương (I, II, 1…), Mục (1, 2), Điều N. (with its heading), Khoản ``1.`` inside an Điều,
  Điểm ``a)`` inside a Khoản (or an Điều);
- **Party documents** (Nghị quyết, Kết luận, Chỉ thị, Kế hoạch, Đề án of Party bodies): the
  numbered parts ``I.`` (``part``), ``1.`` (``item``), ``a)`` (``point``); ``-`` lines stay
  paragraphs of their part;
- both: the preamble (everything before the first part: the header, the ``Căn cứ …`` lines),
  the closing (``Nơi nhận:``, the signature, what follows ``./.``, a recipients list flattened
  onto one line without its label, a law's "… được Quốc hội … thông qua" line) and appendices
  (``PHỤ LỤC``).

Robust to OCR and PDF noise: ``Ðiều`` with the wrong Đ (U+00D0), ``Điều 5 .``, headings split
over lines, lines broken mid-sentence (joined into paragraphs), page numbers and page headers
repeated on every page (dropped). Numbered markers are taken only in sequence (``2.`` after
``1.``), so a line that starts with ``2020.`` in a broken sentence stays text. Pages are
separated by form feeds (``\\f``); without one, pages are unknown (``None``).

Anchors (:func:`provision_anchor` turns a reference as written into the same anchor):
``dieu-5``, ``dieu-5-khoan-2``, ``dieu-5-khoan-2-diem-a``, ``chuong-ii``, ``chuong-ii-muc-2``,
``phan-1``; Party ``phan-i``, ``phan-i-muc-2``, ``phan-i-muc-2-diem-a``; ``mo-dau``,
``phan-ket``, ``phu-luc``. A second provision with the same anchor gets ``-2`` (then ``-3``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .text_lines import SENTENCE_END, is_caps, normalise, page_lines, paragraphs, starts_lower

__all__ = ["Node", "parse_structure", "provision_anchor", "anchor_reference", "document_style",
           "STATE", "PARTY"]

STATE, PARTY = "state", "party"

_ROMAN = r"(?:X{0,3}(?:IX|IV|V?I{0,3}))"
_ORDINALS = {"nhất": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
             "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10}
_LETTERS = "abcdđeghiklmnopqrstuvxy"
_SEP = r"[.:\-–—)/]"

_DIEU = re.compile(r"^(?i:điều)\s*(\d{1,3}[a-zđ]?)\s*(?:[.:]\s*(.*)|$|\s+([^\W\d_].*))$")
_PHAN = re.compile(rf"^Phần\s+(thứ\s+\w+|{_ROMAN}(?=\W|$)|\d+)\s*{_SEP}?\s*(.*)$",
                   re.IGNORECASE)
_CHUONG = re.compile(rf"^Chương\s+({_ROMAN}(?=\W|$)|\d+)\s*{_SEP}?\s*(.*)$", re.IGNORECASE)
_MUC = re.compile(rf"^Mục\s+(\d+)\s*{_SEP}?\s*(.*)$", re.IGNORECASE)
_ROMAN_ITEM = re.compile(rf"^({_ROMAN})\s*[.:\-–—/)]\s*(.*)$")
_NUMBER_ITEM = re.compile(r"^(\d{1,2})\s*[.)]\s*(?!\d)(.*)$")
_LETTER_ITEM = re.compile(rf"^([{_LETTERS}])\s*[)]\s*(.*)$|^([{_LETTERS}])\.\s+(.*)$")
_APPENDIX = re.compile(r"^(?:PHỤ\s+LỤC|Phụ\s+lục(?=\s+(?:[IVXLC]+|\d+)\s*$|\s*$))"
                       r"\s*(?:(?:số\s+)?([IVXLC]+|\d+)\b)?\s*[.:\-–]?\s*(.*)$")
_CLOSING = re.compile(
    r"^(?:Nơi\s+nhận\s*:?|(?:TM|T/M|KT|K/T|TL|TUQ|Q)\.?\s+[A-ZĐ]{2,}"
    # web copies that flatten the signature table lose the "Nơi nhận:" label and keep the
    # recipients on one line: "- Thủ tướng, …; - Lưu: VT, TCCV (2)."
    r"|[-–]\s.*;\s*[-–]\s*Lưu\s*:?\s*VT\b"
    # a law's adoption line: "Luật này được Quốc hội … thông qua ngày …"
    r"|(?:Luật|Bộ\s+luật|Pháp\s+lệnh|Nghị\s+quyết)\s+này\s+(?:đã\s+)?được\s+"
    r"(?:Quốc\s+hội|Ủy\s+ban\s+[Tt]hường\s+vụ\s+Quốc\s+hội)\b.*\bthông\s+qua\b)")


@dataclass
class Node:
    """One provision: ``parent`` is the index of its parent in the returned list."""

    kind: str
    number: str = ""
    anchor: str = ""
    label: str = ""
    heading: str = ""
    body: str = ""
    depth: int = 0
    parent: int | None = None
    page: int | None = None
    lines: list[str] = field(default_factory=list, repr=False)


# --- numbers ---------------------------------------------------------------------------------


def _roman_value(text: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    text = text.upper()
    if not text or any(c not in values for c in text):
        return None
    total = 0
    for index, char in enumerate(text):
        value = values[char]
        following = values[text[index + 1]] if index + 1 < len(text) else 0
        total += -value if value < following else value
    return total


def _phan_number(written: str) -> str:
    """``thứ nhất`` → ``1``, ``1`` → ``1``; a Roman numeral stays as written (``i``)."""
    written = " ".join(written.lower().split())
    if written.startswith("thứ "):
        return str(_ORDINALS.get(written[4:], written[4:]))
    return written


def _slug(value: str) -> str:
    value = value.lower().replace("đ", "dd")
    value = "".join(c for c in unicodedata.normalize("NFD", value)
                    if unicodedata.category(c) != "Mn")
    return re.sub(r"[^a-z0-9]+", "-", value).strip("-")


def _letter_rank(letter: str) -> int:
    return _LETTERS.index(letter) if letter in _LETTERS else -1


# --- anchors ---------------------------------------------------------------------------------

_STATE_RANK = {"phan": 0, "chuong": 1, "muc": 2, "dieu": 3, "khoan": 4, "diem": 5}
_PARTY_RANK = {"part": 0, "item": 1, "point": 2}
_ANCHOR_WORD = {"phan": "phan", "chuong": "chuong", "muc": "muc", "dieu": "dieu",
                "khoan": "khoan", "diem": "diem", "part": "phan", "item": "muc", "point": "diem"}
_LABEL_WORD = {"phan": "Phần", "chuong": "Chương", "muc": "Mục", "dieu": "Điều",
               "khoan": "Khoản", "diem": "Điểm", "part": "Phần", "item": "Mục", "point": "Điểm"}


def _anchor_from(parts: dict[str, str]) -> str | None:
    """The one rule: which parts of a path make an anchor (parts by kind → number)."""
    def piece(kind: str) -> str:
        return f"{kind}-{_slug(parts[kind])}"

    if "dieu" in parts:  # an Điều is numbered through the whole document
        chain = ["dieu"] + [k for k in ("khoan", "diem") if k in parts]
    elif "muc" in parts:
        chain = [k for k in ("chuong", "phan") if k in parts][:1] + ["muc"]
        chain += ["diem"] if "diem" in parts else []
    elif "chuong" in parts:
        chain = ["chuong"]
    elif "phan" in parts:
        chain = ["phan"] + (["diem"] if "diem" in parts else [])
    else:
        return None
    return "-".join(piece(k) for k in chain)


_REFERENCE_PART = re.compile(
    r"\b(phần|chương|mục|điều|khoản|điểm)\s+(thứ\s+\w+|\d{1,3}[a-zđ]?|[ivxlc]+|[a-zđ])(?=\W|$)",
    re.IGNORECASE,
)


def provision_anchor(reference: str) -> str | None:
    """The anchor of a provision as a source names it, ``None`` when it names none.

    ``"Điều 5, khoản 2"`` and ``"khoản 2 Điều 5"`` → ``dieu-5-khoan-2``; ``"điểm a khoản 2
    Điều 5"`` → ``dieu-5-khoan-2-diem-a``; ``"mục 2 phần I"`` → ``phan-i-muc-2``; ``"Chương
    II"`` → ``chuong-ii``; ``"Phần thứ nhất"`` → ``phan-1``. A clause or point without its
    article (``"khoản 2"``) names nothing.
    """
    if not isinstance(reference, str):
        return None
    text = unicodedata.normalize("NFC", reference).replace("Ð", "Đ").replace("ð", "đ")
    parts: dict[str, str] = {}
    for match in _REFERENCE_PART.finditer(text):
        kind = _slug(match.group(1)).replace("dd", "d")
        value = match.group(2)
        if kind in parts:
            return None  # "Điều 5, Điều 6": two provisions, not one
        valid = {
            "chuong": _roman_value(value) is not None or value.isdigit(),
            "dieu": value[0].isdigit(), "khoan": value.isdigit(), "muc": value.isdigit(),
            "diem": value.lower() in _LETTERS,
        }.get(kind, True)
        if not valid:
            return None
        parts[kind] = _phan_number(value) if kind == "phan" else value.lower()
    if not parts:
        return None
    if ("khoan" in parts or "diem" in parts) and not ({"dieu", "muc", "phan"} & parts.keys()):
        return None
    if "khoan" in parts and "dieu" not in parts:
        return None
    return _anchor_from(parts)


def document_style(text: str) -> str:
    """``state`` when a line starts with ``Điều N``, else ``party``."""
    normal = normalise(text or "")
    for line in normal.split("\n"):
        if _DIEU.match(line.strip()):
            return STATE
    return PARTY


# --- parsing ---------------------------------------------------------------------------------

_HEADED = {"phan", "chuong", "muc", "part", "appendix"}


def _any_marker(line: str, style: str) -> bool:
    if _APPENDIX.match(line) or _CLOSING.match(line):
        return True
    if style == STATE:
        return bool(_DIEU.match(line) or _PHAN.match(line) or _CHUONG.match(line)
                    or _MUC.match(line) or _NUMBER_ITEM.match(line) or _LETTER_ITEM.match(line))
    return bool(_ROMAN_ITEM.match(line) and _ROMAN_ITEM.match(line).group(1)
                or _NUMBER_ITEM.match(line) or _LETTER_ITEM.match(line))


class _Parser:
    def __init__(self, lines: list[tuple[int | None, str]], style: str):
        self.lines, self.style = lines, style
        self.rank = _STATE_RANK if style == STATE else _PARTY_RANK
        self.nodes: list[Node] = []
        self.stack: list[int] = []
        self.last: dict[tuple[int | None, str], int] = {}
        self.zone = "preamble"
        self.pending_closing = False
        self.index = 0

    # nodes
    def _open(self, kind: str, number: str, page: int | None, top: bool = False) -> Node:
        if top:
            self.stack = []
        else:
            rank = self.rank[kind]
            while self.stack and self.rank.get(self.nodes[self.stack[-1]].kind, -1) >= rank:
                self.stack.pop()
            if self.stack and self.nodes[self.stack[-1]].kind not in self.rank:
                self.stack = []  # a preamble never holds a part
        node = Node(kind=kind, number=number, page=page,
                    parent=self.stack[-1] if self.stack else None, depth=len(self.stack))
        self.nodes.append(node)
        self.stack.append(len(self.nodes) - 1)
        return node

    def _current(self, page: int | None) -> Node:
        if not self.stack:
            self._open("preamble", "", page, top=True)
        return self.nodes[self.stack[-1]]

    def _nearest(self, *kinds: str) -> int | None:
        for index in reversed(self.stack):
            if self.nodes[index].kind in kinds:
                return index
        return None

    def _in_sequence(self, parent: int | None, kind: str, value: int, first: int) -> bool:
        last = self.last.get((parent, kind), first - 1)
        if last + 1 <= value <= last + 2:
            self.last[(parent, kind)] = value
            return True
        return False

    # headings
    def _next_filled(self) -> tuple[int, str]:
        index = self.index + 1
        while index < len(self.lines) and not self.lines[index][1]:
            index += 1
        return index, self.lines[index][1] if index < len(self.lines) else ""

    def _caps_heading(self, rest: str) -> str:
        heading = rest
        while True:
            index, line = self._next_filled()
            if not line or _any_marker(line, self.style):
                break
            if not heading or (is_caps(heading) and is_caps(line)) or (
                    not heading.endswith(SENTENCE_END) and starts_lower(line)):
                if not heading and len(line) > 200:
                    break
                heading = f"{heading} {line}".strip()
                self.index = index
                continue
            break
        return heading

    def _sentence_heading(self, rest: str, limit: int) -> tuple[str, str]:
        """(heading, body start): a heading is short and has no sentence end."""
        text = rest
        while text and not text.endswith(SENTENCE_END):
            index = self.index + 1
            line = self.lines[index][1] if index < len(self.lines) else ""
            if not starts_lower(line) or _any_marker(line, self.style):
                break
            text = f"{text} {line}"
            self.index = index
        if text and not text.endswith(SENTENCE_END) and len(text) <= limit:
            return text, ""
        return "", text

    # markers
    def _structural(self, line: str, page: int | None) -> bool:
        if self.style == STATE:
            return self._state_marker(line, page)
        return self._party_marker(line, page)

    def _state_marker(self, line: str, page: int | None) -> bool:
        if (match := _DIEU.match(line)) and (not match.group(3) or match.group(3)[0].isupper()):
            node = self._open("dieu", match.group(1).lower(), page)
            node.heading, body = self._sentence_heading(match.group(2) or match.group(3) or "",
                                                        300)
            node.lines.append(body)
            return True
        for kind, pattern in (("phan", _PHAN), ("chuong", _CHUONG), ("muc", _MUC)):
            if match := pattern.match(line):
                number = match.group(1)
                number = " ".join(number.lower().split()) if kind == "phan" else number
                node = self._open(kind, number, page)
                node.heading = self._caps_heading(match.group(2))
                return True
        dieu = self._nearest("dieu")
        if dieu is None:
            return False
        if (match := _NUMBER_ITEM.match(line)) and self._in_sequence(
                dieu, "khoan", int(match.group(1)), 1):
            self._open("khoan", match.group(1), page).lines.append(match.group(2))
            return True
        if match := _LETTER_ITEM.match(line):
            letter, rest = (match.group(1), match.group(2)) if match.group(1) else match.group(3, 4)
            parent = self._nearest("khoan", "dieu")
            if self._in_sequence(parent, "diem", _letter_rank(letter), 0):
                self._open("diem", letter, page).lines.append(rest)
                return True
        return False

    def _party_marker(self, line: str, page: int | None) -> bool:
        match = _ROMAN_ITEM.match(line)
        if match and match.group(1) and self._in_sequence(
                None, "part", _roman_value(match.group(1)) or 0, 1):
            node = self._open("part", match.group(1), page)
            rest = match.group(2)
            if not rest or is_caps(rest):
                node.heading = self._caps_heading(rest)
            else:
                node.heading, body = self._sentence_heading(rest, 200)
                node.lines.append(body)
            for key in [key for key in self.last if key[1] == "item"]:
                del self.last[key]
            return True
        if (match := _NUMBER_ITEM.match(line)) and self._in_sequence(
                self._nearest("part"), "item", int(match.group(1)), 1):
            node = self._open("item", match.group(1), page)
            node.heading, body = self._sentence_heading(match.group(2), 150)
            node.lines.append(body)
            return True
        if match := _LETTER_ITEM.match(line):
            letter, rest = (match.group(1), match.group(2)) if match.group(1) else match.group(3, 4)
            parent = self._nearest("item", "part")
            if parent is not None and self._in_sequence(parent, "point", _letter_rank(letter), 0):
                self._open("point", letter, page).lines.append(rest)
                return True
        return False

    def run(self) -> list[Node]:
        while self.index < len(self.lines):
            page, line = self.lines[self.index]
            self._line(page, line)
            self.index += 1
        return self.nodes

    def _line(self, page: int | None, line: str) -> None:
        if not line:
            if self.stack:
                self.nodes[self.stack[-1]].lines.append("")
            return
        if match := _APPENDIX.match(line):
            self.zone = "appendix"
            node = self._open("appendix", (match.group(1) or "").lower(), page, top=True)
            node.heading = self._caps_heading(match.group(2))
            return
        if self.zone == "body" and (_CLOSING.match(line) or self.pending_closing):
            if not (self.pending_closing and not _CLOSING.match(line)
                    and self._structural(line, page)):
                self.zone = "closing"
                self._open("closing", "", page, top=True)
            self.pending_closing = False
            if self.zone != "closing":
                return
        if self.zone in ("preamble", "body") and self._structural(line, page):
            self.zone = "body"
            return
        self._current(page).lines.append(line)
        if self.zone == "body" and line.endswith("./."):
            self.pending_closing = True


def _label(node: Node) -> str:
    if node.kind == "preamble":
        return "Phần mở đầu"
    if node.kind == "closing":
        return "Phần kết"
    if node.kind == "appendix":
        return f"Phụ lục {node.number.upper()}".strip()
    number = node.number
    if node.kind in ("chuong", "part") or (node.kind == "phan" and _roman_value(number)):
        number = number.upper()
    return f"{_LABEL_WORD[node.kind]} {number}"


def _anchor(nodes: list[Node], node: Node) -> str:
    if node.kind == "preamble":
        return "mo-dau"
    if node.kind == "closing":
        return "phan-ket"
    if node.kind == "appendix":
        return f"phu-luc-{_slug(node.number)}" if node.number else "phu-luc"
    parts: dict[str, str] = {}
    current: Node | None = node
    while current is not None:
        word = _ANCHOR_WORD[current.kind]
        number = _phan_number(current.number) if current.kind == "phan" else current.number
        parts.setdefault(word, number)
        current = nodes[current.parent] if current.parent is not None else None
    if node.kind in ("part", "phan"):
        parts = {"phan": parts["phan"]}
    return _anchor_from(parts) or _slug(node.kind)


def parse_structure(text: str) -> list[Node]:
    """The provisions of ``text`` in reading order (see the module's docstring)."""
    if not isinstance(text, str) or not text.strip():
        return []
    lines = page_lines(text)
    while lines and not lines[-1][1]:
        lines.pop()
    nodes = _Parser(lines, document_style(text)).run()
    lengths = sorted(len(line) for _page, line in lines if line)
    width = lengths[int(len(lengths) * 0.9)] if lengths else 0
    used: set[str] = set()
    for node in nodes:
        node.body = paragraphs(node.lines, width)
        node.label = _label(node)
        anchor = _anchor(nodes, node)
        candidate, suffix = anchor, 2
        while candidate in used:
            candidate, suffix = f"{anchor}-{suffix}", suffix + 1
        used.add(candidate)
        node.anchor = candidate
        node.lines = []
    return nodes


_ANCHOR_WORDS = ("phan", "chuong", "muc", "dieu", "khoan", "diem")


def anchor_reference(anchor: str) -> str:
    """A provision's anchor written as a source would name it: ``dieu-5-khoan-2`` →
    ``Điều 5, khoản 2``, ``phan-i-muc-2`` → ``Phần I, mục 2``; ``""`` for an anchor no
    reference names (``mo-dau``, a duplicate's ``dieu-1-2``)."""
    pieces = (anchor or "").split("-")
    if len(pieces) % 2 or not pieces[0]:
        return ""
    words = []
    for index in range(0, len(pieces), 2):
        word, value = pieces[index], pieces[index + 1]
        if word not in _ANCHOR_WORDS:
            return ""
        if word in ("phan", "chuong") and _roman_value(value):
            value = value.upper()
        label = _LABEL_WORD[word]
        words.append(f"{label if index == 0 else label.lower()} {value.replace('dd', 'đ')}")
    reference = ", ".join(words)
    return reference if provision_anchor(reference) == anchor else ""
