"""A Word (``.docx``) file's text, with python-docx (MIT): the body's paragraphs and tables in
the order they stand, one paragraph per line and a blank line between paragraphs; a table row
per line, its cells separated by a tab; automatic numbering written out
(``word_numbering.py``: "Điều 1.", "a)") as Word shows it.
"""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext as _

from . import Extraction, ExtractionFailed
from .word_numbering import Numbering


def open_docx(data: bytes):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ExtractionFailed(_("Tệp Word (.docx) bị hỏng, không đọc được.")) from exc
    except Exception as exc:  # lxml's XMLSyntaxError and the like: a damaged file
        if exc.__class__.__module__.startswith(("lxml", "docx")):
            raise ExtractionFailed(_("Tệp Word (.docx) bị hỏng, không đọc được.")) from exc
        raise


def blocks(document, numbering: Numbering):
    """The body's paragraphs and tables, in order, as text."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.strip()
            label = numbering.label(item._p)
            if label and text:
                text = f"{label} {text}"
            if text:
                yield text
        elif isinstance(item, Table):
            rows = []
            for row in item.rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell appears once per grid column
                        continue
                    seen.add(id(cell._tc))
                    cells.append(" ".join(p.text.strip() for p in cell.paragraphs
                                          if p.text.strip()))
                if any(cells):
                    rows.append("\t".join(cells))
            if rows:
                yield "\n".join(rows)


def extract_docx(data: bytes, method: str = "docx") -> Extraction:
    document = open_docx(data)
    numbering = Numbering.of(document)
    return Extraction("\n\n".join(blocks(document, numbering)), method)
