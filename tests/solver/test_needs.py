"""A solve names, per therapist with lines left out, what they would need, in words."""

from __future__ import annotations

from schoolot.solver.solve import solve
from schoolot.solver.validate import validate
from tests.solver.strategies import District

# Free 09:00-10:00 and 10:30-11:00 only: a morning's 90 minutes.
MORNING = [("*", "08:00", "09:00"), ("*", "10:00", "10:30"), ("*", "11:00", "15:00")]


def _mornings(days_off: str) -> District:
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak], off=days_off)
    t1 = d.teacher("T1", oak)
    for i in range(5):
        s = d.student(f"S{i} (gr 2)", t1, 2, therapist=0, busy=MORNING)
        d.line(s, 1, 30)
    return d


def test_a_therapist_short_of_morning_windows_is_named_with_minutes_days_and_mornings():
    problem = _mornings("Thu Fri").build()  # Mon-Wed: 3 x 3 sessions fit, all 5 lines
    assert solve(problem, time_limit=5, seed=0, workers=1).stats.shortfalls == ()

    problem = _mornings("Tue Wed Thu Fri").build()  # Mon only: 3 of 5 fit
    solution = solve(problem, time_limit=5, seed=0, workers=1)

    assert validate(problem, solution) == []
    assert solution.stats.most_lines_met == 3
    assert solution.stats.shortfalls == (
        "ot1 needs about 60 more minutes a week at OAK, Mon mornings: 2 of 5 lines left "
        "out (no valid schedule meets more than 3)",
    )


def test_days_in_a_row_read_as_a_range():
    d = _mornings("Fri")
    for i in range(5, 14):
        s = d.student(f"S{i} (gr 2)", 0, 2, therapist=0, busy=MORNING)
        d.line(s, 1, 30)
    problem = d.build()  # 14 lines, Mon-Thu hold 12

    solution = solve(problem, time_limit=5, seed=0, workers=1)

    assert solution.stats.most_lines_met == 12
    (sentence,) = solution.stats.shortfalls
    assert sentence.startswith("ot1 needs about ")
    assert " at OAK, Mon-Thu mornings: " in sentence
    assert sentence.endswith("(no valid schedule meets more than 12)")
