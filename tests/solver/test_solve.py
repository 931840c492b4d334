"""The entry point: assign, solve each week, merge, explain, validate."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from schoolot.solver import runner as runner_module
from schoolot.solver.metrics import measure
from schoolot.solver.problem import PlacedSession, Problem
from schoolot.solver.solve import (
    DEFAULT_WEEK_WORKERS,
    LONE_WEEK_WORKERS,
    Cancelled,
    LockedSessionError,
    solve,
)
from schoolot.solver.validate import validate
from schoolot.solver.week import WeekResult, solve_week
from tests.solver.strategies import (
    District,
    small_problems,
    tiny_district,
    two_therapists_shared_school,
)

QUICK = {"time_limit": 10.0, "seed": 0, "workers": 1}


def test_a_solve_is_valid_and_reports_its_search():
    problem = tiny_district().build()
    progress = []
    solution = solve(problem, on_progress=lambda *point: progress.append(point), **QUICK)
    assert validate(problem, solution) == []
    stats = solution.stats
    assert stats.status in ("OPTIMAL", "FEASIBLE")
    assert stats.seed == 0 and stats.seconds > 0
    assert stats.bound <= stats.objective
    assert stats.first_solution_seconds is not None
    assert progress and stats.progress
    assert progress[-1][1] == stats.objective


def test_every_unscheduled_line_has_a_reason():
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak])
    student = d.student(
        "Ana L. (gr 3)", d.teacher("T1", oak), 3, busy=[("Wed Thu Fri", "08:00", "15:00")]
    )
    d.line(student, 3, 30, code="SV9")
    problem = d.build()
    solution = solve(problem, **QUICK)
    (left_out,) = solution.unscheduled
    assert left_out.service == 0
    assert "3" in left_out.reason and left_out.reason.strip()
    assert solution.sessions == ()


def test_the_search_counts_the_lines_its_schedule_meets_and_the_most_it_can():
    """The progress counts lines as the schedule found meets them: a line that fits
    nowhere (three sessions, two free days) is neither met nor possible, even while the
    search runs (it is proven out before the search starts)."""
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak])
    teacher = d.teacher("T1", oak)
    fits = d.student("Ben K. (gr 2)", teacher, 2)
    d.line(fits, 2, 30, code="SV1")
    never = d.student("Ana L. (gr 3)", teacher, 3, busy=[("Wed Thu Fri", "08:00", "15:00")])
    d.line(never, 3, 30, code="SV9")
    problem = d.build()
    counts = []
    solution = solve(problem, on_progress=lambda *point: counts.append(point[3]), **QUICK)
    met = measure(problem, solution).lines_met
    assert met == 1 and len(problem.services) == 2
    assert counts and all(c.lines_met <= 1 and c.most_lines_met <= 1 for c in counts)
    assert counts[-1].lines_met == met
    assert all(c.lines_met <= c.most_lines_met for c in counts)


def test_two_therapists_share_the_work_and_a_school():
    problem = two_therapists_shared_school()
    solution = solve(problem, **QUICK)
    assert validate(problem, solution) == []
    assert set(solution.assignments) == {0, 1}


def test_a_solve_can_be_stopped_and_returns_a_valid_schedule():
    problem = tiny_district().build()
    calls = []

    def stop_after_first_look() -> bool:
        calls.append(time.monotonic())
        return len(calls) > 1

    started = time.monotonic()
    solution = solve(problem, time_limit=60.0, workers=1, should_stop=stop_after_first_look)
    assert time.monotonic() - started < 30
    assert validate(problem, solution) == []


def test_a_solve_stopped_before_anything_is_found_raises_cancelled():
    with pytest.raises(Cancelled):
        solve(tiny_district().build(), time_limit=10.0, workers=1, should_stop=lambda: True)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_problems())
def test_random_small_problems_always_solve_to_a_valid_schedule(problem: Problem):
    solution = solve(problem, time_limit=3.0, seed=0, workers=1)
    assert validate(problem, solution) == []
    assert {u.service for u in solution.unscheduled}.isdisjoint(
        j for s in solution.sessions for j in s.services
    )


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_problems(in_force=True))
def test_random_problems_with_a_schedule_in_force_keep_locked_sessions(problem: Problem):
    solution = solve(problem, time_limit=3.0, seed=0, workers=1)
    assert validate(problem, solution) == []


def test_replanning_with_the_solution_in_force_moves_nothing():
    problem = two_therapists_shared_school()
    first = solve(problem, **QUICK)
    in_force = tuple(
        PlacedSession(s.therapist, s.school, s.day, s.start, s.services) for s in first.sessions
    )
    again = solve(replace(problem, in_force=in_force), **QUICK)
    assert again.assignments == first.assignments
    assert {(s.therapist, s.day, s.start, s.services) for s in again.sessions} == {
        (s.therapist, s.day, s.start, s.services) for s in first.sessions
    }


def test_locked_sessions_that_no_longer_fit_are_named():
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak])
    student = d.student("Ana (gr 3)", d.teacher("T1", oak), 3, busy=[("*", "08:00", "10:00")])
    d.line(student, 1, 30, code="SV7")
    d.place(0, oak, "Mon", "09:00", (0,), locked=True)  # Ana is busy then now
    with pytest.raises(LockedSessionError, match="ot1 Mon 09:00 at OAK \\(SV7\\)"):
        solve(d.build(), **QUICK)


def test_a_student_dropped_by_one_therapist_moves_to_another_with_room():
    # Xia and Yan (pinned to ot1) are both free only Mon 09:00-09:30 at ELM; ot1
    # looks less loaded, so Xia goes to ot1 first and is dropped there; ot2, at ELM
    # in the morning and at OAK in the afternoon, can take her.
    d = District()
    oak, elm = d.school("OAK"), d.school("ELM")
    d.travel(oak, elm, 10)
    ot1 = d.therapist("ot1", [elm], off="Tue Wed Thu Fri")
    ot2 = d.therapist("ot2", [oak, elm], off="Tue Wed Thu Fri")
    t_elm, t_oak = d.teacher("T1", elm), d.teacher("T2", oak)
    nine = [("*", "08:00", "09:00"), ("*", "09:30", "15:00")]
    xia = d.student("Xia (gr 3)", t_elm, 3, busy=nine)
    yan = d.student("Yan (gr 3)", t_elm, 3, busy=nine, therapist=ot1)
    d.line(xia, 1, 30)
    d.line(yan, 1, 30)
    for i in range(4):
        afternoon = d.student(
            f"O{i} (gr 1)", t_oak, 1, busy=[("*", "08:00", "13:00")], therapist=ot2
        )
        d.line(afternoon, 1, 30)
    problem = d.build()
    solution = solve(problem, **QUICK)
    assert solution.assignments[xia] == ot2
    assert solution.unscheduled == ()
    assert validate(problem, solution) == []


def _week_workers(monkeypatch: pytest.MonkeyPatch, problem: Problem) -> set[int]:
    """The CP-SAT workers `solve` gives each week when the caller does not say (the
    weeks run here, in this process, each with one worker to stay quick)."""
    asked: set[int] = set()

    def one_worker(*args: Any, workers: int, **kwargs: Any) -> WeekResult:
        asked.add(workers)
        return solve_week(*args, workers=1, **kwargs)

    monkeypatch.setattr(runner_module, "solve_week", one_worker)
    monkeypatch.setattr(runner_module.os, "cpu_count", lambda: 1)
    solution = solve(problem, time_limit=10.0, seed=0)
    assert validate(problem, solution) == []
    return asked


def test_a_lone_week_gets_the_lp_workers_and_several_weeks_share_the_cores(
    monkeypatch: pytest.MonkeyPatch,
):
    assert _week_workers(monkeypatch, tiny_district().build()) == {LONE_WEEK_WORKERS}
    assert _week_workers(monkeypatch, two_therapists_shared_school()) == {DEFAULT_WEEK_WORKERS}


def test_a_lone_week_with_the_default_workers_is_valid_and_proves_a_bound():
    problem = tiny_district().build()
    solution = solve(problem, time_limit=10.0, seed=0)
    assert validate(problem, solution) == []
    assert 0 < solution.stats.bound <= solution.stats.objective
