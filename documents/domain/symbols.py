"""Document symbols (số ký hiệu): parsing ``188-KH/TU``, ``29/2023/NĐ-CP``, ``1234/QĐ-UBND``.

Party documents (Hướng dẫn 36-HD/VPTW): ``NUMBER-TYPE/ISSUER``.
State documents (Nghị định 30/2020/NĐ-CP): ``NUMBER/YEAR/TYPE-ISSUER`` for normative documents
(``52/2019/QH14`` for a law or resolution of the National Assembly: no type code) and
``NUMBER/TYPE-ISSUER`` for administrative ones.

Parsing is lenient (``số``, stray spaces, any dash, ``Ð``/``D`` for ``Đ``, any case, the state
layout typed by mistake with a Party issuer) and yields one canonical spelling. Pure standard
library; no Django imports.
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
    "parse_symbol",
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

_SO_PREFIX_RE = re.compile(r"^\s*(?:số|so)(?:\s+(?:ký\s+hiệu|hiệu))?\s*[:.]?\s*(?=\d)", re.I)
_SEPARATOR_RE = re.compile(r"\s*([-/])\s*")
_DASH_TABLE = str.maketrans({**{c: "-" for c in DASHES}, "Ð": "Đ", "ð": "đ"})
_CODE = r"[A-Za-zĐđ]{1,8}"
_ISSUER = r"[A-Za-zĐđ][A-Za-zĐđ0-9]{0,15}(?:-[A-Za-zĐđ][A-Za-zĐđ0-9]{0,15}){0,3}"
_PARTY_RE = re.compile(rf"(\d{{1,6}})-({_CODE})/({_ISSUER})")
_NORMATIVE_RE = re.compile(rf"(\d{{1,6}})/(\d{{4}})/(?:({_CODE})-)?({_ISSUER})")
_ADMIN_RE = re.compile(rf"(\d{{1,6}})/({_CODE})-({_ISSUER})")
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


@dataclass(frozen=True)
class Symbol:
    """A parsed document symbol in canonical spelling.

    ``type_code`` is ``""`` for normative symbols without a type (``52/2019/QH14``).
    ``document_types`` holds vocabulary keys, the default first; more than one means the code
    alone does not say which (``QĐ`` in Party documents, ``TB``); ``()`` for an unknown code.
    ``raw`` is the text as written (not compared).
    """

    number: str
    year: int | None
    type_code: str
    issuer_code: str
    system: str
    document_types: tuple[str, ...] = ()
    raw: str = field(default="", compare=False)

    @property
    def canonical(self) -> str:
        """``188-KH/TU``, ``29/2023/NĐ-CP``, ``52/2019/QH14``, ``1234/QĐ-UBND``."""
        if self.system == PARTY:
            return f"{self.number}-{self.type_code}/{self.issuer_code}"
        tail = f"{self.type_code}-{self.issuer_code}" if self.type_code else self.issuer_code
        if self.year is not None:
            return f"{self.number}/{self.year}/{tail}"
        return f"{self.number}/{tail}"

    @property
    def ambiguous(self) -> bool:
        """True when the type code stands for more than one document type."""
        return len(self.document_types) > 1

    @property
    def lookup_key(self) -> str:
        """Folded canonical form without spaces or leading zeros in the number, for
        database look-ups: ``188-kh/tu``; ``04-NQ/TU`` and ``4-NQ/TU`` share ``4-nq/tu``."""
        number = self.number.lstrip("0") or "0"
        return fold(self.canonical.replace(self.number, number, 1)).replace(" ", "")

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
    s = nfc(text).translate(_DASH_TABLE).strip()
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


def _build(number: str, year: int | None, code: str, issuer: str, system: str, raw: str) -> Symbol:
    if system == STATE and not code:
        issuer_code = _canonical_issuer(issuer, system)
        prefix, _digits = _TRAILING_DIGITS_RE.match(_key(issuer_code)).groups()  # type: ignore[union-attr]
        types = _NO_TYPE_ISSUERS.get(prefix, ())
        return Symbol(number, year, "", issuer_code, system, types, raw)
    type_code, types = _canonical_type(code, system)
    issuer_code = _canonical_issuer(issuer, system)
    return Symbol(number, year, type_code, issuer_code, system, types, raw)


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
        return _build(number, int(year), code or "", issuer, STATE, text)
    if match := _ADMIN_RE.fullmatch(s):
        number, code, issuer = match.groups()
        if _is_party_issuer(issuer):
            return _build(number, None, code, issuer, PARTY, text)  # 188/KH-TU typed
        return _build(number, None, code, issuer, STATE, text)
    raise _error(text)


def try_parse_symbol(text: str) -> Symbol | None:
    """Like :func:`parse_symbol` but return ``None`` instead of raising."""
    try:
        return parse_symbol(text)
    except SymbolError:
        return None
