"""The coordinator's overview: one row per therapist, one column per school day of a
week, each cell the day's schools (in the order visited), session and drive minutes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from schoolot.models import Therapist
from schoolot.timetable.lunch import LunchRule
from schoolot.timetable.navigation import WeekNav, week_nav
from schoolot.timetable.school_year import SchoolDay, SchoolYear
from schoolot.timetable.sources import Selection
from schoolot.timetable.week_view import DayView, TimetableBuilder


@dataclass(frozen=True)
class OverviewRow:
    therapist: Therapist
    days: tuple[DayView, ...]  # one per date of the week, as on the therapist's own week

    @property
    def session_minutes(self) -> int:
        return sum(d.session_minutes for d in self.days)

    @property
    def drive_minutes(self) -> int:
        return sum(d.drive_minutes for d in self.days)


@dataclass(frozen=True)
class Overview:
    monday: dt.date
    dates: tuple[dt.date, ...]
    district_days: tuple[SchoolDay, ...]  # the district's calendar for each date
    rows: tuple[OverviewRow, ...]
    nav: WeekNav


def build_overview(
    year: SchoolYear,
    therapists: Iterable[Therapist],
    everything: Selection,
    monday: dt.date,
    *,
    lunch: LunchRule | None = None,
    today: dt.date | None = None,
) -> Overview:
    """The week of `monday` for each of `therapists`, from `everything` in force
    (`sources.select_all`)."""
    today = today or year.today()
    sessions = defaultdict(list)
    for row in everything.sessions:
        sessions[row.therapist_id].append(row)
    travel = defaultdict(list)
    for leg in everything.travel:
        travel[leg.therapist_id].append(leg)
    rows = []
    for therapist in therapists:
        own = Selection(sessions[therapist.id], travel[therapist.id], None)
        week = TimetableBuilder(year, own, lunch=lunch, today=today).week(monday)
        rows.append(OverviewRow(therapist, week.days))
    dates = tuple(year.week_dates(monday))
    return Overview(
        monday=monday,
        dates=dates,
        district_days=tuple(year.district_day(date) for date in dates),
        rows=tuple(rows),
        nav=week_nav(year, monday, today),
    )
