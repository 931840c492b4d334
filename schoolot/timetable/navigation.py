"""Moving through the school year: the "week of" navigation and the dates a page names."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from schoolot.timetable.school_year import SchoolYear


@dataclass(frozen=True)
class WeekNav:
    """The weeks a "week of" navigation moves between (Mondays), inside the school year."""

    monday: dt.date
    previous: dt.date | None  # None in the year's first week
    next: dt.date | None  # None in its last
    this_week: dt.date  # today's week, kept inside the year
    first: dt.date
    last: dt.date

    @property
    def friday(self) -> dt.date:
        return self.monday + dt.timedelta(days=4)

    @property
    def last_date(self) -> dt.date:
        """The last date a date picker may name: the Sunday of the year's last week."""
        return self.last + dt.timedelta(days=6)

    @property
    def is_this_week(self) -> bool:
        return self.monday == self.this_week


def parse_week(year: SchoolYear, text: str | None, today: dt.date) -> dt.date:
    """The Monday of the week named by `text` (any date of it, YYYY-MM-DD), kept inside
    the school year; today's week when `text` is empty or not a date."""
    try:
        date = dt.date.fromisoformat(text) if text else today
    except ValueError:
        date = today
    return year.clamp_week(date)


def parse_day(text: str | None, today: dt.date) -> dt.date:
    """The date named by `text` (YYYY-MM-DD); today when it is empty or not a date."""
    try:
        return dt.date.fromisoformat(text) if text else today
    except ValueError:
        return today


def week_nav(year: SchoolYear, monday: dt.date, today: dt.date) -> WeekNav:
    first, last = year.first_week(), year.last_week()
    week = dt.timedelta(days=7)
    return WeekNav(
        monday=monday,
        previous=monday - week if monday > first else None,
        next=monday + week if monday < last else None,
        this_week=year.clamp_week(today),
        first=first,
        last=last,
    )


def school_day_after(year: SchoolYear, date: dt.date, step: int = 1) -> dt.date | None:
    """The nearest date after (`step` 1) or before (`step` -1) `date` that is a school
    day somewhere in the district (open or released early), inside the year; None when
    there is none."""
    date += dt.timedelta(days=step)
    date = max(date, year.start) if step > 0 else min(date, year.end)
    while year.start <= date <= year.end:
        if year.district_day(date).is_school_day:
            return date
        date += dt.timedelta(days=step)
    return None
