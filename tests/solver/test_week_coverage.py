"""The coverage search of an over-loaded week, and how the runner shares the seconds.

A week whose starting point (the baseline's or the greedy week) leaves lines out first
looks for more lines met by ruin and recreate on the greedy week (`recreate_more`);
the full model then polishes that week. The runner gives each week seconds in
proportion to its weight.
"""

from __future__ import annotations

import random
import time
from dataclasses import replace

import pytest

from schoolot.solver.problem import PULL_OUT, PlacedSession, Problem
from schoolot.solver.runner import Runner, WeekTask
from schoolot.solver.solution import Session, Solution, Unscheduled
from schoolot.solver.validate import validate
from schoolot.solver.week import solve_week
from schoolot.solver.week_data import prepare_week
from schoolot.solver.week_greedy import best_greedy_week, build_greedy_week
from schoolot.solver.week_ruin import recreate_more
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


def test_ruin_and_recreate_meets_the_line_the_greedy_week_leaves_out():
    problem = _crossed_windows()
    week = build_greedy_week(problem, prepare_week(problem, 0, range(len(problem.students))))
    assert week.lines_met() == 1  # the trap: Ben at 09:20

    covered = recreate_more(week, seconds=5.0).sessions()

    assert sorted((s.start, s.services) for s in covered) == [(9 * 60, (0,)), (9 * 60 + 30, (1,))]
    assert validate(problem, Solution((0, 0), _sessions(problem, covered), (), ())) == []


def test_ruin_and_recreate_never_meets_fewer_lines_and_keeps_the_rules():
    """On a busy week of the generator's over-subscribed profile: every step that
    would lose a line is undone, and the week stays valid throughout."""
    problem = _busy_week()
    students = [s for s, student in enumerate(problem.students) if student.therapist == 0]
    data = prepare_week(problem, 0, students)
    week = build_greedy_week(problem, data)
    before = week.lines_met()
    assert before < len(data.lines)  # over-loaded: the greedy week leaves lines out

    recreate_more(week, seconds=1.0, seed=3)

    assert week.lines_met() >= before
    result = solve_week(problem, 0, students, time_limit=2, hints=week.sessions(), workers=1)
    assert len(result.met) >= week.lines_met()
    assignments = tuple(s.therapist for s in problem.students)
    others = [j for j, line in enumerate(problem.services) if line.student not in students]
    left_out = tuple(Unscheduled(j, "x") for j in sorted({*result.unmet, *others}))
    week_only = Solution(assignments, result.sessions, result.travel, left_out)
    assert validate(problem, week_only) == []


def test_the_best_of_several_greedy_orders_meets_what_the_plain_order_misses():
    problem = _crossed_windows()
    data = prepare_week(problem, 0, range(len(problem.students)))

    best = best_greedy_week(problem, data, seed=0, seconds=5.0).sessions()

    assert sorted(j for s in best for j in s.services) == [0, 1]
    assert validate(problem, Solution((0, 0), _sessions(problem, best), (), ())) == []


def _busy_week() -> Problem:
    """One therapist at two schools 20 minutes apart, 08:00-15:00, and 30 students free
    in two 50-minute stretches a day each, owed 1-3 sessions of 30 or 45 minutes: more
    than the week holds."""
    rng = random.Random(7)
    d = District()
    oak, elm = d.school("OAK"), d.school("ELM")
    d.travel(oak, elm, 20)
    ot1 = d.therapist("ot1", [oak, elm], hours=("08:00", "15:00"))
    stretches = ["08:10", "09:00", "10:20", "12:40", "13:30"]
    for k in range(30):
        teacher = d.teacher(f"T{k}", oak if k % 2 else elm)
        first, second = sorted(rng.sample(range(len(stretches)), 2))
        free = [(stretches[first], 50), (stretches[second], 50)]
        blocks = []
        at = "08:00"
        for start, length in free:
            blocks.append(("*", at, start))
            at = _later(start, length)
        blocks.append(("*", at, "15:00"))
        busy = [b for b in blocks if b[1] < b[2]]
        student = d.student(f"S{k} K. (gr 2)", teacher, 2, ot1, busy=busy)
        d.line(student, rng.choice([1, 2, 3]), rng.choice([30, 45]), group=rng.random() < 0.3)
    return d.build()


def _later(hhmm: str, minutes: int) -> str:
    total = int(hhmm[:2]) * 60 + int(hhmm[3:]) + minutes
    return f"{total // 60:02d}:{total % 60:02d}"


def _sessions(problem: Problem, placed: list[PlacedSession]) -> tuple[Session, ...]:
    return tuple(
        Session(p.therapist, p.school, p.day, p.start, p.start + 30, PULL_OUT, p.services)
        for p in placed
    )


def test_a_week_solved_from_a_start_that_leaves_lines_out_meets_them_validly():
    problem = _crossed_windows()
    data = prepare_week(problem, 0, range(len(problem.students)))
    greedy = build_greedy_week(problem, data).sessions()

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


def test_a_week_in_force_that_leaves_a_line_out_starts_from_the_week_that_meets_it():
    """Re-planning (after a balance or a what-if changed the caseload, the week in force
    is short): ruin and recreate runs on that week too, and its week, meeting both
    lines, is the search's start rather than the week in force (Ben at 09:20, Ana out)."""
    problem = _crossed_windows()
    trap = PlacedSession(therapist=0, school=0, day=0, start=9 * 60 + 20, services=(1,))
    problem = replace(problem, in_force=(trap,))
    reports: list[float] = []

    result = solve_week(
        problem,
        0,
        range(len(problem.students)),
        time_limit=2.0,
        workers=1,
        report=lambda seconds, objective, bound: reports.append(objective),
    )

    # The first report is the starting week, completed: no line left out.
    assert reports and reports[0] < problem.weights.unscheduled_line
    assert sorted(result.met) == [0, 1]
