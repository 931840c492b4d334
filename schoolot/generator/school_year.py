"""A US school year: first and last day, holidays and breaks, early-release days."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

MONDAY, WEDNESDAY, THURSDAY, FRIDAY = 0, 2, 3, 4


@dataclass(frozen=True)
class ClosedDay:
    date: dt.date
    note: str


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th (1-based) `weekday` (Monday is 0) of a month."""
    first = dt.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + dt.timedelta(days=offset + 7 * (n - 1))


def last_weekday(year: int, month: int, weekday: int) -> dt.date:
    """The last `weekday` (Monday is 0) of a month."""
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    day = next_month - dt.timedelta(days=1)
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


def weekdays_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """Monday-to-Friday dates from `first` to `last`, both included."""
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """First day (third Wednesday of August) and last day (Thursday before Memorial Day)."""
    start = nth_weekday(year, 8, WEDNESDAY, 3)
    memorial_day = last_weekday(year + 1, 5, MONDAY)
    return start, memorial_day - dt.timedelta(days=4)


def closed_days(year: int, rng: random.Random) -> list[ClosedDay]:
    """District-wide days with no school: federal holidays, Thanksgiving, winter and
    spring break, and a few teacher work days."""
    start, end = year_bounds(year)
    days: list[ClosedDay] = [ClosedDay(nth_weekday(year, 9, MONDAY, 1), "Labor Day")]
    days.append(ClosedDay(nth_weekday(year, 10, MONDAY, 2), "Staff development day"))
    veterans_day = dt.date(year, 11, 11)
    if veterans_day.weekday() < 5 and rng.random() < 0.5:
        days.append(ClosedDay(veterans_day, "Veterans Day"))
    thanksgiving = nth_weekday(year, 11, THURSDAY, 4)
    for day in weekdays_between(
        thanksgiving - dt.timedelta(days=1), thanksgiving + dt.timedelta(1)
    ):
        days.append(ClosedDay(day, "Thanksgiving break"))
    # Winter break: two weeks starting the Monday of the week holding Dec 22.
    dec_22 = dt.date(year, 12, 22)
    break_start = dec_22 - dt.timedelta(days=dec_22.weekday())
    winter = weekdays_between(break_start, break_start + dt.timedelta(days=11))
    days.extend(ClosedDay(day, "Winter break") for day in winter)
    # The Monday after the break (it ends on a Friday).
    days.append(ClosedDay(winter[-1] + dt.timedelta(days=3), "Teacher work day"))
    days.append(ClosedDay(nth_weekday(year + 1, 1, MONDAY, 3), "Martin Luther King Jr. Day"))
    days.append(ClosedDay(nth_weekday(year + 1, 2, MONDAY, 3), "Presidents' Day"))
    spring_monday = nth_weekday(year + 1, 3, MONDAY, rng.choice((2, 3)))
    spring = weekdays_between(spring_monday, spring_monday + dt.timedelta(days=4))
    days.extend(ClosedDay(day, "Spring break") for day in spring)
    days.append(ClosedDay(nth_weekday(year + 1, 4, FRIDAY, rng.choice((1, 2))), "Teacher work day"))
    unique = {day.date: day for day in days if start <= day.date <= end}
    return sorted(unique.values(), key=lambda day: day.date)


def early_release_dates(
    year: int, closed: set[dt.date], rng: random.Random
) -> tuple[list[tuple[dt.date, str]], list[tuple[dt.date, str]]]:
    """Early-release days: (every school's, elementary and middle schools' conferences).

    Every school lets out early on the last day and, in some districts, on the first
    Wednesday of each month for staff learning; elementary and middle schools also
    hold parent-teacher conferences twice a year.
    """
    start, end = year_bounds(year)
    common: list[tuple[dt.date, str]] = [(end, "Last day of school")]
    if rng.random() < 0.5:
        for month in (9, 10, 11, 12, 1, 2, 3, 4, 5):
            month_year = year if month >= 8 else year + 1
            day = nth_weekday(month_year, month, WEDNESDAY, 1)
            common.append((day, "Staff professional learning"))
    conferences: list[tuple[dt.date, str]] = []
    for month_year, month in ((year, 10), (year + 1, 2)):
        thursday = nth_weekday(month_year, month, THURSDAY, rng.choice((3, 4)))
        conferences.append((thursday, "Parent-teacher conferences"))
        conferences.append((thursday + dt.timedelta(days=1), "Parent-teacher conferences"))

    def keep(days: list[tuple[dt.date, str]]) -> list[tuple[dt.date, str]]:
        unique = {d: note for d, note in days if start <= d <= end and d not in closed}
        return sorted(unique.items())

    return keep(common), keep(conferences)
