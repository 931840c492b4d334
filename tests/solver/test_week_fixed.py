"""A line fixed to a day and time ("Mondays 10:00") is held exactly then, by the week
model, the by-hand heuristics and the full solve; `validate` checks it; a fixed line
that cannot be held then is left out with a reason that says what is in the way.
Every problem is small enough to check by eye: one school open 08:00-15:00
Monday to Friday, one therapist working 08:00-16:00."""

from __future__ import annotations

import pytest

from schoolot.solver.baseline import schedule_by_hand
from schoolot.solver.problem import FixedTime
from schoolot.solver.proofs import analyse
from schoolot.solver.solution import Session, Solution
from schoolot.solver.solve import LockedSessionError, solve
from schoolot.solver.validate import validate
from tests.solver.strategies import District, minutes
from tests.solver.weeks import as_solution, sessions_of, week

MON, TUE, WED, FRI = 0, 1, 2, 4
QUICK = {"time_limit": 10.0, "seed": 0, "workers": 1}


def one_student(fixed: FixedTime | None, busy=None, protected=None, off: str = ""):
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak], off=off)
    student = d.student("Maya R. (gr 3)", d.teacher("T1", oak), 3, busy=busy, protected=protected)
    d.line(student, 1, 30, code="SV1042", fixed=fixed)
    return d.build()


def test_the_week_model_holds_a_fixed_line_at_its_day_and_start():
    """Free all week, the line would go anywhere; fixed to Wed 13:00 it goes there."""
    problem = one_student(FixedTime(WED, minutes("13:00")))
    result = week(problem)
    assert sessions_of(result, 0) == [(WED, 13 * 60)]
    assert validate(problem, as_solution(problem, result)) == []


def test_a_line_fixed_to_the_only_common_time_pushes_the_other_line_aside():
    """Monday only, both students free 09:00-10:00 only: Ben is fixed to 09:00, so
    Ana, who could take either half hour, gets 09:30."""
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak], off="Tue Wed Thu Fri")
    teacher = d.teacher("T1", oak)
    only_nine = [("*", "08:00", "09:00"), ("*", "10:00", "15:00")]
    ana = d.student("Ana L. (gr 3)", teacher, 3, busy=only_nine)
    ben = d.student("Ben K. (gr 5)", teacher, 5, busy=only_nine)
    d.line(ana, 1, 30)
    d.line(ben, 1, 30, fixed=FixedTime(MON, minutes("09:00")))
    problem = d.build()
    result = week(problem)
    assert sessions_of(result, 0) == [(MON, 9 * 60 + 30)]
    assert sessions_of(result, 1) == [(MON, 9 * 60)]
    assert validate(problem, as_solution(problem, result)) == []


def test_a_group_line_fixed_to_a_time_gathers_its_group_there():
    """Two grade-3 group lines: grouping saves the therapist 30 minutes, and the one
    session they share is at the fixed line's Tue 10:00."""
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak])
    teacher = d.teacher("T1", oak)
    ana = d.student("Ana L. (gr 3)", teacher, 3)
    ben = d.student("Ben K. (gr 3)", teacher, 3)
    d.line(ana, 1, 30, group=True)
    d.line(ben, 1, 30, group=True, fixed=FixedTime(TUE, minutes("10:00")))
    problem = d.build()
    result = week(problem)
    assert [(s.day, s.start, s.services) for s in result.sessions] == [(TUE, 600, (0, 1))]
    assert validate(problem, as_solution(problem, result)) == []


def test_the_by_hand_schedule_holds_a_fixed_line_at_its_time():
    """By hand, a free line takes the first fit (Mon 08:00); the fixed one Fri 14:00."""
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak])
    teacher = d.teacher("T1", oak)
    d.line(d.student("Ana L. (gr 3)", teacher, 3), 1, 30)
    d.line(d.student("Ben K. (gr 3)", teacher, 3), 1, 30, fixed=FixedTime(FRI, 14 * 60))
    problem = d.build()
    solution = schedule_by_hand(problem)
    assert sorted((s.services, s.day, s.start) for s in solution.sessions) == [
        ((0,), MON, 8 * 60),
        ((1,), FRI, 14 * 60),
    ]
    assert validate(problem, solution) == []


