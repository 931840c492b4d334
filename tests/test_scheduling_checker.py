"""The independent schedule checker (tests/schedule_checker.py) catches each broken rule.

A hand-written bundle and a valid schedule for it; each test breaks one rule and
expects the checker to name it, so a checker that passes everything cannot hide.
"""

from __future__ import annotations

import copy
import csv
from pathlib import Path
from typing import Any

import pytest

from tests.schedule_checker import check_schedule

BUNDLE: dict[str, list[list[str]]] = {
    "district.csv": [
        ["name", "timezone", "year_start", "year_end", "lunch_window"],
        ["Tiny USD", "America/Chicago", "2026-08-19", "2027-05-27", "12:00-12:45"],
    ],
    "schools.csv": [
        ["id", "name", "day_start", "day_end"],
        ["OAK", "Oak", "08:00", "15:00"],
        ["ELM", "Elm", "08:00", "15:00"],
        ["PINE", "Pine", "08:00", "15:00"],
    ],
    "travel.csv": [["from_school", "to_school", "minutes"], ["OAK", "ELM", "15"]],
    "therapists.csv": [
        ["id", "name", "schools"],
        ["ot", "OT One", "OAK ELM PINE"],
        ["ot2", "OT Two", "ELM"],
    ],
    "therapist_hours.csv": [
        ["therapist", "weekday", "start", "end", "school"],
        ["ot", "Mon Tue Wed Thu", "08:00", "16:00", ""],
        ["ot", "Fri", "08:00", "12:00", "ELM"],
        ["ot2", "*", "08:00", "16:00", ""],
    ],
    "teachers.csv": [
        ["id", "name", "school", "grade"],
        ["t1", "T One", "OAK", "2"],
        ["t2", "T Two", "OAK", "3"],
        ["t3", "T Three", "ELM", "2"],
        ["t4", "T Four", "PINE", "5"],
    ],
    "blocks.csv": [
        ["school", "scope", "target", "weekday", "start", "end", "kind", "label"],
        ["OAK", "grade", "2", "*", "11:30", "12:00", "busy", "Lunch"],
        ["OAK", "teacher", "t1", "*", "09:00", "10:00", "protected", "ELA"],
        ["OAK", "teacher", "t1", "Mon", "13:00", "14:00", "busy", "Specials"],
    ],
    "students.csv": [
        [
            "id",
            "first_name",
            "last_name",
            "grade",
            "school",
            "teacher",
            "therapist",
            "iep_start",
            "iep_end",
        ],
        ["S1", "Ana", "A", "2", "OAK", "t1", "ot", "2026-03-01", "2027-02-28"],
        ["S2", "Bo", "B", "2", "OAK", "t1", "", "2026-03-01", "2027-02-28"],
        ["S3", "Cy", "C", "3", "OAK", "t1", "", "2026-03-01", "2027-02-28"],
        ["S4", "Di", "D", "2", "ELM", "t3", "", "2026-03-01", "2027-02-28"],
        ["S5", "Ed", "E", "5", "PINE", "t4", "", "2026-03-01", "2027-02-28"],
    ],
    "services.csv": [
        ["id", "student", "minutes", "per", "session_minutes", "delivery", "grouping", "max_group"],
        ["SV1", "S1", "60", "week", "30", "pull_out", "group", "3"],
        ["SV2", "S2", "30", "week", "30", "pull_out", "group", "2"],
        ["SV3", "S3", "30", "week", "30", "push_in", "individual", ""],
        ["SV4", "S1", "30", "week", "30", "consult", "individual", ""],
        ["SV5", "S4", "30", "week", "30", "pull_out", "individual", ""],
        ["SV6", "S5", "120", "month", "30", "pull_out", "", ""],
    ],
}


def session(uid, weekday, start, end, school, delivery, services, students, therapist="ot"):
    return {
        "id": uid,
        "therapist": therapist,
        "school": school,
        "weekday": weekday,
        "start": start,
        "end": end,
        "delivery": delivery,
        "services": services,
        "students": students,
    }


