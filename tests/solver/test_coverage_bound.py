"""A solve reports how many lines any valid schedule could meet, proven from the instance."""

from __future__ import annotations

from schoolot.solver.solve import solve
from tests.solver.strategies import District, tiny_district

QUICK = {"time_limit": 10.0, "seed": 0, "workers": 1}


def test_a_line_that_cannot_fit_is_taken_off_the_most_lines_met():
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak])
    teacher = d.teacher("T1", oak)
    # Free on Mon and Tue only: three sessions on separate days cannot fit.
    ana = d.student("Ana L. (gr 3)", teacher, 3, busy=[("Wed Thu Fri", "08:00", "15:00")])
    ben = d.student("Ben K. (gr 3)", teacher, 3)
    d.line(ana, 3, 30, code="SV1")
    d.line(ben, 2, 30, code="SV2")
    solution = solve(d.build(), **QUICK)
    assert solution.stats.most_lines_met == 1
    assert len(solution.unscheduled) == 1


def test_when_every_line_is_met_the_coverage_bound_is_the_number_owed():
    problem = tiny_district().build()
    solution = solve(problem, **QUICK)
    assert solution.unscheduled == ()
    assert solution.stats.most_lines_met == len(problem.services)
