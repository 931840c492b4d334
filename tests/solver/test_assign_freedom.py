"""More freedom is never worse: a district solved with every student pinned, and the
same district with the pins lifted (each student free to go to any therapist of
their school), meet as many lines or more."""

from __future__ import annotations

import pytest

from schoolot.solver.problem import Problem
from schoolot.solver.solve import solve
from schoolot.solver.validate import validate
from tests.solver.strategies import District

# The class at OAK is busy all day but 09:00-09:30.
ONLY_NINE = [("*", "08:00", "09:00"), ("*", "09:30", "15:00")]


def _district(pinned: bool, narrow: int, elm: int) -> Problem:
    """OAK's class of `narrow` 30-minute students free only 09:00-09:30 (one
    therapist holds five of them a week), shared half and half when pinned; `elm`
    students of 2 x 45 minutes at ELM, 20 minutes away, ot2's when pinned."""
    d = District()
    oak, far = d.school("OAK"), d.school("ELM")
    d.travel(oak, far, 20)
    ot1, ot2 = d.therapist("ot1", [oak, far]), d.therapist("ot2", [oak, far])
    t_oak, t_elm = d.teacher("T1", oak), d.teacher("T2", far)
    for i in range(narrow):
        pin = (ot1 if i % 2 else ot2) if pinned else None
        d.line(d.student(f"S{i} (gr 3)", t_oak, 3, therapist=pin, busy=ONLY_NINE), 1, 30)
    for i in range(elm):
        pin = ot2 if pinned else None
        d.line(d.student(f"E{i} (gr 3)", t_elm, 3, therapist=pin), 2, 45)
    return d.build()


def _lines_met(problem: Problem) -> int:
    solution = solve(problem, time_limit=10.0, seed=0, workers=1)
    assert validate(problem, solution) == []
    return len(problem.services) - len(solution.unscheduled)


@pytest.mark.parametrize(("narrow", "elm"), [(6, 8), (8, 4), (10, 10)])
def test_lifting_the_pins_never_meets_fewer_lines(narrow, elm):
    pinned = _lines_met(_district(True, narrow, elm))
    assert _lines_met(_district(False, narrow, elm)) >= pinned
