"""A schedule's cycle of weeks (docs/cycle.md): the one place its arithmetic is written.

A schedule is a cycle of `weeks` weeks that repeats through the school year: 1 (every
week alike), 2 (A/B weeks), 4 (monthly lines placed once in four weeks). The cycle is
anchored to a date: the calendar week holding the anchor is week 1, the next week 2,
and so on, so every calendar date knows its week of the cycle. Weeks count whole
calendar weeks, closed weeks (winter break) included, as A/B rotations do.

Lines by period:
- `week`: the line's sessions every week of the cycle (a 3:1 therapist gives the four
  weeks' sessions in the three direct weeks, as evenly as they go);
- `month`: a month counts as four weeks of the cycle, so a line of k sessions a month
  has ceil(k * weeks / 4) sessions in the cycle, placed in the weeks the solver
  chooses, at most ceil(sessions / direct weeks) in any one week;
- `quarter`, `year`: not in the cycle; their sessions are placed on dates across the
  quarter or year (schoolot.dated).

Pure Python: the solver, the bridge, the forms and the calendar code share it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

SERVICE_MODELS = ("weekly", "3:1")
THREE_ONE = "3:1"
CYCLE_PERIODS = ("week", "month")  # periods placed in the cycle
DATED_PERIODS = ("quarter", "year")  # periods placed on dates
MAX_CYCLE_WEEKS = 8
# Weeks of the cycle a month counts as (a 30 min/month consult: once in four weeks).
WEEKS_PER_MONTH = 4
# School weeks a period stands for, for workload figures in minutes a week.
SCHOOL_WEEKS_PER = {"week": 1, "month": 4, "quarter": 9, "year": 36}
# Week letters shown in timetables: A/B for a 2-week cycle, numbers beyond.
_LETTERS = "AB"


def default_weeks(pers: Iterable[str], service_models: Iterable[str]) -> int:
    """The cycle of a district with no setting: 4 when any line is monthly or any
    therapist works 3:1, else 1."""
    if any(per == "month" for per in pers) or THREE_ONE in set(service_models):
        return 4
    return 1


def week_start(day: dt.date) -> dt.date:
    """The Monday of `day`'s calendar week."""
    return day - dt.timedelta(days=day.weekday())


def cycle_week_of(day: dt.date, anchor: dt.date, weeks: int) -> int:
    """`day`'s week of the cycle, from 1 (the anchor's calendar week is week 1)."""
    if weeks <= 1:
        return 1
    return (week_start(day) - week_start(anchor)).days // 7 % weeks + 1


def week_label(week: int, weeks: int) -> str:
    """How a timetable names a cycle week: "" for a 1-week cycle, "Week A"/"Week B" for
    two, "Week 3" beyond."""
    if weeks <= 1:
        return ""
    if weeks == 2:
        return f"Week {_LETTERS[week - 1]}"
    return f"Week {week}"


def off_weeks(service_model: str, weeks: int) -> frozenset[int]:
    """Cycle weeks (from 1) with no direct session: every fourth week on 3:1."""
    if service_model != THREE_ONE:
        return frozenset()
    return frozenset(w for w in range(1, weeks + 1) if w % 4 == 0)


def three_one_fits(service_model: str, weeks: int) -> str | None:
    """A 3:1 service model needs a cycle of a whole number of four-week spans."""
    if service_model == THREE_ONE and weeks % 4:
        return f"a 3:1 service model needs a cycle of 4 or 8 weeks, not {weeks}"
    return None


def sessions_per_cycle(minutes: int, per: str, session_minutes: int, weeks: int) -> int:
    """Sessions of a line in one cycle; 0 for lines placed on dates (quarter, year)."""
    sessions = minutes // session_minutes if session_minutes > 0 else 0
    if per == "week":
        return sessions * weeks
    if per == "month":
        return math.ceil(sessions * weeks / WEEKS_PER_MONTH)
    return 0


def week_caps(
    sessions: int, per: str, weeks: int, off: frozenset[int] = frozenset()
) -> tuple[int, ...]:
    """At most how many of a line's `sessions` (a cycle's) fall in each cycle week,
    index 0 for week 1. A weekly line's caps add up to its sessions, so they are exact:
    its sessions each week, or, with `off` weeks (3:1, direct lines only), the four
    weeks' sessions spread over the direct weeks, the earlier weeks taking any extra.
    A monthly line's weeks are the solver's choice, at most an even share in any week.
    No week at all (every week off) caps every week at 0."""
    direct = [w for w in range(1, weeks + 1) if w not in off]
    caps = [0] * weeks
    if not direct:
        return tuple(caps)
    if per == "week":
        base, extra = divmod(sessions, len(direct))
        for i, w in enumerate(direct):
            caps[w - 1] = base + (1 if i < extra else 0)
    else:
        share = math.ceil(sessions / len(direct))
        for w in direct:
            caps[w - 1] = share
    return tuple(caps)


def weekly_minutes(minutes: int, per: str) -> float:
    """A line's minutes in an average school week (workload figures)."""
    return minutes / SCHOOL_WEEKS_PER.get(per, 1)
