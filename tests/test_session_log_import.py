"""`flask import-session-log FILE.csv`: logs from another system, matched to the sessions
planned on their dates, all or nothing, with the bundle's `file:line: column: message`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from schoolot.errors import ValidationFailed
from schoolot.extensions import db
from schoolot.models import SessionLog
from schoolot.models.audit import Change
from schoolot.service_log.importer import import_session_log
from tests.carryover_district import small_district

D = dt.date
T = dt.time
HEADER = "date,student,service,start,minutes,status,reason,note\n"
# Mondays 09:00 Mia and Noah (a group of two), Wednesdays 10:00 Mia; standing from 1 Sep.
GOOD = HEADER + (
    "2026-08-31,MIA1,SV-MIA,09:00,30,delivered,,Before the schedule stood\n"
    "2026-09-07,MIA1,SV-MIA,09:00,30,delivered,,Worked on grasp\n"
    "2026-09-07,NOAH1,SV-NOAH,09:00,,missed,student_absent,\n"
    "2026-09-09,MIA1,SV-MIA,10:00,25,delivered,,\n"
    "2026-09-10,MIA1,SV-MIA,13:00,20,delivered,,Extra session before testing\n"
    "2026-09-14,NOAH1,SV-NOAH,09:00,30,missed,therapist_absent,\n"
)


def _write(tmp_path: Path, text: str, name: str = "logs.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _logs() -> list[SessionLog]:
    return list(db.session.scalars(select(SessionLog).order_by(SessionLog.date, SessionLog.id)))


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_rows_become_planned_logs_when_they_match_the_schedule_that_stood(app, runner, tmp_path):
    small = small_district(db.session)
    db.session.commit()

    result = runner.invoke(args=["import-session-log", _write(tmp_path, GOOD)])

    assert result.exit_code == 0, result.output
    assert result.output == "logs.csv: 6 session logs imported (4 planned, 2 extra).\n"
    uids = {small.monday.uid: "Mon", small.wednesday.uid: "Wed", None: "-"}
    got = [
        f"{log.date} {log.student.code} {log.service_line.code} {log.start:%H:%M} {log.kind} "
        f"{uids[log.session_uid]} {log.status} {log.minutes}/{log.planned_minutes} "
        f"{log.reason} group {log.group_size}"
        for log in _logs()
    ]
    assert got == [
        # 31 Aug: before the first schedule stood, so nothing was planned: extra.
        "2026-08-31 MIA1 SV-MIA 09:00 extra - delivered 30/None None group 1",
        "2026-09-07 MIA1 SV-MIA 09:00 planned Mon delivered 30/30 None group 2",
        "2026-09-07 NOAH1 SV-NOAH 09:00 planned Mon missed 0/30 student_absent group 2",
        "2026-09-09 MIA1 SV-MIA 10:00 planned Wed delivered 25/30 None group 1",
        "2026-09-10 MIA1 SV-MIA 13:00 extra - delivered 20/None None group 1",
        "2026-09-14 NOAH1 SV-NOAH 09:00 planned Mon missed 0/30 therapist_absent group 2",
    ]
    # Extra sessions go to the student's therapist, at the student's school.
    assert {(log.therapist_id, log.school_id) for log in _logs()} == {
        (small.therapist.id, small.school.id)
    }
    assert _logs()[1].note == "Worked on grasp" and _logs()[2].note is None


def test_the_import_is_one_batch_in_the_history_by_the_import_of_the_file(app, runner, tmp_path):
    small_district(db.session)
    db.session.commit()

    runner.invoke(args=["import-session-log", _write(tmp_path, GOOD)])

    changes = db.session.scalars(select(Change).where(Change.record_kind == "session_log")).all()
    assert {change.actor for change in changes} == {"import of logs.csv"}
    assert len({change.batch for change in changes}) == 1
    assert {change.record_id for change in changes} == {log.id for log in _logs()}


def test_importing_the_same_file_again_adds_nothing(app, runner, tmp_path):
    small_district(db.session)
    db.session.commit()
    path = _write(tmp_path, GOOD)
    runner.invoke(args=["import-session-log", path])
    changes = _count(Change)

    again = runner.invoke(args=["import-session-log", path])

    assert again.exit_code == 0, again.output
    assert again.output == (
        "logs.csv: 0 session logs imported (0 planned, 0 extra); "
        "6 already imported, left as they were.\n"
    )
    assert _count(SessionLog) == 6 and _count(Change) == changes


def test_a_row_contradicting_a_saved_log_is_refused_and_nothing_is_imported(app, runner, tmp_path):
    small_district(db.session)
    db.session.commit()
    runner.invoke(args=["import-session-log", _write(tmp_path, GOOD)])
    changed = GOOD.replace("2026-09-07,MIA1,SV-MIA,09:00,30", "2026-09-07,MIA1,SV-MIA,09:00,20")
    changed += "2026-09-16,MIA1,SV-MIA,10:00,30,delivered,,\n"

    result = runner.invoke(args=["import-session-log", _write(tmp_path, changed)])

    assert result.exit_code == 1
    assert result.output == (
        "logs.csv:3: status: this session is already logged (delivered, 30 minutes) and the "
        "row says otherwise (minutes): amend that log in the app (with a reason) or correct "
        "the row\n"
        "1 problem: nothing was imported.\n"
    )
    assert _count(SessionLog) == 6
    assert {log.minutes for log in _logs() if log.date == D(2026, 9, 7)} == {30, 0}


BAD = HEADER + (
    "2026-09-07,MIA1,SV-MIA,09:00,30,delivered,,fine\n"  # 2: good
    "2026-13-01,MIA1,SV-MIA,09:00,30,delivered,,\n"  # 3
    "2026-09-07,ZED,SV-MIA,9am,30,delivered,,\n"  # 4
    "2026-09-07,NOAH1,SV-MIA,09:00,30,delivered,,\n"  # 5
    "2026-09-07,MIA1,SV-NONE,09:00,30,delivered,,\n"  # 6
    "2026-09-07,NOAH1,SV-NOAH,09:00,30,done,,\n"  # 7
    "2026-09-07,NOAH1,SV-NOAH,09:00,0,delivered,,\n"  # 8
    "2026-09-07,NOAH1,SV-NOAH,09:00,30,delivered,student_absent,\n"  # 9
    "2026-09-07,NOAH1,SV-NOAH,09:00,,missed,,\n"  # 10
    "2026-09-07,NOAH1,SV-NOAH,09:00,,missed,sick,\n"  # 11
    "2026-08-18,NOAH1,SV-NOAH,09:00,30,delivered,,\n"  # 12
    "2026-09-07,MIA1,SV-MIA,09:00,30,delivered,,\n"  # 13: line 2 again
    "2026-09-08,NOAH1,SV-NOAH,11:00,,missed,student_absent,\n"  # 14: nothing planned
    "2026-09-08,NOAH1,SV-NOAH,11:00,half,delivered,,\n"  # 15
    "2026-11-02,NOAH1,SV-NOAH,09:00,30,delivered,,\n"  # 16: after the line's end
    ",NOAH1,,09:00,30,delivered,,\n"  # 17
)
REASONS = "student_absent, student_unavailable, therapist_absent, school_closed, therapist_reassigned, other"  # noqa: E501


def test_every_problem_is_listed_with_file_line_and_column_and_nothing_is_imported(
    app, runner, tmp_path
):
    small = small_district(db.session)
    small.noah_line.end = D(2026, 10, 31)
    db.session.commit()
    changes = _count(Change)

    result = runner.invoke(args=["import-session-log", _write(tmp_path, BAD, "march.csv")])

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "march.csv:3: date: '2026-13-01' is not a date in YYYY-MM-DD form",
        "march.csv:4: student: unknown student 'ZED'",
        "march.csv:4: start: '9am' is not a time in HH:MM (24-hour) form",
        "march.csv:5: service: 'SV-MIA' is a service line of student 'MIA1'",
        "march.csv:6: service: unknown service line 'SV-NONE'",
        "march.csv:7: status: 'done' is not one of delivered, missed",
        "march.csv:8: minutes: 0 is below 1",
        "march.csv:9: reason: must be empty when the session was delivered",
        f"march.csv:10: reason: required when missed: one of {REASONS}",
        f"march.csv:11: reason: 'sick' is not one of {REASONS}",
        "march.csv:12: date: 2026-08-18 is outside the school year (2026-08-19 to 2027-05-27)",
        "march.csv:13: start: the same session as line 2 (service, date and start)",
        "march.csv:14: minutes: no session of 'SV-NOAH' was planned on 2026-09-08 at 11:00: "
        "give the minutes the missed session was to last",
        "march.csv:15: minutes: 'half' is not a whole number",
        "march.csv:16: date: 'SV-NOAH' is not in service on 2026-11-02 (only 2026-03-01 to "
        "2026-10-31)",
        "march.csv:17: date: required, but empty",
        "march.csv:17: service: required, but empty",
        "17 problems: nothing was imported.",
    ]
    assert _count(SessionLog) == 0 and _count(Change) == changes


def test_one_bad_row_imports_nothing(app, runner, tmp_path):
    small_district(db.session)
    db.session.commit()

    result = runner.invoke(
        args=[
            "import-session-log",
            _write(tmp_path, GOOD + "2026-09-16,MIA1,SV-MIA,10:00,30,delivered,other,\n"),
        ]
    )

    assert result.exit_code == 1
    assert result.output == (
        "logs.csv:8: reason: must be empty when the session was delivered\n"
        "1 problem: nothing was imported.\n"
    )
    assert _count(SessionLog) == 0


def test_a_missing_column_or_a_file_that_is_no_csv_text_is_refused(app, runner, tmp_path):
    small_district(db.session)
    db.session.commit()
    no_minutes = "date,student,service,start,status\n2026-09-07,MIA1,SV-MIA,09:00,delivered\n"
    binary = tmp_path / "logs.xlsx"
    binary.write_bytes(b"PK\x03\x04 a spreadsheet")

    missing = runner.invoke(args=["import-session-log", _write(tmp_path, no_minutes)])
    spreadsheet = runner.invoke(args=["import-session-log", str(binary)])

    assert missing.output == (
        "logs.csv:1: minutes: missing required column\n1 problem: nothing was imported.\n"
    )
    assert spreadsheet.output == (
        "logs.xlsx: is a .zip file (a spreadsheet?), not CSV text\n"
        "1 problem: nothing was imported.\n"
    )


def test_a_date_after_today_is_refused(app, tmp_path):
    small_district(db.session)
    db.session.commit()
    path = _write(tmp_path, HEADER + "2026-09-21,MIA1,SV-MIA,09:00,30,delivered,,\n")

    with pytest.raises(ValidationFailed) as refused:
        import_session_log(db.session(), path, today=D(2026, 9, 20))

    assert refused.value.problems == [
        "logs.csv:2: date: 2026-09-21 is after today (2026-09-20): only sessions that happened"
    ]


def test_a_planned_session_already_logged_in_the_app_counts_as_already_imported(
    app, runner, tmp_path
):
    small = small_district(db.session)
    db.session.add(
        SessionLog(
            service_line_id=small.mia_line.id,
            student_id=small.mia.id,
            therapist_id=small.therapist.id,
            school_id=small.school.id,
            date=D(2026, 9, 9),
            start=T(10),
            minutes=25,
            planned_minutes=30,
            kind="planned",
            session_uid=small.wednesday.uid,
            status="delivered",
            group_size=1,
        )
    )
    db.session.commit()

    result = runner.invoke(args=["import-session-log", _write(tmp_path, GOOD)])

    assert result.output == (
        "logs.csv: 5 session logs imported (3 planned, 2 extra); "
        "1 already imported, left as they were.\n"
    )
    assert _count(SessionLog) == 6
