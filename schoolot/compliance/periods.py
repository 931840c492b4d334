"""A service line's owed vs delivered minutes period by period (the weeks, months,
quarters or year its IEP counts in), with the running balance: what an IEP meeting
reads line by line.

Each period's figures are the differences of the ledger's running totals at the ends of
consecutive periods, so the periods add up to the ledger exactly (owed is rounded once,
at each period's end, as the ledger rounds it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from schoolot.compliance.ledger import LineLedger, line_ledgers
from schoolot.dated.periods import periods_of
from schoolot.district.settings import get_district


@dataclass(frozen=True)
class PeriodRow:
    """One week or month of a line, clipped to its counted dates."""

    first: dt.date
    last: dt.date
    owed_minutes: int
    planned_minutes: int
    delivered_minutes: int
    missed_minutes: int
    balance_minutes: int  # running: delivered - owed from the first date counted

    @property
    def behind(self) -> bool:
        return self.delivered_minutes < self.owed_minutes


def period_ends(
    per: str, first: dt.date, last: dt.date, year: tuple[dt.date, dt.date] | None = None
) -> list[dt.date]:
    """The last date of each week (Sunday), calendar month, quarter or the school year
    (`year`: its first and last day) from `first` to `last`, the final one cut at
    `last`."""
    if per in ("quarter", "year") and year is not None:
        spans = [p.clip(first, last) for p in periods_of(per, *year)]
        return [span[1] for span in spans if span is not None]
    ends = []
    date = first
    while date <= last:
        if per == "month":
            following = (date.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            end = following - dt.timedelta(days=1)
        else:
            end = date + dt.timedelta(days=6 - date.weekday())
        ends.append(min(end, last))
        date = end + dt.timedelta(days=1)
    return ends


def line_periods(
    session: Session, student_id: int, ledgers: list[LineLedger]
) -> dict[int, list[PeriodRow]]:
    """Each of `ledgers`' lines (one student's) period by period, newest first."""
    district = get_district(session)
    year = (district.year_start, district.year_end) if district is not None else None
    wanted = {
        end
        for ledger in ledgers
        for end in period_ends(ledger.per, ledger.first, ledger.last, year)
    }
    running = {
        end: {x.service_line_id: x for x in line_ledgers(session, end, student_id=student_id)}
        for end in sorted(wanted)
    }
    periods: dict[int, list[PeriodRow]] = {}
    for ledger in ledgers:
        rows = []
        start = ledger.first
        before = None
        for end in period_ends(ledger.per, ledger.first, ledger.last, year):
            now = running[end][ledger.service_line_id]
            rows.append(_difference(start, end, now, before))
            before, start = now, end + dt.timedelta(days=1)
        periods[ledger.service_line_id] = rows[::-1]
    return periods


def _difference(
    first: dt.date, last: dt.date, now: LineLedger, before: LineLedger | None
) -> PeriodRow:
    def minus(field: str) -> int:
        return getattr(now, field) - (getattr(before, field) if before else 0)

    return PeriodRow(
        first=first,
        last=last,
        owed_minutes=minus("owed_minutes"),
        planned_minutes=minus("planned_minutes"),
        delivered_minutes=minus("delivered_minutes"),
        missed_minutes=minus("missed_total_minutes"),
        balance_minutes=now.balance_minutes,
    )
