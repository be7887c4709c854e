"""The status rule of ``documents/domain/validity.py`` in SQL: ``DocumentQuerySet``'s
:meth:`~StatusQuerySet.with_status` annotates every document with ``current_status`` and
``status_reason`` as of a day (today by default, ``documents.clock.today()``), so the list, its
status filter and facet counts, the place pages, the API, the exports, the feeds and the admin
show, filter and count the same status. No query of its own: subqueries in the same
statement. ``tests/test_validity.py`` checks it against the pure function case by case."""

from __future__ import annotations

import datetime as dt
import functools

from django.db import DEFAULT_DB_ALIAS, connections, models, router
from django.db.models import Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.expressions import RawSQL

from documents.clock import today
from documents.domain.validity import FINAL, LIVING_KNOWN, UNISSUED

STATUS = "current_status"
REASON = "status_reason"


def _in_effect(day: dt.date, prefix: str) -> Q:
    """The replacing/repealing document is in effect on *day* (``Ending.in_effect``)."""
    return (
        Q(**{f"{prefix}effective_from__lte": day})
        | Q(**{f"{prefix}effective_from__isnull": True, f"{prefix}issued_date__lte": day})
        | (Q(**{f"{prefix}effective_from__isnull": True, f"{prefix}issued_date__isnull": True})
           & ~Q(**{f"{prefix}status__in": UNISSUED}))
    )


def status_expressions(day: dt.date) -> dict[str, models.Expression]:
    """``current_status`` and ``status_reason`` as SQL expressions, rule by rule."""
    from documents.models import DocumentLink, Locality, StatusStatement

    stated = Subquery(
        StatusStatement.objects.filter(document=OuterRef("pk"), as_of__lte=day)
        .order_by("-as_of", "-id").values("status")[:1]
    )

    def ended_by(kind):
        return Exists(DocumentLink.objects.filter(to_document=OuterRef("pk"), kind=kind)
                      .filter(_in_effect(day, "from_document__")))

    place_gone = Exists(Locality.objects.filter(pk=OuterRef("locality_id"), valid_to__lt=day))
    text = models.CharField()
    rules = [  # (condition, status, reason), in the order of the pure function
        (Q(Exists(StatusStatement.objects.filter(document=OuterRef("pk"), as_of__lte=day))),
         stated, "stated"),
        (Q(ended_by("replaces")), Value("replaced"), "replaced"),
        (Q(ended_by("repeals")), Value("expired"), "repealed"),
        (Q(effective_to__lte=day), Value("expired"), "ended"),
        (Q(status__in=UNISSUED, issued_year__lt=day.year), Value("unknown"), "planned_overdue"),
        (Q(status__in=UNISSUED) | Q(status__in=FINAL), F("status"), "recorded"),
        (Q(effective_from__gt=day), Value("not_yet_in_force"), "not_yet"),
        (Q(period_end__lt=day.year), Value("expired"), "period_over"),
        (Q(status__in=LIVING_KNOWN) & Q(place_gone), Value("unknown"), "place_dissolved"),
        (Q(status="not_yet_in_force", effective_from__isnull=False), Value("in_force"),
         "came_into_force"),
    ]
    status = models.Case(*[models.When(cond, then=value) for cond, value, _ in rules],
                         default=F("status"), output_field=text)
    reason = models.Case(*[models.When(cond, then=Value(why)) for cond, _, why in rules],
                         default=Value("recorded"), output_field=text)
    return {STATUS: status, REASON: reason}


class StatusQuerySet:
    """Mixed into ``DocumentQuerySet``: the status as of a day."""

    def with_status(self, day: dt.date | None = None):
        """These documents with ``current_status`` and ``status_reason`` on *day* (today);
        ``status_day`` on each row says which day. Idempotent."""
        if STATUS in self.query.annotation_select:
            return self
        day = day or today()
        day_value = Value(day, output_field=models.DateField())
        return self.annotate(**status_expressions(day), status_day=day_value)

    def with_compiled_status(self, day: dt.date | None = None):
        """:meth:`with_status` for rows read at the top of a statement (a page's rows by id:
        ``DocumentQuerySet.table_rows``): the same expressions, compiled to SQL once a day per
        process (:func:`_status_sql`) — building and compiling them cost more than running
        them for a page of rows. The SQL names the documents' table, so such a queryset is
        never to be used inside another statement (as a subquery its table is renamed)."""
        if STATUS in self.query.annotation_select:
            return self
        day = day or today()
        text = models.CharField()
        compiled = {name: RawSQL(sql, params, output_field=text)
                    for name, (sql, params) in _status_sql(day).items()}
        return self.annotate(**compiled,
                             status_day=Value(day, output_field=models.DateField()))

    def with_status_alias(self, day: dt.date | None = None):
        """The same, for filtering and counting only (not selected)."""
        if STATUS in self.query.annotations:
            return self
        return self.alias(**status_expressions(day or today()))

    def status_is(self, key: str, day: dt.date | None = None):
        """These documents whose status on *day* is *key* (the list's status filter)."""
        return self.with_status_alias(day).filter(**{STATUS: key})


@functools.lru_cache(maxsize=4)
def _status_sql(day: dt.date) -> dict[str, tuple[str, tuple]]:
    """``current_status`` and ``status_reason`` on *day* as SQL with their parameters (the
    expressions of :func:`status_expressions`, compiled by the ORM once per day)."""
    from documents.models import Document

    query = Document.objects.with_status(day).query
    compiler = query.get_compiler(DEFAULT_DB_ALIAS)  # PostgreSQL's SQL, whichever database
    compiled = {}
    for name in (STATUS, REASON):
        sql, params = compiler.compile(query.annotations[name])
        compiled[name] = (sql, tuple(params))
    return compiled


#: Stands for the list of ids in the statement :func:`statuses` compiles once.
_IDS = ["ids"]


@functools.lru_cache(maxsize=4)
def _statuses_statement(day: dt.date) -> tuple[str, tuple, int]:
    """The SQL of :func:`statuses` on *day* with its parameters and where the ids go, compiled
    once per day by the ORM (compiling the rule's expressions cost more than running them)."""
    from documents.models import Document

    ids = RawSQL('"documents_document"."id" = ANY(%s)', [_IDS],
                 output_field=models.BooleanField())
    queryset = (Document.objects.filter(ids).with_status(day).order_by()
                .values_list("pk", STATUS, REASON))
    sql, params = queryset.query.sql_with_params()
    return sql, params, next(i for i, param in enumerate(params) if param is _IDS)


def statuses(ids, day: dt.date | None = None) -> list[tuple[int, str, str]]:
    """``(id, current_status, status_reason)`` of the documents *ids* on *day* (today): what
    :meth:`StatusQuerySet.with_status` annotates, in one query whose SQL is compiled once a
    day per process."""
    ids = list(ids)
    if not ids:
        return []
    from documents.models import Document

    sql, params, at = _statuses_statement(day or today())
    params = (*params[:at], ids, *params[at + 1:])
    with connections[router.db_for_read(Document)].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
