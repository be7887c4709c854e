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


# --- pages to read by OCR (issue 15's text extraction, docs/TEXT.md) -------------------------

ROOT = Path(__file__).resolve().parent.parent
NOTO_SANS = ROOT / "node_modules" / "@fontsource" / "noto-sans"
#: A page of a plan, as a scan shows it: what the OCR tests look for.
SCANNED_LINES = (
    "ỦY BAN NHÂN DÂN TỈNH",
    "Điều 2. Đào tạo, bồi dưỡng cán bộ chủ chốt cấp xã",
    "Nâng cao chất lượng đội ngũ công chức ở cơ sở.",
)


def _noto_fonts(size: int):
    """The project's Noto Sans (npm's @fontsource, as the site serves it): its Latin file and
    its Vietnamese file, with the characters the latter covers (its CSS ``unicode-range``)."""
    import re

    from PIL import ImageFont

    css = (NOTO_SANS / "400.css").read_text()
    block = css[css.index("noto-sans-vietnamese-400-normal"):]
    ranges = []
    for part in re.search(r"unicode-range:([^;]+);", block).group(1).split(","):
        low, _, high = part.strip().removeprefix("U+").partition("-")
        ranges.append((int(low, 16), int(high or low, 16)))
    latin = ImageFont.truetype(str(NOTO_SANS / "files" / "noto-sans-latin-400-normal.woff2"),
                               size)
    viet = ImageFont.truetype(str(NOTO_SANS / "files" / "noto-sans-vietnamese-400-normal.woff2"),
                              size)
    return latin, viet, ranges


def page_image(lines=SCANNED_LINES, dpi: int = 300):
    """An A4 page at *dpi* with *lines* of Vietnamese text, drawn with Pillow in Noto Sans
    (each character from the font file that holds it), as a scanner would give it."""
    from PIL import Image, ImageDraw

    width, height = int(8.27 * dpi), int(11.69 * dpi)
    size = int(dpi * 14 / 72)  # 14 pt
    latin, viet, ranges = _noto_fonts(size)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    y = int(dpi * 1.2)
    for line in lines:
        x = int(dpi * 1.0)
        for ch in line:
            font = viet if any(lo <= ord(ch) <= hi for lo, hi in ranges) else latin
            draw.text((x, y), ch, font=font, fill=0)
            x += font.getlength(ch)
        y += int(size * 1.8)
    return image


def scanned_pdf_bytes(lines=SCANNED_LINES) -> bytes:
    """An image-only PDF (no text layer) of one page: OCR must read it."""
    out = io.BytesIO()
    page_image(lines).save(out, "PDF", resolution=300)
    return out.getvalue()


def page_png_bytes(lines=SCANNED_LINES) -> bytes:
    out = io.BytesIO()
    page_image(lines).save(out, "PNG", dpi=(300, 300))
    return out.getvalue()


def broken_png_bytes() -> bytes:
    """A PNG's signature and header, then nothing readable: accepted on upload (sniffed by its
    signature), refused by the extraction."""
    return png_bytes()[:33] + b"\x00\x00\x00\x10IDATgarbage-garbage" + b"\x00" * 8


def numbered_docx_bytes() -> bytes:
    """A .docx whose articles are numbered by Word ("Điều %1.") and which holds a table."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="Điều %1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlText w:val="%2)"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90">'
                               '<w:abstractNumId w:val="90"/></w:num>'))
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "TỈNH ỦY BẮC NINH"
    table.cell(0, 1).text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    document.add_paragraph("QUYẾT ĐỊNH")
    for text, level in (("Phạm vi điều chỉnh", 0), ("Đào tạo, bồi dưỡng cán bộ", 0),
                        ("cán bộ chủ chốt cấp xã", 1), ("công chức cấp xã", 1),
                        ("Tổ chức thực hiện", 0)):
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def doc_bytes(docx: bytes | None = None) -> bytes:
    """A Word 97–2003 (.doc) file: *docx* converted by LibreOffice (the tests skip, saying so,
    where ``soffice`` is not installed)."""
    from documents.extraction.legacy_word import convert

    return convert(docx or docx_bytes(), ".docx", "doc")