VALID: dict[str, Any] = {
    "district": "Tiny USD",
    "generated_at": "2026-09-01T07:00:00Z",
    "solver": {"status": "OPTIMAL", "objective": 10, "bound": 10, "seconds": 0.1},
    "assignments": [{"student": s, "therapist": "ot"} for s in ("S1", "S2", "S3", "S4", "S5")],
    "sessions": [
        session("a", "Mon", "10:00", "10:30", "OAK", "pull_out", ["SV1", "SV2"], ["S1", "S2"]),
        session("b", "Tue", "10:00", "10:30", "OAK", "pull_out", ["SV1"], ["S1"]),
        # Push-in during the class's protected ELA block is allowed.
        session("c", "Wed", "09:00", "09:30", "OAK", "push_in", ["SV3"], ["S3"]),
        session("d", "Wed", "10:00", "10:30", "OAK", "consult", ["SV4"], []),
        session("e", "Mon", "10:45", "11:15", "ELM", "pull_out", ["SV5"], ["S4"]),
        session("f", "Thu", "10:00", "10:30", "PINE", "pull_out", ["SV6"], ["S5"]),
    ],
    "travel": [
        {
            "therapist": "ot",
            "weekday": "Mon",
            "from_school": "OAK",
            "to_school": "ELM",
            "start": "10:30",
            "end": "10:45",
        }
    ],
    "unscheduled": [],
}


