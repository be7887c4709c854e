"""OCR in Vietnamese: Tesseract (Debian's ``tesseract-ocr`` with ``tesseract-ocr-vie``) through
pytesseract, word by word (``image_to_data``) so that each word's confidence is kept.

:func:`read_image` gives the text of one image (lines as Tesseract found them, a blank line
between paragraphs) and its words' confidences; :func:`extract_image` reads an uploaded image
(JPEG, PNG, every page of a TIFF) → ``image_ocr``. Settings: ``OCR_LANGUAGES`` (``vie``),
``OCR_PAGE_TIMEOUT`` (seconds Tesseract may spend on one page), ``OCR_DPI`` (how finely PDF pages
are rendered, ``pdf.py``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from . import Extraction, ExtractionFailed, ExtractionTimedOut


@dataclass
class OcrResult:
    texts: list[str] = field(default_factory=list)
    confidences: list[float] = field(default_factory=list)
    pages: int = 0

    def add(self, text: str, confidences: list[float]) -> None:
        self.texts.append(text)
        self.confidences.extend(confidences)
        self.pages += 1

    @property
    def mean_confidence(self) -> float | None:
        if not self.confidences:
            return 0.0 if self.pages else None
        return round(sum(self.confidences) / len(self.confidences), 1)


def read_image(image) -> tuple[str, list[float]]:
    """The text Tesseract reads in *image* (a Pillow image) and each word's confidence."""
    import pytesseract

    languages = settings.OCR_LANGUAGES
    try:
        data = pytesseract.image_to_data(image, lang=languages,
                                         output_type=pytesseract.Output.DICT,
                                         timeout=settings.OCR_PAGE_TIMEOUT)
    except pytesseract.TesseractNotFoundError as exc:
        raise ExtractionFailed(_("Tesseract (nhận dạng chữ) chưa được cài trên máy chủ "
                                 "(gói tesseract-ocr).")) from exc
    except pytesseract.TesseractError as exc:
        if "language" in str(exc).lower() or "traineddata" in str(exc):
            raise ExtractionFailed(
                _("Tesseract chưa có dữ liệu ngôn ngữ “%(lang)s” (gói tesseract-ocr-vie).")
                % {"lang": languages}) from exc
        raise ExtractionFailed(_("Tesseract không đọc được ảnh: %(error)s")
                               % {"error": str(exc)[:300]}) from exc
    except RuntimeError as exc:  # pytesseract's own timeout
        if "timeout" in str(exc).lower():
            raise ExtractionTimedOut(str(exc)) from exc
        raise
    return _lines(data)


def _lines(data: dict) -> tuple[str, list[float]]:
    """Words grouped back into lines and paragraphs, in Tesseract's reading order."""
    paragraphs: list[list[str]] = []
    lines: dict[tuple, list[str]] = {}
    last_par = None
    confidences: list[float] = []
    for i, word in enumerate(data["text"]):
        word = (word or "").strip()
        if not word:
            continue
        par = (data["page_num"][i], data["block_num"][i], data["par_num"][i])
        line = (*par, data["line_num"][i])
        if par != last_par:
            paragraphs.append([])
            last_par = par
        if line not in lines:
            lines[line] = []
            paragraphs[-1].append(line)
        lines[line].append(word)
        conf = float(data["conf"][i])
        if conf >= 0:
            confidences.append(conf)
    text = "\n\n".join("\n".join(" ".join(lines[key]) for key in par) for par in paragraphs)
    return text, confidences


def open_image(data: bytes):
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except Image.DecompressionBombError as exc:
        raise ExtractionFailed(_("Ảnh quá lớn (số điểm ảnh vượt giới hạn): không đọc.")) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ExtractionFailed(_("Ảnh bị hỏng, không đọc được.")) from exc
    return image


def frames(image) -> list:
    """Every page of an image (a TIFF may hold several), decoded: a damaged page is a damaged
    file, told apart from Tesseract's own errors."""
    from PIL import ImageSequence

    pages = []
    try:
        for frame in ImageSequence.Iterator(image):
            pages.append(frame.convert("L") if frame.mode not in ("L", "RGB") else frame.copy())
    except (OSError, ValueError, EOFError) as exc:
        raise ExtractionFailed(_("Ảnh bị hỏng, không đọc được.")) from exc
    return pages


def extract_image(data: bytes) -> Extraction:
    result = OcrResult()
    for frame in frames(open_image(data)):
        result.add(*read_image(frame))
    return Extraction("\n\n".join(t for t in result.texts if t), "image_ocr",
                      ocr_confidence=result.mean_confidence, ocr_pages=result.pages)
