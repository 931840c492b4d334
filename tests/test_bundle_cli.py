"""`flask import-bundle` and `flask export-bundle`."""

from __future__ import annotations

from sqlalchemy import func, select

from schoolot.extensions import db
from schoolot.models import School, Student
from tests.bundle_files import DEMO, copy_demo, read_rows, set_cell


def _students() -> int:
    return db.session.scalar(select(func.count()).select_from(Student))


def test_import_command_imports_and_prints_the_report(runner):
    result = runner.invoke(args=["import-bundle", str(DEMO)])
    assert result.exit_code == 0, result.output
    assert "students.csv: 36 created, 0 updated, 0 deleted, 0 unchanged" in result.stdout
    db.session.remove()  # the command committed: a fresh session sees it
    assert _students() == 36


def test_import_command_with_problems_prints_them_to_stderr_and_exits_1(runner, tmp_path):
    bundle = copy_demo(tmp_path)
    set_cell(bundle, "schools.csv", 2, "day_end", "nine")

    result = runner.invoke(args=["import-bundle", str(bundle)])

    assert result.exit_code == 1
    assert "schools.csv:2: day_end: 'nine' is not a time in HH:MM (24-hour) form" in result.stderr
    assert "nothing was imported" in result.stderr
    assert result.stdout == ""
    assert _students() == 0


def test_dry_run_reports_but_imports_nothing(runner):
    result = runner.invoke(args=["import-bundle", "--dry-run", str(DEMO)])
    assert result.exit_code == 0, result.output
    assert "schools.csv: 4 created" in result.stdout
    assert "Dry run" in result.stdout
    db.session.remove()
    assert db.session.scalar(select(func.count()).select_from(School)) == 0


def test_export_command_writes_every_file(runner, tmp_path):
    runner.invoke(args=["import-bundle", str(DEMO)])
    out = tmp_path / "export"

    result = runner.invoke(args=["export-bundle", str(out)])

    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in DEMO.iterdir())
    assert len(read_rows(out, "blocks.csv")) == len(read_rows(DEMO, "blocks.csv"))
