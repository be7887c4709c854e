"""Addresses outside the catalogue (a source's ``url``) that may become links.

Only ``http`` and ``https`` addresses with a host are links: a ``javascript:``, ``data:`` or
``vbscript:`` address (stored through the shell or by an old export) would run in the
reader's browser, and other schemes (``ftp:``, relative or protocol-relative addresses) are
not what a source's address means. Pure standard library; no Django imports.
"""

from __future__ import annotations

from urllib.parse import urlsplit

#: The schemes a source's address may have (model validation, the importer, the pages).
WEB_SCHEMES = ("http", "https")


def web_address(value: object) -> str:
    """*value* unchanged if it is an ``http(s)://host…`` address, else ``""``.

    Any white space or control character makes it not an address (browsers drop some of
    them, so ``java\\tscript:`` would run as ``javascript:``)."""
    if not isinstance(value, str) or not value:
        return ""
    if any(ord(char) <= 0x20 or 0x7F <= ord(char) <= 0x9F for char in value):
        return ""
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.netloc or not parts.hostname:
        return ""
    return value
