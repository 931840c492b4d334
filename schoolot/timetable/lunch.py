"""Where a therapist's lunch falls. Lunch is not stored with a schedule: the solver
only guarantees (hard rule 3) that every day a therapist works holds `lunch_minutes`
free minutes inside the district's lunch window, clear of sessions and driving. A
timetable shows the first such run of the weekly pattern, which is free every week
(in a cycle of several weeks, every week of the cycle that weekday stands for)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from schoolot.models import District, ScheduledSession, ScheduledTravel
from schoolot.solver.windows import free_run
from schoolot.values import minutes_of


@dataclass(frozen=True)
class LunchRule:
    minutes: int
    window_start: dt.time
    window_end: dt.time

    @classmethod
    def of(cls, district: District) -> LunchRule:
        return cls(district.lunch_minutes, district.lunch_window_start, district.lunch_window_end)


def _time(minute: int) -> dt.time:
    return dt.time(minute // 60, minute % 60)


def pattern_lunches(
    rule: LunchRule,
    sessions: Iterable[ScheduledSession],
    travel: Iterable[ScheduledTravel] = (),
) -> dict[tuple[int, str], tuple[dt.time, dt.time]]:
    """Per (cycle week, weekday ('Mon'..)) that holds a session or a drive of one
    therapist: the first `rule.minutes` free minutes in the lunch window, as (start,
    end). A day with no such run (a schedule that breaks rule 3) has no entry; so has
    one with no work."""
    busy: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    items: list[ScheduledSession | ScheduledTravel] = [*sessions, *travel]
    for item in items:
        key = (item.cycle_week or 1, item.weekday)
        busy[key].append((minutes_of(item.start), minutes_of(item.end)))
    if rule.minutes <= 0:
        return {}
    window = (minutes_of(rule.window_start), minutes_of(rule.window_end))
    lunches: dict[tuple[int, str], tuple[dt.time, dt.time]] = {}
    for day, spans in busy.items():
        run = free_run(spans, window, rule.minutes)
        if run is not None:
            lunches[day] = (_time(run[0]), _time(run[1]))
    return lunches
