"""Issue 9, finding 8: no exported cell starts a spreadsheet formula, and the export
still imports back to the same data (export -> import -> export is byte for byte the same)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from schoolot.bundle import export_bundle, import_bundle
from schoolot.extensions import db
from schoolot.generator.district import generate_district
from schoolot.models import Goal, Student
from tests.bundle_files import DEMO, copy_demo, read_rows, set_cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What people type (a goal "- uses scissors" is real text) and what attackers send.
DANGEROUS = [
    "=cmd|' /C calc'!A0",
    "+1",
    "-x",
    "@SUM(1)",
    "\tTab first",
    "\rCarriage return first",
    "'=already quoted by hand",
    "''+two quotes",
]
# A name is one line: tab and CR are refused at input (finding 9), so the round trip
# carries the formula characters only.
NAMES = DANGEROUS[:4] + DANGEROUS[6:]


def _cells(folder: Path) -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(folder.iterdir()):
        for line, row in enumerate(read_rows(folder, path.name), start=1):
            found += [(path.name, line, cell) for cell in row]
    return found


def _formula_cells(folder: Path) -> list[tuple[str, int, str]]:
    return [c for c in _cells(folder) if c[2].startswith(FORMULA_STARTS)]


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.fixture
def dangerous_district(app) -> None:
    """The demo district, its first goals and students holding formula-like text."""
    import_bundle(db.session(), DEMO)
    goals = db.session.scalars(select(Goal).order_by(Goal.code)).all()
    for goal, text in zip(goals, DANGEROUS, strict=False):
        goal.description = text
        goal.baseline = text.strip()
    students = db.session.scalars(select(Student).order_by(Student.code)).all()
    for student, text in zip(students, NAMES, strict=False):
        student.first_name = student.last_name = text
    db.session.commit()


def test_no_exported_cell_starts_a_formula(dangerous_district, tmp_path):
    # Single-line text with a leading tab or CR can only come from outside the forms and
    # the import (an old row, a hand-edited database): the export neutralises it too.
    student = db.session.scalars(select(Student).order_by(Student.code.desc())).first()
    student.first_name = '\t=HYPERLINK("http://evil.example")'
    student.last_name = "\r@SUM(1)"
    db.session.commit()
    out = tmp_path / "export"

    export_bundle(db.session(), out)

    assert _formula_cells(out) == []
    descriptions = [row[3] for row in read_rows(out, "goals.csv")[1:]]
    for text in DANGEROUS:
        assert "'" + text in descriptions


def test_export_import_export_is_lossless(dangerous_district, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    export_bundle(db.session(), first)

    report = import_bundle(db.session(), first)
    db.session.commit()
    export_bundle(db.session(), second)

    assert not report.changed, report.summary_lines()
    assert _files(second) == _files(first)
    descriptions = set(db.session.scalars(select(Goal.description)))
    assert set(DANGEROUS) <= descriptions
    names = set(db.session.scalars(select(Student.first_name)))
    assert set(NAMES) <= names


def test_a_bundle_written_before_the_rule_still_imports_as_it_did(app, tmp_path):
    """Old files stay valid: a cell starting with one quote before other text is kept."""
    bundle = copy_demo(tmp_path)
    set_cell(bundle, "goals.csv", 2, "description", "'Quoted' by the teacher")
    import_bundle(db.session(), bundle)
    assert "'Quoted' by the teacher" in set(db.session.scalars(select(Goal.description)))


def test_the_generated_district_holds_no_formula_cell(tmp_path):
    generate_district(tmp_path, schools=2, therapists=1, students=20, seed=3)
    assert _formula_cells(tmp_path) == []
