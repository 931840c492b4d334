"""`flask audit [--student ID] [--since DATE] [--json]`: issue 14's done-when, a
re-import changing one line's minutes shows the change, before, after and the import."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from schoolot.extensions import db
from schoolot.models import Change, ServiceLine
from tests.bundle_files import copy_demo, read_rows, set_cell


def _reimported_with_sv2_at_90(runner, tmp_path) -> ServiceLine:
    bundle = copy_demo(tmp_path)
    assert runner.invoke(args=["import-bundle", str(bundle)]).exit_code == 0
    line = next(n for n, row in enumerate(read_rows(bundle, "services.csv"), 1) if row[0] == "SV2")
    set_cell(bundle, "services.csv", line, "minutes", "90")
    assert runner.invoke(args=["import-bundle", str(bundle)]).exit_code == 0
    return db.session.scalar(select(ServiceLine).where(ServiceLine.code == "SV2"))


def test_json_shows_a_re_imported_line_change_with_the_import_as_actor(runner, tmp_path):
    line = _reimported_with_sv2_at_90(runner, tmp_path)
    student_code = line.student.code
    result = runner.invoke(args=["audit", "--student", student_code, "--json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    # The student and their records created by the first import, then the one change.
    assert {c["actor"] for c in listed} == {"import of bundle"}
    assert listed[-1]["record"] == {"kind": "service_line", "id": line.id, "label": "SV2"}
    assert (listed[-1]["field"], listed[-1]["before"], listed[-1]["after"]) == (
        "minutes",
        "60",
        "90",
    )
    assert {"at", "actor", "record", "field", "before", "after"} <= listed[-1].keys()
    assert all(c["student"] == line.student_id for c in listed)
    assert [c["record"]["kind"] for c in listed].count("student") == 1


def test_text_reads_as_sentences_and_since_leaves_older_changes_out(runner, tmp_path):
    line = _reimported_with_sv2_at_90(runner, tmp_path)
    result = runner.invoke(args=["audit", "--student", line.student.code])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].endswith(
        f"import of bundle changed SV2 from 60 to 90 min/{line.per}"
    )
    for change in db.session.scalars(select(Change)):
        change.at = dt.datetime(2026, 9, 1, 12, 0)
    db.session.commit()
    result = runner.invoke(args=["audit", "--since", "2026-09-02", "--json"])
    assert json.loads(result.output) == []
    result = runner.invoke(args=["audit", "--since", "2026-09-01", "--json"])
    assert len(json.loads(result.output)) == db.session.query(Change).count()


def test_a_deleted_student_s_history_is_still_found_by_their_id(runner, tmp_path, app):
    line = _reimported_with_sv2_at_90(runner, tmp_path)
    student = line.student
    code = student.code
    db.session.delete(student)
    db.session.commit()
    result = runner.invoke(args=["audit", "--student", code, "--json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    assert listed[-1]["action"] == "delete" and listed[-1]["actor"] == "system"
    assert any(c["field"] == "minutes" for c in listed)


def test_an_unknown_student_is_named(runner):
    result = runner.invoke(args=["audit", "--student", "S404"])
    assert result.exit_code == 1
    assert "no student with id 'S404'" in result.output
