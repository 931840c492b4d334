"""Which schedule was in force on which dates: the published versions, one after another.

Each published schedule stands from the day it was published (the district's date) to
the day before the next one was; the first stands for the weeks before it too, and the
schedule in force now for every day ahead. So a timetable or a calendar feed shows the
sessions that were planned on each past date, and publishing a new schedule changes
only the dates from its publication on. Several schedules published on one day: the
last of them stands for that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoolot.district.settings import district_today
from schoolot.models import District, ScheduleVersion

# The states of versions that have been in force (the published one, and those it replaced).
HAVE_BEEN_IN_FORCE = ("published", "archived")


def standing_from(version: ScheduleVersion, district: District) -> dt.date | None:
    """The first date a published (or archived) `version` stands for: the date it was
    published to stand from (`flask publish-schedule --from`), else the day it was
    published in the district's time zone; None before it is published."""
    if version.stands_from is not None:
        return version.stands_from
    if version.published_at is None:
        return None
    return district_today(district, version.published_at.replace(tzinfo=dt.UTC))


@dataclass(frozen=True)
class Dates:
    """From `first` to `last`, either open-ended when None."""

    first: dt.date | None = None
    last: dt.date | None = None

    def covers(self, date: dt.date) -> bool:
        after_first = self.first is None or self.first <= date
        return after_first and (self.last is None or date <= self.last)

    def clip(self, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date] | None:
        """The part of `first`..`last` in this era, or None when they do not meet."""
        low = max(first, self.first) if self.first else first
        high = min(last, self.last) if self.last else last
        return (low, high) if low <= high else None


@dataclass(frozen=True)
class Era:
    """The dates `version` stood (or stands) for."""

    version: ScheduleVersion
    dates: Dates


class History:
    """The eras of the district's schedules, oldest first; the last is the one in force."""

    def __init__(self, eras: list[Era], started: dt.date | None = None) -> None:
        self.eras = eras
        self._started = started

    @classmethod
    def load(cls, session: Session, district: District) -> History:
        versions = session.scalars(
            select(ScheduleVersion)
            .where(
                ScheduleVersion.state.in_(HAVE_BEEN_IN_FORCE),
                ScheduleVersion.published_at.is_not(None),
            )
            .order_by(ScheduleVersion.published_at, ScheduleVersion.id)
        )
        return cls.of(list(versions), district)

    @classmethod
    def of(cls, versions: list[ScheduleVersion], district: District) -> History:
        """The eras of `versions` (in order of publication) in `district`'s time zone."""
        starts: dict[dt.date, ScheduleVersion] = {}
        for version in versions:
            first = standing_from(version, district)
            assert first is not None
            # A later publication the same day replaces an earlier one for the whole day.
            starts[first] = version
        dates = sorted(starts)
        eras = []
        for index, date in enumerate(dates):
            first = date if index else None
            last = dates[index + 1] - dt.timedelta(days=1) if index + 1 < len(dates) else None
            eras.append(Era(starts[date], Dates(first, last)))
        return cls(eras, dates[0] if dates else None)

    @property
    def started(self) -> dt.date | None:
        """The date the first published schedule stands from: no session before it was
        planned, so none is owed to a therapist or counted as delivered (the timetables
        still show the first schedule's weeks before it)."""
        return self._started

    @property
    def in_force(self) -> ScheduleVersion | None:
        return self.eras[-1].version if self.eras else None

    def on(self, date: dt.date) -> ScheduleVersion | None:
        """The version that stood on `date`; None before any was published."""
        for era in self.eras:
            if era.dates.covers(date):
                return era.version
        return None

    def between(
        self, first: dt.date, last: dt.date
    ) -> Iterator[tuple[ScheduleVersion, dt.date, dt.date]]:
        """(version, first, last) for each version standing on some of `first`..`last`."""
        for era in self.eras:
            clipped = era.dates.clip(first, last)
            if clipped is not None:
                yield era.version, *clipped
