"""A document's status as of a day, with its basis, and its validity history.

DOMAIN.md, "Status over time": a status is true as of a date. The status an admin typed once
(``recorded``) is where the computation starts, never the last word: a plan for 2024–2025 is
past its period in 2026, a document replaced or repealed by another says so from that
document's effective date, a planned document whose expected year has passed is no longer
simply "dự kiến", and the documents of a place dissolved on 01/07/2025 cannot be said to be
in force without a source. An admin's statement *with a source* wins over all of that.

:func:`current_status` is THE rule; ``documents.validity`` reads its facts from the database
and ``DocumentQuerySet.with_status()`` (``documents/validity_query.py``) writes the same rule in
SQL, so a filter and its counts agree with what the page shows (``tests/test_validity.py``
checks both give the same answer on every case here). Pure Python, no Django.

The rules, first match wins (``REASONS`` names them):

1. ``stated``: an admin's statement with a source, dated on or before the day → its status;
2. ``replaced``: replaced by a document in effect on the day → "Bị thay thế";
3. ``repealed``: repealed by a document in effect on the day → "Hết hiệu lực toàn bộ";
4. ``ended``: its "hết hiệu lực từ" date reached → "Hết hiệu lực toàn bộ";
5. ``planned_overdue``: recorded as planned or being drafted, expected in a year now past →
   "Chưa rõ" (no source says it was issued);
6. ``recorded``: recorded as expired, replaced or suspended → kept (never revived);
7. ``not_yet``: its "có hiệu lực từ" date still ahead → "Chưa có hiệu lực";
8. ``period_over``: the period it covers ended before the day's year → "Hết hiệu lực toàn bộ";
9. ``place_dissolved``: the place it was issued for ceased to exist before the day →
   "Chưa rõ" (it may still apply until replaced: DOMAIN.md; no source says so);
10. ``came_into_force``: recorded "chưa có hiệu lực", its date reached → "Còn hiệu lực";
11. ``recorded``: otherwise the recorded status.

A document "in effect" (for rules 2–3): its in-force date, else its issue date, on or before the
day; with neither date, one not recorded as planned or being drafted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

#: Recorded statuses that are not a document in force yet (nothing issued).
UNISSUED = ("planned", "drafting")
#: Recorded statuses that end a document's life: kept as recorded.
FINAL = ("expired", "replaced", "suspended")
#: Recorded statuses the period, the in-force date and the place's end may change.
LIVING = ("in_force", "partly_expired", "not_yet_in_force", "unknown")
#: Recorded statuses a dissolved place makes uncertain ("unknown" already is).
LIVING_KNOWN = ("in_force", "partly_expired", "not_yet_in_force")

#: Every reason, in the order the rules are tried.
REASONS = ("stated", "replaced", "repealed", "ended", "planned_overdue", "not_yet",
           "period_over", "place_dissolved", "came_into_force", "recorded")


@dataclass(frozen=True)
class Ending:
    """A document that replaces or repeals this one: the link's kind ("replaces" or
    "repeals"), the other document's in-force date, issue date and recorded status, and
    its id (for the page's link)."""

    kind: str
    effective_from: dt.date | None = None
    issued_date: dt.date | None = None
    recorded: str = "unknown"
    document_id: int | None = None

    @property
    def date(self) -> dt.date | None:
        return self.effective_from or self.issued_date

    def in_effect(self, day: dt.date) -> bool:
        if self.date is not None:
            return self.date <= day
        return self.recorded not in UNISSUED


@dataclass(frozen=True)
class Statement:
    """An admin's statement of the status, as of a date, with its source (by id)."""

    status: str
    as_of: dt.date
    source_id: int | None = None
    statement_id: int | None = None


@dataclass(frozen=True)
class Facts:
    """What the catalogue knows about one document's validity."""

    recorded: str = "unknown"
    issued_date: dt.date | None = None
    issued_year: int | None = None
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    period_start: int | None = None
    period_end: int | None = None
    place_ended: dt.date | None = None  # the issuing place's last day (valid_to)
    endings: tuple[Ending, ...] = ()
    statements: tuple[Statement, ...] = ()


@dataclass(frozen=True)
class Status:
    """The status on ``day`` and why: ``reason`` (one of ``REASONS``), the date the basis
    dates from (``since``, when known) and the document or statement behind it."""

    status: str
    reason: str
    day: dt.date
    since: dt.date | None = None
    document_id: int | None = None
    statement: Statement | None = None
    period_end: int | None = None


def latest_statement(facts: Facts, day: dt.date) -> Statement | None:
    """The latest statement dated on or before *day* (the later recorded first on a tie)."""
    dated = [s for s in facts.statements if s.as_of <= day]
    if not dated:
        return None
    return max(dated, key=lambda s: (s.as_of, s.statement_id or 0))


def _first_ending(facts: Facts, kind: str, day: dt.date) -> Ending | None:
    found = [e for e in facts.endings if e.kind == kind and e.in_effect(day)]
    if not found:
        return None
    return min(found, key=lambda e: (e.date or dt.date.min, e.document_id or 0))


def current_status(facts: Facts, day: dt.date) -> Status:
    """The status of a document with these *facts* on *day*, by the rules above."""
    recorded = facts.recorded
    stated = latest_statement(facts, day)
    if stated is not None:
        return Status(stated.status, "stated", day, stated.as_of, statement=stated)
    for kind, status, reason in (("replaces", "replaced", "replaced"),
                                 ("repeals", "expired", "repealed")):
        ending = _first_ending(facts, kind, day)
        if ending is not None:
            return Status(status, reason, day, ending.date, ending.document_id)
    if facts.effective_to is not None and facts.effective_to <= day:
        return Status("expired", "ended", day, facts.effective_to)
    if recorded in UNISSUED:
        if facts.issued_year is not None and facts.issued_year < day.year:
            return Status("unknown", "planned_overdue", day, dt.date(facts.issued_year + 1, 1, 1))
        return Status(recorded, "recorded", day)
    if recorded in FINAL:
        return Status(recorded, "recorded", day)
    if facts.effective_from is not None and facts.effective_from > day:
        return Status("not_yet_in_force", "not_yet", day, facts.effective_from)
    if facts.period_end is not None and facts.period_end < day.year:
        return Status("expired", "period_over", day, dt.date(facts.period_end + 1, 1, 1),
                      period_end=facts.period_end)
    if (recorded in LIVING_KNOWN and facts.place_ended is not None
            and facts.place_ended < day):
        return Status("unknown", "place_dissolved", day,
                      facts.place_ended + dt.timedelta(days=1))
    if recorded == "not_yet_in_force" and facts.effective_from is not None:
        return Status("in_force", "came_into_force", day, facts.effective_from)
    return Status(recorded, "recorded", day)


@dataclass(frozen=True)
class Event:
    """One line of the validity history: on ``date`` (None: undated), what happened
    (``kind``), the status it led to when it changes one, and the document or statement
    behind it."""

    date: dt.date | None
    kind: str  # issued, in_force, ended, period_over, place_dissolved, replaced, repealed, stated
    status: str | None = None
    document_id: int | None = None
    statement: Statement | None = None
    extra: dict = field(default_factory=dict, compare=False, hash=False)


def history(facts: Facts, day: dt.date) -> list[Event]:
    """What happened to the document's validity up to *day*, oldest first (undated last):
    issued, in force from, replaced or repealed by another (from its date), no longer in force
    from, its period over, its place dissolved, and each admin statement."""
    events: list[Event] = []
    if facts.issued_date is not None:
        events.append(Event(facts.issued_date, "issued"))
    if facts.effective_from is not None:
        events.append(Event(facts.effective_from, "in_force", "in_force"))
    for ending in facts.endings:
        if ending.in_effect(day):
            kind = "replaced" if ending.kind == "replaces" else "repealed"
            events.append(Event(ending.date, kind,
                                "replaced" if kind == "replaced" else "expired",
                                ending.document_id))
    if facts.effective_to is not None:
        events.append(Event(facts.effective_to, "ended", "expired"))
    if facts.period_end is not None:
        events.append(Event(dt.date(facts.period_end + 1, 1, 1), "period_over",
                            extra={"start": facts.period_start, "end": facts.period_end}))
    if facts.place_ended is not None:
        events.append(Event(facts.place_ended + dt.timedelta(days=1), "place_dissolved"))
    for statement in facts.statements:
        events.append(Event(statement.as_of, "stated", statement.status,
                            statement=statement))
    past = [e for e in events if e.date is None or e.date <= day]
    return sorted(past, key=lambda e: (e.date is None, e.date or dt.date.min))
