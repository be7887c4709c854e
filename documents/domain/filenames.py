"""A file name as an uploader's computer gave it, made safe to keep and to send back.

Pure Python. No path parts (``../../etc/passwd``, ``C:\\x\\y.pdf`` → ``passwd``, ``y.pdf``), no
control or format characters (NUL, newlines, right-to-left overrides), NFC, white space
collapsed, no leading dots, at most :data:`MAX_LENGTH` characters with the extension kept.
"""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 150
FALLBACK = "tep"


def sanitise_filename(name: str | None, extension: str = "") -> str:
    """*name* made safe; *extension* (``".pdf"``, the type the content was found to be) is
    put on when the name does not end with it."""
    text = unicodedata.normalize("NFC", name or "")
    text = re.split(r"[/\\]", text)[-1]
    text = "".join(" " if unicodedata.category(ch).startswith(("C", "Z")) else ch
                   for ch in text)
    text = re.sub(r"\s+", " ", text).strip().lstrip(".").strip()
    stem, dot, suffix = text.rpartition(".")
    if extension:
        extension = extension.lower()
        if not dot or "." + suffix.lower() not in _SAME_TYPE.get(extension, {extension}):
            stem, suffix = text, extension.lstrip(".")
        else:
            suffix = suffix.lower()
    elif not dot:
        stem, suffix = text, ""
    stem = stem.strip() or FALLBACK
    suffix = f".{suffix}" if suffix else ""
    return stem[: MAX_LENGTH - len(suffix)].rstrip() + suffix


#: Extensions that name the same type (``x.jpeg`` stays ``x.jpeg`` when the content is JPEG).
_SAME_TYPE = {
    ".jpg": {".jpg", ".jpeg"},
    ".tif": {".tif", ".tiff"},
}
