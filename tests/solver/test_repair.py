"""The repair pass: a line left out that still fits around the schedule is placed."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from schoolot.solver.problem import Problem
from schoolot.solver.repair import place_lines_that_fit
from schoolot.solver.solution import Solution, Unscheduled
from schoolot.solver.solve import solve
from schoolot.solver.validate import validate
from tests.solver.strategies import District, small_problems, tiny_district


def _nothing_placed(problem: Problem) -> Solution:
    """A schedule that left every line out (as a search stopped at once would), each
    student assigned to their pinned or first possible therapist."""
    assignments = tuple(
        s.therapist if s.therapist is not None else min(s.candidates) for s in problem.students
    )
    left_out = tuple(Unscheduled(j, "not placed") for j in range(len(problem.services)))
    return Solution(assignments, (), (), left_out)


def test_every_line_that_fits_an_empty_week_is_placed_validly():
    problem = tiny_district().build()
    empty = _nothing_placed(problem)

    repaired = place_lines_that_fit(problem, empty.assignments, empty, {})

    assert validate(problem, repaired) == []
    placed = {j for s in repaired.sessions for j in s.services}
    assert placed == set(range(len(problem.services))) - {u.service for u in repaired.unscheduled}
    assert len(placed) >= len(problem.services) - 1
    assert all("still fits" not in u.reason for u in repaired.unscheduled)


def test_a_group_line_joins_the_session_already_there():
    d = District()
    oak = d.school("OAK")
    ot1 = d.therapist("ot1", [oak], hours=("09:00", "09:30"))
    teacher = d.teacher("T1", oak)
    ana = d.student("Ana L. (gr 3)", teacher, 3, therapist=ot1)
    ben = d.student("Ben K. (gr 3)", teacher, 3, therapist=ot1)
    d.line(ana, 1, 30, group=True)
    d.line(ben, 1, 30, group=True)
    problem = d.build()
    first = place_lines_that_fit(problem, *_args(_nothing_placed(problem)), {})

    # Only one 30-minute session fits the therapist's day: both lines share it.
    assert validate(problem, first) == []
    assert len(first.sessions) == 1 and sorted(first.sessions[0].services) == [0, 1]


def test_lines_proven_out_are_left_alone():
    problem = tiny_district().build()
    empty = _nothing_placed(problem)
    proofs = dict.fromkeys(range(len(problem.services)), "proven out")

    assert place_lines_that_fit(problem, empty.assignments, empty, proofs) is empty


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_problems())
def test_no_schedule_leaves_out_a_line_that_still_fits(problem: Problem):
    """Issue 10: whatever the search found in its time, no line it left out could
    still be added as the schedule stands."""
    solution = solve(problem, time_limit=1.0, seed=0, workers=1)
    assert validate(problem, solution) == []
    still_fits = [u.reason for u in solution.unscheduled if "still fits" in u.reason]
    assert still_fits == []


def _args(solution: Solution) -> tuple[tuple[int | None, ...], Solution]:
    return solution.assignments, solution
