"""Targets past their deadline: met, not met, no figure yet — against the latest figure
(``documents/target_figures.py``) by the rule of ``documents/domain/outcomes.py``, as of today
(``documents.clock``). One definition for the document page, the targets page (its
``outcome`` filter) and the API."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from documents.clock import today
from documents.domain.outcomes import Measure, outcome
from documents.target_figures import latest_figures

#: The outcome filter's choices (the targets page and /api/targets/?outcome=).
OUTCOME_CHOICES = (
    ("met", _("Đã đạt")),
    ("not_met", _("Chưa đạt")),
    ("no_figure", _("Quá hạn, chưa có số liệu")),
    ("not_comparable", _("Quá hạn, số liệu khác đơn vị")),
    ("due", _("Đã quá hạn (mọi kết quả)")),
    ("not_due", _("Chưa đến hạn")),
)
OUTCOME_LABELS = dict(OUTCOME_CHOICES)


def due_q(day: dt.date) -> Q:
    """Targets past their deadline on *day* (``domain.outcomes.is_due`` in SQL)."""
    return Q(deadline__lt=day) | Q(deadline__isnull=True, deadline_year__lt=day.year)


def target_outcome(target, figure, day: dt.date | None = None) -> str | None:
    measure = (Measure(figure.value, figure.unit, figure.total) if figure is not None else None)
    return outcome(target.comparator, target.value, target.unit, target.deadline,
                   target.deadline_year, measure, day or today())


def attach_outcomes(targets, figures: dict | None = None, day: dt.date | None = None) -> None:
    """Set ``target.outcome`` (None when not due) and ``outcome_label`` on every target; the
    figures by target pk (``latest_figures``) or, without them, each ``latest_figure``."""
    day = day or today()
    for target in targets:
        figure = (figures.get(target.pk) if figures is not None
                  else getattr(target, "latest_figure", None))
        target.outcome = target_outcome(target, figure, day)
        target.outcome_label = OUTCOME_LABELS.get(target.outcome, "")


def filter_by_outcome(queryset, value: str, day: dt.date | None = None):
    """Targets of *queryset* with this outcome on *day*: the due ones are read with their
    documents' places (one query), their latest figures found (one query), and kept by pk."""
    day = day or today()
    if value == "not_due":
        return queryset.exclude(due_q(day))
    due = queryset.filter(due_q(day))
    if value == "due":
        return due
    targets = list(due.select_related("locality", "document__locality").order_by())
    figures = latest_figures(targets)
    keep = [t.pk for t in targets if target_outcome(t, figures.get(t.pk), day) == value]
    return queryset.filter(pk__in=keep)
