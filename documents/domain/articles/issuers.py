"""Issuer phrases as an article writes them (``BTV Thành uỷ (khóa XVII)``, ``UBND TP.HCM``)
compared with issuing bodies' names, and the article's words as the context that tells
which place it is about.

Pure Python: bodies are passed as their folded name keys (``IssuingBody.name_key`` and its
locality's), so the rules are tested without a database.
"""

from __future__ import annotations

import re

from documents.domain.vietnamese import fold

__all__ = [
    "ROLE_WORDS",
    "article_context",
    "in_context",
    "issuer_code_of_phrase",
    "issuer_fit",
    "issuer_key",
]

_ABBREVIATIONS = {
    "btv": "ban thuong vu",
    "bch": "ban chap hanh",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "ubkt": "uy ban kiem tra",
    "mttq": "mat tran to quoc",
    "tw": "trung uong",
    "tp": "thanh pho",
    "tp.": "thanh pho",
    "tp.hcm": "thanh pho ho chi minh",
    "tphcm": "thanh pho ho chi minh",
    "hcm": "ho chi minh",
}
#: Words naming a role rather than the body's place; they do not contradict a body's name.
ROLE_WORDS = frozenset(("ban", "thuong", "vu", "chap", "hanh", "truc", "dang"))


def _spelled_out(token: str) -> str:
    return _ABBREVIATIONS.get(token, _ABBREVIATIONS.get(token + ".", token))


def issuer_key(phrase: str | None) -> str:
    """Folded issuer phrase with abbreviations spelled out and the term dropped:
    ``BTV Thành uỷ (khóa XVII)`` -> ``ban thuong vu thanh uy``."""
    if not phrase:
        return ""
    text = fold(phrase)
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"(?<![a-z])(?:khoa|nhiem ky)\s+[ivxlc0-9]+.*$", " ", text)
    text = re.sub(r"^hoi nghi (?:lan thu )?(?:trung uong )?\d+\s*", "", text)
    words = []
    for token in re.findall(r"[a-z0-9.]+", text):
        token = token.strip(".")
        if not token:
            continue
        words.append(_spelled_out(token))
    return " ".join(" ".join(words).split())


def issuer_code_of_phrase(phrase: str | None) -> str | None:
    """The Party issuer code a phrase implies (``Quận uỷ`` -> ``QU``), if any."""
    if not phrase:
        return None
    words = f" {issuer_key(phrase)} "
    for needle, code in (
        (" quan uy ", "QU"),
        (" huyen uy ", "HU"),
        (" thanh uy ", "TU"),
        (" tinh uy ", "TU"),
        (" trung uong ", "TW"),
    ):
        if needle in words:
            return code
    return None


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text))


def issuer_fit(key: str, name_key: str, place_key: str = "") -> int:
    """How well an issuer key (:func:`issuer_key`) names a body whose folded name is
    ``name_key`` (and whose locality's is ``place_key``): 3 same name, 2 the name starts with
    it, 1 the name contains it, 0 the place words agree (or no key), -1 they contradict."""
    if not key:
        return 0
    if name_key == key:
        return 3
    name = f" {name_key} "
    if name.startswith(f" {key} "):
        return 2
    if f" {key} " in name:
        return 1
    place_words = _words(key) - ROLE_WORDS
    return 0 if place_words <= _words(name_key) | _words(place_key) else -1


def article_context(text: str) -> str:
    """The folded article as space-separated words, abbreviations spelled out
    (``TP.HCM`` -> ``thanh pho ho chi minh``), with a space at each end."""
    words = []
    for token in re.findall(r"[a-z0-9.]+", fold(text)):
        token = token.strip(".")
        if token:
            words.append(_spelled_out(token))
    return f" {' '.join(' '.join(words).replace('.', ' ').split())} "


def in_context(name_key: str | None, context: str) -> bool:
    """Whether the article (its :func:`article_context`) names a place by its folded name."""
    return bool(name_key and f" {name_key} " in context)
