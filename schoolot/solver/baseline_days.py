"""Where the by-hand baseline spends each therapist-day: the schools of the sessions
kept there, else the pinned school, else the one school where most minutes are still
owed, simulating one session per line per day; a cycle of weeks is planned week by
week, for what each line owes in that week (its cap)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .instance import therapist_at
from .problem import Problem
from .windows import total

if TYPE_CHECKING:
    from .baseline import _Book


def plan_days(
    problem: Problem, book: _Book, chosen: Sequence[int | None], proofs: dict[int, str]
) -> dict[tuple[int, int], frozenset[int]]:
    """The schools each therapist-day may take new sessions at: those of the sessions
    kept there, else the pinned school, else the one school where most minutes are
    still owed (simulating one session per line per day). In a cycle of weeks, each
    week is planned in turn for what the lines owe in that week (their caps)."""
    owed: dict[int, int] = {}
    lines_of: dict[int, list[int]] = defaultdict(list)
    for j, line in enumerate(problem.services):
        owner = chosen[line.student]
        if owner is not None and j not in proofs:
            owed[j] = max(0, line.sessions - len(book.of_line[j]))
            lines_of[owner].append(j)
    plan: dict[tuple[int, int], frozenset[int]] = {}
    per_week = problem.days_per_week
    for t in range(len(problem.therapists)):
        for week in range(1, problem.cycle_weeks + 1):
            days = range((week - 1) * per_week, week * per_week)
            remaining = {j: _owed_in_week(problem, book, j, t, week, owed[j]) for j in lines_of[t]}
            before = dict(remaining)
            _plan_week(problem, book, t, days, lines_of[t], remaining, plan)
            for j in lines_of[t]:
                owed[j] -= before[j] - remaining[j]
    return plan


def _owed_in_week(
    problem: Problem, book: _Book, service: int, therapist: int, week: int, owed: int
) -> int:
    """Sessions a line still owes in cycle week `week`: its cap there less those kept in
    it, at most what it owes in all (everything it owes in a one-week cycle)."""
    caps = problem.week_caps(service, therapist)
    if caps is None:
        return owed
    kept = sum(1 for d in book.of_line[service] if problem.week_of(d.day) == week)
    return max(0, min(caps[week - 1] - kept, owed))


def _plan_week(
    problem: Problem,
    book: _Book,
    t: int,
    days: range,
    lines: list[int],
    remaining: dict[int, int],
    plan: dict[tuple[int, int], frozenset[int]],
) -> None:
    person = problem.therapists[t]
    free_days = []
    for d in days:
        if person.hours[d] is None:
            continue
        kept = {draft.school for draft in book.by_therapist_day[t, d]}
        pinned = person.pinned[d]
        if kept:
            plan[t, d] = frozenset(kept)
        elif pinned is not None:
            plan[t, d] = frozenset({pinned} & person.schools)
        else:
            free_days.append(d)
            continue
        _simulate_day(problem, book, t, d, plan[t, d], lines, remaining)
    for d in free_days:
        options = [k for k in sorted(person.schools) if therapist_at(problem, t, k, d)]
        if not options:
            plan[t, d] = frozenset()
            continue

        def score(k: int, d: int = d) -> tuple[int, int]:
            today = sum(
                problem.services[j].length
                for j in lines
                if remaining[j] > 0
                and problem.students[problem.services[j].student].school == k
                and book.starts(j, t, d)
            )
            owed = sum(
                remaining[j] * problem.services[j].length
                for j in lines
                if problem.students[problem.services[j].student].school == k
            )
            return (min(today, _capacity(problem, t, k, d)), owed)

        best = max(options, key=score)
        plan[t, d] = frozenset({best})
        _simulate_day(problem, book, t, d, plan[t, d], lines, remaining)


def _capacity(problem: Problem, therapist: int, school: int, day: int) -> int:
    at = therapist_at(problem, therapist, school, day)
    return 0 if at is None else max(0, at[1] - at[0] - problem.lunch_minutes)


def _simulate_day(
    problem: Problem,
    book: _Book,
    therapist: int,
    day: int,
    schools: frozenset[int],
    lines: Sequence[int],
    remaining: dict[int, int],
) -> None:
    """Count one session a day for the lines that could be seen there, while time lasts."""
    room = sum(_capacity(problem, therapist, k, day) for k in schools)
    room -= total((d.start, d.end) for d in book.by_therapist_day[therapist, day])
    for j in sorted(lines, key=lambda j: -remaining[j]):
        line = problem.services[j]
        if (
            remaining[j] > 0
            and problem.students[line.student].school in schools
            and line.length <= room
            and book.starts(j, therapist, day)
        ):
            remaining[j] -= 1
            room -= line.length
