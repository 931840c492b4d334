"""The periods of quarterly and yearly lines, and where in a period their sessions aim.

Pure Python, in the style of schoolot.cycle (docs/dated.md):
- a `year` line's period is the school year, `year_start` to `year_end`;
- a `quarter` line's periods are the school year split into four spans of equal
  calendar length (whole days; the first quarters take any day left over), breaks
  and closures included, as a calendar counts them;
- a line owes `minutes // session_minutes` sessions in each period it is in service;
- the sessions of a period aim at evenly spaced target dates over the part of the
  period still to come: the window of d days is cut into n equal parts and each
  session aims at the middle of its part (4 sessions in 80 days: days 10, 30, 50, 70).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from schoolot.cycle import DATED_PERIODS as DATED_PERIODS  # re-exported for schoolot.dated

QUARTERS = 4


@dataclass(frozen=True)
class Period:
    """A quarter or the year: `first` to `last`, both included; `name` in words."""

    name: str
    first: dt.date
    last: dt.date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def clip(self, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date] | None:
        """The part of the period inside `first`..`last`; None when they do not meet."""
        low, high = max(self.first, first), min(self.last, last)
        return (low, high) if low <= high else None


def quarters(year_start: dt.date, year_end: dt.date) -> tuple[Period, ...]:
    """The school year in four spans of equal calendar length ("Q1".."Q4")."""
    days = (year_end - year_start).days + 1
    base, extra = divmod(days, QUARTERS)
    periods, first = [], year_start
    for n in range(QUARTERS):
        length = base + (1 if n < extra else 0)
        last = first + dt.timedelta(days=length - 1)
        periods.append(Period(f"Q{n + 1}", first, last))
        first = last + dt.timedelta(days=1)
    return tuple(periods)


def periods_of(per: str, year_start: dt.date, year_end: dt.date) -> tuple[Period, ...]:
    """The periods of a line `per` quarter or year; () for the cycle's periods."""
    if per == "quarter":
        return quarters(year_start, year_end)
    if per == "year":
        return (Period("the year", year_start, year_end),)
    return ()


def sessions_per_period(minutes: int, session_minutes: int) -> int:
    """Sessions a dated line owes in each of its periods."""
    return minutes // session_minutes if session_minutes > 0 else 0


def target_dates(first: dt.date, last: dt.date, sessions: int) -> list[dt.date]:
    """`sessions` evenly spaced dates from `first` to `last`: the middle of each of
    `sessions` equal parts of the window."""
    days = (last - first).days + 1
    if sessions <= 0 or days <= 0:
        return []
    return [
        first + dt.timedelta(days=(2 * i + 1) * days // (2 * sessions)) for i in range(sessions)
    ]
