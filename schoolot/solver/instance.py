"""The instance, prepared for the by-hand baseline and the analysis: when a therapist
can be at a school, when a line's student (or teacher) is free, where a session
alone can start, and whether lunch still fits."""

from __future__ import annotations

from collections.abc import Iterable

from .problem import CONSULT, PUSH_IN, Problem
from .windows import (
    Span,
    Spans,
    clip,
    has_free_run,
    starts_within,
)


def therapist_at(problem: Problem, therapist: int, school: int, day: int) -> Span | None:
    """When `therapist` can be at `school` on `day`: their hours inside the school's
    student day; None when they are off, the school is closed or not theirs, or the
    day is pinned to another school."""
    t = problem.therapists[therapist]
    if school not in t.schools:
        return None
    pinned = t.pinned[day]
    if pinned is not None and pinned != school:
        return None
    hours, school_day = t.hours[day], problem.schools[school].day[day]
    if hours is None or school_day is None:
        return None
    start, end = max(hours[0], school_day[0]), min(hours[1], school_day[1])
    return (start, end) if start < end else None


def free_windows(problem: Problem, service: int, day: int) -> Spans:
    """When the line's student (for a consult: the student's teacher) is free for a
    session of the line's delivery on `day`, inside the school's student day; for a
    line fixed to a day and time, only then."""
    line = problem.services[service]
    student = problem.students[line.student]
    if line.delivery == CONSULT:
        windows = problem.teachers[student.teacher].free[day]
    elif line.delivery == PUSH_IN:
        windows = student.free_push_in[day]
    else:
        windows = student.free_pull_out[day]
    return problem.fixed_windows(
        service, day, clip(windows, problem.schools[student.school].day[day])
    )


def lunch_fits(problem: Problem, busy: Iterable[Span]) -> bool:
    """True when `busy` leaves a lunch of `lunch_minutes` inside `lunch_window`."""
    return has_free_run(busy, problem.lunch_window, problem.lunch_minutes)


def lunch_fits_around(problem: Problem, start: int, end: int) -> bool:
    """True when one session over [start, end) alone leaves room for lunch."""
    w0, w1 = problem.lunch_window
    if end <= w0 or start >= w1:
        return w1 - w0 >= problem.lunch_minutes
    return start - w0 >= problem.lunch_minutes or w1 - end >= problem.lunch_minutes


def lunch_safe_starts(problem: Problem, starts: Iterable[int], length: int) -> list[int]:
    """The starts whose session alone leaves room for lunch (`lunch_fits_around`,
    in one comparison per start)."""
    w0, w1 = problem.lunch_window
    lunch = problem.lunch_minutes
    if w1 - w0 < lunch:
        return []
    before = max(w0 - length, w1 - lunch - length)  # ends early enough
    after = min(w1, w0 + lunch)  # starts late enough
    return [s for s in starts if s <= before or s >= after]


def session_starts(problem: Problem, service: int, therapist: int, day: int) -> list[int]:
    """Grid starts of one session of the line with `therapist` on `day`, taken alone:
    inside the free windows and the therapist's time at the school, leaving room for
    lunch. Locked sessions and other lines are not considered."""
    line = problem.services[service]
    at = therapist_at(problem, therapist, problem.students[line.student].school, day)
    if at is None:
        return []
    starts = starts_within(clip(free_windows(problem, service, day), at), line.length, problem.grid)
    return lunch_safe_starts(problem, starts, line.length)
