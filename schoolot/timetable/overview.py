"""The coordinator's overview: one row per therapist, one column per school day of a
week, each cell the day's schools (in the order visited), session and drive minutes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from schoolot.models import ScheduledSession, ScheduledTravel, Therapist
from schoolot.timetable.dated import DatedSession
from schoolot.timetable.lunch import LunchRule
from schoolot.timetable.navigation import WeekNav, week_nav
from schoolot.timetable.school_year import SchoolDay, SchoolYear
from schoolot.timetable.sources import Selection
from schoolot.timetable.week_view import Stretch, TimetableBuilder, WeekView


@dataclass(frozen=True)
class OverviewRow:
    therapist: Therapist
    week: WeekView  # the therapist's own week: its days and minutes


@dataclass(frozen=True)
class Overview:
    monday: dt.date
    dates: tuple[dt.date, ...]
    district_days: tuple[SchoolDay, ...]  # the district's calendar for each date
    rows: tuple[OverviewRow, ...]
    nav: WeekNav
    # The week of the schedule's cycle ("Week B"); "" in a one-week cycle.
    cycle_label: str = ""


def build_overview(
    year: SchoolYear,
    therapists: Iterable[Therapist],
    everything: Iterable[Stretch],
    monday: dt.date,
    *,
    lunch: LunchRule | None = None,
    today: dt.date | None = None,
    one_offs: Iterable[DatedSession] = (),
    drive_minutes: Callable[[int, int], int | None] | None = None,
) -> Overview:
    """The week of `monday` for each of `therapists`, from `everything` that stood on
    its dates (stretches of `sources.select_all`) and the accepted makeups (`one_offs`,
    drawn as `TimetableBuilder` draws them)."""
    today = today or year.today()
    stretches = list(everything)
    sessions: dict[tuple[int, int], list[ScheduledSession]] = defaultdict(list)
    travel: dict[tuple[int, int], list[ScheduledTravel]] = defaultdict(list)
    for index, stretch in enumerate(stretches):
        for row in stretch.selection.sessions:
            sessions[index, row.therapist_id].append(row)
        for leg in stretch.selection.travel:
            travel[index, leg.therapist_id].append(leg)
    makeups: dict[int, list[DatedSession]] = defaultdict(list)
    for dated in one_offs:
        makeups[dated.session.therapist_id].append(dated)
    rows = []
    for therapist in therapists:
        own = [
            Stretch(
                Selection(sessions[i, therapist.id], travel[i, therapist.id], None),
                s.dates,
                s.weeks,
            )
            for i, s in enumerate(stretches)
        ]
        week = TimetableBuilder(
            year,
            own,
            lunch=lunch,
            today=today,
            one_offs=makeups[therapist.id],
            drive_minutes=drive_minutes,
        ).week(monday)
        rows.append(OverviewRow(therapist, week))
    dates = tuple(year.week_dates(monday))
    return Overview(
        monday=monday,
        dates=dates,
        district_days=tuple(year.district_day(date) for date in dates),
        rows=tuple(rows),
        nav=week_nav(year, monday, today),
        cycle_label=TimetableBuilder(year, stretches).cycle_label(monday),
    )
