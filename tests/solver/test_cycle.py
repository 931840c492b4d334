"""The cycle of weeks in the solver: a line's sessions per cycle week stay within its
caps (schoolot.cycle.week_caps), on problems small enough to check by eye."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schoolot.solver.baseline import schedule_by_hand
from schoolot.solver.cycle_problem import as_cycle
from schoolot.solver.problem import CONSULT, FixedTime, Problem
from schoolot.solver.solution import Solution
from schoolot.solver.solve import solve
from schoolot.solver.validate import validate
from schoolot.solver.week_data import prepare_week
from schoolot.solver.week_greedy import build_greedy_week
from tests.solver.strategies import District, minutes, small_problems

QUICK = {"time_limit": 10.0, "seed": 0, "workers": 1}
RANDOM = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LUNCH = [("*", "11:30", "12:00")]


def _one_student(sessions: int, consult: int = 0) -> tuple[District, int, int | None]:
    """ot1 at OAK 08:00-15:00 every day; Ana (gr 3) owes `sessions` x 30 min pull-out a
    week (line 0) and, with `consult`, that many 30-minute consults (line 1)."""
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak])
    t1 = d.teacher("T1", oak)
    ana = d.student("Ana L. (gr 3)", t1, 3, busy=LUNCH)
    pull_out = d.line(ana, sessions, 30)
    line = d.line(ana, consult, 30, delivery=CONSULT) if consult else None
    return d, pull_out, line


def _weeks_of(problem: Problem, solution: Solution, service: int) -> Counter[int]:
    return Counter(problem.week_of(s.day) for s in solution.sessions if service in s.services)


def _ab_district() -> Problem:
    """Two weeks, A and B; in week B Ana has a block 08:00-12:00 every day (a special on
    the B rotation), so her week-B sessions fall in the afternoon."""
    d, _, _ = _one_student(2)
    problem = as_cycle(d.build(), 2)
    ana = problem.students[0]
    noon = minutes("12:00")
    free = tuple(
        tuple((max(a, noon), b) for a, b in windows if b > noon) if day >= 5 else windows
        for day, windows in enumerate(ana.free_pull_out)
    )
    return replace(problem, students=(replace(ana, free_pull_out=free),))


def test_an_ab_cycle_gives_a_weekly_line_its_sessions_in_each_week():
    problem = _ab_district()
    assert problem.services[0].sessions == 4
    solution = solve(problem, **QUICK)
    assert validate(problem, solution) == []
    assert solution.unscheduled == ()
    assert _weeks_of(problem, solution, 0) == {1: 2, 2: 2}
    week_b = [s for s in solution.sessions if problem.week_of(s.day) == 2]
    assert all(s.start >= minutes("12:00") for s in week_b)
    assert len({s.day for s in week_b}) == 2


def test_a_monthly_consult_is_placed_once_in_a_four_week_cycle():
    d, pull_out, consult = _one_student(1, consult=1)
    assert consult is not None
    problem = as_cycle(d.build(), 4, per={consult: "month"})
    assert problem.services[consult].sessions == 1
    solution = solve(problem, **QUICK)
    assert validate(problem, solution) == []
    assert solution.unscheduled == ()
    assert sum(_weeks_of(problem, solution, consult).values()) == 1
    assert _weeks_of(problem, solution, pull_out) == {1: 1, 2: 1, 3: 1, 4: 1}


def test_a_three_one_therapist_gives_nothing_direct_in_week_four():
    d, pull_out, consult = _one_student(1, consult=1)
    assert consult is not None
    problem = as_cycle(d.build(), 4, per={consult: "month"}, three_one=frozenset({0}))
    assert problem.therapists[0].off_weeks == frozenset({4})
    assert problem.week_caps(pull_out, 0) == (2, 1, 1, 0)
    solution = solve(problem, **QUICK)
    assert validate(problem, solution) == []
    assert solution.unscheduled == ()
    # four weeks' sessions over the three direct weeks, none in week 4
    assert _weeks_of(problem, solution, pull_out) == {1: 2, 2: 1, 3: 1}
    assert sum(_weeks_of(problem, solution, consult).values()) == 1


def test_validate_catches_a_session_in_the_wrong_cycle_week():
    d, _, _ = _one_student(1)
    problem = as_cycle(d.build(), 4, three_one=frozenset({0}))
    solution = solve(problem, **QUICK)
    assert validate(problem, solution) == []
    # move a week-1 session into the off week (same weekday, 3 weeks on)
    moved = next(s for s in solution.sessions if problem.week_of(s.day) == 1)
    sessions = tuple(replace(s, day=s.day + 15) if s is moved else s for s in solution.sessions)
    errors = validate(problem, replace(solution, sessions=sessions, travel=()))
    assert any("SV1" in e and "Week 4 of the 4-week cycle; at most 0" in e for e in errors), errors


def test_validate_catches_two_sessions_of_one_week_moved_into_another():
    problem = _ab_district()
    solution = solve(problem, **QUICK)
    week_a = sorted(
        (s for s in solution.sessions if problem.week_of(s.day) == 1), key=lambda s: s.day
    )
    # week A's first session moved to the same weekday of week B
    sessions = tuple(replace(s, day=s.day + 5) if s is week_a[0] else s for s in solution.sessions)
    errors = validate(problem, replace(solution, sessions=sessions, travel=()))
    assert any(
        "SV1" in e and "has 3 session(s) in Week B of the 2-week cycle; at most 2" in e
        for e in errors
    ), errors


def test_the_greedy_hint_repeats_week_one_at_the_same_weekday_and_time():
    d, pull_out, _ = _one_student(2)
    problem = as_cycle(d.build(), 4)
    week = build_greedy_week(problem, prepare_week(problem, 0, [0]))
    starts = sorted((s.day, s.start) for s in week.sessions() if pull_out in s.services)
    assert len(starts) == 8
    by_week = [
        sorted(
            (problem.weekday_of(day), start) for day, start in starts if problem.week_of(day) == w
        )
        for w in (1, 2, 3, 4)
    ]
    assert by_week[0] == by_week[1] == by_week[2] == by_week[3]
    assert len({weekday for weekday, _ in by_week[0]}) == 2


def test_a_fixed_line_is_held_at_its_weekday_and_time_in_every_week():
    d, pull_out, _ = _one_student(1)
    one_week = d.build()
    fixed = FixedTime(day=0, start=minutes("10:00"))
    line = replace(one_week.services[pull_out], fixed=fixed)
    problem = as_cycle(replace(one_week, services=(line,)), 2)
    solution = solve(problem, **QUICK)
    assert validate(problem, solution) == []
    assert sorted((s.day, s.start) for s in solution.sessions) == [(0, 600), (5, 600)]
    moved = replace(solution.sessions[1], day=6)
    errors = validate(problem, replace(solution, sessions=(solution.sessions[0], moved)))
    assert any("fixed to Mon (Week A) 10:00" in e and "Tue (Week B)" in e for e in errors), errors


@st.composite
def cycle_problems(draw: st.DrawFn) -> Problem:
    """A random small district as a 2-, 4- or 8-week cycle: some lines monthly (their
    sessions then a month's), some therapists on 3:1 (4 and 8 weeks), and in some weeks
    a student's free time cut to the afternoon (an A/B block)."""
    one_week = draw(small_problems(max_therapists=2, max_schools=3, max_students=8))
    weeks = draw(st.sampled_from((2, 4, 8)))
    monthly = {j: "month" for j in range(len(one_week.services)) if draw(st.integers(0, 3)) == 0}
    three_one = frozenset(
        t for t in range(len(one_week.therapists)) if weeks % 4 == 0 and draw(st.booleans())
    )
    problem = as_cycle(one_week, weeks, per=monthly, three_one=three_one)
    blocked = draw(st.sets(st.integers(1, weeks), max_size=weeks - 1))
    n, noon = len(one_week.weekdays), minutes("12:00")
    students = tuple(
        replace(
            student,
            free_pull_out=tuple(
                tuple((max(a, noon), b) for a, b in windows if b > noon)
                if day // n + 1 in blocked and i % 2 == 0
                else windows
                for day, windows in enumerate(student.free_pull_out)
            ),
        )
        for i, student in enumerate(problem.students)
    )
    return replace(problem, students=students)


@RANDOM
@given(cycle_problems())
def test_by_hand_cycle_schedules_always_validate(problem: Problem):
    solution = schedule_by_hand(problem)
    assert validate(problem, solution) == []


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cycle_problems())
def test_random_cycle_problems_solve_to_a_valid_schedule(problem: Problem):
    solution = solve(problem, time_limit=5.0, seed=0, workers=1)
    assert validate(problem, solution) == []
    by_hand = schedule_by_hand(problem)
    met = len(problem.services) - len(solution.unscheduled)
    assert met >= len(problem.services) - len(by_hand.unscheduled)
