"""The school year as dates: which days a school is open, closed or released early."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoolot.cycle import week_start as monday_of  # the one definition of a week's Monday
from schoolot.district.settings import district_today, get_district
from schoolot.models import CalendarDay, District
from schoolot.values import WEEKDAYS

OPEN = "open"
CLOSED = "closed"
EARLY_RELEASE = "early_release"
NO_SCHOOL = "no_school"  # not a school day of the district's week, or outside the year


@dataclass(frozen=True)
class SchoolDay:
    """What a date is at one school."""

    date: dt.date
    kind: str  # OPEN, CLOSED, EARLY_RELEASE or NO_SCHOOL
    end_time: dt.time | None = None  # the student day's end on an early release
    note: str | None = None

    @property
    def is_school_day(self) -> bool:
        return self.kind in (OPEN, EARLY_RELEASE)


def weekday_name(date: dt.date) -> str:
    """'Mon' .. 'Sun', whatever the locale."""
    return WEEKDAYS[date.weekday()]


class SchoolYear:
    """The district's school year, school week and calendar days (closures, early
    releases), for every school. A school's own entry for a date takes precedence
    over a district-wide one, except that a district-wide closure closes every school."""

    def __init__(self, district: District, calendar_days: Iterable[CalendarDay]) -> None:
        self.district = district
        self.start = district.year_start
        self.end = district.year_end
        self.weekdays = district.school_day_list
        self.zone = zoneinfo.ZoneInfo(district.timezone)
        self.timezone = district.timezone
        self._district_wide: dict[dt.date, CalendarDay] = {}
        self._per_school: dict[tuple[int, dt.date], CalendarDay] = {}
        for day in calendar_days:
            if day.school_id is None:
                self._district_wide[day.date] = day
            else:
                self._per_school[day.school_id, day.date] = day

    @classmethod
    def load(cls, session: Session) -> SchoolYear | None:
        """The district's year, or None before the district is set up."""
        district = get_district(session)
        return cls.of(session, district) if district is not None else None

    @classmethod
    def of(cls, session: Session, district: District) -> SchoolYear:
        """`district`'s year, with every calendar day."""
        return cls(district, session.scalars(select(CalendarDay)))

    def day(self, school_id: int, date: dt.date) -> SchoolDay:
        if not (self.start <= date <= self.end) or weekday_name(date) not in self.weekdays:
            return SchoolDay(date, NO_SCHOOL)
        wide = self._district_wide.get(date)
        own = self._per_school.get((school_id, date))
        entry = own or wide
        if wide is not None and wide.kind == CLOSED:
            entry = wide
        if entry is None:
            return SchoolDay(date, OPEN)
        return SchoolDay(date, entry.kind, entry.end_time, entry.note)

    def entries(self, first: dt.date, last: dt.date) -> list[CalendarDay]:
        """The calendar's entries (district-wide and each school's) from `first` to `last`."""
        days = [*self._district_wide.values(), *self._per_school.values()]
        return sorted((d for d in days if first <= d.date <= last), key=lambda d: d.id)

    def district_day(self, date: dt.date) -> SchoolDay:
        """The date for every school (its district-wide entry only)."""
        if not (self.start <= date <= self.end) or weekday_name(date) not in self.weekdays:
            return SchoolDay(date, NO_SCHOOL)
        wide = self._district_wide.get(date)
        if wide is None:
            return SchoolDay(date, OPEN)
        return SchoolDay(date, wide.kind, wide.end_time, wide.note)

    def dates(
        self, weekday: str, first: dt.date | None = None, last: dt.date | None = None
    ) -> Iterator[dt.date]:
        """Every `weekday` ('Mon'..) of the year between `first` and `last` (inclusive)."""
        first = max(first or self.start, self.start)
        last = min(last or self.end, self.end)
        if weekday not in self.weekdays or first > last:
            return
        offset = (WEEKDAYS.index(weekday) - first.weekday()) % 7
        date = first + dt.timedelta(days=offset)
        while date <= last:
            yield date
            date += dt.timedelta(days=7)

    def week_dates(self, monday: dt.date) -> list[dt.date]:
        """The school week's dates of the week that starts on `monday`."""
        return [monday + dt.timedelta(days=WEEKDAYS.index(name)) for name in self.weekdays]

    def first_school_day(self) -> dt.date | None:
        """The year's first school day for the whole district (not closed district-wide)."""
        date = self.start
        while date <= self.end:
            if self.district_day(date).is_school_day:
                return date
            date += dt.timedelta(days=1)
        return None

    def first_week(self) -> dt.date:
        return monday_of(self.start)

    def last_week(self) -> dt.date:
        return monday_of(self.end)

    def clamp_week(self, date: dt.date) -> dt.date:
        """The Monday of `date`'s week, kept inside the school year."""
        return min(max(monday_of(date), self.first_week()), self.last_week())

    def local(self, date: dt.date, time: dt.time) -> dt.datetime:
        """A wall-clock time on `date` in the district's zone (aware)."""
        return dt.datetime.combine(date, time, tzinfo=self.zone)

    def today(self, now: dt.datetime | None = None) -> dt.date:
        """Today's date in the district's zone."""
        return district_today(self.district, now)
