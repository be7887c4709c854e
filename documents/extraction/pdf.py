"""A PDF's text: each page's text layer (pypdfium2, Apache-2.0 / BSD-3-Clause); a page with
no text layer (a scan) is rendered at ``OCR_DPI`` and read by OCR (``ocr.py``).

The method says which: ``pdf_text`` (every page had text), ``pdf_ocr`` (none had),
``pdf_mixed`` (some pages scanned). Pages are separated by a form feed (``\\f``), so that the
structure parser can tell which page a provision starts on.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from . import Extraction, ExtractionFailed
from .ocr import OcrResult, read_image

#: A page whose text layer holds fewer letters or digits than this is read by OCR (a scan
#: often carries a stray page number or a stamp's text).
MIN_TEXT_CHARACTERS = 20


def has_text(text: str) -> bool:
    return sum(ch.isalnum() for ch in text) >= MIN_TEXT_CHARACTERS


def open_pdf(data: bytes):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ExtractionFailed(_("Tệp PDF được mã hóa hoặc đặt mật khẩu: hãy tải lên bản "
                                     "không mã hóa.")) from exc
        raise ExtractionFailed(_("Tệp PDF bị hỏng, không đọc được.")) from exc


def page_text(page) -> str:
    textpage = page.get_textpage()
    try:
        return textpage.get_text_bounded().replace("\r\n", "\n").replace("\r", "\n")
    finally:
        textpage.close()


def extract_pdf(data: bytes) -> Extraction:
    import pypdfium2 as pdfium

    pdf = open_pdf(data)
    texts: list[str] = []
    ocr = OcrResult()
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                text = page_text(page)
                if not has_text(text):
                    image = page.render(scale=settings.OCR_DPI / 72, grayscale=True).to_pil()
                    text, confidences = read_image(image)
                    ocr.add(text, confidences)
            finally:
                page.close()
            texts.append(text.strip())
    except pdfium.PdfiumError as exc:
        raise ExtractionFailed(_("Tệp PDF bị hỏng, không đọc được.")) from exc
    finally:
        pdf.close()
    if not ocr.pages:
        method = "pdf_text"
    elif ocr.pages == len(texts):
        method = "pdf_ocr"
    else:
        method = "pdf_mixed"
    return Extraction("\n\f\n".join(texts), method,
                      ocr_confidence=ocr.mean_confidence if ocr.pages else None,
                      ocr_pages=ocr.pages or None)
