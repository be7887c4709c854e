"""A Word 97–2003 (``.doc``) file: converted to ``.docx`` by LibreOffice, headless, in a
temporary directory of its own with a profile of its own (``-env:UserInstallation``: two
conversions at once, or a desktop LibreOffice of the same user, do not share a profile and
lock each other out), then read as a ``.docx`` (``word.py``).

Debian's ``libreoffice-writer-nogui`` gives ``soffice`` without a desktop; where it is not
installed the job fails with a message saying so. ``SOFFICE_TIMEOUT`` (seconds) bounds one
conversion; past it the conversion is killed and the job retried.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from . import Extraction, ExtractionFailed
from .word import extract_docx


def soffice() -> str | None:
    return shutil.which(getattr(settings, "SOFFICE_BINARY", "soffice") or "soffice")


def convert(data: bytes, source_suffix: str, target: str) -> bytes:
    """*data* (a file ending in *source_suffix*) converted by LibreOffice to *target*
    (``docx``, ``doc``…); :class:`ExtractionFailed` when it cannot be."""
    program = soffice()
    if program is None:
        raise ExtractionFailed(_("LibreOffice chưa được cài trên máy chủ: không đọc được tệp "
                                 "Word 97–2003 (.doc). Hãy cài gói libreoffice-writer-nogui "
                                 "hoặc tải lên bản .docx hay PDF."))
    with tempfile.TemporaryDirectory(prefix="catalogue-soffice-") as tmp:
        work = Path(tmp)
        source = work / f"input{source_suffix}"
        source.write_bytes(data)
        out = work / "out"
        out.mkdir()
        command = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}",
                   "--headless", "--norestore", "--nolockcheck", "--nodefault",
                   "--convert-to", target, "--outdir", str(out), str(source)]
        completed = subprocess.run(command, capture_output=True, timeout=settings.SOFFICE_TIMEOUT,
                                   cwd=tmp, check=False)
        converted = out / f"input.{target.split(':')[0]}"
        if not converted.exists():
            detail = (completed.stderr or completed.stdout or b"").decode(errors="replace")
            raise ExtractionFailed(_("LibreOffice không chuyển được tệp .doc (tệp hỏng?): "
                                     "%(detail)s") % {"detail": detail.strip()[:300] or "—"})
        return converted.read_bytes()


def extract_doc(data: bytes) -> Extraction:
    return extract_docx(convert(data, ".doc", "docx"), method="doc")
