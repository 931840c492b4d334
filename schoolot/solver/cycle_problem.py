"""A one-week `Problem` repeated as a cycle of weeks: the solver's tests and
bench/cycle.py build cycle problems this way (the district's own cycle problem comes
from schoolot.scheduling.problem_builder).

Every per-day tuple (school days, hours, pins, free windows) is repeated once per
week; a weekly line gets its sessions every week (`sessions * weeks`), a monthly line
ceil(sessions * weeks / 4) in the weeks the solver chooses (schoolot.cycle), a
therapist on 3:1 gets every fourth week off direct sessions. Sessions in force repeat
in every week, as a one-week schedule in force does in a longer cycle.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from schoolot.cycle import off_weeks, sessions_per_cycle
from schoolot.solver.problem import PlacedSession, Problem


def as_cycle(
    problem: Problem,
    weeks: int,
    per: Mapping[int, str] | None = None,
    three_one: frozenset[int] = frozenset(),
) -> Problem:
    """`problem` (one week) as a cycle of `weeks` weeks; `per` gives lines whose period
    is not "week" (service index -> "month"; their `sessions` are then a month's), and
    `three_one` the therapists on 3:1 service."""
    periods = per or {}

    def rep(days: tuple) -> tuple:  # type: ignore[type-arg]
        return tuple(days) * weeks

    n = len(problem.weekdays)
    return replace(
        problem,
        weekdays=rep(problem.weekdays),
        cycle_weeks=weeks,
        schools=tuple(replace(s, day=rep(s.day)) for s in problem.schools),
        therapists=tuple(
            replace(
                t,
                hours=rep(t.hours),
                pinned=rep(t.pinned),
                off_weeks=off_weeks("3:1" if i in three_one else "weekly", weeks),
            )
            for i, t in enumerate(problem.therapists)
        ),
        teachers=tuple(replace(t, free=rep(t.free)) for t in problem.teachers),
        students=tuple(
            replace(s, free_pull_out=rep(s.free_pull_out), free_push_in=rep(s.free_push_in))
            for s in problem.students
        ),
        services=tuple(
            replace(
                line,
                sessions=sessions_per_cycle(
                    line.sessions * line.length, periods.get(j, "week"), line.length, weeks
                ),
                per=periods.get(j, "week"),
            )
            for j, line in enumerate(problem.services)
        ),
        in_force=tuple(
            PlacedSession(p.therapist, p.school, p.day + w * n, p.start, p.services, p.locked)
            for w in range(weeks)
            for p in problem.in_force
        ),
    )
