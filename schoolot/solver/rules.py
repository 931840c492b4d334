"""The hard rules the by-hand baseline, the model's greedy hint and the explainer
check one placement at a time, written once for the three of them.

The CP-SAT model (`week_data`, `week_groups`) and `validate` keep their own copies on
purpose: the model states the rules as constraints, and the validator checks any
solution without sharing code with what made it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from .problem import CONSULT, PUSH_IN, Problem
from .week_travel import leg_steps
from .windows import has_free_run, overlaps, starts_within

# A session on a therapist's day, as the day checks see it: (start, end, school).
Booking = tuple[int, int, int]


def may_join(
    problem: Problem, service: int, members: Sequence[int], school: int, delivery: str, length: int
) -> bool:
    """Whether line `service` may join a session at `school`, of `delivery` and
    `length` minutes, that holds the lines `members`: rule 7 (group lines only, no
    consults; one delivery, length and school; push-in of one teacher; grades within
    `group_grade_span`; no more students than the smallest `max_group`) and rule 6 (a
    student once a session). The session's time and whether it is locked are the
    caller's to check."""
    line = problem.services[service]
    student = problem.students[line.student]
    if not line.group or line.delivery == CONSULT:
        return False
    if delivery != line.delivery or length != line.length or school != student.school:
        return False
    others = [problem.services[j] for j in members]
    if not all(o.group for o in others) or any(o.student == line.student for o in others):
        return False
    grades = [problem.students[o.student].grade for o in others] + [student.grade]
    if max(grades) - min(grades) > problem.group_grade_span:
        return False
    if len(others) + 1 > min([o.max_group for o in others] + [line.max_group]):
        return False
    return line.delivery != PUSH_IN or all(
        problem.students[o.student].teacher == student.teacher for o in others
    )


def travel_legs(problem: Problem, bookings: Sequence[Booking]) -> list[tuple[int, int, int, int]]:
    """The travel of one therapist-day as (from_school, to_school, start, end): a leg
    right after each session followed by one at another school."""
    ordered = sorted(bookings)
    legs = []
    for (_, end, school), (_, _, following) in itertools.pairwise(ordered):
        if following != school:
            drive = problem.travel[school][following] or 0
            legs.append((school, following, end, end + drive))
    return legs


def fits_therapist_day(
    problem: Problem,
    bookings: Sequence[Booking],
    school: int,
    start: int,
    end: int,
    as_model: bool = False,
) -> bool:
    """Whether a session at `school` over [start, end) may be added to a therapist's
    day holding `bookings` (rules 2 and 3): no overlap; no school on the day without
    travel to this one; time to drive from the session before and to the one after,
    each drive right after its visit; a lunch of `lunch_minutes` inside `lunch_window`
    clear of sessions and drives.

    With `as_model`, the rules as the CP-SAT model states them (its hint must keep
    them): times in whole grid steps, a drive at least one step long, lunch at a grid
    start, and each school visited once a day."""
    grid = problem.grid if as_model else 1
    day = sorted((b[0] // grid * grid, -(-b[1] // grid) * grid, b[2]) for b in bookings)
    new = (start // grid * grid, -(-end // grid) * grid, school)
    for b_start, b_end, b_school in day:
        if overlaps(new[:2], (b_start, b_end)):
            return False
        if b_school != school and problem.travel[b_school][school] is None:
            return False
    day = sorted([*day, new])

    def drive(a: int, b: int) -> int:
        return leg_steps(problem, a, b) * grid if as_model else problem.travel[a][b] or 0

    at = day.index(new)
    for (_, a_end, a), (b_start, _, b) in itertools.pairwise(day[max(0, at - 1) : at + 2]):
        if a != b and b_start - a_end < drive(a, b):
            return False
    if as_model:
        visits = [k for k, _ in itertools.groupby(b[2] for b in day)]
        if len(visits) != len(set(visits)):
            return False
    busy = [(b[0], b[1]) for b in day] + [
        (a_end, a_end + drive(a, b))
        for (_, a_end, a), (_, _, b) in itertools.pairwise(day)
        if a != b
    ]
    if not as_model:
        return has_free_run(busy, problem.lunch_window, problem.lunch_minutes)
    lunch = -(-problem.lunch_minutes // grid) * grid
    lunch_starts = starts_within((problem.lunch_window,), problem.lunch_minutes, grid)
    if not lunch_starts:
        return True
    # Only what overlaps the span lunch may take can stand in its way.
    reach = (lunch_starts[0], lunch_starts[-1] + lunch)
    near = [b for b in busy if overlaps(reach, b)]
    return any(not any(overlaps((s, s + lunch), b) for b in near) for s in lunch_starts)
