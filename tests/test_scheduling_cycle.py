"""A district of two or four cycle weeks, built with the factories, solves, is stored,
exports JSON with each session's cycle week, and the independent checker
(tests/schedule_checker.py) accepts it; re-planning from a one-week version in force
keeps its places."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from schoolot.bundle.export import export_bundle
from schoolot.extensions import db
from schoolot.scheduling import store
from schoolot.scheduling.export_json import schedule_document
from schoolot.scheduling.problem_builder import build_problem
from schoolot.solver.solve import solve
from tests.factories import (
    make_block,
    make_district,
    make_scheduled_session,
    make_school,
    make_service,
    make_student,
    make_teacher,
    make_therapist,
    make_version,
)
from tests.schedule_checker import check_schedule

AS_OF = dt.date(2026, 9, 1)


class Cycle:
    """One school, one therapist (3:1 when asked), four students: Ana 2 x 30 a week,
    Bo 1 x 30 a week, Cy 30 min a month (pull-out), Di's teacher a 30 min/month
    consult. Grade 2 has Music Tue 9:00-10:00 in week 2 only."""

    def __init__(self, weeks: int, model: str = "weekly") -> None:
        s = db.session
        self.district = make_district(s, cycle_weeks=weeks)
        self.oak = make_school(s, "OAK")
        t2 = make_teacher(s, self.oak, "t2@x.example", grade="2")
        t3 = make_teacher(s, self.oak, "t3@x.example", grade="3")
        self.ot = make_therapist(s, [self.oak], "ot@x.example", service_model=model)
        self.ana = make_student(s, t2, self.ot, "S1", first_name="Ana", last_name="A")
        self.bo = make_student(s, t2, self.ot, "S2", first_name="Bo", last_name="B")
        self.cy = make_student(s, t3, self.ot, "S3", first_name="Cy", last_name="C", grade="3")
        self.di = make_student(s, t3, self.ot, "S4", first_name="Di", last_name="D", grade="3")
        self.weekly = make_service(s, self.ana, "SV1", minutes=60)
        make_service(s, self.bo, "SV2", minutes=30)
        make_service(s, self.cy, "SV3", minutes=30, per="month")
        make_service(s, self.di, "SV4", minutes=30, per="month", delivery="consult")
        make_block(
            s,
            self.oak,
            scope="grade",
            target_grade="2",
            weekdays="Tue",
            start=dt.time(9, 0),
            end=dt.time(10, 0),
            label="Music",
            cycle_week=2 if weeks >= 2 else None,
        )
        s.flush()

    def solve(self, in_force=None):
        problem, index = build_problem(db.session, in_force, as_of=AS_OF)
        solution = solve(problem, time_limit=5, seed=1, workers=1)
        version = store.store_solution(db.session, problem, index, solution, in_force, None, 5, 1)
        return problem, version


def checked(tmp_path: Path, version) -> tuple[dict, list[str]]:
    folder = tmp_path / "bundle"
    export_bundle(db.session, folder)
    document = schedule_document(db.session, version)
    return document, check_schedule(folder, document, AS_OF)


def lines_by_week(document) -> Counter:
    return Counter((code, s["cycle_week"]) for s in document["sessions"] for code in s["services"])


def test_an_ab_district_solves_and_the_checker_accepts_it(app, tmp_path):
    district = Cycle(2)
    problem, version = district.solve()

    document, errors = checked(tmp_path, version)

    assert errors == []
    assert (problem.cycle_weeks, version.cycle_weeks, document["cycle_weeks"]) == (2, 2, 2)
    assert document["unscheduled"] == []
    by_week = lines_by_week(document)
    # Weekly lines every week; a monthly line (1 a month) once in two weeks: ceil(2/4).
    assert [by_week["SV1", w] for w in (1, 2)] == [2, 2]
    assert [by_week["SV2", w] for w in (1, 2)] == [1, 1]
    assert by_week["SV3", 1] + by_week["SV3", 2] == 1
    assert by_week["SV4", 1] + by_week["SV4", 2] == 1
    # Music holds Ana's class on Tuesdays of week B only.
    for s in document["sessions"]:
        if s["cycle_week"] == 2 and s["weekday"] == "Tue" and "S1" in s["students"]:
            assert not ("09:00" <= s["start"] < "10:00")


def test_a_four_week_three_one_district_solves_and_the_checker_accepts_it(app, tmp_path):
    district = Cycle(4, model="3:1")
    problem, version = district.solve()

    document, errors = checked(tmp_path, version)

    assert errors == []
    assert problem.therapists[0].off_weeks == frozenset({4})
    by_week = lines_by_week(document)
    # 2 a week x 4 weeks = 8 over the three direct weeks (3, 3, 2); none in week 4.
    assert [by_week["SV1", w] for w in (1, 2, 3, 4)] == [3, 3, 2, 0]
    assert [by_week["SV2", w] for w in (1, 2, 3, 4)] == [2, 1, 1, 0]
    # The monthly pull-out once in the direct weeks; the consult once in the cycle.
    assert sum(by_week["SV3", w] for w in (1, 2, 3)) == 1 and by_week["SV3", 4] == 0
    assert sum(by_week["SV4", w] for w in (1, 2, 3, 4)) == 1


def test_replanning_from_a_one_week_version_in_force_keeps_its_places(app, tmp_path):
    """Ana's weekly line sat Wed 10:00 and Thu 10:00 in a one-week version in force,
    the Thursday one locked: in the two-week re-plan the locked one holds in both
    weeks, and week 1's sessions keep the old calendar events' uids."""
    district = Cycle(2)
    old = make_version(db.session, "published", cycle_weeks=1)
    wed = make_scheduled_session(
        db.session, old, district.ot, [district.weekly], "Wed", dt.time(10, 0), dt.time(10, 30)
    )
    thu = make_scheduled_session(
        db.session,
        old,
        district.ot,
        [district.weekly],
        "Thu",
        dt.time(10, 0),
        dt.time(10, 30),
        locked=True,
    )

    _, version = district.solve(in_force=old)

    assert checked(tmp_path, version)[1] == []
    ana = sorted(
        (s.cycle_week, s.weekday, s.start, s.locked, s.uid)
        for s in version.sessions
        if [line.code for line in s.services] == ["SV1"]
    )
    places = [(w, d, start, locked) for w, d, start, locked, _ in ana]
    assert (1, "Thu", dt.time(10, 0), True) in places
    assert (2, "Thu", dt.time(10, 0), True) in places
    uids = {(w, d): uid for w, d, _, _, uid in ana}
    assert uids[1, "Thu"] == thu.uid
    assert uids[2, "Thu"] != thu.uid
    assert wed.uid in uids.values()
