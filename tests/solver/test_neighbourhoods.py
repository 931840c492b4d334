"""Where a neighbourhood move sends a student: a therapist whose week, as solved, has
room for the student's lines."""

from __future__ import annotations

from schoolot.solver.neighbourhoods import lines_with_room
from schoolot.solver.problem import PULL_OUT
from schoolot.solver.solution import Session
from schoolot.solver.week import WeekResult
from tests.solver.strategies import District, minutes


def _week(therapist: int, *sessions: tuple[int, str, str]) -> WeekResult:
    """A solved Monday of `therapist`: (school, start, end) sessions."""
    return WeekResult(
        therapist=therapist,
        sessions=tuple(
            Session(therapist, school, 0, minutes(a), minutes(b), PULL_OUT, ())
            for school, a, b in sessions
        ),
        travel=(),
        met=(),
        unmet=(),
        status="FEASIBLE",
        objective=0.0,
        bound=0.0,
        seconds=0.0,
        first_solution_seconds=None,
    )


def _district(free_until: str):
    """ot1 at OAK, ELM (20 minutes away) and FAR (no drive to OAK), Mondays only;
    Ana at OAK owes 1 x 30 minutes and is free 09:00 to `free_until`."""
    d = District(weekdays=("Mon",))
    oak, elm, far = d.school("OAK"), d.school("ELM"), d.school("FAR")
    d.travel(oak, elm, 20)
    d.therapist("ot1", [oak, elm, far])
    busy = [("*", "08:00", "09:00"), ("*", free_until, "15:00")]
    d.line(d.student("Ana (gr 3)", d.teacher("T1", oak), 3, busy=busy), 1, 30)
    return d.build(), (oak, elm, far)


def test_a_free_half_hour_in_the_students_window_is_room():
    problem, (oak, _, _) = _district("10:00")
    assert lines_with_room(problem, _week(0, (oak, "09:00", "09:30")), [0]) == 1


def test_a_window_the_week_already_fills_has_no_room():
    problem, (oak, _, _) = _district("09:30")
    assert lines_with_room(problem, _week(0, (oak, "09:00", "09:30")), [0]) == 0


def test_the_drive_from_another_school_takes_its_minutes():
    # ELM until 09:05 leaves OAK free from 09:25, in time for 09:25-09:55; until
    # 09:20, from 09:40: too late for a window ending 10:00.
    problem, (_, elm, _) = _district("10:00")
    assert lines_with_room(problem, _week(0, (elm, "08:30", "09:05")), [0]) == 1
    assert lines_with_room(problem, _week(0, (elm, "08:30", "09:20")), [0]) == 0


def test_a_day_at_a_school_with_no_drive_has_no_room():
    problem, (_, _, far) = _district("12:00")
    assert lines_with_room(problem, _week(0, (far, "13:00", "13:30")), [0]) == 0
