"""An uploaded file checked by what it contains, never by its name.

:func:`inspect_upload` reads the file once (size, SHA-256), sniffs its type from its first
bytes (the ``filetype`` package; a Word 97–2003 file by its OLE header and its
``WordDocument`` stream), and then checks the one type found:

- PDF: opened with pypdf; encrypted, truncated (no ``%%EOF`` at its end) or
  unreadable files are refused; the page count is kept;
- ``.docx``: a ZIP whose declared sizes are checked before anything is decompressed —
  entries, each entry's size, the total and the compression ratio (zip bombs) — then its
  ``[Content_Types].xml`` must name a Word document;
- JPEG, PNG, TIFF, ``.doc``: the type's signature.

Anything else (HTML renamed ``.pdf``, executables, other archives) is refused. Every
refusal is an :class:`UploadRefused` with a Vietnamese message for the editor.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from documents.domain.filenames import sanitise_filename

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC = "application/msword"
JPEG = "image/jpeg"
PNG = "image/png"
TIFF = "image/tiff"

#: The accepted types and the extension a stored file of that type gets.
ALLOWED_TYPES = {PDF: ".pdf", DOCX: ".docx", DOC: ".doc", JPEG: ".jpg", PNG: ".png",
                 TIFF: ".tif"}
#: A type as readers name it.
TYPE_LABELS = {PDF: "PDF", DOCX: "Word (.docx)", DOC: "Word (.doc)", JPEG: "JPEG", PNG: "PNG",
               TIFF: "TIFF"}

OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_STREAM = "WordDocument".encode("utf-16-le")
SNIFF_BYTES = 8192

# Limits of a .docx archive, read from its central directory before decompressing.
DOCX_MAX_ENTRIES = 2000
DOCX_MAX_ENTRY_BYTES = 100 * 1024 * 1024
DOCX_MAX_TOTAL_BYTES = 250 * 1024 * 1024
DOCX_MAX_RATIO = 100  # uncompressed / compressed, for entries over 1 MB
DOCX_RATIO_FLOOR = 1024 * 1024


class UploadRefused(ValueError):
    """The file cannot be kept; ``str()`` says why, in Vietnamese, for the editor."""


@dataclass(frozen=True)
class FileFacts:
    content_type: str
    extension: str
    size: int
    sha256: str
    page_count: int | None


def max_upload_bytes() -> int:
    return int(settings.DOCUMENT_FILE_MAX_BYTES)


def _read_all(fileobj, limit: int) -> tuple[int, str]:
    """Size and SHA-256 of *fileobj*, refusing past *limit* bytes (counted, not trusted)."""
    fileobj.seek(0)
    digest, size = hashlib.sha256(), 0
    while block := fileobj.read(1 << 20):
        size += len(block)
        if size > limit:
            raise UploadRefused(_("Tệp quá lớn: tối đa %(limit)s.")
                                % {"limit": filesizeformat(limit)})
        digest.update(block)
    fileobj.seek(0)
    return size, digest.hexdigest()


def sniff(fileobj) -> str | None:
    """The type of *fileobj* by its content, among :data:`ALLOWED_TYPES`; None otherwise."""
    fileobj.seek(0)
    head = fileobj.read(SNIFF_BYTES)
    fileobj.seek(0)
    if head.startswith(OLE_HEADER):
        return DOC if _has_word_stream(fileobj) else None
    if head.startswith(b"%PDF-"):
        return PDF
    kind = filetype.guess(head)
    mime = kind.mime if kind is not None else None
    if mime == "application/zip" or mime == DOCX:
        return DOCX if _looks_like_zip(fileobj) else None
    return mime if mime in (JPEG, PNG, TIFF) else None


def _has_word_stream(fileobj) -> bool:
    fileobj.seek(0)
    data = fileobj.read()
    fileobj.seek(0)
    return WORD_STREAM in data


def _looks_like_zip(fileobj) -> bool:
    fileobj.seek(0)
    try:
        return zipfile.is_zipfile(fileobj)
    finally:
        fileobj.seek(0)


def check_pdf(fileobj) -> int:
    """The page count of a readable, unencrypted, complete PDF; :class:`UploadRefused`
    otherwise."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    fileobj.seek(0, io.SEEK_END)
    end = fileobj.tell()
    fileobj.seek(max(0, end - 1024))
    tail = fileobj.read()
    fileobj.seek(0)
    if b"%%EOF" not in tail:
        raise UploadRefused(_("Tệp PDF bị hỏng hoặc không đầy đủ (thiếu phần kết thúc tệp)."))
    try:
        # Not strict: real scans often carry small xref slips that readers forgive; a file
        # cut short is caught by its missing end above, one that cannot be read below.
        reader = PdfReader(fileobj, strict=False)
        if reader.is_encrypted:
            raise UploadRefused(_("Tệp PDF được mã hóa hoặc đặt mật khẩu: hãy tải lên bản "
                                  "không mã hóa."))
        pages = len(reader.pages)
        for page in reader.pages:  # every page object reachable, with its size
            page.mediabox  # noqa: B018
    except UploadRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError) as exc:
        raise UploadRefused(_("Tệp PDF bị hỏng, không đọc được.")) from exc
    finally:
        fileobj.seek(0)
    if pages < 1:
        raise UploadRefused(_("Tệp PDF không có trang nào."))
    return pages


