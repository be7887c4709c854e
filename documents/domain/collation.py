"""Vietnamese collation as a plain sortable string, for database columns.

``collation_key(text)`` encodes :func:`documents.domain.vietnamese.sort_key` as an
ASCII string of lowercase letters, so its plain order (bytes, or any locale
collation, since it uses only ``a``–``z``) is the Vietnamese dictionary order:
letters a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y first, tones only
to break ties. Punctuation is ignored and runs of spaces count once. The database
stores it beside a name (``name_sort``) so lists sort in Vietnamese order whatever
the database's collation (the embedded server has no ICU).
"""

from __future__ import annotations

from . import vietnamese as vn

_END, _SPACE, _DIGIT0, _LETTER0, _FOREIGN0 = 0, 1, 2, 20, 80


def _code(index: int) -> str:
    return chr(97 + index // 26) + chr(97 + index % 26)


def collation_key(text: str, max_length: int = 250) -> str:
    """A string that sorts like *text* in Vietnamese order (see module doc)."""
    primary, tones, _case, _text = vn.sort_key(text or "")
    codes: list[str] = []
    tone_marks: list[str] = []
    for weight, tone in zip(primary, tones, strict=True):
        kind, rank = divmod(weight, vn._CLASS_SHIFT)
        if kind == vn._SPACE:
            if codes and codes[-1] != _code(_SPACE):
                codes.append(_code(_SPACE))
            continue
        if kind == vn._LETTER:
            index = _LETTER0 + rank
        elif kind == vn._DIGIT and chr(rank).isdecimal():  # not ², whose int() fails
            index = _DIGIT0 + int(chr(rank))
        elif kind == vn._FOREIGN:
            index = _FOREIGN0 + min(rank - 97, 500) if rank >= 97 else _FOREIGN0
        else:
            continue  # punctuation does not affect the order
        codes.append(_code(min(index, 675)))
        tone_marks.append(chr(97 + tone))
    while codes and codes[-1] == _code(_SPACE):
        codes.pop()
    return ("".join(codes) + _code(_END) + "".join(tone_marks))[:max_length]
