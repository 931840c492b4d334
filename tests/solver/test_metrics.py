"""Schedule metrics, counted on tiny hand-built schedules of the tiny district (OAK,
ELM, FAR; ot1; lunch 30 minutes inside 11:00-13:30) that can be checked by eye."""

from __future__ import annotations

from dataclasses import replace

import pytest

from schoolot.solver.metrics import measure
from schoolot.solver.problem import CONSULT, PULL_OUT, PUSH_IN, Problem
from schoolot.solver.solution import Session, Solution, TravelLeg
from tests.solver.strategies import minutes, tiny_district, two_therapists_shared_school

MON, TUE, WED = range(3)
OAK, ELM, FAR = range(3)
SV1, SV2, SV3, SV4, SV5, SV6 = range(6)


def at(
    day: int, start: str, school: int, delivery: str, *services: int, length: int = 30, ot: int = 0
) -> Session:
    begin = minutes(start)
    return Session(ot, school, day, begin, begin + length, delivery, services)


def leg(day: int, start: str, a: int, b: int, drive: int, ot: int = 0) -> TravelLeg:
    begin = minutes(start)
    return TravelLeg(ot, day, a, b, begin, begin + drive)


def schedule(*sessions: Session, travel: tuple[TravelLeg, ...] = ()) -> Solution:
    return Solution(assignments=(0, 0, 0, 0), sessions=sessions, travel=travel, unscheduled=())


def tiny() -> Problem:
    return tiny_district().build()


# Every line of the tiny district met: Mon OAK then ELM (15 minutes' drive), Tue OAK, Wed FAR.
FULL_WEEK = schedule(
    at(MON, "08:00", OAK, PULL_OUT, SV1, SV2),
    at(MON, "08:30", OAK, CONSULT, SV4),
    at(MON, "09:30", ELM, PUSH_IN, SV3),
    at(TUE, "08:00", OAK, PULL_OUT, SV1, SV2),
    at(TUE, "10:00", OAK, PUSH_IN, SV6),
    at(WED, "08:00", FAR, PULL_OUT, SV5),
    travel=(leg(MON, "09:00", OAK, ELM, 15),),
)


def test_every_line_with_all_its_sessions_is_met():
    metrics = measure(tiny(), FULL_WEEK)
    assert (metrics.lines_met, metrics.lines_owed, metrics.coverage) == (6, 6, 1.0)


def test_minutes_owed_are_sessions_times_length_of_every_line():
    metrics = measure(tiny(), FULL_WEEK)
    assert (metrics.minutes_met, metrics.minutes_owed) == (240, 240)


def test_a_line_missing_a_session_is_not_met_but_its_delivered_minutes_count():
    solution = replace(FULL_WEEK, sessions=FULL_WEEK.sessions[:3] + FULL_WEEK.sessions[4:])
    metrics = measure(tiny(), solution)
    # Tue's group is gone: SV1 and SV2 have one of their two sessions each.
    assert (metrics.lines_met, metrics.minutes_met) == (4, 180)
    assert metrics.coverage == pytest.approx(4 / 6)


def test_an_empty_schedule_meets_nothing():
    metrics = measure(tiny(), schedule())
    assert (metrics.lines_met, metrics.coverage, metrics.idle_minutes) == (0, 0.0, 0)


def test_nothing_owed_is_full_coverage():
    problem = replace(tiny(), services=())
    assert measure(problem, schedule()).coverage == 1.0


def test_travel_minutes_sum_the_legs():
    solution = replace(FULL_WEEK, travel=(*FULL_WEEK.travel, leg(TUE, "12:00", ELM, FAR, 20)))
    assert measure(tiny(), solution).travel_minutes == 35


def test_a_change_of_school_within_a_day_is_a_switch():
    assert measure(tiny(), FULL_WEEK).school_switches == 1


def test_going_there_and_back_in_a_day_is_two_switches():
    solution = schedule(
        at(MON, "08:00", OAK, PULL_OUT, SV1),
        at(MON, "09:30", ELM, PUSH_IN, SV3),
        at(MON, "10:30", OAK, PUSH_IN, SV6),
    )
    assert measure(tiny(), solution).school_switches == 2


