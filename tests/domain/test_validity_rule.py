"""The status rule on its own (documents/domain/validity.py): each rule, their order, and the
edges (the day itself, the year's boundary, undated replacing documents, future statements)."""

from __future__ import annotations

import datetime as dt

import pytest

from documents.domain.validity import Ending, Facts, Statement, current_status, history

DAY = dt.date(2026, 12, 4)


def status(**kw):
    s = current_status(Facts(**kw), DAY)
    return s.status, s.reason


@pytest.mark.parametrize("facts, expected", [
    # a plan for 2024–2025 is past its period in 2026
    (dict(recorded="in_force", period_start=2024, period_end=2025), ("expired", "period_over")),
    # …but not in its last year
    (dict(recorded="in_force", period_end=2026), ("in_force", "recorded")),
    # a Chỉ thị expected in 2021, still "planned" in 2026
    (dict(recorded="planned", issued_year=2021), ("unknown", "planned_overdue")),
    (dict(recorded="planned", issued_year=2026), ("planned", "recorded")),
    (dict(recorded="drafting", issued_year=2025), ("unknown", "planned_overdue")),
    (dict(recorded="planned"), ("planned", "recorded")),  # no expected year: nothing to say
    # the issuing district dissolved on 01/07/2025 (its last day 30/06/2025)
    (dict(recorded="in_force", place_ended=dt.date(2025, 6, 30)),
     ("unknown", "place_dissolved")),
    (dict(recorded="in_force", place_ended=DAY), ("in_force", "recorded")),  # its last day
    (dict(recorded="expired", place_ended=dt.date(2025, 6, 30)), ("expired", "recorded")),
    # in-force dates, the day itself included
    (dict(recorded="in_force", effective_to=DAY), ("expired", "ended")),
    (dict(recorded="in_force", effective_to=DAY + dt.timedelta(days=1)), ("in_force", "recorded")),
    (dict(recorded="not_yet_in_force", effective_from=DAY), ("in_force", "came_into_force")),
    (dict(recorded="in_force", effective_from=DAY + dt.timedelta(days=1)),
     ("not_yet_in_force", "not_yet")),
    (dict(recorded="not_yet_in_force"), ("not_yet_in_force", "recorded")),
    # final statuses are never revived
    (dict(recorded="replaced", period_end=2030), ("replaced", "recorded")),
    (dict(recorded="suspended"), ("suspended", "recorded")),
    (dict(recorded="unknown", period_end=2020), ("expired", "period_over")),
    (dict(), ("unknown", "recorded")),
])
def test_rules(facts, expected):
    assert status(**facts) == expected


def test_replaced_from_the_replacing_documents_date():
    later = Ending("replaces", effective_from=DAY + dt.timedelta(days=1), document_id=7)
    assert status(recorded="in_force", endings=(later,)) == ("in_force", "recorded")
    today = Ending("replaces", effective_from=DAY, document_id=7)
    s = current_status(Facts(recorded="in_force", endings=(today,)), DAY)
    assert (s.status, s.reason, s.since, s.document_id) == ("replaced", "replaced", DAY, 7)
    # no in-force date: the issue date counts; neither: in effect unless only planned
    issued = Ending("repeals", issued_date=dt.date(2025, 1, 2))
    assert status(recorded="in_force", endings=(issued,)) == ("expired", "repealed")
    assert status(endings=(Ending("replaces", recorded="planned"),)) == ("unknown", "recorded")
    assert status(endings=(Ending("replaces", recorded="in_force"),)) == ("replaced", "replaced")
    # replaced wins over repealed and over every later rule
    both = (Ending("repeals", issued_date=dt.date(2020, 1, 1)),
            Ending("replaces", issued_date=dt.date(2021, 1, 1)))
    assert status(recorded="planned", issued_year=2000, endings=both) == ("replaced", "replaced")


def test_an_admins_sourced_statement_wins_from_its_date():
    stated = Statement("in_force", dt.date(2026, 1, 15), source_id=3, statement_id=1)
    facts = dict(recorded="in_force", period_end=2025, statements=(stated,))
    assert status(**facts) == ("in_force", "stated")
    future = Statement("expired", DAY + dt.timedelta(days=1), statement_id=2)
    assert status(**{**facts, "statements": (future,)}) == ("expired", "period_over")
    # the latest statement on or before the day; on the same day the later recorded
    a = Statement("suspended", dt.date(2026, 3, 1), statement_id=5)
    b = Statement("in_force", dt.date(2026, 3, 1), statement_id=6)
    assert status(statements=(b, a))[0] == "in_force"


def test_history_in_date_order_up_to_the_day():
    facts = Facts(recorded="in_force", issued_date=dt.date(2023, 11, 6),
                  effective_from=dt.date(2023, 11, 6), period_start=2024, period_end=2025,
                  place_ended=dt.date(2025, 6, 30),
                  endings=(Ending("replaces", effective_from=dt.date(2027, 1, 1)),))
    kinds = [(e.date, e.kind) for e in history(facts, DAY)]
    assert kinds == [(dt.date(2023, 11, 6), "issued"), (dt.date(2023, 11, 6), "in_force"),
                     (dt.date(2025, 7, 1), "place_dissolved"),
                     (dt.date(2026, 1, 1), "period_over")]  # the 2027 replacement not yet
