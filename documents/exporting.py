"""Rows for CSV and JSON exports of document lists and targets.

CSV is UTF-8 with a byte-order mark (so spreadsheet programs read Vietnamese
correctly) and neutralises cells that a spreadsheet would run as a formula
(beginning with ``=``, ``+``, ``-``, ``@``, tab or carriage return) by
prefixing a single quote. Dates are ISO 8601 (``2023-11-06``) and numbers use a
decimal point, so the files can be analysed without guessing their locale.

A streamed CSV file is never silently short: the view reads the first row before the
response starts (:func:`started`), so a database that cannot be reached is the site's usual
503; if reading fails part-way through the stream, the file ends with a line beginning with
:data:`INCOMPLETE_MARK` and the stream raises, so the server aborts the connection (no final
chunk: clients report an incomplete transfer) instead of ending the file normally.
"""

from __future__ import annotations

import csv
import io
import itertools
import logging
from collections.abc import Iterable, Iterator

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
#: The first cell of the last line of a file whose export failed part-way through.
INCOMPLETE_MARK = "#LỖI"
INCOMPLETE_LINE = (
    f"{INCOMPLETE_MARK}: tệp chưa đầy đủ, việc xuất dữ liệu bị gián đoạn; hãy tải lại sau. "
    "(ERROR: this file is incomplete, the export was interrupted; please download it again.)"
)

logger = logging.getLogger("documents.faults")

DOCUMENT_COLUMNS = [
    # (JSON key, CSV header)
    ("slug", "slug"),
    ("url", "địa chỉ"),
    ("symbol", "số ký hiệu"),
    ("symbol_as_written", "số ký hiệu như nguồn ghi"),
    ("doc_type", "loại văn bản"),
    ("title", "trích yếu"),
    ("issuing_body", "cơ quan ban hành"),
    ("co_issuers", "cơ quan cùng ban hành"),
    ("locality", "địa bàn"),
    ("term", "khóa"),
    ("issued_date", "ngày ban hành"),
    ("period_start", "giai đoạn từ"),
    ("period_end", "giai đoạn đến"),
    ("status", "tình trạng"),
    ("status_as_of", "tình trạng tính đến"),
    ("recorded_status", "tình trạng ghi nhận ban đầu"),
    ("known_by_reference", "chỉ biết qua dẫn chiếu"),
    ("topics", "chủ đề"),
    ("uncertain", "dữ kiện chưa chắc chắn"),
]

TARGET_COLUMNS = [
    ("document", "văn bản"),
    ("document_url", "địa chỉ văn bản"),
    ("indicator", "chỉ số"),
    ("applies_to", "đối tượng"),
    ("locality", "địa bàn"),
    ("comparator", "so sánh"),
    ("value", "giá trị"),
    ("unit", "đơn vị"),
    ("deadline_year", "hạn (năm)"),
    ("deadline", "hạn (ngày)"),
    ("baseline_value", "giá trị gốc"),
    ("baseline_date", "thời điểm giá trị gốc"),
    ("uncertain", "dữ kiện chưa chắc chắn"),
]


def safe_cell(value) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _plain(value):
    """A Decimal as plain text without trailing zeros: 10, 17.9 (never 1E+1)."""
    return None if value is None else format(value.normalize(), "f")


def _iso(value):
    return value.isoformat() if value else None


def uncertain_cell(value) -> list[str]:
    """A record's uncertain facts as "fact: reason (note)" strings (in JSON a list; in CSV one
    cell, joined by "; "), the reasons as the vocabulary's keys."""
    out = []
    for key, mark in (value or {}).items():
        if isinstance(mark, dict):
            note = mark.get("note") or ""
            out.append(f"{key}: {mark.get('reason')}" + (f" ({note})" if note else ""))
    return out


def document_row(doc, absolute) -> dict:
    return {
        "slug": doc.slug,
        "url": absolute(doc.get_absolute_url()),
        "symbol": doc.symbol,
        "symbol_as_written": doc.symbol_as_written,
        "doc_type": doc.doc_type,
        "title": doc.title,
        "issuing_body": doc.issuing_body.name if doc.issuing_body_id else None,
        "co_issuers": [body.name for body in doc.co_issuing_bodies],
        "locality": doc.locality.name if doc.locality_id else None,
        "term": doc.term.name if doc.term_id else None,
        "issued_date": _iso(doc.issued_date),
        "period_start": doc.period_start,
        "period_end": doc.period_end,
        "status": doc.status_now,
        "status_as_of": _iso(getattr(doc, "status_day", None)),
        "recorded_status": doc.status,
        "known_by_reference": doc.known_by_reference,
        "topics": [t.slug for t in doc.topics.all()],
        "uncertain": uncertain_cell(doc.uncertain),
    }


def target_row(target, absolute) -> dict:
    return {
        "document": target.document.symbol or target.document.title,
        "document_url": absolute(target.document.get_absolute_url()),
        "indicator": target.indicator.name,
        "applies_to": target.applies_to,
        "locality": target.locality.name if target.locality_id else None,
        "comparator": target.comparator,
        "value": _plain(target.value),
        "unit": target.unit,
        "deadline_year": target.deadline_year,
        "deadline": _iso(target.deadline),
        "baseline_value": _plain(target.baseline_value),
        "baseline_date": _iso(target.baseline_date),
        "uncertain": uncertain_cell(target.uncertain),
    }


def started(rows: Iterable) -> Iterator:
    """*rows* with the first one already read: call it in the view, before the response
    starts, so that a failing query is the view's error (a 503 when the database cannot be
    reached), not a file cut short after its header."""
    rows = iter(rows)
    return itertools.chain(list(itertools.islice(rows, 1)), rows)


def csv_lines(rows: Iterable[dict], columns) -> Iterator[str]:
    """The CSV text, line by line, BOM first (for a streaming response). If *rows* fails,
    a last line says the file is incomplete and the error is raised again."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow([header for _key, header in columns])
    yield BOM + flush()
    try:
        for row in rows:
            cells = []
            for key, _header in columns:
                value = row[key]
                if isinstance(value, list):
                    value = "; ".join(value)
                cells.append(safe_cell(value))
            writer.writerow(cells)
            yield flush()
    except Exception as exc:
        logger.warning("CSV export interrupted: %s: %s", type(exc).__name__,
                       (str(exc).strip().splitlines() or [""])[0])
        writer.writerow([INCOMPLETE_LINE])
        yield flush()
        raise
