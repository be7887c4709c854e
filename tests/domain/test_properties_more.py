"""More properties of the pure-Python domain (issue 7, "bad input everywhere"), beside those in
test_vietnamese.py, test_symbols.py and test_references.py: on ANY Unicode input (every
plane, combining marks, controls, long texts) nothing raises except the documented errors,
and the canonical forms — folded text, collation key, canonical symbol and lookup key, the
references found — do not depend on how the same text is encoded (NFC or NFD, old or new
tone-mark placement) and are fixed points (canonical in, same canonical out)."""

from __future__ import annotations

import unicodedata

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from documents.domain.collation import collation_key
from documents.domain.references import find_references
from documents.domain.symbols import SymbolError, parse_symbol, try_parse_symbol
from documents.domain.vietnamese import (
    fold,
    format_number,
    nfc,
    normalize_tone_placement,
    parse_vietnamese_number,
    sort_key,
)

# Any Unicode text (all planes, controls and combining marks; no lone surrogates, which
# no real text can hold), plus Vietnamese-heavy text and symbol-like text.
any_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=80)
vietnamese = st.lists(
    st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ ,.-/")
                    + ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "uỷ", "hoà", "ủy",
                       "Thành", "Quyết định", "Kế hoạch", "số", "ngày"]),
    max_size=40,
).map("".join)
symbolish = st.builds(
    lambda number, sep, code, issuer, spaces: f"{number}{sep}{code}{spaces}/{issuer}",
    st.integers(min_value=0, max_value=99999).map(str),
    st.sampled_from(["-", " - ", "–", "/"]),
    st.sampled_from(["KH", "kh", "ĐA", "DA", "Đ\u0041", "QĐ", "Q\u0110", "NQ", "CTr", "TB"]),
    st.sampled_from(["", " "]),
    st.sampled_from(["TU", "tu", "QU", "UBND", "ĐU", "HĐND", "NĐ-CP", "2023/NĐ-CP"]),
)
texts = st.one_of(any_text, vietnamese, symbolish)

PROPERTY = settings(max_examples=300, deadline=None)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@PROPERTY
@given(texts)
def test_folding_does_not_depend_on_the_encoding(text):
    folded = fold(text)
    assert fold(nfd(text)) == folded
    assert fold(nfc(text)) == folded
    assert fold(normalize_tone_placement(text)) == folded
    assert fold(folded) == folded  # a fixed point
    assert nfc(nfc(text)) == nfc(text)
    assert unicodedata.is_normalized("NFC", nfc(text))


@PROPERTY
@given(texts, st.integers(min_value=1, max_value=300))
def test_the_collation_key_never_raises_and_ignores_the_encoding(text, max_length):
    key = collation_key(text, max_length=max_length)
    assert isinstance(key, str) and len(key) <= max_length
    assert key == "" or key.isascii() and key.islower()
    assert collation_key(nfd(text), max_length=max_length) == key
    assert collation_key(normalize_tone_placement(text), max_length=max_length) == key


LETTERS = ("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ"
           "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
words = st.lists(st.text(alphabet=st.sampled_from(list(LETTERS)), min_size=1, max_size=8),
                 min_size=1, max_size=5).map(" ".join)


@PROPERTY
@given(st.lists(words, min_size=2, max_size=6))
def test_collation_keys_sort_names_in_vietnamese_order(names):
    """The stored key orders Vietnamese names exactly as the sort key does (letters first,
    tones to break ties), so both databases list them in dictionary order."""
    assert [sort_key(n)[:2] for n in sorted(names, key=collation_key)] == sorted(
        sort_key(n)[:2] for n in names)


@PROPERTY
@given(texts)
def test_symbols_parse_or_refuse_and_their_canonical_form_is_stable(text):
    assert try_parse_symbol(text) == try_parse_symbol(text)  # never raises
    try:
        symbol = parse_symbol(text)
    except SymbolError:
        assert try_parse_symbol(text) is None
        return
    # The same symbol written with decomposed diacritics parses the same way.
    assert parse_symbol(nfd(text)).canonical == symbol.canonical
    again = parse_symbol(symbol.canonical)
    assert again.canonical == symbol.canonical
    assert again.lookup_key == symbol.lookup_key
    assert parse_symbol(again.canonical) == again  # a fixed point
    assert unicodedata.is_normalized("NFC", symbol.canonical)
    assert " " not in symbol.lookup_key and symbol.lookup_key == fold(symbol.lookup_key)


@settings(max_examples=150, deadline=None)
@given(st.one_of(any_text, st.lists(st.one_of(vietnamese, symbolish, any_text),
                                    max_size=12).map(" ".join)))
def test_references_never_raise_and_do_not_depend_on_the_encoding(text):
    found = find_references(text)
    for ref in found:
        assert 0 <= ref.start <= ref.end <= len(text)
        assert text[ref.start:ref.end] == ref.text
    assume(text == nfc(text))
    decomposed = nfd(text)
    again = find_references(decomposed)
    assert [r.symbol.canonical if r.symbol else None for r in again] == [
        r.symbol.canonical if r.symbol else None for r in found]
    for ref in again:
        assert decomposed[ref.start:ref.end] == ref.text


@PROPERTY
@given(texts)
def test_numbers_parse_or_refuse_with_a_value_error(text):
    try:
        value = parse_vietnamese_number(text)
    except ValueError:
        return
    assert parse_vietnamese_number(format_number(value)) == value
