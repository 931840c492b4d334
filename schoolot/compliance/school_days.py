"""Minutes owed on school days: how many school days a school has between two dates, and
what a line's minutes per week, month, quarter or year come to over them
(docs/compliance.md, docs/cycle.md)."""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from fractions import Fraction

from schoolot.dated.periods import periods_of
from schoolot.timetable.school_year import SchoolYear, weekday_name


class SchoolDayIndex:
    """The school days (open or early release) of each school in the year, counted by
    bisection, and the typical school days of each period."""

    def __init__(self, year: SchoolYear) -> None:
        self.year = year
        self.week_days = len(year.weekdays)
        self._days: dict[int | None, list[dt.date]] = {}
        self._month_days: dict[tuple[int, int], int] = {}
        # Schools with calendar days of their own; the others share the district's days.
        self._own_calendar = {
            day.school_id for day in year.entries(year.start, year.end) if day.school_id
        }

    def _school_days(self, school_id: int) -> list[dt.date]:
        key = school_id if school_id in self._own_calendar else None
        found = self._days.get(key)
        if found is None:
            found = []
            date = self.year.start
            while date <= self.year.end:
                day = self.year.day(key, date) if key else self.year.district_day(date)
                if day.is_school_day:
                    found.append(date)
                date += dt.timedelta(days=1)
            self._days[key] = found
        return found

    def count(self, school_id: int, first: dt.date, last: dt.date) -> int:
        """School days at the school from `first` to `last`, inclusive."""
        if first > last:
            return 0
        days = self._school_days(school_id)
        return bisect.bisect_right(days, last) - bisect.bisect_left(days, first)

    def month_days(self, year: int, month: int) -> int:
        """The district's school weekdays of a calendar month, closures ignored."""
        key = (year, month)
        if key not in self._month_days:
            length = calendar.monthrange(year, month)[1]
            self._month_days[key] = sum(
                weekday_name(dt.date(year, month, day)) in self.year.weekdays
                for day in range(1, length + 1)
            )
        return self._month_days[key]

    def owed(
        self, school_id: int, minutes: int, per: str, first: dt.date, last: dt.date
    ) -> Fraction:
        """The minutes owed, unrounded, on the school's school days from `first` to
        `last`: `minutes` a period spread evenly over the period's typical school days."""
        if first > last:
            return Fraction(0)
        if per == "week":
            return Fraction(minutes, self.week_days) * self.count(school_id, first, last)
        if per in ("quarter", "year"):
            return self._owed_by_period(school_id, minutes, per, first, last)
        total = Fraction(0)
        for low, high in _months(first, last):
            typical = self.month_days(low.year, low.month)
            if typical:
                total += Fraction(minutes, typical) * self.count(school_id, low, high)
        return total

    def _owed_by_period(
        self, school_id: int, minutes: int, per: str, first: dt.date, last: dt.date
    ) -> Fraction:
        """A quarterly or yearly line's minutes, spread evenly over each quarter's (the
        year's) school weekdays, closures ignored, as a month's are."""
        total = Fraction(0)
        for period in periods_of(per, self.year.start, self.year.end):
            span = period.clip(first, last)
            typical = self.weekdays_between(period.first, period.last)
            if span is not None and typical:
                total += Fraction(minutes, typical) * self.count(school_id, *span)
        return total

    def weekdays_between(self, first: dt.date, last: dt.date) -> int:
        """The district's school weekdays from `first` to `last`, closures ignored."""
        days = (last - first).days + 1
        return sum(
            weekday_name(first + dt.timedelta(days=n)) in self.year.weekdays for n in range(days)
        )


def _months(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """`first`..`last` cut at calendar month ends."""
    spans = []
    low = first
    while low <= last:
        month_end = dt.date(low.year, low.month, calendar.monthrange(low.year, low.month)[1])
        high = min(month_end, last)
        spans.append((low, high))
        low = high + dt.timedelta(days=1)
    return spans


def round_minutes(value: Fraction) -> int:
    """To the nearest minute, halves up (exact: the sum is kept as a fraction)."""
    return int((value + Fraction(1, 2)).__floor__())
