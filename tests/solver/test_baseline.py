"""The by-hand baseline: always valid, one school a day, least-loaded assignment,
groups when trivial, and the schedule in force kept where it fits."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from hypothesis import HealthCheck, given, settings

from schoolot.solver.baseline import schedule_by_hand
from schoolot.solver.problem import PlacedSession, Problem
from schoolot.solver.proofs import analyse
from schoolot.solver.validate import validate
from tests.solver.strategies import (
    group_of_two,
    mid_year_move_in,
    minutes,
    new_student_mid_year,
    one_school_one_student,
    small_problems,
    tiny_district,
    two_therapists_shared_school,
)

RANDOM = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@RANDOM
@given(small_problems())
def test_by_hand_schedules_always_validate(problem: Problem):
    solution = schedule_by_hand(problem)
    assert validate(problem, solution) == []
    assert not solution.travel  # one school a day: no driving
    schools_by_day = defaultdict(set)
    for s in solution.sessions:
        schools_by_day[s.therapist, s.day].add(s.school)
    assert all(len(schools) == 1 for schools in schools_by_day.values())


@RANDOM
@given(small_problems())
def test_lines_that_provably_cannot_be_met_are_left_out_with_the_proof(problem: Problem):
    solution = schedule_by_hand(problem)
    left_out = {u.service: u.reason for u in solution.unscheduled}
    for service, reason in analyse(problem, solution.assignments).items():
        assert left_out[service] == reason


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_problems(in_force=True))
def test_a_schedule_in_force_is_kept_whole(problem: Problem):
    solution = schedule_by_hand(problem)
    assert validate(problem, solution) == []
    kept = {(s.therapist, s.school, s.day, s.start): set(s.services) for s in solution.sessions}
    for placed in problem.in_force:
        at = kept.get((placed.therapist, placed.school, placed.day, placed.start))
        assert at is not None, f"{placed} was not kept in place"
        # Its students keep their time; an unlocked group may take in a new student
        # (a compatible line grouped into it), a locked session stays exactly as it is.
        assert at == set(placed.services) if placed.locked else at >= set(placed.services)


def test_one_student_gets_first_fit_sessions_on_separate_days():
    problem = one_school_one_student()
    solution = schedule_by_hand(problem)
    assert [(s.day, s.start) for s in solution.sessions] == [(0, 480), (1, 480)]
    assert solution.unscheduled == ()
    assert solution.stats.status == "FEASIBLE"


def test_compatible_group_lines_share_sessions():
    problem = group_of_two()
    solution = schedule_by_hand(problem)
    assert [s.services for s in solution.sessions] == [(0, 1), (0, 1)]


def test_unpinned_students_go_to_the_least_loaded_therapist_per_fte():
    problem = two_therapists_shared_school()
    solution = schedule_by_hand(problem)
    # Ana is pinned to ot1 (60 min). Biggest first: E1 (60) to ot2 (0/0.5), E3 (60) to
    # ot1 (60/1 < 60/0.5), E0 (30) to ot1 (120/1 ties 60/0.5; the first wins), E2 to ot2.
    assert solution.assignments == (0, 0, 1, 1, 0)
    assert validate(problem, solution) == []


def test_given_assignments_are_kept():
    problem = two_therapists_shared_school()
    solution = schedule_by_hand(problem, assignments=(0, 1, 1, 1, 1))
    assert solution.assignments == (0, 1, 1, 1, 1)
    assert validate(problem, solution) == []


def test_the_pinned_school_takes_the_day():
    problem = tiny_district().build()
    solution = schedule_by_hand(problem)
    assert validate(problem, solution) == []
    assert {s.school for s in solution.sessions if s.day == 4} <= {0}  # Fri pinned to OAK


def test_sessions_in_force_stay_where_they_are():
    problem = one_school_one_student()
    in_force = (
        PlacedSession(0, 0, 2, minutes("10:00"), (0,)),
        PlacedSession(0, 0, 3, minutes("13:00"), (0,), locked=True),
    )
    solution = schedule_by_hand(replace(problem, in_force=in_force))
    assert [(s.day, s.start) for s in solution.sessions] == [(2, 600), (3, 780)]


def test_sessions_in_force_can_be_ignored_unless_locked():
    problem = one_school_one_student()
    in_force = (
        PlacedSession(0, 0, 2, minutes("10:00"), (0,)),
        PlacedSession(0, 0, 3, minutes("13:00"), (0,), locked=True),
    )
    solution = schedule_by_hand(replace(problem, in_force=in_force), keep_in_force=False)
    assert [(s.day, s.start) for s in solution.sessions] == [(0, 480), (3, 780)]


def test_a_line_that_does_not_fit_is_left_out_whole():
    problem = one_school_one_student()
    line = replace(problem.services[0], sessions=3)
    crowded = replace(
        problem,
        services=(line,),
        therapists=(
            replace(
                problem.therapists[0], hours=(*problem.therapists[0].hours[:2], None, None, None)
            ),
        ),
    )
    solution = schedule_by_hand(crowded)
    assert solution.sessions == ()
    assert [u.service for u in solution.unscheduled] == [0]
    assert solution.unscheduled[0].reason.startswith("needs 3 x 30 min on separate days")
    assert validate(crowded, solution) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(new_student_mid_year())
def test_a_student_added_mid_year_moves_nothing_in_force(case: tuple[Problem, int]):
    problem, _newcomer = case
    solution = schedule_by_hand(problem)
    assert validate(problem, solution) == []
    for placed in problem.in_force:
        assert any(
            (s.therapist, s.school, s.day, s.start)
            == (placed.therapist, placed.school, placed.day, placed.start)
            and set(placed.services) <= set(s.services)
            for s in solution.sessions
        )


def test_a_move_in_joins_the_unlocked_group_and_finds_a_second_day():
    problem, eve = mid_year_move_in()
    assert validate(problem, schedule_by_hand(problem, keep_in_force=True)) == []
    solution = schedule_by_hand(problem)
    eve_line = len(problem.services) - 1
    eve_sessions = [s for s in solution.sessions if eve_line in s.services]
    assert solution.assignments[eve] == 0
    assert len(eve_sessions) == 2
    monday = next(s for s in eve_sessions if s.day == 0)
    assert (monday.start, set(monday.services)) == (minutes("08:00"), {0, 1, eve_line})
