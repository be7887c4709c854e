"""The catalogue's rules for one object's values: each rule is one function, here, and only here.

Each function takes plain values and returns the :class:`Violation` list of what is wrong (empty
when nothing is): the field it concerns and the message, in Vietnamese (the source language of
the interface), marked for translation. Nothing here raises or imports Django. The models'
``clean()`` raise the violations as a ``ValidationError`` (``documents/models/common.py``:
:func:`validation_error`; the admin's forms show them by their fields); the dataset import
(``documents/interchange/checking*.py``) reports them at their place in the file. Both put the
message in the active language with ``documents.language.violation_text``.

Rules that need the database (a symbol already used, a locality's parent chain) stay with
their callers; these are the ones a set of values breaks on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from .symbols import Symbol, SymbolError, parse_symbol
from .vietnamese import fold
from .vocabulary import LOCALITY_LEVEL, UNITS

__all__ = [
    "Violation",
    "body_not_its_own",
    "co_issuing_bodies",
    "covered_period",
    "document_symbol",
    "effective_period",
    "figure_values",
    "link_not_to_itself",
    "locality_parent",
    "target_values",
    "term_of_issuer",
    "term_years",
    "valid_period",
    "value_for_unit",
]


def _(message: str) -> str:
    """Marks *message* for translation (``makemessages`` finds it); it is translated when it
    is shown (``documents.language.violation_text``), in the language of that moment."""
    return message


@dataclass(frozen=True)
class Violation:
    """One broken rule: the field (the model's name for it) and the message, whose
    ``%(name)s`` placeholders take :attr:`params` once translated."""

    field: str
    message: str
    params: dict = field(default_factory=dict, compare=False)


UNIT_LABELS = {u.key: u.vi for u in UNITS}


# --- numbers and their units ---------------------------------------------------------------


def value_for_unit(value: Decimal | None, unit: str, field_name: str) -> list[Violation]:
    """A percentage lies within 0–100; other values are not negative; people are counted in
    whole numbers."""
    if value is None or not unit:
        return []
    if unit == "percent" and not (0 <= value <= 100):
        return [Violation(field_name, _("Tỷ lệ phần trăm phải nằm trong khoảng 0–100."))]
    if unit != "percent" and value < 0:
        return [Violation(field_name, _("Giá trị không thể âm."))]
    if unit == "people" and value != value.to_integral_value():
        return [Violation(field_name, _("Số người phải là số nguyên."))]
    return []


def target_values(*, value: Decimal | None, baseline_value: Decimal | None, unit: str,
                  indicator_unit: str | None, deadline: dt.date | None,
                  deadline_year: int | None) -> list[Violation]:
    """A target's value and baseline fit its unit, which is its indicator's; its deadline
    year is its deadline's."""
    found = value_for_unit(value, unit, "value") + value_for_unit(
        baseline_value, unit, "baseline_value")
    if indicator_unit and unit and unit != indicator_unit:
        found.append(Violation("unit", _("Đơn vị phải trùng với đơn vị của chỉ số (%(unit)s)."),
                               {"unit": UNIT_LABELS.get(indicator_unit, indicator_unit)}))
    if deadline and deadline_year and deadline.year != deadline_year:
        found.append(Violation("deadline_year", _("Năm hạn không khớp với ngày hạn.")))
    return found


def figure_values(*, value: Decimal | None, total: Decimal | None, unit: str,
                  as_of: dt.date | None, as_of_year: int | None) -> list[Violation]:
    """A figure's value fits its unit and is not above its total ("238/238"); its year is its
    date's."""
    found = value_for_unit(value, unit, "value")
    if total is not None and value is not None and total < value:
        found.append(Violation("total", _("Tổng số không thể nhỏ hơn giá trị.")))
    if as_of and as_of_year and as_of.year != as_of_year:
        found.append(Violation("as_of_year", _("Năm không khớp với ngày.")))
    return found


# --- periods ---------------------------------------------------------------------------------


def _ends_before(start, end) -> bool:
    return start is not None and end is not None and end < start


def valid_period(valid_from: dt.date | None, valid_to: dt.date | None) -> list[Violation]:
    """A locality's or body's period of existence does not end before it starts."""
    if _ends_before(valid_from, valid_to):
        return [Violation("valid_to", _("Ngày kết thúc không thể trước ngày bắt đầu."))]
    return []


def term_years(start_year: int | None, end_year: int | None) -> list[Violation]:
    """A term does not end before it starts."""
    if _ends_before(start_year, end_year):
        return [Violation("end_year", _("Năm kết thúc không thể trước năm bắt đầu."))]
    return []


def effective_period(effective_from: dt.date | None,
                     effective_to: dt.date | None) -> list[Violation]:
    """A document is not in force until before it came into force."""
    if _ends_before(effective_from, effective_to):
        return [Violation("effective_to",
                          _("Ngày hết hiệu lực không thể trước ngày có hiệu lực."))]
    return []


def covered_period(period_start: int | None, period_end: int | None) -> list[Violation]:
    """The period a document covers (2025–2030) does not end before it starts."""
    if _ends_before(period_start, period_end):
        return [Violation("period_end", _("Năm kết thúc giai đoạn không thể trước năm bắt đầu."))]
    return []


# --- documents -------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _same_code(body_code: str, issuer_code: str) -> bool:
    return fold(body_code) == fold(issuer_code)


def document_symbol(raw: str, doc_type: str, body_code: str) -> tuple[Symbol | None,
                                                                      list[Violation]]:
    """A document's symbol (*raw*: as given, already stripped; "" for none) parses; its type
    code fits the document's type, and its issuer code the issuing body's code (*body_code*,
    "" when the body has none or there is no body): the whole code or one of the bodies it
    names (``QH`` in ``QH14``, the legislature and its term; ``BNV`` or ``BTC`` in a joint
    ``BNV-BTC``; ``BNV`` in ``BNV-TCBC``, the ministry and its unit). Returns the parsed
    symbol (None if it does not parse or there is none) and the violations."""
    if not raw:
        return None, []
    try:
        parsed = parse_symbol(raw)
    except SymbolError as exc:
        return None, [Violation("symbol", _("Số ký hiệu “%(raw)s” không đúng dạng: %(why)s"),
                                {"raw": raw, "why": exc})]
    found = []
    if doc_type and parsed.document_types and doc_type not in parsed.document_types:
        found.append(Violation(
            "doc_type",
            _("Mã loại “%(code)s” trong số ký hiệu không khớp với loại văn bản đã chọn."),
            {"code": parsed.type_code}))
    if body_code and not any(_same_code(body_code, code)
                             for code in (parsed.issuer_code, *parsed.issuer_codes)):
        found.append(Violation(
            "issuing_body",
            _("Mã cơ quan “%(code)s” trong số ký hiệu không khớp với mã “%(body)s” của cơ quan "
              "ban hành."),
            {"code": parsed.issuer_code, "body": body_code}))
    return parsed, found


def co_issuing_bodies(main, co, codes: dict | None = None,
                      symbol: Symbol | None = None) -> list[Violation]:
    """A joint document's co-issuing bodies (*co*, in order; any kind of identifier, as for
    :func:`term_of_issuer`) beside its main issuing body (*main*, None when unknown): the main
    body is not named again, no body twice; and when the symbol names several bodies (a
    joint ``01/2015/TTLT-BNV-BTC``), each co-issuer's code (*codes*: identifier -> code, ""
    for none) is one of them -- every issuer code of the symbol is checked against the bodies
    given, the main one by :func:`document_symbol`. A symbol naming one body (a joint
    Party–state document numbered by its lead) says nothing of the others."""
    found = []
    if main is not None and main in co:
        found.append(Violation("co_issuers", _("Cơ quan ban hành chính không thể đồng thời là "
                                               "cơ quan cùng ban hành.")))
    if len(set(co)) != len(co):
        found.append(Violation("co_issuers", _("Một cơ quan được ghi hai lần trong các cơ "
                                               "quan cùng ban hành.")))
    if symbol is not None and codes and len(symbol.issuer_codes) > 1:
        for body in co:
            code = codes.get(body) or ""
            if code and not any(_same_code(code, c) for c in symbol.issuer_codes):
                found.append(Violation(
                    "co_issuers",
                    _("Mã “%(code)s” của cơ quan cùng ban hành không có trong số ký hiệu "
                      "“%(symbol)s”."), {"code": code, "symbol": symbol.canonical}))
    return found


def term_of_issuer(term_body, issuing_body, issuing_body_parent) -> list[Violation]:
    """A document's term is one of its issuing body's or of that body's parent (any kind of
    identifier: ids for the models, keys for the import; None when unknown)."""
    if term_body is None or issuing_body is None:
        return []
    if term_body not in (issuing_body, issuing_body_parent):
        return [Violation("term", _("Khóa đã chọn không thuộc cơ quan ban hành (hoặc cơ quan "
                                    "cấp trên của nó)."))]
    return []


# --- provisions ----------------------------------------------------------------------------


def provision_named(value: str) -> list[Violation]:
    """A provision is written so that it names one (``Điều 5, khoản 2``; empty: none)."""
    from .structure import provision_anchor

    if value and provision_anchor(value) is None:
        return [Violation("provision", _(
            "Không đọc được điều khoản; hãy viết như văn bản, ví dụ “Điều 5, khoản 2”, "
            "“điểm a khoản 2 Điều 5” hoặc “mục 2 phần I”."))]
    return []


# --- relations to itself ---------------------------------------------------------------------


def link_not_to_itself(from_document, to_document) -> list[Violation]:
    """A document does not link to itself."""
    if from_document is not None and from_document == to_document:
        return [Violation("to_document", _("Một văn bản không thể liên kết với chính nó."))]
    return []


def body_not_its_own(body, *, parent, successor) -> list[Violation]:
    """A body is neither its own successor nor its own parent."""
    if body is None:
        return []
    found = []
    if successor == body:
        found.append(Violation("successor", _("Một cơ quan không thể kế thừa chính nó.")))
    if parent == body:
        found.append(Violation("parent", _("Một cơ quan không thể trực thuộc chính nó.")))
    return found


def locality_parent(kind: str, parent_kind: str | None, *, own_parent: bool) -> list[Violation]:
    """A locality's parent is at a higher level (a province above a ward), and is not the
    locality itself or below it (*own_parent*: the caller knows the parent chain)."""
    if parent_kind and kind and LOCALITY_LEVEL[kind] <= LOCALITY_LEVEL[parent_kind]:
        return [Violation("parent", _("Địa bàn cấp trên phải ở cấp cao hơn địa bàn này."))]
    if own_parent:
        return [Violation("parent", _("Một địa bàn không thể thuộc chính nó."))]
    return []
