"""Document symbols (số ký hiệu): parsing ``188-KH/TU``, ``29/2023/NĐ-CP``, ``1234/QĐ-UBND``.

Party documents (Hướng dẫn 36-HD/VPTW): ``NUMBER-TYPE/ISSUER``.
State documents (Nghị định 30/2020/NĐ-CP): ``NUMBER/YEAR/TYPE-ISSUER`` for normative documents
(``52/2019/QH14`` for a law or resolution of the National Assembly: no type code) and
``NUMBER/TYPE-ISSUER`` for administrative ones.

Official letters have no type code: ``1814/BNV-TCBC`` is a Công văn of the Ministry of Home
Affairs (``BNV``), written by its unit ``TCBC``. Joint documents name every issuer:
``01/2015/TTLT-BNV-BTC``. The legislature's code carries its term: ``QH14`` is the National
Assembly (``QH``) of khóa XIV.

Parsing is lenient (``số``, stray spaces, any dash, ``Ð``/``D`` for ``Đ``, ``TƯ`` for ``TW``, any
case, no hyphen between type and issuer (``29/2023/NĐCP``, ``1046/QĐTTg``), the state layout
typed by mistake with a Party committee's code) and yields one canonical spelling; a Party
office's or board's own state-style symbol (``39/QĐ-VPTW``) keeps its layout. Every spelling of
one symbol has one :attr:`Symbol.lookup_key` (:func:`symbol_key`), the only key documents are
looked up by. Pure standard library; no Django imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .vietnamese import DASHES, fold, nfc
from .vocabulary import PARTY_ISSUER_CODES, PARTY_TYPE_CODES, STATE_TYPE_CODES

__all__ = [
    "PARTY",
    "STATE",
    "Symbol",
    "SymbolError",
    "bare_number",
    "parse_symbol",
    "symbol_key",
    "try_parse_symbol",
]

PARTY = "party"
STATE = "state"

# Party issuer codes seen in practice besides those of the vocabulary.
_EXTRA_PARTY_ISSUERS = (
    "VPTU",
    "BTGTU",
    "BDVTU",
    "BNCTU",
    "UBKTTW",
    "BTGTW",
    "BDVTW",
    "BNCTW",
    "ĐUQ",
    "ĐUQSTW",
)
# State issuer codes, canonical spelling (``TTg`` is mixed case).
_STATE_ISSUERS = (
    "CP",
    "TTg",
    "VPCP",
    "QH",
    "UBTVQH",
    "VPQH",
    "UBND",
    "HĐND",
    "BNV",
    "BTP",
    "BTC",
    "BCA",
    "BQP",
    "BYT",
    "BCT",
    "BXD",
    "BNG",
    "BGDĐT",
    "BLĐTBXH",
    "BKHĐT",
    "BTNMT",
    "BGTVT",
    "BNNPTNT",
    "BTTTT",
    "BVHTTDL",
    "BKHCN",
    "NHNN",
    "TANDTC",
    "VKSNDTC",
    "KTNN",
    "SNV",
    "STC",
    "SGDĐT",
    "STP",
)
# Issuers of normative symbols without a type code: 52/2019/QH14 is a law (or a resolution).
_NO_TYPE_ISSUERS = {"QH": ("luat", "nghi_quyet"), "UBTVQH": ()}
# The legislature's codes carry its term (khóa): QH14, UBTVQH14.
_LEGISLATURE = ("QH", "UBTVQH")
# Party committees whose code in the state layout (188/KH-TU) is a typing mistake: rewritten
# in the Party layout. Offices and boards (39/QĐ-VPTW) use the state layout themselves.
_PARTY_COMMITTEES = ("TW", "TU", "QU", "HU", "TXU", "ĐU", "ĐUK", "QUTW")

_SO_PREFIX_RE = re.compile(r"^\s*(?:số|so)(?:\s+(?:ký\s+hiệu|hiệu))?\s*[:.]?\s*(?=\d)", re.I)
_SEPARATOR_RE = re.compile(r"\s*([-/])\s*")
_TW_RE = re.compile(r"T[Ưư]|t[Ưư]")  # TƯ (Trung ương) is written for TW
_DASH_TABLE = str.maketrans({**{c: "-" for c in DASHES}, "Ð": "Đ", "ð": "đ"})
_CODE = r"[A-Za-zĐđ]{1,8}"
_ISSUER = r"[A-Za-zĐđ][A-Za-zĐđ0-9]{0,15}(?:-[A-Za-zĐđ][A-Za-zĐđ0-9]{0,15}){0,3}"
_PARTY_RE = re.compile(rf"(\d{{1,6}})-({_CODE})/({_ISSUER})")
_NORMATIVE_RE = re.compile(rf"(\d{{1,6}})/(\d{{4}})/(?:({_CODE})-)?({_ISSUER})")
_ADMIN_RE = re.compile(rf"(\d{{1,6}})/({_CODE})-({_ISSUER})")
# Type and issuer run together in an administrative symbol: 1046/QĐTTg (a normative one,
# 29/2023/NĐCP, is read by _NORMATIVE_RE as an issuer without type, then split).
_RUN_RE = re.compile(r"(\d{1,6})/([A-Za-zĐđ]{2,16})")
_TRAILING_DIGITS_RE = re.compile(r"^(.*?[^\d])(\d*)$")
_MAX_LENGTH = 120


class SymbolError(ValueError):
    """The text is not a document symbol."""


def _key(code: str) -> str:
    """Case-, diacritic- and Đ/D-insensitive key of a code: ``"QĐi"`` -> ``"QDI"``."""
    return fold(code).upper()


def _spellings(codes) -> dict[str, str]:
    return {_key(code): code for code in codes}


_PARTY_TYPES = _spellings(PARTY_TYPE_CODES)
_STATE_TYPES = _spellings(STATE_TYPE_CODES)
_PARTY_ISSUERS = _spellings((*PARTY_ISSUER_CODES, *_EXTRA_PARTY_ISSUERS))
_STATE_ISSUER_SPELLINGS = _spellings(_STATE_ISSUERS)
_COMMITTEE_KEYS = frozenset(_key(code) for code in _PARTY_COMMITTEES)
# Every type code's key, longest first (to split a run such as QĐTTg).
_TYPE_KEYS = sorted({*_PARTY_TYPES, *_STATE_TYPES}, key=len, reverse=True)


def bare_number(number: str | None) -> str:
    """A document number without its leading zeros, as numbers are compared: ``"04"`` ->
    ``"4"``, ``"0"`` -> ``"0"``."""
    return (number or "").lstrip("0") or "0"


def _body_code(part: str) -> str | None:
    """The issuing body's code in one issuer component (``QH14`` -> ``QH``, ``BNV`` ->
    ``BNV``), None when the component is no known issuer (a unit such as ``TCBC``)."""
    key = _key(part)
    if key in _STATE_ISSUER_SPELLINGS or key in _PARTY_ISSUERS:
        return part
    prefix, digits = _TRAILING_DIGITS_RE.match(key).groups()  # type: ignore[union-attr]
    if digits and prefix in _STATE_ISSUER_SPELLINGS:
        return _STATE_ISSUER_SPELLINGS[prefix] if prefix in _LEGISLATURE else part
    return None


@dataclass(frozen=True)
class Symbol:
    """A parsed document symbol in canonical spelling.

    ``type_code`` is ``""`` for normative symbols without a type (``52/2019/QH14``).
    ``document_types`` holds vocabulary keys, the default first; more than one means the code
    alone does not say which (``QĐ`` in Party documents, ``TB``); ``()`` for an unknown code.
    ``raw`` is the text as written (not compared). ``layout`` is ``STATE`` for a Party symbol
    written in the state layout by its issuer (``39/QĐ-VPTW``), else ``""`` (the system's
    own layout).
    """

    number: str
    year: int | None
    type_code: str
    issuer_code: str
    system: str
    document_types: tuple[str, ...] = ()
    raw: str = field(default="", compare=False)
    layout: str = ""

    @property
    def canonical(self) -> str:
        """``188-KH/TU``, ``29/2023/NĐ-CP``, ``52/2019/QH14``, ``1234/QĐ-UBND``,
        ``39/QĐ-VPTW`` (a Party office's own layout)."""
        if self.system == PARTY and self.layout != STATE:
            return self._party_form
        tail = f"{self.type_code}-{self.issuer_code}" if self.type_code else self.issuer_code
        if self.year is not None:
            return f"{self.number}/{self.year}/{tail}"
        return f"{self.number}/{tail}"

    @property
    def _party_form(self) -> str:
        return f"{self.number}-{self.type_code}/{self.issuer_code}"

    @property
    def issuer_codes(self) -> tuple[str, ...]:
        """The codes of the issuing bodies: ``("QH",)`` for ``QH14``, ``("BNV", "BTC")``
        for a joint ``BNV-BTC``, ``("BNV",)`` for ``BNV-TCBC`` (its unit left out); the whole
        issuer code when its first component is no known issuer."""
        bodies: list[str] = []
        for part in self.issuer_code.split("-"):
            code = _body_code(part)
            if code is None:
                break
            bodies.append(code)
        return tuple(bodies) or (self.issuer_code,)

    @property
    def unit(self) -> str:
        """The issuer's unit that wrote the document (``TCBC`` in ``1814/BNV-TCBC``), or
        ``""``."""
        parts = self.issuer_code.split("-")
        known = len(self.issuer_codes) if _body_code(parts[0]) is not None else len(parts)
        return "-".join(parts[known:])

    @property
    def term_number(self) -> int | None:
        """The legislature's term (khóa) the issuer code carries: 14 for ``QH14``."""
        prefix, digits = _TRAILING_DIGITS_RE.match(  # type: ignore[union-attr]
            _key(self.issuer_code.split("-")[0])).groups()
        return int(digits) if digits and prefix in _LEGISLATURE else None

    @property
    def ambiguous(self) -> bool:
        """True when the type code stands for more than one document type."""
        return len(self.document_types) > 1

    @property
    def lookup_key(self) -> str:
        """Folded canonical form without spaces or leading zeros in the number, in the
        system's own layout, for database look-ups: ``188-kh/tu``; ``04-NQ/TU`` and
        ``4-NQ/TU`` share ``4-nq/tu``; ``39/QĐ-VPTW`` and ``39-QĐ/VPTW`` share ``39-qd/vptw``."""
        form = self._party_form if self.system == PARTY else self.canonical
        return fold(form.replace(self.number, bare_number(self.number), 1)).replace(" ", "")

    def __str__(self) -> str:
        return self.canonical


def _error(text: str) -> SymbolError:
    return SymbolError(
        f"Không nhận dạng được số ký hiệu văn bản {text!r} "
        f"/ not a recognised document symbol {text!r} "
        "(expected e.g. 188-KH/TU, 29/2023/NĐ-CP, 1234/QĐ-UBND)"
    )


def _clean(text: str) -> str:
    """Normalise dashes, Ð, spacing and a leading ``số``."""
    s = _TW_RE.sub("TW", nfc(text).translate(_DASH_TABLE).strip())
    s = _SO_PREFIX_RE.sub("", s)
    s = _SEPARATOR_RE.sub(r"\1", s)
    return s.strip(" \t\r\n.,;:()[]")


def _canonical_issuer_part(part: str, system: str) -> str:
    """Canonical spelling of one issuer component (``hdnd`` -> ``HĐND``, ``qh14`` -> ``QH14``)."""
    key = _key(part)
    tables = (
        (_PARTY_ISSUERS, _STATE_ISSUER_SPELLINGS)
        if system == PARTY
        else (_STATE_ISSUER_SPELLINGS, _PARTY_ISSUERS)
    )
    for table in tables:
        if key in table:
            return table[key]
    prefix, digits = _TRAILING_DIGITS_RE.match(key).groups()  # type: ignore[union-attr]
    if digits and prefix in _STATE_ISSUER_SPELLINGS:
        return _STATE_ISSUER_SPELLINGS[prefix] + digits
    return part.upper()


def _canonical_issuer(issuer: str, system: str) -> str:
    return "-".join(_canonical_issuer_part(p, system) for p in issuer.split("-"))


def _canonical_type(code: str, system: str) -> tuple[str, tuple[str, ...]]:
    """Canonical type code and its document types for a system."""
    key = _key(code)
    own, own_codes, other, other_codes = (
        (_PARTY_TYPES, PARTY_TYPE_CODES, _STATE_TYPES, STATE_TYPE_CODES)
        if system == PARTY
        else (_STATE_TYPES, STATE_TYPE_CODES, _PARTY_TYPES, PARTY_TYPE_CODES)
    )
    if key in own:
        return own[key], own_codes[own[key]]
    if key in other:
        return other[key], other_codes[other[key]]
    return code.upper(), ()


def _is_party_issuer(issuer: str) -> bool:
    return _key(issuer) in _PARTY_ISSUERS


def _is_state_issuer(issuer: str) -> bool:
    key = _key(issuer.split("-")[0])
    if key in _STATE_ISSUER_SPELLINGS:
        return True
    prefix, digits = _TRAILING_DIGITS_RE.match(key).groups()  # type: ignore[union-attr]
    return bool(digits) and prefix in _STATE_ISSUER_SPELLINGS


def _build(number: str, year: int | None, code: str, issuer: str, system: str, raw: str,
           layout: str = "") -> Symbol:
    if system == STATE and not code:
        issuer_code = _canonical_issuer(issuer, system)
        prefix, _digits = _TRAILING_DIGITS_RE.match(  # type: ignore[union-attr]
            _key(issuer_code.split("-")[0])).groups()
        types = _NO_TYPE_ISSUERS.get(prefix, ())
        if year is None and not types:
            types = ("cong_van",)  # 1814/BNV-TCBC: an official letter
        return Symbol(number, year, "", issuer_code, system, types, raw)
    type_code, types = _canonical_type(code, system)
    issuer_code = _canonical_issuer(issuer, system)
    return Symbol(number, year, type_code, issuer_code, system, types, raw, layout)


def _is_type_code(code: str) -> bool:
    return _key(code) in _PARTY_TYPES or _key(code) in _STATE_TYPES


def _split_run(run: str) -> tuple[str, str] | None:
    """A type code and an issuer written together (``QĐTTg`` -> ``QĐ``, ``TTg``), when the
    run is exactly a known type code followed by a known issuer."""
    key = _key(run)
    for type_key in _TYPE_KEYS:
        if key.startswith(type_key) and len(key) > len(type_key):
            issuer = run[len(type_key):]
            if _is_state_issuer(issuer) or _is_party_issuer(issuer):
                return run[: len(type_key)], issuer
    return None


def _state_layout(number: str, code: str, issuer: str, raw: str) -> Symbol:
    """``NUMBER/CODE-ISSUER``: a state symbol, a Party symbol typed so by mistake (a
    committee's code: rewritten) or a Party office's own layout (kept)."""
    if _is_party_issuer(issuer):
        layout = "" if _key(issuer) in _COMMITTEE_KEYS else STATE
        return _build(number, None, code, issuer, PARTY, raw, layout)
    if not _is_type_code(code) and _is_state_issuer(code):
        return _build(number, None, "", f"{code}-{issuer}", STATE, raw)  # 1814/BNV-TCBC
    return _build(number, None, code, issuer, STATE, raw)


def parse_symbol(text: str) -> Symbol:
    """Parse a document symbol leniently into its canonical :class:`Symbol`.

    Raises :class:`SymbolError` (a ``ValueError``) when the text has no symbol layout.
    """
    if not isinstance(text, str) or len(text) > _MAX_LENGTH:
        raise _error(str(text)[:_MAX_LENGTH])
    s = _clean(text)
    if match := _PARTY_RE.fullmatch(s):
        number, code, issuer = match.groups()
        if _is_state_issuer(issuer) and not _is_party_issuer(issuer):
            return _build(number, None, code, issuer, STATE, text)  # 1234-QĐ/UBND typed
        return _build(number, None, code, issuer, PARTY, text)
    if match := _NORMATIVE_RE.fullmatch(s):
        number, year, code, issuer = match.groups()
        if not code and not _is_state_issuer(issuer) and (split := _split_run(issuer)):
            code, issuer = split  # 29/2023/NĐCP
        return _build(number, int(year), code or "", issuer, STATE, text)
    if match := _ADMIN_RE.fullmatch(s):
        return _state_layout(*match.groups(), text)
    if (match := _RUN_RE.fullmatch(s)) and (split := _split_run(match.group(2))):
        return _state_layout(match.group(1), *split, text)  # 1046/QĐTTg
    raise _error(text)


def try_parse_symbol(text: str) -> Symbol | None:
    """Like :func:`parse_symbol` but return ``None`` instead of raising."""
    try:
        return parse_symbol(text)
    except SymbolError:
        return None


def symbol_key(text: str) -> str:
    """THE key a symbol is stored and looked up by (``Document.symbol_key``, the search,
    the import): the parsed symbol's :attr:`Symbol.lookup_key`, or the folded text without
    spaces when it is no symbol (``""`` for none)."""
    symbol = try_parse_symbol(text) if text else None
    if symbol is not None:
        return symbol.lookup_key
    return fold(text or "").replace(" ", "")
