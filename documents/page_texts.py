"""Texts of corpus documents read from public pages (issue 15): ``fixtures/texts.json``.

The index lists, for each text, the document it belongs to (its slug and symbol), the file
under ``fixtures/`` holding the text as the page printed it, whether the page held the whole
document (``complete``) or only its beginning, the page it was read from (``source``: the
reference of a corpus source, or a new source's fields), a sentence of the text that
identifies the document (``quote``) and the page's sentence naming the document by number
(``page_quote``). fixtures/README.md describes the file.

:func:`load_page_texts` attaches each text to its document as a
:class:`~documents.models.DocumentText` from that source (``method="web_page"``,
``status="done"``) and rebuilds its provisions (:func:`documents.provisions.rebuild_provisions`).
It is idempotent, and an editor's correction (``corrected``) is never touched: a text whose
page copy changed gets the new extraction, and readers keep reading the correction. Texts that
are only a beginning are loaded only when asked (``include_excerpts``), marked as excerpts
(``DocumentText.excerpt``: "Trích đoạn — không phải toàn văn" wherever the text is shown).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from documents.models import Document, DocumentText, Source, SourceMention
from documents.provisions import rebuild_provisions

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
TEXTS_INDEX = FIXTURES_DIR / "texts.json"
#: A new source's fields an index entry may give (the corpus sources' own fields).
SOURCE_FIELDS = ("kind", "publisher", "headline", "url", "author", "published_date",
                 "date_note")


class PageTextError(Exception):
    """The index is malformed or names a document other than the one it attaches to."""


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    excerpts_skipped: list[str] = field(default_factory=list)
    #: (symbol, why) of texts whose document or source is not in the database.
    missing: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return len(self.created) + len(self.updated)


def read_index(path: Path = TEXTS_INDEX) -> list[dict]:
    """The index's entries; raises :class:`PageTextError` when it cannot be used."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PageTextError(f"{path}: {error}") from error
    if data.get("format") != "catalogue-texts" or not isinstance(data.get("texts"), list):
        raise PageTextError(f"{path}: not a texts index (format 'catalogue-texts')")
    for number, entry in enumerate(data["texts"], 1):
        for key in ("document", "symbol", "file", "complete", "source", "quote"):
            if key not in entry:
                raise PageTextError(f"{path}: text {number} has no '{key}'")
    return data["texts"]


def entry_text(entry: dict, base: Path = FIXTURES_DIR) -> str:
    """The text an entry's file holds, NFC, without surrounding white space."""
    try:
        raw = (base / entry["file"]).read_text(encoding="utf-8")
    except OSError as error:
        raise PageTextError(f"{entry['symbol']}: {error}") from error
    return unicodedata.normalize("NFC", raw).strip()


def _source(entry: dict) -> Source | None:
    """The corpus source an entry names, or the new source it describes (created once; an
    existing source's fields are never rewritten, so an editor's changes stay)."""
    given = entry["source"]
    if isinstance(given, str):
        return Source.objects.filter(reference=given).first()
    if not isinstance(given, dict) or not given.get("reference") or not given.get("url"):
        raise PageTextError(f"{entry['symbol']}: a new source needs a reference and a url")
    fields = {key: given[key] for key in SOURCE_FIELDS if given.get(key) is not None}
    source, _created = Source.objects.get_or_create(reference=given["reference"],
                                                    defaults=fields)
    return source


def _load_one(entry: dict, text: str, report: LoadReport) -> None:
    symbol = entry["symbol"]
    document = Document.objects.filter(slug=entry["document"]).first()
    if document is None:
        report.missing.append((symbol, f"no document {entry['document']}"))
        return
    if document.symbol and document.symbol != symbol:
        raise PageTextError(f"{entry['document']} is {document.symbol}, not {symbol}")
    source = _source(entry)
    if source is None:
        report.missing.append((symbol, f"no source {entry['source']}"))
        return
    if entry.get("page_quote"):
        SourceMention.objects.get_or_create(source=source, document=document,
                                            defaults={"quote": entry["page_quote"]})
    existing = DocumentText.objects.filter(document=document, source=source).first()
    if existing is None:
        last = document.texts.aggregate(last=Max("position"))["last"]
        document_text = DocumentText.objects.create(
            document=document, source=source, position=0 if last is None else last + 1,
            method="web_page", excerpt=not entry["complete"],
            status="done", extracted=text, extracted_at=timezone.now())
        rebuild_provisions(document_text)
        report.created.append(symbol)
        return
    if existing.extracted == text and existing.excerpt == (not entry["complete"]):
        report.unchanged.append(symbol)
        return
    existing.extracted, existing.excerpt = text, not entry["complete"]
    existing.method, existing.status, existing.extracted_at = "web_page", "done", timezone.now()
    existing.save()
    if not existing.corrected:
        # Readers read the correction where there is one: its provisions stay as they are.
        rebuild_provisions(existing)
    report.updated.append(symbol)


def load_page_texts(path: Path = TEXTS_INDEX, *, include_excerpts: bool = False) -> LoadReport:
    """Attach every text of the index at *path* to its document (see the module's notes)."""
    entries = read_index(path)
    report = LoadReport()
    with transaction.atomic():
        for entry in entries:
            if not entry["complete"] and not include_excerpts:
                report.excerpts_skipped.append(entry["symbol"])
                continue
            _load_one(entry, entry_text(entry, path.parent), report)
    return report
