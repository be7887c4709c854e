"""Whether a target past its deadline was met, against its latest figure.

A target is *due* once its deadline has passed: its date before the day, or, known only by
its year, that year before the day's year (a target "by 2025" is due in 2026). A due target is

- ``met`` / ``not_met``: its latest figure (the rule in ``documents/target_figures.py``)
  compared with the target by its comparator (at least, at most, exactly);
- ``no_figure``: no figure is known;
- ``not_comparable``: the figure is in another unit (a count against a percentage with no
  total to divide by).

A target not yet due, or with no deadline, has no outcome (``None``). Pure Python.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

OUTCOMES = ("met", "not_met", "no_figure", "not_comparable")


def is_due(deadline: dt.date | None, deadline_year: int | None, day: dt.date) -> bool:
    """Past its deadline on *day* (the deadline day itself is not past)."""
    if deadline is not None:
        return deadline < day
    if deadline_year is not None:
        return deadline_year < day.year
    return False


@dataclass(frozen=True)
class Measure:
    """A figure as the comparison reads it."""

    value: Decimal
    unit: str
    total: Decimal | None = None


def comparable_value(target_unit: str, figure: Measure) -> Decimal | None:
    """The figure in the target's unit, or None when it cannot be: the same unit as is; a
    share of a total (``value/total``) as a percentage."""
    if figure.total is not None and figure.total > 0 and target_unit == "percent":
        if figure.unit == "percent":
            return figure.value
        return figure.value / figure.total * 100
    if figure.unit == target_unit:
        return figure.value
    return None


def outcome(comparator: str, value: Decimal, unit: str, deadline: dt.date | None,
            deadline_year: int | None, figure: Measure | None, day: dt.date) -> str | None:
    """The outcome of a target on *day* (None: not due)."""
    if not is_due(deadline, deadline_year, day):
        return None
    if figure is None:
        return "no_figure"
    measured = comparable_value(unit, figure)
    if measured is None:
        return "not_comparable"
    if comparator == "at_least":
        return "met" if measured >= value else "not_met"
    if comparator == "at_most":
        return "met" if measured <= value else "not_met"
    return "met" if measured == value else "not_met"
