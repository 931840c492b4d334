"""What the database deletes along with the rows an import deletes (its batched DELETE
statements, ON DELETE CASCADE) is recorded too, by the import: a student dropped from
the bundle takes their session logs and makeups with them, and the history keeps
them under the student."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from schoolot.audit import recording
from schoolot.extensions import db
from schoolot.models import Makeup, ServiceLine, SessionLog, Student, Therapist
from tests.audit.helpers import changes_after, last_change_id
from tests.bundle_files import copy_demo, delete_rows, read_rows


def _import(runner, bundle) -> None:
    result = runner.invoke(args=["import-bundle", str(bundle)])
    assert result.exit_code == 0, result.output


def test_a_student_dropped_by_a_re_import_takes_their_logs_and_makeups_on_record(
    app, runner, tmp_path
):
    bundle = copy_demo(tmp_path)
    _import(runner, bundle)
    code = read_rows(bundle, "students.csv")[-1][0]
    student = db.session.scalar(select(Student).where(Student.code == code))
    line = db.session.scalar(select(ServiceLine).where(ServiceLine.student_id == student.id))
    student_id, line_code = student.id, line.code
    with recording(actor="flask test"):
        log = SessionLog(
            service_line_id=line.id, student_id=student.id, date=dt.date(2026, 12, 1),
            start=dt.time(9, 0), minutes=0, planned_minutes=30, status="missed",
            reason="student_absent",
        )  # fmt: skip
        makeup = Makeup(
            uid="mk1", service_line_id=line.id, therapist_id=_any_therapist(),
            school_id=student.school_id, date=dt.date(2026, 12, 8), start=dt.time(10, 0),
            end=dt.time(10, 30),
        )  # fmt: skip
        db.session.add_all([log, makeup])
        db.session.commit()
    log_id, makeup_id = log.id, makeup.id
    for file in ("services.csv", "goals.csv", "equipment.csv"):
        delete_rows(bundle, file, lambda row: row["student"] != code)
    delete_rows(bundle, "blocks.csv", lambda row: row["target"] != code)
    delete_rows(bundle, "students.csv", lambda row: row["id"] != code)
    start = last_change_id()
    _import(runner, bundle)
    changes = changes_after(start)
    assert {c.actor for c in changes} == {"import of bundle"}
    assert len({c.batch for c in changes}) == 1
    mine = {(c.action, c.record_kind, c.record_id) for c in changes if c.student_id == student_id}
    assert {("delete", "session_log", log_id), ("delete", "makeup", makeup_id)} <= mine
    assert ("delete", "student", student_id) in mine
    logged = next(c for c in changes if c.record_kind == "session_log")
    assert f"service_line={line_code}" in logged.before and "reason=student_absent" in logged.before
    # Each deleted once.
    assert len([c for c in changes if c.record_kind == "session_log"]) == 1
    assert len([c for c in changes if c.record_kind == "makeup"]) == 1


def _any_therapist() -> int:
    return db.session.scalar(select(Therapist.id).limit(1))
