"""The small pieces of a timetable, without a database: the time axis, lanes for blocks
that overlap, school colours, the lunch rule, and which week or day a page shows."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from schoolot.models import CalendarDay, District
from schoolot.timetable.colours import PALETTE, school_colour
from schoolot.timetable.lanes import lanes
from schoolot.timetable.lunch import LunchRule, pattern_lunches
from schoolot.timetable.navigation import parse_day, parse_week, school_day_after
from schoolot.timetable.scale import TimeScale
from schoolot.timetable.school_year import SchoolYear

T = dt.time


def _year() -> SchoolYear:
    district = District(
        name="Test",
        timezone="America/Chicago",
        year_start=dt.date(2026, 8, 19),
        year_end=dt.date(2027, 5, 27),
        school_days="Mon Tue Wed Thu Fri",
    )
    closed = [
        CalendarDay(date=dt.date(2026, 11, 26) + dt.timedelta(days=n), kind="closed")
        for n in range(2)
    ]
    return SchoolYear(district, closed)


def test_the_time_axis_holds_every_span_on_whole_hours():
    scale = TimeScale.around([(T(8, 20), T(8, 50)), (T(13, 10), T(13, 40))])
    assert (scale.start, scale.end) == (8 * 60, 14 * 60)
    assert scale.top(T(8, 0)) == 0.0 and scale.top(T(14, 0)) == 1.0
    assert scale.top(T(11, 0)) == pytest.approx(0.5)
    assert scale.height(T(8, 0), T(8, 30)) == pytest.approx(0.5 / 6)
    assert scale.top(T(6, 0)) == 0.0 and scale.top(T(18, 0)) == 1.0  # clipped to the view
    assert scale.hours()[0] == ("08:00", 0.0) and len(scale.hours()) == 6


def test_an_empty_time_axis_shows_a_working_day():
    assert TimeScale.around([]) == TimeScale(8 * 60, 16 * 60)


def test_overlapping_spans_share_lanes_and_others_take_the_whole_width():
    spans = [(540, 570), (555, 585), (560, 600), (600, 630), (700, 730)]
    assert lanes(spans) == [(0, 3), (1, 3), (2, 3), (0, 1), (0, 1)]
    # A lane freed by an earlier span is taken again within the same group.
    assert lanes([(0, 10), (5, 20), (12, 18)]) == [(0, 2), (1, 2), (0, 2)]
    assert lanes([]) == []


def test_each_school_keeps_one_colour_and_the_first_twelve_differ():
    assert school_colour(3) == school_colour(3)
    assert len({school_colour(n) for n in range(1, len(PALETTE) + 1)}) == len(PALETTE)


def _item(weekday: str, start: dt.time, end: dt.time):
    return SimpleNamespace(weekday=weekday, start=start, end=end, cycle_week=1)


def test_lunch_is_the_first_free_run_inside_the_window_clear_of_sessions_and_drives():
    rule = LunchRule(30, T(11, 0), T(13, 30))
    sessions = [_item("Mon", T(10, 30), T(11, 20)), _item("Mon", T(12, 10), T(12, 40))]
    travel = [_item("Mon", T(11, 20), T(11, 45))]
    lunches = pattern_lunches(rule, sessions, travel)
    # 11:45-12:10 is 25 minutes: too short; after 12:40 there is room.
    assert lunches == {(1, "Mon"): (T(12, 40), T(13, 10))}


def test_lunch_is_placed_per_week_of_a_cycle():
    rule = LunchRule(30, T(11, 0), T(13, 0))
    # Week A's Monday is busy 11:00-11:45, week B's 11:00-12:30: each has its own lunch.
    week_a = _item("Mon", T(11, 0), T(11, 45))
    week_b = _item("Mon", T(11, 0), T(12, 30))
    week_b.cycle_week = 2
    assert pattern_lunches(rule, [week_a, week_b]) == {
        (1, "Mon"): (T(11, 45), T(12, 15)),
        (2, "Mon"): (T(12, 30), T(13, 0)),
    }


def test_no_lunch_is_placed_on_a_day_without_work_or_without_room():
    rule = LunchRule(30, T(11, 0), T(12, 0))
    full = [_item("Tue", T(10, 45), T(11, 40))]
    assert pattern_lunches(rule, full) == {}  # 20 free minutes: the rule is broken
    assert pattern_lunches(LunchRule(0, T(11, 0), T(12, 0)), full) == {}


def test_a_week_is_named_by_any_of_its_dates_and_kept_inside_the_year():
    year = _year()
    today = dt.date(2026, 11, 25)
    assert parse_week(year, "2026-12-03", today) == dt.date(2026, 11, 30)
    assert parse_week(year, None, today) == dt.date(2026, 11, 23)
    assert parse_week(year, "not a date", today) == dt.date(2026, 11, 23)
    assert parse_week(year, "2030-01-01", today) == dt.date(2027, 5, 24)
    assert parse_week(year, "2020-01-01", today) == dt.date(2026, 8, 17)
    assert parse_day("2026-12-03", today) == dt.date(2026, 12, 3)
    assert parse_day("31/12", today) == today


def test_the_next_and_previous_school_days_skip_weekends_and_closures():
    year = _year()
    assert school_day_after(year, dt.date(2026, 11, 25)) == dt.date(2026, 11, 30)
    assert school_day_after(year, dt.date(2026, 11, 30), -1) == dt.date(2026, 11, 25)
    assert school_day_after(year, dt.date(2026, 7, 1)) == dt.date(2026, 8, 19)
    assert school_day_after(year, dt.date(2027, 5, 27)) is None
    assert school_day_after(year, dt.date(2026, 8, 19), -1) is None
