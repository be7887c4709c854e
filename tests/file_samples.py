"""Files the tests make themselves (nothing downloaded): a PDF with a Vietnamese text layer,
an encrypted PDF, a truncated PDF, a .docx made with python-docx, a zip-bomb .docx, HTML
renamed .pdf, small images."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

VIETNAMESE = "Điều 1. Đào tạo, bồi dưỡng cán bộ chủ chốt cấp xã"
FONTS = (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),)


def pdf_bytes(text: str = VIETNAMESE, pages: int = 2) -> bytes:
    """A PDF with a text layer (reportlab, BSD), in a font with Vietnamese glyphs when the
    machine has one (DejaVu Sans)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = "Helvetica"
    for path in FONTS:
        if path.exists():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(path)))
            font = "DejaVuSans"
            break
    out = io.BytesIO()
    page = canvas.Canvas(out)
    for number in range(1, pages + 1):
        page.setFont(font, 12)
        page.drawString(72, 760, f"{text} — trang {number}")
        page.showPage()
    page.save()
    return out.getvalue()


def encrypted_pdf_bytes() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt(user_password="mat-khau", owner_password="chu-so-huu", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def truncated_pdf_bytes() -> bytes:
    whole = pdf_bytes()
    return whole[: len(whole) // 2]


def docx_bytes(text: str = VIETNAMESE) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Quyết định", level=1)
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb_docx_bytes(uncompressed: int = 200 * 1024 * 1024) -> bytes:
    """A .docx-shaped archive with one entry declaring *uncompressed* bytes of zeros
    (compressed some thousand times): refused before anything is decompressed."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        real = zipfile.ZipFile(io.BytesIO(docx_bytes()))
        for item in real.infolist():
            archive.writestr(item.filename, real.read(item.filename))
        with archive.open("word/media/bomb.bin", "w", force_zip64=True) as entry:
            block = b"\0" * (1024 * 1024)
            for _ in range(uncompressed // len(block)):
                entry.write(block)
    return out.getvalue()


def html_as_pdf_bytes() -> bytes:
    return b"<!DOCTYPE html><html><body><script>alert(1)</script>%PDF-1.4</body></html>"


def png_bytes() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    raw = b"\0\xff\xff\xff"
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
