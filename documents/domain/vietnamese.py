"""Vietnamese text helpers: Unicode normalisation, tone-mark placement, folding for
search, collation and number/date formatting.

Pure standard library; no Django imports.

Tone-mark placement: in the open syllables ``oa``, ``oe`` and ``uy`` the tone mark may sit on
either vowel (``hoà``/``hòa``, ``khoẻ``/``khỏe``, ``uỷ``/``ủy``). Both spellings are in real use
(``Thành uỷ`` in one seed article, ``Thành ủy`` in the others). :func:`normalize_tone_placement`
maps both to ONE canonical spelling, the one Vietnamese government texts use: the mark on the
first vowel (``hòa``, ``khỏe``, ``ủy``, ``thúy``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from functools import lru_cache

__all__ = [
    "nfc",
    "normalize_tone_placement",
    "fold",
    "sort_key",
    "format_number",
    "format_percent",
    "format_date",
    "capitalise_first",
    "parse_vietnamese_number",
    "DASHES",
]

# Combining tone marks (NFD): huyền, sắc, ngã, hỏi, nặng.
_GRAVE, _ACUTE, _TILDE, _HOOK, _DOT = "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"
_TONE_MARKS = frozenset((_GRAVE, _ACUTE, _TILDE, _HOOK, _DOT))
# Dictionary order of tones: level < huyền < hỏi < ngã < sắc < nặng.
_TONE_RANK = {_GRAVE: 1, _HOOK: 2, _TILDE: 3, _ACUTE: 4, _DOT: 5}
_VOWELS = frozenset("aăâeêioôơuưy")
_DIPHTHONGS = frozenset(("oa", "oe", "uy"))

#: Every dash-like character that sources use in place of ``-``.
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_FOLD_TABLE = str.maketrans({**{c: "-" for c in DASHES}, "Đ": "d", "đ": "d", "Ð": "d", "ð": "d"})
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_WORD_RE = re.compile(rf"(?:[^\W\d_][{_MARKS}]*)+")  # letters with their combining marks


def nfc(text: str) -> str:
    """Return ``text`` in Unicode Normalisation Form C."""
    return unicodedata.normalize("NFC", text)


# --- tone placement ------------------------------------------------------------


def _clusters(word: str) -> list[list[str]]:
    """Split an NFD string into [base, *combining marks] clusters."""
    clusters: list[list[str]] = []
    for ch in word:
        if clusters and unicodedata.combining(ch):
            clusters[-1].append(ch)
        else:
            clusters.append([ch])
    return clusters


@lru_cache(maxsize=65536)
def _retone_word(word: str) -> str:
    """Move the tone of a word ending in open ``oa``/``oe``/``uy`` onto the first vowel."""
    clusters = _clusters(unicodedata.normalize("NFD", word))
    tones = [(i, m) for i, cl in enumerate(clusters) for m in cl[1:] if m in _TONE_MARKS]
    if len(tones) != 1 or len(clusters) < 2:
        return word
    letters = [
        nfc(cl[0] + "".join(m for m in cl[1:] if m not in _TONE_MARKS)).lower() for cl in clusters
    ]
    if letters[-2] + letters[-1] not in _DIPHTHONGS:
        return word
    if len(letters) >= 3:
        before = letters[-3]
        # "quý": the u belongs to the consonant "qu"; a third vowel means another pattern.
        if before in _VOWELS or (before == "q" and letters[-2] == "u"):
            return word
    index, mark = tones[0]
    target = len(clusters) - 2
    if index == target:
        return word
    clusters[index].remove(mark)
    clusters[target].append(mark)
    return nfc("".join("".join(cl) for cl in clusters))


def normalize_tone_placement(text: str) -> str:
    """Put tone marks of open ``oa``/``oe``/``uy`` syllables on the first vowel.

    ``Thành uỷ`` -> ``Thành ủy``, ``hoà`` -> ``hòa``, ``KHOẺ`` -> ``KHỎE``; ``quý``, ``hoàn``
    and ``thuyền`` are untouched. The result is NFC.
    """
    return nfc(_WORD_RE.sub(lambda m: _retone_word(m.group()), nfc(text)))


def fold(text: str) -> str:
    """Fold text for matching and search.

    NFC, tone placement normalised, lower case, every diacritic removed, ``đ``/``Đ``/``Ð`` ->
    ``d``, all dashes -> ``-``, whitespace collapsed and stripped:
    ``fold("Thành uỷ") == fold("Thành ủy") == "thanh uy"``.
    """
    # Word by word (the steps below neither make nor join words: whitespace is never
    # composed, decomposed into something else or lower-cased in context), each word folded
    # once per process: a text repeats its words (a tenth of the time for a long text).
    return " ".join(filter(None, map(_fold_word, text.split())))


@lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    # Tone placement needs no normalising here: every diacritic is removed below.
    s = nfc(word).translate(_FOLD_TABLE).lower()
    s = "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")
    return nfc(" ".join(s.split()))


# --- collation -------------------------------------------------------------------

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"  # f j w z: foreign letters, Latin places
_LETTER_RANK = {c: i for i, c in enumerate(_ALPHABET)}
_SPACE, _OTHER, _DIGIT, _LETTER, _FOREIGN = 0, 1, 2, 3, 4
_CLASS_SHIFT = 1 << 21  # above every code point


@lru_cache(maxsize=4096)
def _char_key(ch: str) -> tuple[int, int, int]:
    """(primary, tone, case) weights of one NFC character."""
    if ch.isspace():
        return (_SPACE * _CLASS_SHIFT, 0, 0)
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    tone = next((_TONE_RANK[m] for m in marks if m in _TONE_RANK), 0)
    letter = nfc(base + "".join(m for m in marks if m not in _TONE_RANK))
    case = 1 if letter != letter.lower() else 0
    letter = letter.lower()
    if letter in ("ð",):
        letter = "đ"
    if letter in _LETTER_RANK:
        return (_LETTER * _CLASS_SHIFT + _LETTER_RANK[letter], tone, case)
    if base.isdigit():
        return (_DIGIT * _CLASS_SHIFT + ord(base), tone, case)
    if base.isalpha():
        return (_FOREIGN * _CLASS_SHIFT + ord(base.lower()[0]), tone, case)
    return (_OTHER * _CLASS_SHIFT + ord(base), tone, case)


def sort_key(text: str) -> tuple:
    """Key for sorting Vietnamese text.

    Letters first by the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u
    ư v x y), then by tone (level < huyền < hỏi < ngã < sắc < nặng), then lower case before upper
    case; the text itself breaks remaining ties. Digraphs (ch, ng, nh…) are compared letter by
    letter.
    """
    keys = [_char_key(c) for c in normalize_tone_placement(text)]
    return (
        tuple(k[0] for k in keys),
        tuple(k[1] for k in keys),
        tuple(k[2] for k in keys),
        text,
    )


# --- numbers and dates ---------------------------------------------------------------

_VN_NUMBER_RE = re.compile(
    r"([+-]?)(\d{1,3}(?:\.\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,(\d+))?"
)


def _to_decimal(value: object) -> Decimal:
    """Convert an int, float, Decimal or numeric string to a finite Decimal."""
    if isinstance(value, bool):
        raise TypeError("format_number: bool is not a number")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            number = parse_vietnamese_number(value)
    else:
        raise TypeError(f"format_number: unsupported type {type(value).__name__}")
    if not number.is_finite():
        raise ValueError(f"format_number: not a finite number: {value!r}")
    return number


def _group_thousands(digits: str) -> str:
    """``"11473"`` -> ``"11.473"``."""
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(groups)


def format_number(value: int | float | Decimal | str, decimals: int | None = None) -> str:
    """Format a number the Vietnamese way: ``11473`` -> ``"11.473"``, ``17.9`` -> ``"17,9"``.

    Trailing zeros of the fraction are dropped unless ``decimals`` fixes the number of
    decimal places (rounded half up). Strings are read as machine numbers (``"17.9"``) and,
    failing that, as Vietnamese numbers (``"17,9"``).
    """
    number = _to_decimal(value)
    if decimals is not None:
        if decimals < 0:
            raise ValueError("decimals must be >= 0")
        with localcontext() as ctx:
            ctx.prec = max(28, len(number.as_tuple().digits) + decimals + 2)
            number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        text = format(number, "f")
    else:
        text = format(number, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    negative = text.startswith("-")
    text = text.lstrip("-")
    whole, _, fraction = text.partition(".")
    result = _group_thousands(whole) + ("," + fraction if fraction else "")
    if negative and any(c not in "0.," for c in result):
        result = "-" + result
    return result


def format_percent(value: int | float | Decimal | str, decimals: int | None = None) -> str:
    """``17.9`` -> ``"17,9 %"`` (a non-breaking space before the sign)."""
    return f"{format_number(value, decimals)}\u00a0%"


def format_date(value: dt.date) -> str:
    """``date(2023, 11, 6)`` -> ``"06/11/2023"`` (dd/mm/yyyy)."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def capitalise_first(text: str) -> str:
    """The text with its first letter in upper case, the rest as written: a title a source
    gives as a fragment ("phê duyệt đề án …", "về thí điểm …") reads as a title
    ("Phê duyệt đề án …"). Leading quotes, brackets and spaces are kept; a text starting
    with a digit or already capitalised is returned unchanged (NFC)."""
    text = nfc(text or "")
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1:] if ch.islower() else text
        if ch.isdigit():
            return text
    return text


def parse_vietnamese_number(text: str) -> Decimal:
    """Read a number written the Vietnamese way.

    ``"11.473"`` -> ``11473``, ``"54,16"`` -> ``54.16``, ``"17,9%"`` -> ``17.9``. A ``.`` must
    separate groups of three digits; raises :class:`ValueError` on anything else.
    """
    if not isinstance(text, str):
        raise TypeError("parse_vietnamese_number expects a string")
    s = nfc(text).strip().replace("\u2212", "-")
    if s.endswith("%"):
        s = s[:-1].rstrip(" \u00a0\u202f\t")
    match = _VN_NUMBER_RE.fullmatch(s)
    if not match:
        raise ValueError(f"Không đọc được số / not a Vietnamese number: {text!r}")
    sign, whole, fraction = match.groups()
    whole = re.sub(r"[.\s\u00a0\u202f]", "", whole)
    return Decimal(f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}")
