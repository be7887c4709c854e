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
import json
import logging
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring

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


_ENCODERS: dict[str, json.JSONEncoder] = {}


def indented(value, newline: str = "\n", indent: str = "  ") -> str:
    """``json.dumps(value, ensure_ascii=False, indent=len(indent))`` with *newline* (a newline
    and the indentation of *value*'s own line) before each line after the first: the same
    text, in about half the time (no generator per value), so that a list can be written an
    item at a time (:func:`json_array`, the interchange export). Anything but text, whole
    numbers, booleans, null, lists and dicts with text keys goes through :mod:`json` itself."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    inner = newline + indent
    if type(value) is dict and all(type(k) is str for k in value):
        if not value:
            return "{}"
        return ("{" + inner + ("," + inner).join(
            f"{encode_basestring(k)}: {indented(v, inner, indent)}" for k, v in value.items())
            + newline + "}")
    if type(value) is list:
        if not value:
            return "[]"
        return ("[" + inner + ("," + inner).join(indented(v, inner, indent) for v in value)
                + newline + "]")
    # floats (NaN, Infinity), tuples, subclasses: as json writes them (no newline in a string)
    encoder = _ENCODERS.get(indent) or _ENCODERS.setdefault(
        indent, json.JSONEncoder(ensure_ascii=False, indent=len(indent)))
    return encoder.encode(value).replace("\n", newline)


def json_array(rows: Iterable[dict]) -> Iterator[str]:
    """``json.dumps(list(rows), ensure_ascii=False, indent=1)``, a row at a time (for a
    streaming response). If *rows* fails, the array is left open (not valid JSON: the client
    sees a broken file, never a short one) and the error is raised again."""
    count = 0
    try:
        for row in rows:
            yield ("[\n " if count == 0 else ",\n ") + indented(row, "\n ", " ")
            count += 1
    except Exception as exc:
        logger.warning("JSON export interrupted: %s: %s", type(exc).__name__,
                       (str(exc).strip().splitlines() or [""])[0])
        raise
    yield "\n]" if count else "[]"
