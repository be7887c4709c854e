"""Targets past their deadline, on their own (documents/domain/outcomes.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from documents.domain.outcomes import Measure, is_due, outcome

DAY = dt.date(2026, 12, 4)


def test_due_only_after_the_deadline():
    assert not is_due(None, None, DAY)
    assert not is_due(None, 2026, DAY) and is_due(None, 2025, DAY)
    assert not is_due(DAY, None, DAY) and is_due(DAY - dt.timedelta(days=1), None, DAY)
    assert not is_due(dt.date(2027, 1, 1), 2020, DAY)  # the date wins over the year


@pytest.mark.parametrize("comparator, figure, expected", [
    ("at_least", Measure(D("10"), "percent"), "met"),
    ("at_least", Measure(D("9.99"), "percent"), "not_met"),
    ("at_most", Measure(D("10"), "percent"), "met"),
    ("at_most", Measure(D("10.5"), "percent"), "not_met"),
    ("exactly", Measure(D("10.0000"), "percent"), "met"),
    ("exactly", Measure(D("11"), "percent"), "not_met"),
    ("at_least", None, "no_figure"),
    ("at_least", Measure(D("12"), "people"), "not_comparable"),
    # a share of a total read as a percentage: 2/20 = 10 %
    ("at_least", Measure(D("2"), "people", D("20")), "met"),
    ("at_least", Measure(D("1"), "people", D("20")), "not_met"),
    ("at_least", Measure(D("1"), "people", D("0")), "not_comparable"),
])
def test_outcome_against_the_figure(comparator, figure, expected):
    assert outcome(comparator, D("10"), "percent", None, 2025, figure, DAY) == expected


def test_not_due_has_no_outcome():
    assert outcome("at_least", D("10"), "percent", None, 2030, None, DAY) is None
    assert outcome("at_least", D("10"), "percent", None, None, Measure(D(1), "percent"),
                   DAY) is None
