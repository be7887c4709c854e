"""Deep pages by keyset: the page after (or before) a row, in :data:`NEWEST_FIRST` order.

A page at offset 100.000 makes PostgreSQL read and throw away 100.000 index entries; the page
after a given row reads only the page's own. The position is the sort key of the last row
shown (``after``) or the first (``before``): a **cursor** ``<year>.<date>.<id>.<page>`` —
``-`` for an unknown year or date, the date as ``YYYYMMDD``, ``page`` the number of the page it
leads to (shown to the reader: "Trang 5"; not used to find rows). :func:`parse_cursor`
validates it and says what is wrong in words; nothing in it is trusted beyond its syntax.

The order is read from :data:`~documents.models.documents.NEWEST_FIRST` (THE definition of
"newest first"), not written again: :func:`page_after` splits "after this row" into the
ranges of the order's index that follow it — same year and date, later id; same year, earlier
date; same year, no date; earlier year; no year — and reads them in turn until the page is
full: at most five index range scans (usually one or two), each ``LIMIT``-ed, whatever the
page's depth.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db.models import F, IntegerField, Q, Value
from django.utils.translation import gettext as _

from documents.models.document_queries import NEWEST_FIRST

#: The cursor's syntax (validated further by :func:`parse_cursor`).
_CURSOR = re.compile(r"(-|\d{1,4})\.(-|\d{8})\.(\d{1,12})\.(\d{1,7})")


class CursorError(ValueError):
    """A cursor that cannot be read; its message says why, in words for the reader."""


@dataclass(frozen=True)
class Cursor:
    year: int | None
    date: datetime.date | None
    id: int
    page: int

    def __str__(self) -> str:
        year = "-" if self.year is None else str(self.year)
        date = "-" if self.date is None else self.date.strftime("%Y%m%d")
        return f"{year}.{date}.{self.id}.{self.page}"

    @property
    def key(self) -> tuple:
        return (self.year, self.date, self.id)


def cursor_of(document, page: int) -> Cursor:
    """The cursor at *document* (a row shown), for page number *page*."""
    return Cursor(document.issued_year, document.issued_date, document.pk, page)


def parse_cursor(raw: str) -> Cursor:
    """The cursor *raw* names, or :class:`CursorError` saying what is wrong."""
    match = _CURSOR.fullmatch(raw or "")
    if match is None:
        raise CursorError(_("Vị trí “%(value)s” không hợp lệ (dạng năm.ngày.số.trang, vd. "
                            "2024.20240315.812.3).") % {"value": (raw or "")[:40]})
    year_s, date_s, id_s, page_s = match.groups()
    try:
        date = None if date_s == "-" else datetime.datetime.strptime(date_s, "%Y%m%d").date()
    except ValueError:
        raise CursorError(_("Vị trí “%(value)s” có ngày không tồn tại.") % {
            "value": raw[:40]}) from None
    year = None if year_s == "-" else int(year_s)
    if int(id_s) < 1 or int(page_s) < 2:
        raise CursorError(_("Vị trí “%(value)s” không hợp lệ: số phải từ 1, trang từ 2 trở lên.")
                          % {"value": raw[:40]})
    return Cursor(year, date, int(id_s), int(page_s))


def _reversed(order):
    """*order* read backwards (descending ↔ ascending, nulls last ↔ nulls first)."""
    return tuple(
        F(o.expression.name).asc(nulls_first=True) if o.descending and o.nulls_last
        else F(o.expression.name).desc(nulls_last=True) if not o.descending and o.nulls_first
        else F(o.expression.name).asc() if o.descending else F(o.expression.name).desc()
        for o in order
    )


def _ranges(order, key):
    """The conditions, in order, of the rows following *key* in *order*: for each column
    from the last, "the columns before it equal, this one past the key's value" (and, past
    a known value in a column whose unknown values come last, "this one unknown")."""
    names = [o.expression.name for o in order]
    for depth in range(len(order) - 1, -1, -1):
        equal = Q()
        for name, value in zip(names[:depth], key[:depth], strict=True):
            equal &= Q(**{f"{name}__isnull": True}) if value is None else Q(**{name: value})
        name, value, o = names[depth], key[depth], order[depth]
        if value is not None:
            yield equal & Q(**{f"{name}__{'lt' if o.descending else 'gt'}": value})
            if o.nulls_last:
                yield equal & Q(**{f"{name}__isnull": True})
        elif o.nulls_first:  # the key is among the unknown values, which come first
            yield equal & Q(**{f"{name}__isnull": False})


def page_after(queryset, cursor: Cursor, size: int, *, before: bool = False) -> list:
    """Up to *size* rows of *queryset* (documents, any filters, no order of its own) that
    follow the row at *cursor* in :data:`NEWEST_FIRST` order — or, with *before*, that
    precede it (returned in NEWEST_FIRST order). *size* + 1 rows are read, so the caller can
    tell whether there is more: the extra row, if any, is the last of the list.

    ONE statement: the ranges that follow the row (:func:`_ranges`), each an index range scan
    ``LIMIT``-ed to *size* + 1, joined by ``UNION ALL`` and ordered by range, then by the
    order — one round trip instead of one per range."""
    order = _reversed(NEWEST_FIRST) if before else NEWEST_FIRST
    ranges = [queryset.filter(condition).order_by(*order)
              .annotate(keyset_range=Value(i, output_field=IntegerField()))[:size + 1]
              for i, condition in enumerate(_ranges(order, cursor.key))]
    if not ranges:
        return []
    found = ranges[0].union(*ranges[1:], all=True) if len(ranges) > 1 else ranges[0]
    if len(ranges) > 1:
        found = found.order_by("keyset_range", *order)[:size + 1]
    rows = list(found)
    if before:
        rows = rows[:size + 1]
        extra = rows[size:]
        rows = list(reversed(rows[:size])) + extra
    return rows


@dataclass
class Pages:
    """What a page's links need to know of all the pages (as Django's Paginator)."""

    count: int
    per_page: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.per_page))


@dataclass
class KeysetPage:
    """A page found by a cursor, with what the pagination shows (as Django's Page does) and
    the addresses of the pages before and after it (cursors, or the first page's address)."""

    object_list: list
    number: int
    paginator: Pages
    more_before: bool
    more_after: bool
    prev_url: str = ""
    next_url: str = ""

    def has_previous(self) -> bool:
        return self.more_before

    def has_next(self) -> bool:
        return self.more_after

    def has_other_pages(self) -> bool:
        return self.more_before or self.more_after

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1

    def start_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + 1 if self.object_list else 0

    def end_index(self) -> int:
        return self.start_index() + len(self.object_list) - 1 if self.object_list else 0


#: The columns a page of ids is read with, to give its first and last rows' cursors.
KEY_COLUMNS = ("pk", "issued_year", "issued_date")


def keyset_page(queryset, cursor: Cursor, *, before: bool, per_page: int, count: int):
    """The page of *queryset* (documents) after — or *before* — *cursor*, as rows of
    :data:`KEY_COLUMNS` (named); None when no document is there any more (the documents
    after the cursor were deleted). The caller fills in the links
    (:func:`link_cursors`)."""
    rows = page_after(queryset.values_list(*KEY_COLUMNS, named=True), cursor, per_page,
                      before=before)
    more = len(rows) > per_page
    rows = rows[:per_page]
    if not rows:
        return None
    number = cursor.page
    if before and not more:
        number = 1  # nothing before these: this is the first page, whatever the cursor said
    return KeysetPage(rows, number, Pages(count, per_page),
                      more_before=more if before else True,
                      more_after=True if before else more)


#: The first pages keep their numbers (``?page=2`` … ``?page=10``: offsets that cost little);
#: the links past them are cursors.
NUMBERED_PAGES = 10


def neighbour_parameters(page, cursors: bool = True) -> tuple[dict | None, dict | None]:
    """The query parameters of the pages before and after *page* (a :class:`KeysetPage`, or
    a Django Page of rows of :data:`KEY_COLUMNS`), each None when there is no such page:
    ``{}`` for the first page, ``{"page": n}`` up to :data:`NUMBERED_PAGES`, beyond it
    ``{"before": cursor}`` (the first row's) or ``{"after": cursor}`` (the last row's) —
    page numbers all along when not *cursors* (another order than newest first)."""
    rows = list(page.object_list)
    previous = following = None
    if page.has_previous():
        number = page.number - 1
        previous = ({} if number < 2 else {"page": number}
                    if number <= NUMBERED_PAGES or not cursors
                    else {"before": str(cursor_of(rows[0], number))})
    if page.has_next() and rows:
        number = page.number + 1
        following = ({"page": number} if number <= NUMBERED_PAGES or not cursors
                     else {"after": str(cursor_of(rows[-1], number))})
    return previous, following
