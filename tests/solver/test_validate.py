"""The validator: a valid schedule of the tiny district passes; breaking one hard
rule at a time yields a message naming that rule and what broke it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from schoolot.solver.problem import PUSH_IN, PlacedSession, Problem
from schoolot.solver.solution import Session, Solution, TravelLeg, Unscheduled
from schoolot.solver.validate import validate
from tests.solver.strategies import minutes, tiny_district

MON, TUE, WED, THU, FRI = range(5)
OAK, ELM, FAR = range(3)
ANA, BEN, CAL, DEE = range(4)
SV1, SV2, SV3, SV4, SV5, SV6 = range(6)


def at(day: int, start: str, school: int, delivery: str, *services: int, end: str = "") -> Session:
    begin = minutes(start)
    return Session(
        therapist=0,
        school=school,
        day=day,
        start=begin,
        end=minutes(end) if end else begin + 30,
        delivery=delivery,
        services=services,
    )


GROUP_MON = at(MON, "08:00", OAK, "pull_out", SV1, SV2)
CONSULT_MON = at(MON, "08:30", OAK, "consult", SV4)
CAL_MON = at(MON, "09:30", ELM, "push_in", SV3)
GROUP_TUE = at(TUE, "08:00", OAK, "pull_out", SV1, SV2)
BEN_TUE = at(TUE, "10:00", OAK, "push_in", SV6)
DEE_WED = at(WED, "08:00", FAR, "pull_out", SV5)
LEG_MON = TravelLeg(0, MON, OAK, ELM, minutes("09:00"), minutes("09:15"))


def valid_case() -> tuple[Problem, Solution]:
    problem = tiny_district().build()
    solution = Solution(
        assignments=(0, 0, 0, 0),
        sessions=(GROUP_MON, CONSULT_MON, CAL_MON, GROUP_TUE, BEN_TUE, DEE_WED),
        travel=(LEG_MON,),
        unscheduled=(),
    )
    return problem, solution


def swap(solution: Solution, old: Session, *new: Session) -> Solution:
    sessions = [s for s in solution.sessions if s != old]
    return replace(solution, sessions=(*sessions, *new))


def test_the_tiny_schedule_is_valid():
    problem, solution = valid_case()
    assert validate(problem, solution) == []


def test_an_all_unscheduled_schedule_is_valid():
    problem, _ = valid_case()
    solution = Solution(
        assignments=(None,) * 4,
        sessions=(),
        travel=(),
        unscheduled=tuple(Unscheduled(j, "no room") for j in range(6)),
    )
    assert validate(problem, solution) == []


Breaker = Callable[[Problem, Solution], tuple[Problem, Solution]]


def _therapist(problem: Problem, **changes) -> Problem:
    return replace(problem, therapists=(replace(problem.therapists[0], **changes),))


def _student(problem: Problem, index: int, **changes) -> Problem:
    students = list(problem.students)
    students[index] = replace(students[index], **changes)
    return replace(problem, students=tuple(students))


def _line(problem: Problem, index: int, **changes) -> Problem:
    services = list(problem.services)
    services[index] = replace(services[index], **changes)
    return replace(problem, services=tuple(services))


def _school_closed_tue(p: Problem, s: Solution) -> tuple[Problem, Solution]:
    schools = list(p.schools)
    days = list(schools[OAK].day)
    days[TUE] = None
    schools[OAK] = replace(schools[OAK], day=tuple(days))
    return replace(p, schools=tuple(schools)), s


CASES: dict[str, tuple[Breaker, str]] = {
    # Rule 1: inside the day.
    "before the school day": (
        lambda p, s: (
            _therapist(p, hours=((minutes("07:00"), minutes("16:00")),) * 5),
            swap(s, GROUP_MON, replace(GROUP_MON, start=minutes("07:30"), end=minutes("08:00"))),
        ),
        "rule 1 inside the day: ot1 Mon 07:30-08:00 at OAK [SV1 (Ana L. (gr 3)), "
        "SV2 (Ben K. (gr 3))]: outside OAK's student day 08:00-15:00",
    ),
    "outside the therapist's hours": (
        lambda p, s: (_therapist(p, hours=((minutes("08:15"), minutes("16:00")),) * 5), s),
        "outside ot1's hours 08:15-16:00",
    ),
    "on a day off": (
        lambda p, s: (
            _therapist(p, hours=(p.therapists[0].hours[0], None, *p.therapists[0].hours[2:])),
            s,
        ),
        "ot1 Tue 08:00-08:30 at OAK [SV1 (Ana L. (gr 3)), SV2 (Ben K. (gr 3))]: "
        "ot1 does not work that day",
    ),
    "school closed": (_school_closed_tue, "OAK is closed that day"),
    "away from the pinned school": (
        lambda p, s: (p, swap(s, DEE_WED, replace(DEE_WED, day=FRI))),
        "rule 1 inside the day: ot1 Fri 08:00-08:30 at FAR [SV5 (Dee N. (gr 2))]: "
        "ot1 is pinned to OAK on Fri",
    ),
    "not one of the therapist's schools": (
        lambda p, s: (_therapist(p, schools=frozenset({OAK, ELM})), s),
        "FAR is not one of ot1's schools",
    ),
    "at another school than the student's": (
        lambda p, s: (_student(p, DEE, school=ELM), s),
        "SV5 (Dee N. (gr 2)) is at ELM, not FAR",
    ),
    # Rule 2: one place at a time.
    "overlapping sessions": (
        lambda p, s: (
            p,
            swap(
                s, CONSULT_MON, replace(CONSULT_MON, start=minutes("08:15"), end=minutes("08:45"))
            ),
        ),
        "rule 2 one place at a time: ot1 Mon 08:00-08:30 at OAK [SV1 (Ana L. (gr 3)), "
        "SV2 (Ben K. (gr 3))] overlaps ot1 Mon 08:15-08:45 at OAK [SV4 (Ana L. (gr 3))]",
    ),
    "too little time to drive": (
        lambda p, s: (
            p,
            replace(
                swap(s, CAL_MON, replace(CAL_MON, start=minutes("09:10"), end=minutes("09:40"))),
                travel=(replace(LEG_MON, end=minutes("09:10")),),
            ),
        ),
        "rule 2 one place at a time: ot1 on Mon from OAK (ends 09:00) to ELM (starts 09:10): "
        "10 minutes between them, the drive takes 15",
    ),
    "no travel leg between schools": (
        lambda p, s: (p, replace(s, travel=())),
        "rule 2 one place at a time: ot1 on Mon from OAK (ends 09:00) to ELM (starts 09:30): "
        "no travel leg in the gap",
    ),
    "travel leg too short": (
        lambda p, s: (p, replace(s, travel=(replace(LEG_MON, end=minutes("09:10")),))),
        "travel leg ot1 Mon OAK->ELM 09:00-09:10 is 10 minutes, the drive takes 15",
    ),
    "travel leg joining nothing": (
        lambda p, s: (p, replace(s, travel=(LEG_MON, replace(LEG_MON, day=TUE)))),
        "travel leg ot1 Tue OAK->ELM 09:00-09:15 does not join two consecutive sessions",
    ),
    "schools with no travel row on one day": (
        lambda p, s: (
            p,
            replace(
                swap(
                    s,
                    DEE_WED,
                    replace(DEE_WED, day=MON, start=minutes("14:00"), end=minutes("14:30")),
                ),
                travel=(LEG_MON, TravelLeg(0, MON, ELM, FAR, minutes("10:00"), minutes("10:20"))),
            ),
        ),
        "rule 2 one place at a time: ot1 visits OAK and FAR on Mon, which have no travel "
        "between them",
    ),
    # Rule 3: lunch.
    "no lunch": (
        lambda p, s: (
            replace(p, lunch_window=(minutes("08:00"), minutes("09:30")), lunch_minutes=60),
            s,
        ),
        "rule 3 lunch: ot1 on Mon has no 60-minute break inside 08:00-09:30 (busy 08:00-09:15)",
    ),
    "travel counts against lunch": (
        lambda p, s: (replace(p, lunch_window=(minutes("08:30"), minutes("09:45"))), s),
        "rule 3 lunch: ot1 on Mon has no 30-minute break inside 08:30-09:45",
    ),
    # Rule 4: the student is free.
    "pull-out in a protected block": (
        lambda p, s: (
            p,
            swap(s, GROUP_TUE, replace(GROUP_TUE, start=minutes("09:00"), end=minutes("09:30"))),
        ),
        "rule 4 student free: ot1 Tue 09:00-09:30 at OAK [SV1 (Ana L. (gr 3)), "
        "SV2 (Ben K. (gr 3))]: Ana L. (gr 3) is not free for pull-out then "
        "(free 08:00-09:00, 10:00-11:30, 12:00-15:00)",
    ),
    "push-in in a busy block": (
        lambda p, s: (
            p,
            swap(s, BEN_TUE, replace(BEN_TUE, start=minutes("11:30"), end=minutes("12:00"))),
        ),
        "Ben K. (gr 3) is not free for push-in then",
    ),
    "a student in two sessions at once": (
        lambda p, s: (
            p,
            swap(s, BEN_TUE, replace(BEN_TUE, start=minutes("08:15"), end=minutes("08:45"))),
        ),
        "rule 4 student free: Ben K. (gr 3) is in two sessions at once",
    ),
    # Rule 5: consult.
    "consult while the teacher is busy": (
        lambda p, s: (
            p,
            swap(
                s,
                CONSULT_MON,
                replace(CONSULT_MON, day=TUE, start=minutes("13:00"), end=minutes("13:30")),
            ),
        ),
        "rule 5 consult: ot1 Tue 13:00-13:30 at OAK [SV4 (Ana L. (gr 3))]: teacher T1 is "
        "not free then (free 08:00-13:00, 14:00-15:00)",
    ),
    "consult with a student in it": (
        lambda p, s: (
            p,
            swap(swap(s, CONSULT_MON), GROUP_MON, replace(GROUP_MON, services=(SV1, SV2, SV4))),
        ),
        "a consult session holds one consult line and no student",
    ),
    # Rule 6: minutes owed.
    "too few sessions": (
        lambda p, s: (p, swap(s, GROUP_TUE)),
        "rule 6 minutes owed: SV1 (Ana L. (gr 3)) needs 2 x 30 min but has 1 session(s) "
        "and is not listed unscheduled",
    ),
    "half-placed line": (
        lambda p, s: (
            p,
            replace(swap(s, GROUP_TUE), unscheduled=(Unscheduled(SV1, "no room"),)),
        ),
        "rule 6 minutes owed: SV1 (Ana L. (gr 3)) is listed unscheduled but has 1 session(s): "
        "half-placed",
    ),
    "wrong session length": (
        lambda p, s: (p, swap(s, CAL_MON, replace(CAL_MON, end=minutes("10:05")))),
        "rule 6 minutes owed: ot1 Mon 09:30-10:05 at ELM [SV3 (Cal M. (gr 1))] lasts 35 min; "
        "SV3 sessions are 30 min",
    ),
    "wrong delivery": (
        lambda p, s: (p, swap(s, CAL_MON, replace(CAL_MON, delivery="pull_out"))),
        "is pull_out; SV3 is push_in",
    ),
    "two sessions of a line on one day": (
        lambda p, s: (
            p,
            replace(
                swap(
                    s,
                    GROUP_TUE,
                    replace(GROUP_TUE, day=MON, start=minutes("14:00"), end=minutes("14:30")),
                ),
                travel=(LEG_MON, TravelLeg(0, MON, ELM, OAK, minutes("10:00"), minutes("10:15"))),
            ),
        ),
        "rule 6 minutes owed: SV1 (Ana L. (gr 3)) has 2 sessions on Mon; its sessions must "
        "fall on different days",
    ),
    "a session with another therapist than the student's": (
        lambda p, s: (p, replace(s, assignments=(None, 0, 0, 0))),
        "rule 6 minutes owed: ot1 Mon 08:00-08:30 at OAK [SV1 (Ana L. (gr 3)), "
        "SV2 (Ben K. (gr 3))]: Ana L. (gr 3) is assigned to nobody",
    ),
    "pinned therapist ignored": (
        lambda p, s: (_student(p, DEE, therapist=0), replace(s, assignments=(0, 0, 0, None))),
        "rule 6 minutes owed: Dee N. (gr 2) is pinned to ot1 but assigned to nobody",
    ),
    "assigned to a therapist who is not a candidate": (
        lambda p, s: (_student(p, CAL, candidates=frozenset()), s),
        "rule 6 minutes owed: Cal M. (gr 1) is assigned to ot1, who is not one of their "
        "candidate therapists",
    ),
    "unscheduled without a reason": (
        lambda p, s: (p, replace(swap(s, DEE_WED), unscheduled=(Unscheduled(SV5, " "),))),
        "SV5 (Dee N. (gr 2)) is unscheduled with no reason",
    ),
    # Rule 7: groups.
    "an individual line in a group": (
        lambda p, s: (_line(p, SV2, group=False), s),
        "rule 7 groups: ot1 Mon 08:00-08:30 at OAK [SV1 (Ana L. (gr 3)), SV2 (Ben K. (gr 3))]: "
        "SV2 may not be served in a group",
    ),
    "a group larger than max_group": (
        lambda p, s: (_line(p, SV1, max_group=1), s),
        "2 students, more than the smallest max_group 1",
    ),
    "grades too far apart": (
        lambda p, s: (_student(p, BEN, grade=5), s),
        "grades 3 to 5 spread more than 1",
    ),
    "mixed session lengths": (
        lambda p, s: (_line(p, SV2, length=45), s),
        "mixes session lengths [30, 45]",
    ),
    "students of two schools": (
        lambda p, s: (_student(p, BEN, school=ELM), s),
        "mixes students of several schools",
    ),
    "a push-in group of two teachers": (
        lambda p, s: (
            _student(_line(_line(p, SV1, delivery=PUSH_IN), SV2, delivery=PUSH_IN), BEN, teacher=3),
            swap(
                swap(s, GROUP_MON, replace(GROUP_MON, delivery=PUSH_IN)),
                GROUP_TUE,
                replace(GROUP_TUE, delivery=PUSH_IN),
            ),
        ),
        "a push-in group holds students of several teachers",
    ),
    # Re-planning: locked sessions stay.
    "a locked session moved": (
        lambda p, s: (
            replace(
                p, in_force=(PlacedSession(0, OAK, TUE, minutes("08:00"), (SV1, SV2), locked=True),)
            ),
            swap(s, GROUP_TUE, replace(GROUP_TUE, start=minutes("08:30"), end=minutes("09:00"))),
        ),
        "locked: the locked session ot1 Tue 08:00 at OAK [SV1 (Ana L. (gr 3)), "
        "SV2 (Ben K. (gr 3))] was moved or changed",
    ),
    # Indices that point nowhere.
    "unknown therapist": (
        lambda p, s: (p, swap(s, DEE_WED, replace(DEE_WED, therapist=7))),
        "structure: session #5 refers to an unknown therapist, school, day or line",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_breaking_one_rule_names_it(case: str):
    breaker, expected = CASES[case]
    problem, solution = breaker(*valid_case())
    errors = validate(problem, solution)
    assert any(expected in error for error in errors), errors


def test_an_unchanged_locked_session_passes():
    problem, solution = valid_case()
    locked = PlacedSession(0, OAK, TUE, minutes("08:00"), (SV2, SV1), locked=True)
    assert validate(replace(problem, in_force=(locked,)), solution) == []


def test_unlocked_sessions_in_force_may_move():
    problem, solution = valid_case()
    placed = PlacedSession(0, OAK, TUE, minutes("09:00"), (SV1, SV2), locked=False)
    assert validate(replace(problem, in_force=(placed,)), solution) == []


def test_more_sessions_than_days_may_share_a_day():
    problem, solution = valid_case()
    problem = _line(problem, SV5, sessions=6)
    dee = tuple(
        replace(DEE_WED, day=day, start=minutes(start), end=minutes(start) + 30)
        for day in (WED, THU)
        for start in ("08:00", "09:00", "10:00")
    )
    others = tuple(s for s in solution.sessions if s != DEE_WED)
    assert validate(problem, replace(solution, sessions=others + dee)) == []


def test_six_sessions_on_five_days_still_need_their_count():
    problem, solution = valid_case()
    problem = _line(problem, SV5, sessions=6)
    errors = validate(problem, solution)
    assert errors == [
        "rule 6 minutes owed: SV5 (Dee N. (gr 2)) needs 6 x 30 min but has 1 session(s) and "
        "is not listed unscheduled"
    ]