def test_a_full_solve_holds_the_fixed_line_and_validates():
    problem = one_student(FixedTime(TUE, minutes("14:30")))
    solution = solve(problem, **QUICK)
    assert [(s.day, s.start) for s in solution.sessions] == [(TUE, 14 * 60 + 30)]
    assert validate(problem, solution) == []


def test_validate_names_a_fixed_line_held_at_another_time():
    problem = one_student(FixedTime(MON, minutes("10:00")))
    moved = Session(
        therapist=0, school=0, day=TUE, start=600, end=630, delivery="pull_out", services=(0,)
    )
    solution = Solution(assignments=(0,), sessions=(moved,), travel=(), unscheduled=())
    assert validate(problem, solution) == [
        "fixed: SV1042 (Maya R. (gr 3)) is fixed to Mon 10:00, but ot1 Tue 10:00-10:30 at "
        "OAK [SV1042 (Maya R. (gr 3))] holds it"
    ]


def test_a_fixed_line_whose_student_is_in_class_then_is_left_out_with_the_block_named():
    held_by = "Maya's class has Reading (protected 10:00-11:00)"
    problem = one_student(
        FixedTime(MON, minutes("10:00"), held_by), protected=[("Mon", "10:00", "11:00")]
    )
    solution = solve(problem, **QUICK)
    assert solution.sessions == ()
    (left_out,) = solution.unscheduled
    assert left_out.reason == (
        "SV1042 is fixed to Mon 10:00, but Maya's class has Reading (protected 10:00-11:00) "
        "then: move its fixed time or clear it"
    )
    assert validate(problem, solution) == []


def test_without_a_named_block_the_reason_gives_the_students_free_time():
    problem = one_student(FixedTime(MON, minutes("10:00")), busy=[("Mon", "09:30", "12:00")])
    assert analyse(problem, [0]) == {
        0: "SV1042 is fixed to Mon 10:00, but Maya R. (gr 3) is not free then "
        "(free 08:00-09:30, 12:00-15:00): move its fixed time or clear it"
    }


def test_a_line_fixed_to_a_day_the_therapist_is_off_says_so():
    problem = one_student(FixedTime(FRI, minutes("10:00")), off="Fri")
    assert analyse(problem, [0]) == {
        0: "SV1042 is fixed to Fri 10:00, but ot1 does not work Fri: "
        "move its fixed time or clear it"
    }


def test_a_session_in_force_moves_to_the_fixed_time_and_a_lock_elsewhere_is_refused():
    """In force on Mon 09:00 (before the line was fixed to Wed 13:00): unlocked, the
    session moves to Wed 13:00; locked, the solve refuses, naming the lock to undo."""

    def fixed_after_placing(locked: bool):
        d = District()
        oak = d.school("OAK")
        ot = d.therapist("ot1", [oak])
        student = d.student("Maya R. (gr 3)", d.teacher("T1", oak), 3, therapist=ot)
        line = d.line(student, 1, 30, code="SV1042", fixed=FixedTime(WED, minutes("13:00")))
        d.place(ot, oak, "Mon", "09:00", (line,), locked=locked)
        return d.build()

    problem = fixed_after_placing(locked=False)
    solution = solve(problem, **QUICK)
    assert [(s.day, s.start) for s in solution.sessions] == [(WED, 13 * 60)]
    assert validate(problem, solution) == []
    with pytest.raises(LockedSessionError, match="unlock or move them: ot1 Mon 09:00 at OAK"):
        solve(fixed_after_placing(locked=True), **QUICK)
