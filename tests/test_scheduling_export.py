"""export_json: a stored schedule in the JSON form of schedule.md."""

from __future__ import annotations

import datetime as dt
import json

from schoolot.extensions import db
from schoolot.scheduling import store
from schoolot.scheduling.export_json import schedule_document, schedule_json
from schoolot.scheduling.problem_builder import build_problem
from schoolot.solver.solution import Session, Solution, SolveStats, TravelLeg
from tests.factories import make_service
from tests.test_scheduling_store import AS_OF, Week, hm


def test_the_document_has_exactly_the_keys_of_schedule_md(app):
    """schedule.md's keys and schoolot's `cycle_weeks` (docs/schedule-json.md)."""
    document = schedule_document(db.session, Week().store())

    assert list(document) == [
        "district",
        "generated_at",
        "cycle_weeks",
        "solver",
        "assignments",
        "sessions",
        "travel",
        "unscheduled",
    ]
    assert document["district"] == "Riverbend USD"


def test_generated_at_is_the_versions_creation_in_utc(app):
    version = Week().store()
    version.created_at = dt.datetime(2026, 9, 1, 7, 0, 5, 123456)

    assert schedule_document(db.session, version)["generated_at"] == "2026-09-01T07:00:05Z"


def test_the_solver_numbers_are_exported(app):
    version = Week().store(status="FEASIBLE", objective=1234.0, bound=1200.0, seconds=4.2)

    assert schedule_document(db.session, version)["solver"] == {
        "status": "FEASIBLE",
        "objective": 1234,
        "bound": 1200,
        "seconds": 4.2,
    }


def test_a_session_is_exported_with_its_uid_codes_and_times(app):
    version = Week().store()
    monday = next(row for row in version.sessions if row.weekday == "Mon")

    sessions = schedule_document(db.session, version)["sessions"]

    assert sessions[0] == {
        "id": monday.uid,
        "therapist": "ot@x.example",
        "school": "OAK",
        "cycle_week": 1,
        "weekday": "Mon",
        "start": "09:00",
        "end": "09:30",
        "delivery": "pull_out",
        "services": ["SV1"],
        "students": ["S1"],
    }


def test_sessions_are_in_week_order(app):
    sessions = schedule_document(db.session, Week().store())["sessions"]

    assert [(s["weekday"], s["school"]) for s in sessions] == [
        ("Mon", "OAK"),
        ("Tue", "OAK"),
        ("Wed", "ELM"),
    ]


def test_assignments_list_each_student_and_therapist(app):
    document = schedule_document(db.session, Week().store())

    assert document["assignments"] == [
        {"student": "S1", "therapist": "ot@x.example"},
        {"student": "S2", "therapist": "ot@x.example"},
    ]


def test_an_unscheduled_line_names_service_student_and_reason(app):
    document = schedule_document(db.session, Week().store(bo=False))

    assert document["unscheduled"] == [
        {"service": "SV2", "student": "S2", "reason": "no free window at ELM"}
    ]


def stored(sessions, travel=None):
    """A version of `sessions(problem, index)` (and `travel(...)`), every line met."""
    problem, index = build_problem(db.session, as_of=AS_OF)
    solution = Solution(
        assignments=(0, 0),
        sessions=tuple(sessions(problem, index)),
        travel=tuple(travel(problem, index)) if travel else (),
        unscheduled=(),
        stats=SolveStats("OPTIMAL", 0, 0, 0),
    )
    return store.store_solution(db.session, problem, index, solution, None, None, 5, 0)


def test_a_consult_lists_its_line_and_no_students(app):
    week = Week()
    consult = make_service(db.session, week.bo, "SV9", delivery="consult", minutes=30)

    def sessions(problem, index):
        oak, elm = index.school_index[week.oak.id], index.school_index[week.elm.id]
        ana, bo = index.service_index[week.ana_line.id], index.service_index[week.bo_line.id]
        talk = index.service_index[consult.id]
        return [
            Session(0, oak, 0, hm("09:00"), hm("09:30"), "pull_out", (ana,)),
            Session(0, oak, 1, hm("09:00"), hm("09:30"), "pull_out", (ana,)),
            Session(0, elm, 2, hm("09:00"), hm("09:30"), "pull_out", (bo,)),
            Session(0, elm, 2, hm("10:00"), hm("10:30"), "consult", (talk,)),
        ]

    document = schedule_document(db.session, stored(sessions))

    talk = document["sessions"][-1]
    assert (talk["delivery"], talk["services"], talk["students"]) == ("consult", ["SV9"], [])


def test_a_group_lists_one_student_per_service_in_the_same_order(app):
    week = Week()
    week.ana_line.grouping = "group"
    zed = make_service(db.session, week.bo, "SV0", grouping="group", minutes=30, session_minutes=30)
    week.bo.school, week.bo.teacher = week.oak, week.ana.teacher
    db.session.flush()

    def sessions(problem, index):
        oak = index.school_index[week.oak.id]
        ana, bo = index.service_index[week.ana_line.id], index.service_index[week.bo_line.id]
        zed_line = index.service_index[zed.id]
        return [
            Session(0, oak, 0, hm("09:00"), hm("09:30"), "pull_out", (ana, zed_line)),
            Session(0, oak, 1, hm("09:00"), hm("09:30"), "pull_out", (ana,)),
            Session(0, oak, 2, hm("09:00"), hm("09:30"), "pull_out", (bo,)),
        ]

    document = schedule_document(db.session, stored(sessions))

    group = document["sessions"][0]
    assert (group["services"], group["students"]) == (["SV0", "SV1"], ["S2", "S1"])


def test_travel_is_exported_with_school_codes_and_times(app):
    week = Week()

    def sessions(problem, index):
        oak, elm = index.school_index[week.oak.id], index.school_index[week.elm.id]
        ana, bo = index.service_index[week.ana_line.id], index.service_index[week.bo_line.id]
        return [
            Session(0, oak, 0, hm("09:00"), hm("09:30"), "pull_out", (ana,)),
            Session(0, elm, 0, hm("09:45"), hm("10:15"), "pull_out", (bo,)),
            Session(0, oak, 1, hm("09:00"), hm("09:30"), "pull_out", (ana,)),
        ]

    def travel(problem, index):
        oak, elm = index.school_index[week.oak.id], index.school_index[week.elm.id]
        return [TravelLeg(0, 0, oak, elm, hm("09:30"), hm("09:40"))]

    document = schedule_document(db.session, stored(sessions, travel))

    assert document["travel"] == [
        {
            "therapist": "ot@x.example",
            "cycle_week": 1,
            "weekday": "Mon",
            "from_school": "OAK",
            "to_school": "ELM",
            "start": "09:30",
            "end": "09:40",
        }
    ]


def test_re_exporting_an_unchanged_schedule_gives_identical_text(app):
    version = Week().store(bo=False)
    first = schedule_json(db.session, version)
    db.session.expire_all()

    assert schedule_json(db.session, version) == first
    assert json.loads(first)["sessions"]


def test_unscheduled_is_empty_when_every_line_is_met(app):
    document = schedule_document(db.session, Week().store())

    assert document["unscheduled"] == []
