"""Helpers for the week-model tests: solve one therapist's week and read it back as
a `Solution` the validator can check."""

from __future__ import annotations

from schoolot.solver.problem import Problem
from schoolot.solver.solution import Solution, Unscheduled
from schoolot.solver.week import WeekResult, solve_week


def week(problem: Problem, therapist: int = 0, time_limit: float = 20.0) -> WeekResult:
    """The therapist's week for every student who may be theirs (one worker, seed 0)."""
    students = [
        s
        for s, student in enumerate(problem.students)
        if (student.therapist if student.therapist is not None else therapist) == therapist
        and therapist in (student.candidates | {student.therapist} - {None})
    ]
    return solve_week(problem, therapist, students, time_limit=time_limit, seed=0, workers=1)


def as_solution(problem: Problem, *results: WeekResult) -> Solution:
    """The weeks as one schedule: students served by the week that holds their lines."""
    assignments: list[int | None] = [None] * len(problem.students)
    unscheduled = []
    for result in results:
        for service in (*result.met, *result.unmet):
            assignments[problem.services[service].student] = result.therapist
        unscheduled += [Unscheduled(service, "left out") for service in result.unmet]
    return Solution(
        assignments=tuple(assignments),
        sessions=tuple(s for r in results for s in r.sessions),
        travel=tuple(leg for r in results for leg in r.travel),
        unscheduled=tuple(unscheduled),
    )


def sessions_of(result: WeekResult, service: int) -> list[tuple[int, int]]:
    """(day, start) of each session holding `service`."""
    return sorted((s.day, s.start) for s in result.sessions if service in s.services)
