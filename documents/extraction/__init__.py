"""Text taken from a document's file, by the method its type needs (docs/TEXT.md).

:func:`extract` takes the file's bytes and its sniffed type (``DocumentFile.content_type``)
and returns an :class:`Extraction`; the extraction job (``documents/text_jobs.py``) calls it
on the job queue, never in a request.

- ``pdf.py``: a PDF's text layer (pypdfium2); pages without one are rendered and read by OCR
  (``pdf_text`` / ``pdf_ocr`` / ``pdf_mixed``);
- ``ocr.py``: Tesseract in Vietnamese (pytesseract), word by word with its confidence; images
  (JPEG, PNG, every page of a TIFF) → ``image_ocr``;
- ``word.py``: a ``.docx`` (python-docx): paragraphs and tables in order, automatic numbering;
- ``legacy_word.py``: a ``.doc``, converted to ``.docx`` by LibreOffice (``soffice``) first.

Errors are of two kinds: :class:`ExtractionFailed` — the file cannot be read, or the server
lacks a program (retrying will not help: the job fails at once, with the Vietnamese message
the admin shows) — and anything transient (:data:`TRANSIENT`: the storage or a program did not
answer in time), which the job retries with backoff.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass

from documents.uploads import DOC, DOCX, JPEG, PDF, PNG, TIFF


class ExtractionFailed(Exception):
    """The file's text cannot be taken and retrying will not help; ``str()`` says why, in
    Vietnamese, for the editor."""


class ExtractionTimedOut(Exception):
    """A program (Tesseract, LibreOffice) ran past its own time limit: retried."""


#: Errors worth another attempt: the storage or a program did not answer.
TRANSIENT = (OSError, subprocess.TimeoutExpired, ExtractionTimedOut)


@dataclass(frozen=True)
class Extraction:
    text: str
    method: str
    ocr_confidence: float | None = None  # mean word confidence, 0–100, over the OCR'd words
    ocr_pages: int | None = None


#: The method a file of each type is read by, before it is opened (a PDF may turn out to be
#: ``pdf_ocr`` or ``pdf_mixed``).
METHOD_FOR_TYPE = {PDF: "pdf_text", DOCX: "docx", DOC: "doc", JPEG: "image_ocr",
                   PNG: "image_ocr", TIFF: "image_ocr"}


def _extractors():
    from . import legacy_word, ocr, pdf, word

    return {PDF: pdf.extract_pdf, DOCX: word.extract_docx, DOC: legacy_word.extract_doc,
            JPEG: ocr.extract_image, PNG: ocr.extract_image, TIFF: ocr.extract_image}


#: content type → function(bytes) -> Extraction; filled on first use (tests may replace one).
EXTRACTORS: dict = {}


def extract(data: bytes, content_type: str) -> Extraction:
    """The text of a file of *content_type* whose content is *data*."""
    if not EXTRACTORS:
        EXTRACTORS.update(_extractors())
    extractor = EXTRACTORS.get(content_type)
    if extractor is None:
        from django.utils.translation import gettext as _

        raise ExtractionFailed(_("Không lấy được chữ từ loại tệp này (%(type)s).")
                               % {"type": content_type or "?"})
    return extractor(data)
