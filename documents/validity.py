"""A document's status as of a day with its basis, and its validity history, read from the
database for the pure rule of ``documents/domain/validity.py``: the document page (status,
"tính đến dd/mm/yyyy", the basis in one line, the history), and the wording of a basis from
a list row's ``status_reason`` (``DocumentQuerySet.with_status()``). Two queries per document
(the replacing/repealing links with their documents, the admin's statements)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.clock import today
from documents.domain import validity as rule
from documents.domain.vietnamese import format_date
from documents.language import vocabulary_label

#: The links that end the document they point at.
ENDING_KINDS = ("replaces", "repeals")


def facts_of(document) -> rule.Facts:
    """The facts the rule reads, from *document* (two queries; either is skipped when
    *document*'s own query said it has no such rows: ``has_endings`` — links of
    :data:`ENDING_KINDS` to it —, ``has_status_statements``; ``views.detail``)."""
    from documents.models import DocumentLink, StatusStatement

    endings = tuple(
        rule.Ending(kind, eff, issued, recorded, doc_id)
        for kind, eff, issued, recorded, doc_id in DocumentLink.objects.filter(
            to_document=document, kind__in=ENDING_KINDS
        ).values_list("kind", "from_document__effective_from", "from_document__issued_date",
                      "from_document__status", "from_document_id")
    ) if getattr(document, "has_endings", True) else ()
    statements = tuple(
        rule.Statement(status, as_of, source_id, pk)
        for status, as_of, source_id, pk in StatusStatement.objects.filter(
            document=document).values_list("status", "as_of", "source_id", "pk")
    ) if getattr(document, "has_status_statements", True) else ()
    place = document.locality if document.locality_id else None
    return rule.Facts(
        recorded=document.status, issued_date=document.issued_date,
        issued_year=document.issued_year, effective_from=document.effective_from,
        effective_to=document.effective_to, period_start=document.period_start,
        period_end=document.period_end, place_ended=place.valid_to if place else None,
        endings=endings, statements=statements,
    )


def document_status(document, day: dt.date | None = None) -> tuple[rule.Status, list]:
    """(the status on *day* — today —, the validity history up to it)."""
    day = day or today()
    facts = facts_of(document)
    return rule.current_status(facts, day), rule.history(facts, day)


def _d(day: dt.date | None) -> str:
    return format_date(day) if day else ""


def basis_text(reason: str, since: dt.date | None = None, period_end: int | None = None,
               place=None) -> str:
    """The basis of a status in one line, in the active language."""
    if reason == "stated":
        return _("Theo xác nhận có nguồn của quản trị viên, từ %(date)s.") % {"date": _d(since)}
    if reason == "replaced":
        return (_("Bị thay thế bởi văn bản khác, từ %(date)s.") % {"date": _d(since)} if since
                else _("Bị thay thế bởi văn bản khác."))
    if reason == "repealed":
        return (_("Bị bãi bỏ bởi văn bản khác, từ %(date)s.") % {"date": _d(since)} if since
                else _("Bị bãi bỏ bởi văn bản khác."))
    if reason == "ended":
        return _("Hết hiệu lực từ %(date)s (ngày ghi trong văn bản).") % {"date": _d(since)}
    if reason == "planned_overdue":
        return _("Dự kiến ban hành trong năm đã qua; chưa có nguồn cho biết đã ban hành.")
    if reason == "not_yet":
        return _("Có hiệu lực từ %(date)s.") % {"date": _d(since)}
    if reason == "period_over":
        if period_end:
            return _("Giai đoạn thực hiện kết thúc năm %(year)s.") % {"year": period_end}
        return _("Giai đoạn thực hiện đã kết thúc.")
    if reason == "place_dissolved":
        if since:
            return _("Địa bàn ban hành không còn từ %(date)s; chưa có nguồn về hiệu lực sau "
                     "đó.") % {"date": _d(since)}
        return _("Địa bàn ban hành không còn; chưa có nguồn về hiệu lực sau đó.")
    if reason == "came_into_force":
        return _("Có hiệu lực từ %(date)s.") % {"date": _d(since)}
    return _("Theo tình trạng đã ghi nhận; không có dữ kiện nào làm thay đổi.")


def status_basis(status: rule.Status) -> str:
    return basis_text(status.reason, status.since, status.period_end)


def status_label(key: str) -> str:
    return vocabulary_label("status", key)


EVENT_WORDS = {
    "issued": gettext_lazy("Ban hành"),
    "in_force": gettext_lazy("Có hiệu lực"),
    "replaced": gettext_lazy("Bị thay thế"),
    "repealed": gettext_lazy("Bị bãi bỏ"),
    "ended": gettext_lazy("Hết hiệu lực"),
    "period_over": gettext_lazy("Hết giai đoạn thực hiện"),
    "place_dissolved": gettext_lazy("Địa bàn ban hành không còn"),
    "stated": gettext_lazy("Xác nhận tình trạng (có nguồn)"),
}


def event_label(kind: str) -> str:
    return str(EVENT_WORDS.get(kind, kind))


def status_now(document) -> str:
    """The status today: the row's ``current_status`` when its queryset had ``with_status()``,
    else computed (two queries, once per object)."""
    if hasattr(document, "current_status"):
        return document.current_status
    cached = getattr(document, "_status_now", None)
    if cached is None:
        cached = document_status(document)[0]
        document._status_now = cached
    return cached.status


def row_basis(document) -> str:
    """The basis of a list row's status, from its ``status_reason`` (no query)."""
    reason = getattr(document, "status_reason", None)
    if reason is None:
        return ""
    since = {"ended": document.effective_to, "not_yet": document.effective_from,
             "came_into_force": document.effective_from}.get(reason)
    if reason == "place_dissolved" and document.locality_id and document.locality.valid_to:
        since = document.locality.valid_to + dt.timedelta(days=1)
    return basis_text(reason, since, document.period_end)


def page_validity(document, day: dt.date | None = None) -> dict:
    """What the document page shows: the status on *day* (today), "tính đến" that day, its
    basis in one line, and the history with the documents and statements behind each line
    (three queries)."""
    from documents.models import Document, StatusStatement

    day = day or today()
    status, events = document_status(document, day)
    document._status_now = status
    ids = {e.document_id for e in events if e.document_id} | (
        {status.document_id} if status.document_id else set())
    docs = Document.objects.in_bulk(ids) if ids else {}
    statement_ids = [e.statement.statement_id for e in events if e.statement]
    statements = (StatusStatement.objects.select_related("source", "by_document")
                  .in_bulk(statement_ids) if statement_ids else {})
    rows = [{
        "date": e.date,
        "label": event_label(e.kind),
        "status": e.status,
        "document": docs.get(e.document_id),
        "statement": statements.get(e.statement.statement_id) if e.statement else None,
        "extra": e.extra,
    } for e in events]
    stated = statements.get(status.statement.statement_id) if status.statement else None
    return {
        "status": status.status,
        "reason": status.reason,
        "day": day,
        "basis": status_basis(status),
        "by": docs.get(status.document_id) or (stated.by_document if stated else None),
        "statement": stated,
        "history": rows,
    }
