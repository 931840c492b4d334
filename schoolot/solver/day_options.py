"""Which days can take a session of one line with one therapist, taken alone around
the sessions locked in place, and why the others cannot (the status of each day,
in a few words for a reason)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .instance import free_windows, lunch_fits, lunch_safe_starts, therapist_at
from .problem import CONSULT, Problem
from .rules import Booking, fits_therapist_day
from .validate import day_name
from .windows import (
    Span,
    Spans,
    clip,
    join_words,
    overlaps,
    span_text,
    spans_text,
    starts_within,
)


@dataclass
class LockedSessions:
    """The locked sessions of the schedule in force, indexed; and, since they fix what
    a line's days look like, a cache of `line_days` for one analysis."""

    therapist_day: dict[tuple[int, int], list[Booking]] = field(default_factory=dict)
    student_day: dict[tuple[int, int], list[Span]] = field(default_factory=dict)
    line_days: dict[int, list[int]] = field(default_factory=dict)
    days_of: dict[tuple[int, int], list[LineDay]] = field(default_factory=dict)


def locked_sessions(problem: Problem) -> LockedSessions:
    found = LockedSessions()
    for placed in problem.in_force:
        if not placed.locked or not placed.services:
            continue
        end = placed.start + problem.services[placed.services[0]].length
        found.therapist_day.setdefault((placed.therapist, placed.day), []).append(
            (placed.start, end, placed.school)
        )
        for j in placed.services:
            line = problem.services[j]
            found.line_days.setdefault(j, []).append(placed.day)
            if line.delivery != CONSULT:
                found.student_day.setdefault((line.student, placed.day), []).append(
                    (placed.start, end)
                )
    return found


# --- one line, one therapist, one day -----------------------------------------------

OK, USED, OFF, OFF_WEEK, CLOSED, PINNED, NO_WINDOW, HOURS, LUNCH, LOCKED = (
    "ok",
    "used",
    "off",
    "off week",
    "closed",
    "pinned",
    "no window",
    "hours",
    "lunch",
    "locked",
)


@dataclass(frozen=True)
class LineDay:
    day: int
    status: str
    starts: tuple[int, ...] = ()
    windows: Spans = ()  # the free windows, kept for the note


def _who(problem: Problem, service: int) -> str:
    line = problem.services[service]
    student = problem.students[line.student]
    if line.delivery == CONSULT:
        return f"teacher {problem.teachers[student.teacher].label}"
    return student.label


def _day_options(
    problem: Problem, service: int, therapist: int, day: int, locked: LockedSessions
) -> LineDay:
    line = problem.services[service]
    student = problem.students[line.student]
    school, length = student.school, line.length
    t = problem.therapists[therapist]
    if problem.one_a_day(service, therapist) and day in locked.line_days.get(service, []):
        return LineDay(day, USED)
    caps = problem.week_caps(service, therapist)
    if caps is not None and not caps[problem.week_of(day) - 1]:
        return LineDay(day, OFF_WEEK)
    if t.hours[day] is None:
        return LineDay(day, OFF)
    if problem.schools[school].day[day] is None:
        return LineDay(day, CLOSED)
    pinned = t.pinned[day]
    if pinned is not None and pinned != school:
        return LineDay(day, PINNED)
    windows = free_windows(problem, service, day)
    if not starts_within(windows, length, problem.grid):
        return LineDay(day, NO_WINDOW, windows=windows)
    at = therapist_at(problem, therapist, school, day)
    starts = starts_within(clip(windows, at), length, problem.grid) if at else []
    if not starts:
        return LineDay(day, HOURS, windows=windows)
    mine = locked.therapist_day.get((therapist, day), [])
    busy = [(b[0], b[1]) for b in mine]
    if busy:
        starts = [s for s in starts if lunch_fits(problem, [*busy, (s, s + length)])]
    else:
        starts = lunch_safe_starts(problem, starts, length)
    if not starts:
        return LineDay(day, LUNCH)
    student_busy = (
        [] if line.delivery == CONSULT else locked.student_day.get((line.student, day), [])
    )
    if mine or student_busy:
        starts = [
            s
            for s in starts
            if fits_therapist_day(problem, mine, school, s, s + length)
            and not any(overlaps((s, s + length), b) for b in student_busy)
        ]
    if not starts:
        return LineDay(day, LOCKED)
    return LineDay(day, OK, tuple(starts))


def day_note(problem: Problem, service: int, therapist: int, d: LineDay) -> str:
    """Why the day cannot take a session of the line, in a few words."""
    line = problem.services[service]
    t = problem.therapists[therapist]
    name = day_name(problem, d.day)
    school = problem.schools[problem.students[line.student].school].code
    if d.status == USED:
        return f"{name} already holds a locked session of {line.code}"
    if d.status == OFF:
        return f"{t.label} does not work {name}"
    if d.status == OFF_WEEK:
        return f"{name}: {t.label}'s week with no direct session (3:1 service)"
    if d.status == CLOSED:
        return f"{school} is closed {name}"
    if d.status == PINNED:
        pinned = t.pinned[d.day]
        assert pinned is not None
        return f"{t.label} is pinned to {problem.schools[pinned].label} on {name}"
    if d.status == NO_WINDOW:
        return f"{name}: {_who(problem, service)} free {spans_text(d.windows)}"
    if d.status == HOURS:
        hours = t.hours[d.day]
        assert hours is not None
        return (
            f"{name}: {t.label} works {span_text(hours)}, {_who(problem, service)} is free "
            f"{spans_text(d.windows)}"
        )
    if d.status == LUNCH:
        return f"{name}: every free time takes {t.label}'s lunch"
    if d.status == LOCKED:
        return f"{name}: locked sessions leave no room"
    return f"{name}: fits"


def disjoint_count(starts: Sequence[int], length: int) -> int:
    """How many non-overlapping sessions of `length` the starts allow (earliest first)."""
    count, free_from = 0, None
    for s in starts:
        if free_from is None or s >= free_from:
            count, free_from = count + 1, s + length
    return count


def line_days(
    problem: Problem, service: int, therapist: int, locked: LockedSessions
) -> list[LineDay]:
    key = (service, therapist)
    if key not in locked.days_of:
        locked.days_of[key] = [
            _day_options(problem, service, therapist, d, locked)
            for d in range(len(problem.weekdays))
        ]
    return locked.days_of[key]


def sessions_possible(
    problem: Problem, service: int, days: Sequence[LineDay], therapist: int | None = None
) -> int:
    """At most how many sessions of the line `days` hold (with `therapist`, within the
    line's cap in each cycle week)."""
    line = problem.services[service]
    one_a_day = problem.one_a_day(service, therapist)
    by_week: dict[int, int] = {}
    for d in days:
        if d.status == OK:
            count = 1 if one_a_day else disjoint_count(d.starts, line.length)
            week = problem.week_of(d.day)
            by_week[week] = by_week.get(week, 0) + count
    caps = problem.week_caps(service, therapist) if therapist is not None else None
    if caps is None:
        return sum(by_week.values())
    return sum(min(count, caps[week - 1]) for week, count in by_week.items())


def days_text(problem: Problem, days: Iterable[int]) -> str:
    return join_words([day_name(problem, d) for d in sorted(days)])
