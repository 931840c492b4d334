"""Re-planning against the schedule in force: nothing moves without need, locked
sessions never move, a student added mid-year fits around the others."""

from __future__ import annotations

from dataclasses import replace

from schoolot.solver.problem import PlacedSession
from schoolot.solver.validate import validate
from tests.solver.strategies import District, tiny_district
from tests.solver.weeks import as_solution, week


def placed(result, locked=False):
    return tuple(
        PlacedSession(s.therapist, s.school, s.day, s.start, s.services, locked=locked)
        for s in result.sessions
    )


def keys(sessions):
    return {(s.therapist, s.school, s.day, s.start, tuple(sorted(s.services))) for s in sessions}


def test_an_unchanged_problem_with_its_own_schedule_in_force_moves_nothing():
    problem = tiny_district().build()
    first = week(problem)
    again = week(replace(problem, in_force=placed(first)))
    assert keys(again.sessions) == keys(first.sessions)
    assert dict(again.penalties).get("moved sessions", 0) == 0


def test_a_locked_session_stays_where_it_is():
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak])
    teacher = d.teacher("T1", oak)
    ana = d.student("Ana (gr 3)", teacher, 3)
    d.line(ana, 2, 30)
    d.place(0, oak, "Wed", "13:35", (0,), locked=True)  # an odd time, kept anyway
    problem = d.build()
    result = week(problem)
    assert (2, 13 * 60 + 35) in {(s.day, s.start) for s in result.sessions}
    assert validate(problem, as_solution(problem, result)) == []


def test_an_unlocked_session_in_force_moves_only_when_it_must():
    # Ana's session in force sits where Ben's only window is: Ana moves, Ben fits.
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak], off="Tue Wed Thu Fri")
    teacher = d.teacher("T1", oak)
    ana = d.student("Ana (gr 3)", teacher, 3)
    ben = d.student(
        "Ben (gr 9)", teacher, 9, busy=[("*", "08:00", "09:00"), ("*", "09:30", "15:00")]
    )
    d.line(ana, 1, 30)
    d.line(ben, 1, 30)
    d.place(0, oak, "Mon", "09:00", (0,))
    result = week(d.build())
    assert result.unmet == ()
    assert dict(result.penalties)["moved sessions"] == 500


def test_a_student_added_mid_year_is_placed_without_moving_anyone():
    d = tiny_district()
    problem = d.build()
    first = week(problem)
    oak = 0
    newcomer = d.student("Eve (gr 4)", d.teacher("T9", oak), 4)
    d.line(newcomer, 2, 30)
    grown = replace(d.build(), in_force=placed(first))
    result = week(grown)
    assert keys(first.sessions) <= keys(result.sessions)
    assert len(result.sessions) == len(first.sessions) + 2
    assert validate(grown, as_solution(grown, result)) == []
