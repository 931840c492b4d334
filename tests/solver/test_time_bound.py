"""The most lines a therapist's week can meet, counted window by window
(`time_bound.most_lines`): never below what a valid week meets, and tight where the
students' free windows, not the therapist's hours, are what runs out."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from schoolot.solver.capacity import shortfalls
from schoolot.solver.day_options import locked_sessions
from schoolot.solver.problem import Problem
from schoolot.solver.proofs import analyse
from schoolot.solver.solve import solve
from schoolot.solver.time_bound import lines_out_of_reach, most_lines
from schoolot.solver.validate import validate
from schoolot.solver.week import solve_week
from tests.solver.strategies import District, small_problems

# Free 09:00-10:00 and 13:00-14:00 only (every other minute busy).
TWO_WINDOWS = [("*", "08:00", "09:00"), ("*", "10:00", "13:00"), ("*", "14:00", "15:00")]


def _narrow_windows(students: int, busy=TWO_WINDOWS, group: bool = False) -> District:
    """ot1 at OAK on Mon only, its students free in narrow windows, 1 x 30 min each."""
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak], off="Tue Wed Thu Fri")
    t1 = d.teacher("T1", oak)
    for i in range(students):
        s = d.student(f"S{i} (gr 2)", t1, 2, therapist=0, busy=busy)
        d.line(s, 1, 30, group=group, max_group=3)
    return d


def _bound(problem: Problem) -> int:
    lines = list(range(len(problem.services)))
    bound = most_lines(problem, 0, lines, locked_sessions(problem), time_limit=10)
    assert bound is not None
    return bound.most


def test_two_one_hour_windows_hold_four_half_hour_sessions():
    problem = _narrow_windows(6).build()
    # The day has 420 minutes: by minutes alone all six lines fit.
    assert shortfalls(problem, (0,) * 6) == []
    assert _bound(problem) == 4
    solution = solve(problem, time_limit=10, seed=0, workers=1)
    assert solution.stats.most_lines_met == 4
    assert len(solution.unscheduled) == 2
    assert validate(problem, solution) == []


def test_lunch_takes_its_half_hour_from_a_window_inside_the_lunch_window():
    # Free 11:00-12:30 only, inside the 11:00-13:30 lunch window: lunch can still go
    # 12:30-13:30, so three sessions fit; free 11:00-13:30 (the whole window), lunch
    # takes 30 of its 150 minutes and four fit.
    noon = [("*", "08:00", "11:00"), ("*", "12:30", "15:00")]
    assert _bound(_narrow_windows(5, busy=noon).build()) == 3
    whole = [("*", "08:00", "11:00"), ("*", "13:30", "15:00")]
    assert _bound(_narrow_windows(6, busy=whole).build()) == 4


def test_a_group_shares_the_window():
    # Six group lines of one grade, groups of up to three: two sessions of three in
    # the first window, two more in the second.
    assert _bound(_narrow_windows(6, group=True).build()) == 6
    assert _bound(_narrow_windows(13, group=True).build()) == 12


def test_a_bound_that_holds_for_a_day_holds_for_the_week():
    d = _narrow_windows(6)
    d._therapists.clear()
    d.therapist("ot1", [0])  # every day now: 5 x 4 sessions fit
    assert _bound(d.build()) == 6


def test_a_locked_session_counts_as_met_and_takes_its_window():
    d = _narrow_windows(6)
    d.place(0, 0, "Mon", "09:00", (0,), locked=True)
    d.place(0, 0, "Mon", "13:30", (1,), locked=True)
    # SV1 and SV2 are met by their locked sessions; 09:30-10:00 and 13:00-13:30 hold
    # two more.
    assert _bound(d.build()) == 4


def test_lines_out_of_reach_counts_per_therapist():
    problem = _narrow_windows(6).build()
    assert lines_out_of_reach(problem, (0,) * 6, {}, seconds=10) == {0: 2}


def _first_therapist_lines(problem: Problem) -> tuple[list[int], list[int]]:
    """The first therapist's students (pinned to them) and their lines not proven out."""
    assignments = tuple(
        s.therapist if s.therapist is not None else min(s.candidates, default=None)
        for s in problem.students
    )
    proofs = analyse(problem, assignments)
    students = [i for i, t in enumerate(assignments) if t == 0]
    lines = [
        j
        for j, line in enumerate(problem.services)
        if assignments[line.student] == 0 and j not in proofs
    ]
    return students, lines


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_problems(max_therapists=1, max_schools=2, max_students=8))
def test_the_bound_is_never_below_an_optimal_week(problem):
    students, lines = _first_therapist_lines(problem)
    week = solve_week(
        problem,
        0,
        students,
        time_limit=20,
        workers=2,
        excluded=[j for j in range(len(problem.services)) if j not in lines],
    )
    bound = most_lines(problem, 0, lines, locked_sessions(problem), time_limit=10)
    assert bound is not None
    if week.status == "OPTIMAL":
        # The week's optimum meets the most lines (a line outweighs all else).
        assert bound.most >= len(week.met)
    assert bound.most >= len([j for j in week.met if j in lines])


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_problems(max_therapists=3, max_schools=4, max_students=12))
def test_a_solve_never_meets_more_than_its_proven_most(problem):
    solution = solve(problem, time_limit=5, seed=0, workers=1)
    met = len(problem.services) - len(solution.unscheduled)
    assert solution.stats.most_lines_met is not None
    assert met <= solution.stats.most_lines_met


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_problems(max_therapists=2, max_schools=3, max_students=10, in_force=True))
def test_a_re_plan_around_locked_sessions_never_meets_more_than_its_proven_most(problem):
    solution = solve(problem, time_limit=5, seed=0, workers=1)
    met = len(problem.services) - len(solution.unscheduled)
    assert solution.stats.most_lines_met is not None
    assert met <= solution.stats.most_lines_met