def write_bundle(folder: Path, bundle: dict[str, list[list[str]]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in bundle.items():
        with open(folder / name, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
    return folder


@pytest.fixture
def bundle(tmp_path: Path) -> dict[str, list[list[str]]]:
    return copy.deepcopy(BUNDLE)


@pytest.fixture
def doc() -> dict[str, Any]:
    return copy.deepcopy(VALID)


@pytest.fixture
def check(tmp_path: Path, bundle, doc):
    """check() runs the checker on the (possibly edited) bundle and document."""

    def run() -> list[str]:
        return check_schedule(write_bundle(tmp_path / "bundle", bundle), doc)

    return run


def find(doc, uid):
    return next(s for s in doc["sessions"] if s["id"] == uid)


def set_cell(bundle, file, row_id, column, value):
    header = bundle[file][0]
    row = next(r for r in bundle[file][1:] if r[0] == row_id)
    row[header.index(column)] = value


def broken(errors: list[str], rule: str, *words: str) -> bool:
    return any(e.startswith(rule) and all(w in e for w in words) for e in errors)


def test_the_valid_schedule_passes(check):
    assert check() == []


def test_a_line_listed_unscheduled_with_a_reason_instead_of_sessions_passes(check, doc):
    doc["sessions"] = [s for s in doc["sessions"] if s["id"] != "f"]
    doc["unscheduled"] = [{"service": "SV6", "student": "S5", "reason": "no window at PINE"}]

    assert check() == []


# --- rule 1 --------------------------------------------------------------------------


def test_rule_1_a_session_outside_the_school_day(check, doc):
    find(doc, "f").update(start="15:00", end="15:30")

    assert broken(check(), "rule 1", "outside the student day")


def test_rule_1_a_session_outside_the_therapists_hours(check, doc, bundle):
    set_cell(bundle, "therapist_hours.csv", "ot", "start", "10:15")

    assert broken(check(), "rule 1", "outside ot's hours")


def test_rule_1_a_session_on_a_day_the_therapist_does_not_work(check, doc, bundle):
    bundle["therapist_hours.csv"] = [r for r in bundle["therapist_hours.csv"] if r[1] != "Fri"]
    find(doc, "e")["weekday"] = "Fri"
    doc["travel"] = []

    assert broken(check(), "rule 1", "does not work on Fri")


def test_rule_1_a_session_away_from_the_pinned_school(check, doc):
    find(doc, "b")["weekday"] = "Fri"

    assert broken(check(), "rule 1", "pinned to ELM")


def test_rule_1_a_session_at_a_school_the_therapist_does_not_serve(check, doc):
    find(doc, "b")["therapist"] = "ot2"

    assert broken(check(), "rule 1", "not one of ot2's schools")


# --- rule 2 --------------------------------------------------------------------------


def test_rule_2_overlapping_sessions(check, doc):
    find(doc, "f").update(weekday="Tue", start="10:15", end="10:45")

    assert broken(check(), "rule 2", "overlaps")


def test_rule_2_too_little_time_to_drive(check, doc):
    find(doc, "e").update(start="10:40", end="11:10")
    doc["travel"][0].update(start="10:30", end="10:40")

    assert broken(check(), "rule 2", "the drive takes 15 minutes")


def test_rule_2_a_drive_with_no_travel_listed(check, doc):
    doc["travel"] = []

    assert broken(check(), "rule 2", "no travel of 15 minutes")


def test_rule_2_two_schools_with_no_travel_row_on_one_day(check, doc):
    find(doc, "f")["weekday"] = "Tue"

    assert broken(check(), "rule 2", "OAK and PINE", "no travel row")


# --- rule 3 --------------------------------------------------------------------------


def test_rule_3_no_lunch_inside_the_window(check, doc):
    find(doc, "f").update(start="12:10", end="12:40")

    assert broken(check(), "rule 3", "ot on Thu")


def test_rule_3_travel_counts_against_lunch(check, doc, bundle):
    # Monday 10:30-10:45 is free of sessions, but the drive to ELM takes it.
    bundle["district.csv"] = [
        ["name", "timezone", "year_start", "year_end", "lunch_minutes", "lunch_window"],
        ["Tiny USD", "America/Chicago", "2026-08-19", "2027-05-27", "15", "10:30-10:45"],
    ]

    assert broken(check(), "rule 3", "ot on Mon")


# --- rule 4 --------------------------------------------------------------------------


def test_rule_4_a_session_in_a_busy_block(check, doc):
    find(doc, "b").update(start="11:30", end="12:00")

    assert broken(check(), "rule 4", "S1 is busy")


def test_rule_4_a_pull_out_in_protected_time(check, doc):
    find(doc, "b").update(start="09:30", end="10:00")

    assert broken(check(), "rule 4", "protected")


def test_rule_4_a_student_block_covers_that_student(check, doc, bundle):
    bundle["blocks.csv"].append(["PINE", "student", "S5", "Thu", "10:00", "10:30", "busy", "OT"])

    assert broken(check(), "rule 4", "S5 is busy")


def test_rule_4_a_student_in_two_sessions_at_once(check, doc):
    doc["sessions"].append(
        session("g", "Tue", "10:00", "10:30", "OAK", "pull_out", ["SV2"], ["S2"], "ot2")
    )
    find(doc, "a").update(services=["SV1"], students=["S1"])
    find(doc, "b").update(services=["SV1", "SV2"], students=["S1", "S2"])

    assert broken(check(), "rule 4", "S2 is in")


# --- rule 5 --------------------------------------------------------------------------


def test_rule_5_a_consult_while_the_teacher_is_busy(check, doc):
    find(doc, "d").update(weekday="Mon", start="13:00", end="13:30")

    assert broken(check(), "rule 5", "teacher t1 is busy")


def test_rule_5_a_consult_with_a_student(check, doc):
    find(doc, "d")["students"] = ["S1"]

    assert broken(check(), "rule 5", "no student")


def test_rule_5_a_consult_line_in_a_pull_out_session(check, doc):
    find(doc, "d")["delivery"] = "pull_out"
    find(doc, "d")["students"] = ["S1"]

    assert broken(check(), "rule 5", "serves consult lines")


# --- rule 6 --------------------------------------------------------------------------


def test_rule_6_a_line_short_of_sessions(check, doc):
    doc["sessions"] = [s for s in doc["sessions"] if s["id"] != "b"]

    assert broken(check(), "rule 6", "SV1 needs 2 sessions a week, has 1")


def test_rule_6_a_monthly_line_owes_its_weekly_share(check, doc, bundle):
    set_cell(bundle, "services.csv", "SV6", "minutes", "150")

    assert broken(check(), "rule 6", "SV6 needs 2 sessions a week, has 1")


def test_rule_6_a_session_of_the_wrong_length(check, doc):
    find(doc, "f")["end"] = "10:45"

    assert broken(check(), "rule 6", "lasts 45 min")


def test_rule_6_a_session_of_the_wrong_delivery(check, doc):
    find(doc, "f")["delivery"] = "push_in"

    assert broken(check(), "rule 6", "is push_in, SV6 is pull_out")


def test_rule_6_two_sessions_of_a_line_on_one_day(check, doc):
    find(doc, "b").update(weekday="Mon", start="08:00", end="08:30")

    assert broken(check(), "rule 6", "SV1 has 2 sessions on Mon")


def test_rule_6_a_pinned_student_assigned_to_someone_else(check, doc):
    doc["assignments"][0]["therapist"] = "ot2"

    assert broken(check(), "rule 6", "S1 is pinned to ot")


def test_rule_6_a_session_with_a_therapist_not_the_students(check, doc):
    doc["assignments"] = [a for a in doc["assignments"] if a["student"] != "S4"]
    doc["assignments"].append({"student": "S4", "therapist": "ot2"})

    assert broken(check(), "rule 6", "S4's therapist is ot2")


def test_rule_6_a_half_placed_line(check, doc):
    doc["unscheduled"] = [{"service": "SV1", "student": "S1", "reason": "no room"}]

    assert broken(check(), "rule 6", "SV1 is unscheduled but has 2 sessions")


def test_rule_6_an_unscheduled_line_needs_a_reason(check, doc):
    doc["sessions"] = [s for s in doc["sessions"] if s["id"] != "f"]
    doc["unscheduled"] = [{"service": "SV6", "student": "S5", "reason": " "}]

    assert broken(check(), "rule 6", "SV6 has no reason")


def test_rule_6_a_line_not_owed_any_more_must_not_be_scheduled(check, doc, bundle):
    bundle["services.csv"][0].append("end")
    for row in bundle["services.csv"][1:]:
        row.append("2026-08-01" if row[0] == "SV6" else "")

    assert broken(check(), "rule 6", "SV6 is not owed")


# --- rule 7 --------------------------------------------------------------------------


def test_rule_7_an_individual_line_in_a_group(check, bundle):
    set_cell(bundle, "services.csv", "SV2", "grouping", "individual")

    assert broken(check(), "rule 7", "individual")


def test_rule_7_grades_too_far_apart(check, bundle):
    set_cell(bundle, "students.csv", "S2", "grade", "4")

    assert broken(check(), "rule 7", "spreads grades")


def test_rule_7_a_kindergartner_and_a_second_grader_are_two_grades_apart(check, bundle):
    set_cell(bundle, "students.csv", "S2", "grade", "K")

    assert broken(check(), "rule 7", "spreads grades more than 1")


def test_rule_7_more_students_than_a_max_group(check, bundle):
    set_cell(bundle, "services.csv", "SV2", "max_group", "1")

    assert broken(check(), "rule 7", "max_group")


def test_rule_7_mixed_session_lengths(check, bundle, doc):
    set_cell(bundle, "services.csv", "SV2", "session_minutes", "15")
    set_cell(bundle, "services.csv", "SV2", "minutes", "15")

    assert broken(check(), "rule 7", "mixes session lengths")


def test_rule_7_a_push_in_group_of_two_teachers(check, bundle, doc):
    for line in ("SV1", "SV2"):
        set_cell(bundle, "services.csv", line, "delivery", "push_in")
    set_cell(bundle, "students.csv", "S2", "teacher", "t2")
    find(doc, "a")["delivery"] = "push_in"
    find(doc, "b")["delivery"] = "push_in"

    assert broken(check(), "rule 7", "push-in group of several teachers")


# --- fixed day and time (docs/bundle.md) ----------------------------------------------


def _fix(bundle, line: str, day: str, start: str) -> None:
    header = bundle["services.csv"][0]
    if "fixed_day" not in header:
        header += ["fixed_day", "fixed_start"]
        for row in bundle["services.csv"][1:]:
            row += ["", ""]
    set_cell(bundle, "services.csv", line, "fixed_day", day)
    set_cell(bundle, "services.csv", line, "fixed_start", start)


def test_a_fixed_line_held_at_its_day_and_start_passes(check, bundle):
    _fix(bundle, "SV5", "Mon", "10:45")

    assert check() == []


def test_a_fixed_line_held_at_another_time_is_named(check, bundle):
    _fix(bundle, "SV5", "Tue", "10:45")

    assert broken(check(), "fixed", "session e", "SV5 is fixed to Tue 10:45")
