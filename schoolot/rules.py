"""The cross-field rules of the district's data, shared by the bundle import and the forms.

Each check returns None when the rule holds, or a message that names what is wrong
and how to fix it. Callers attach the message to the column or field concerned.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from typing import TypeVar

from schoolot import cycle
from schoolot.values import format_time

# Times of a day, or days of a year: both ends of a span are of one kind.
Moment = TypeVar("Moment", dt.time, dt.date)


def in_order(start: Moment, end: Moment, what: str = "") -> str | None:
    """`end` strictly after `start` (times are half-open spans)."""
    if end <= start:
        message = f"ends ({_shown(end)}) at or before it starts ({_shown(start)})"
        return f"{what} {message}" if what else message
    return None


def _shown(value: dt.time | dt.date) -> str:
    """A time as HH:MM (as the user typed it), a date as YYYY-MM-DD."""
    return format_time(value) if isinstance(value, dt.time) else str(value)


def dates_in_order(start: dt.date, end: dt.date, what: str = "") -> str | None:
    """`end` on or after `start` (a date range includes both days)."""
    if end < start:
        return f"{what + ' ' if what else ''}ends ({end}) before it starts ({start})".strip()
    return None


def inside_school_day(
    start: dt.time, end: dt.time, day_start: dt.time, day_end: dt.time, school: str
) -> str | None:
    if start < day_start or end > day_end:
        return (
            f"{format_time(start)}-{format_time(end)} is outside {school}'s student day "
            f"({format_time(day_start)}-{format_time(day_end)})"
        )
    return None


def whole_sessions(minutes: int, session_minutes: int) -> str | None:
    """A service line's minutes are a whole number of sessions."""
    if session_minutes <= 0:
        return "session_minutes must be more than 0"
    if minutes % session_minutes:
        return f"{minutes} minutes is not a whole number of {session_minutes}-minute sessions"
    return None


def session_fits_a_school_day(session_minutes: int, longest_day_minutes: int) -> str | None:
    if session_minutes > longest_day_minutes:
        return f"a {session_minutes}-minute session is longer than the school day"
    return None


def consult_not_grouped(delivery: str, grouping: str) -> str | None:
    if delivery == "consult" and grouping == "group":
        return "a consult line is time with the teacher and is never grouped; use individual"
    return None


def max_group_fits(grouping: str, max_group: int) -> str | None:
    if max_group < 1:
        return "max_group must be at least 1"
    if grouping == "group" and max_group < 2:
        return "a group line needs max_group of at least 2 (or make it individual)"
    return None


def kept_with_a_therapist(keep: bool, has_therapist: bool) -> str | None:
    """A student kept with their therapist ("keep with this therapist") has one."""
    if keep and not has_therapist:
        return "a student kept with their therapist needs one: name the therapist or clear keep"
    return None


def teacher_at_school(teacher_code: str, teacher_school: str, school: str) -> str | None:
    if teacher_school != school:
        return f"teacher {teacher_code} teaches at {teacher_school}, not at {school}"
    return None


def therapist_serves_school(
    therapist_code: str, therapist_schools: set[str] | frozenset[str], school: str
) -> str | None:
    if school not in therapist_schools:
        return (
            f"therapist {therapist_code} does not serve {school} "
            f"(serves {', '.join(sorted(therapist_schools)) or 'no school'})"
        )
    return None


def inside_school_year(day: dt.date, year_start: dt.date, year_end: dt.date) -> str | None:
    if not year_start <= day <= year_end:
        return f"{day} is outside the school year ({year_start} to {year_end})"
    return None


def student_at_school(student_code: str, student_school: str, school: str) -> str | None:
    """A student named by a block (or a form) belongs to that block's school."""
    if student_school != school:
        return f"student {student_code} attends {student_school}, not {school}"
    return None


def early_release_inside_day(
    end_time: dt.time, day_start: dt.time, day_end: dt.time, school: str
) -> str | None:
    """An early release ends the student day after it starts and before its normal end."""
    if not day_start < end_time < day_end:
        return (
            f"an early release at {format_time(end_time)} is not inside {school}'s student day "
            f"({format_time(day_start)}-{format_time(day_end)})"
        )
    return None


def known_timezone(name: str) -> str | None:
    """`name` is an IANA time zone, e.g. America/Chicago."""
    if name not in _iana_zones():
        return f"'{name}' is not an IANA time zone (e.g. America/Chicago)"
    return None


@functools.cache
def _iana_zones() -> frozenset[str]:
    # The list, not ZoneInfo(name): a folder name such as "America" makes ZoneInfo raise OSError.
    return frozenset(zoneinfo.available_timezones())