def test_a_different_school_on_another_day_is_no_switch():
    solution = schedule(at(MON, "08:00", OAK, PULL_OUT, SV1), at(TUE, "08:00", ELM, PUSH_IN, SV3))
    assert measure(tiny(), solution).school_switches == 0


def test_idle_time_is_the_gaps_between_first_and_last_session_not_travel():
    # Mon: 15 minutes waiting at ELM after the drive; Tue: 08:30-10:00 idle; Wed: one session.
    assert measure(tiny(), FULL_WEEK).idle_minutes == 15 + 90


def test_time_before_the_first_and_after_the_last_session_is_not_idle():
    solution = schedule(at(MON, "10:00", OAK, PULL_OUT, SV1), at(MON, "10:30", OAK, PULL_OUT, SV2))
    assert measure(tiny(), solution).idle_minutes == 0


def test_a_gap_holding_the_lunch_is_idle_only_beyond_the_lunch_minutes():
    # 11:30-12:30 free, inside the lunch window: 30 minutes of lunch, 30 idle.
    solution = schedule(at(MON, "11:00", OAK, PULL_OUT, SV1), at(MON, "12:30", OAK, PULL_OUT, SV2))
    assert measure(tiny(), solution).idle_minutes == 30


def test_a_gap_too_short_for_lunch_is_all_idle():
    # 11:30-11:50 cannot hold 30 minutes of lunch: the lunch is after 12:20.
    solution = schedule(at(MON, "11:00", OAK, PULL_OUT, SV1), at(MON, "11:50", OAK, PULL_OUT, SV2))
    assert measure(tiny(), solution).idle_minutes == 20


def test_lunch_is_excused_once_a_day():
    solution = schedule(
        at(MON, "11:00", OAK, PULL_OUT, SV1),
        at(MON, "12:00", OAK, PULL_OUT, SV2),
        at(MON, "13:00", OAK, PUSH_IN, SV6),
    )
    # Two 30-minute gaps inside the lunch window: one is lunch, the other idle.
    assert measure(tiny(), solution).idle_minutes == 30


def test_workload_counts_session_and_travel_minutes_and_a_group_once():
    # 6 sessions of 30 minutes (two of them groups of two) and 15 minutes of driving.
    assert measure(tiny(), FULL_WEEK).workload_per_fte == (195.0,)


def test_workload_is_divided_by_the_fte():
    problem = two_therapists_shared_school()  # ot1 1.0 FTE, ot2 0.5 FTE
    solution = Solution(
        assignments=(0, 1, 1, 1, 1),
        sessions=(
            at(MON, "08:00", 0, PULL_OUT, 0, ot=0),
            at(MON, "08:00", 1, PULL_OUT, 1, ot=1),
        ),
        travel=(),
        unscheduled=(),
    )
    assert measure(problem, solution).workload_per_fte == (30.0, 60.0)


def test_workload_spread_is_max_minus_min_and_its_standard_deviation():
    problem = two_therapists_shared_school()
    solution = Solution(
        assignments=(0, 1, 1, 1, 1),
        sessions=(at(MON, "08:00", 0, PULL_OUT, 0, ot=0, length=90),),
        travel=(),
        unscheduled=(),
    )
    metrics = measure(problem, solution)
    assert (metrics.workload_spread, metrics.workload_stdev) == (90.0, 45.0)


def test_a_therapist_without_fte_has_no_workload_per_fte_and_no_part_in_the_spread():
    problem = two_therapists_shared_school()
    problem = replace(
        problem, therapists=(problem.therapists[0], replace(problem.therapists[1], fte=0.0))
    )
    solution = Solution(
        assignments=(0, 0, 0, 0, 0),
        sessions=(at(MON, "08:00", 0, PULL_OUT, 0, ot=0, length=90),),
        travel=(),
        unscheduled=(),
    )
    metrics = measure(problem, solution)
    assert (metrics.workload_per_fte, metrics.workload_spread) == ((90.0, None), 0.0)


def test_groups_formed_counts_sessions_of_several_lines():
    assert measure(tiny(), FULL_WEEK).groups_formed == 2