def check_docx(fileobj) -> None:
    """A Word (.docx) archive whose declared sizes are sane; :class:`UploadRefused` for a
    zip bomb, an oversized entry or an archive that is not a Word document."""
    bomb = _("Tệp Word có nội dung nén bất thường (quá lớn khi giải nén): không nhận.")
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            entries = archive.infolist()
            if len(entries) > DOCX_MAX_ENTRIES:
                raise UploadRefused(bomb)
            total = 0
            for entry in entries:
                total += entry.file_size
                ratio_ok = (entry.file_size <= DOCX_RATIO_FLOOR
                            or entry.file_size <= DOCX_MAX_RATIO * max(entry.compress_size, 1))
                if entry.file_size > DOCX_MAX_ENTRY_BYTES or not ratio_ok:
                    raise UploadRefused(bomb)
            if total > DOCX_MAX_TOTAL_BYTES:
                raise UploadRefused(bomb)
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise UploadRefused(_("Tệp ZIP này không phải văn bản Word (.docx)."))
            with archive.open("[Content_Types].xml") as types:
                declared = types.read(1024 * 1024)
            if b"wordprocessingml.document.main+xml" not in declared:
                raise UploadRefused(_("Tệp ZIP này không phải văn bản Word (.docx)."))
    except UploadRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise UploadRefused(_("Tệp Word (.docx) bị hỏng, không đọc được.")) from exc
    finally:
        fileobj.seek(0)


def inspect_upload(fileobj, limit: int | None = None) -> FileFacts:
    """What *fileobj* is, checked; :class:`UploadRefused` when it cannot be kept."""
    limit = max_upload_bytes() if limit is None else limit
    declared = getattr(fileobj, "size", None)
    if declared is not None and declared > limit:
        raise UploadRefused(_("Tệp quá lớn: tối đa %(limit)s.") % {"limit": filesizeformat(limit)})
    size, sha256 = _read_all(fileobj, limit)
    if size == 0:
        raise UploadRefused(_("Tệp rỗng."))
    content_type = sniff(fileobj)
    if content_type is None:
        raise UploadRefused(_("Loại tệp không được nhận: chỉ nhận PDF, Word (.docx, .doc), "
                              "ảnh JPEG, PNG, TIFF — xét theo nội dung tệp, không theo tên."))
    pages = None
    if content_type == PDF:
        pages = check_pdf(fileobj)
    elif content_type == DOCX:
        check_docx(fileobj)
    return FileFacts(content_type, ALLOWED_TYPES[content_type], size, sha256, pages)


def safe_name(name: str | None, facts: FileFacts) -> str:
    """The uploader's file name made safe, with the extension of the type found."""
    return sanitise_filename(name, facts.extension)