def weekdays_are_school_days(weekdays: str, school_days: str) -> str | None:
    """Every day of a canonical weekday cell (`*` always holds) is one of the school days."""
    if weekdays == "*":
        return None
    allowed = school_days.split()
    outside = [day for day in weekdays.split() if day not in allowed]
    if outside:
        return f"{outside[0]} is not a school day (the district's school days are {school_days})"
    return None


def overlaps_school_day(
    start: dt.time, end: dt.time, day_start: dt.time, day_end: dt.time, school: str
) -> str | None:
    """A block shares some time with the student day.

    Looser than `inside_school_day`: districts' exports hold blocks that run past
    dismissal (a math block 14:50-15:50 in a day ending 15:45), which are harmless; a
    block wholly outside the day is a typo (01:30 for 13:30).
    """
    if end <= day_start or start >= day_end:
        return (
            f"{format_time(start)}-{format_time(end)} is wholly outside {school}'s student day "
            f"({format_time(day_start)}-{format_time(day_end)})"
        )
    return None


# Sessions start on the scheduler's 5-minute grid (solver Problem.grid).
SESSION_GRID_MINUTES = 5


def fixed_time(
    day: str | None,
    start: dt.time | None,
    session_minutes: int,
    weekly_sessions: int,
    school_days: str,
    school_day: tuple[dt.time, dt.time, str] | None,
) -> tuple[str, str] | None:
    """A line fixed to a day and time ("Mondays 10:00"): both given, on a school day,
    on the 5-minute grid, the session inside the school's student day
    (`school_day`: start, end, school), and a line of one session a week. Returns
    (field, message) for the first rule broken, or None."""
    if day is None and start is None:
        return None
    if day is None or start is None:
        missing = "fixed_day" if day is None else "fixed_start"
        return missing, "a fixed time needs both a weekday and a start (e.g. Mon and 10:00)"
    off = weekdays_are_school_days(day, school_days)
    if off:
        return "fixed_day", off
    if (start.hour * 60 + start.minute) % SESSION_GRID_MINUTES or start.second:
        return "fixed_start", (
            f"{format_time(start)} is not on the {SESSION_GRID_MINUTES}-minute grid sessions "
            "start on (e.g. 10:00 or 10:05)"
        )
    if school_day is not None:
        begin = start.hour * 60 + start.minute
        end = dt.time(*divmod(min(begin + session_minutes, 24 * 60 - 1), 60))
        outside = inside_school_day(start, end, *school_day)
        if outside:
            return "fixed_start", f"a {session_minutes}-minute session at {outside}"
    if weekly_sessions != 1:
        return "fixed_day", (
            f"a line fixed to one day and time holds one session a week; this one has "
            f"{weekly_sessions}: clear the fixed time or make the sessions longer"
        )
    return None


# -- the cycle of weeks (schoolot/cycle.py) ----------------------------------------------


def cycle_week_in_cycle(week: int | None, weeks: int, automatic: bool = False) -> str | None:
    """A block's or working hours' cycle week (None: every week) inside the district's
    cycle of `weeks` weeks (`automatic`: the cycle is the district's default)."""
    if week is None or 1 <= week <= weeks:
        return None
    why = " (automatic: 4 with a monthly line or a 3:1 therapist, else 1)" if automatic else ""
    if weeks == 1:
        return (
            f"week {week} is beyond the district's cycle of 1 week{why}: leave it empty "
            "(every week) or set the district's cycle weeks"
        )
    return (
        f"week {week} is beyond the district's cycle of {weeks} weeks{why}: use 1 to {weeks}, "
        "or empty for every week"
    )


def cycle_anchor_in_year(anchor: dt.date, year_start: dt.date, year_end: dt.date) -> str | None:
    """The cycle's anchor (its week 1) is a date of the school year."""
    if not year_start <= anchor <= year_end:
        return (
            f"{anchor} is outside the school year ({year_start} to {year_end}): the cycle "
            "is anchored to a date of the year"
        )
    return None


def three_one_cycle(service_model: str | None, weeks: int, who: str = "") -> str | None:
    """A 3:1 service model (district's or a therapist's) needs a cycle of 4 or 8 weeks."""
    message = cycle.three_one_fits(service_model or "", weeks)
    if message is None:
        return None
    return f"{who}: {message}" if who else message


def dated_line_not_fixed(per: str, fixed: bool) -> str | None:
    """A line per quarter or year is placed on dates, never at a fixed weekly time."""
    if fixed and per in cycle.DATED_PERIODS:
        return (
            f"a line per {per} is placed on dates across the {per}, not at a weekly day and "
            "time: clear the fixed time or make the line weekly or monthly"
        )
    return None
