"""The coverage search of an over-loaded week, and how the runner shares the seconds.

A week whose starting point (the baseline's or the greedy week) leaves lines out first
searches for the most lines met alone (`cover_week`); the full model then polishes
that week. The runner gives each week seconds in proportion to its weight.
"""

from __future__ import annotations

import time

import pytest

from schoolot.solver.problem import PULL_OUT, PlacedSession, Problem
from schoolot.solver.runner import Runner, WeekTask
from schoolot.solver.solution import Session, Solution
from schoolot.solver.validate import validate
from schoolot.solver.week import cover_week, solve_week
from schoolot.solver.week_data import prepare_week
from schoolot.solver.week_greedy import best_greedy_week, greedy_week
from tests.solver.strategies import District


def _crossed_windows() -> Problem:
    """One therapist at OAK on Mondays 09:00-13:00. Ana is free 09:00-09:50, Ben
    09:20-10:00, each owed one 30-minute session. Ben has fewer starts, so by hand he
    goes first, at his earliest (09:20), and leaves Ana 20 minutes; the only week with
    both is Ana 09:00-09:30, then Ben 09:30-10:00."""
    d = District()
    oak = d.school("OAK")
    ot1 = d.therapist("ot1", [oak], hours=("09:00", "13:00"), off="Tue Wed Thu Fri")
    teacher = d.teacher("T1", oak)
    ana = d.student(
        "Ana L. (gr 3)", teacher, 3, ot1, busy=[("*", "08:00", "09:00"), ("*", "09:50", "15:00")]
    )
    ben = d.student(
        "Ben K. (gr 3)", teacher, 3, ot1, busy=[("*", "08:00", "09:20"), ("*", "10:00", "15:00")]
    )
    d.line(ana, 1, 30)
    d.line(ben, 1, 30)
    return d.build()


def test_the_greedy_week_leaves_a_line_out_that_the_coverage_search_meets():
    problem = _crossed_windows()
    students = range(len(problem.students))
    greedy = greedy_week(problem, prepare_week(problem, 0, students))
    assert len({j for s in greedy for j in s.services}) == 1  # the trap: Ben at 09:20

    covered = cover_week(problem, 0, students, (), greedy, time_limit=5)

    assert sorted(j for s in covered for j in s.services) == [0, 1]
    assert sorted((s.start, s.services) for s in covered) == [(9 * 60, (0,)), (9 * 60 + 30, (1,))]


def test_the_best_of_several_greedy_orders_meets_what_the_plain_order_misses():
    problem = _crossed_windows()
    data = prepare_week(problem, 0, range(len(problem.students)))

    best = best_greedy_week(problem, data, seed=0, seconds=5.0)

    assert sorted(j for s in best for j in s.services) == [0, 1]
    assert validate(problem, Solution((0, 0), _sessions(problem, best), (), ())) == []


def _sessions(problem: Problem, placed: list[PlacedSession]) -> tuple[Session, ...]:
    return tuple(
        Session(p.therapist, p.school, p.day, p.start, p.start + 30, PULL_OUT, p.services)
        for p in placed
    )


def test_a_week_solved_from_a_start_that_leaves_lines_out_meets_them_validly():
    problem = _crossed_windows()
    greedy = greedy_week(problem, prepare_week(problem, 0, range(len(problem.students))))

    result = solve_week(
        problem, 0, range(len(problem.students)), time_limit=4, hints=greedy, workers=1
    )

    assert sorted(result.met) == [0, 1] and result.unmet == ()
    assert validate(problem, Solution((0, 0), result.sessions, result.travel, ())) == []


def _task(therapist: int, weight: float) -> WeekTask:
    return WeekTask(therapist, (), (), (), 0.0, 0, 1, weight=weight)


def test_one_process_shares_the_seconds_by_weight():
    until = time.monotonic() + 40.0
    heavy, light = _task(0, 3.0), _task(1, 1.0)

    first = Runner._share(until, heavy, [heavy, light], slots=1)

    assert first == pytest.approx(30.0, abs=0.5)  # three quarters of 40 s


def test_two_processes_share_what_the_running_weeks_leave():
    until = time.monotonic() + 10.0
    a, b, c = _task(0, 2.0), _task(1, 1.0), _task(2, 1.0)

    # Nothing running yet: 2 processes x 10 s, half of it to the week of weight 2.
    assert Runner._share(until, a, [a, b, c], slots=2) == pytest.approx(10.0, abs=0.5)
    # `a` holds one process for 10 s: b and c share the other 10 s.
    assert Runner._share(until, b, [b, c], slots=2, busy=10.0) == pytest.approx(5.0, abs=0.5)
    # The last week waiting never gets more than the time left.
    assert Runner._share(until, c, [c], slots=2, busy=5.0) == pytest.approx(10.0, abs=0.5)
