"""students.csv's optional keep_therapist column (docs/bundle.md): old bundles import
as before and leave "keep" alone; yes marks a student kept; a kept student needs a
therapist; the export writes the column only when someone is kept."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from schoolot.bundle import export_bundle, import_bundle
from schoolot.errors import ValidationFailed
from schoolot.extensions import db
from schoolot.models import Student
from tests.bundle_files import DEMO, copy_demo, read_rows, set_cell, write_rows


def _with_keep(folder, cells):
    rows = read_rows(folder, "students.csv")
    write_rows(
        folder,
        "students.csv",
        [[*rows[0], "keep_therapist"], *([*r, cells.get(r[0], "")] for r in rows[1:])],
    )


def _kept():
    return set(db.session.scalars(select(Student.code).where(Student.keep_therapist)))


def test_yes_keeps_and_an_old_bundle_leaves_keep_alone(app, tmp_path):
    bundle = copy_demo(tmp_path)
    _with_keep(bundle, {"S10000": "yes", "S10001": "No"})
    import_bundle(db.session, bundle)
    db.session.commit()
    assert _kept() == {"S10000"}
    import_bundle(db.session, DEMO)  # no keep_therapist column
    db.session.commit()
    assert _kept() == {"S10000"}


def test_a_kept_student_needs_a_therapist(app, tmp_path):
    bundle = copy_demo(tmp_path)
    set_cell(bundle, "students.csv", 3, "therapist", "")  # S10001 has no therapist
    _with_keep(bundle, {"S10001": "yes", "S10000": "maybe"})
    with pytest.raises(ValidationFailed) as refused:
        import_bundle(db.session, bundle)
    text = "\n".join(refused.value.problems)
    assert "keep_therapist: a student kept with their therapist needs one" in text
    assert "keep_therapist: 'maybe' is not yes or no" in text


def test_the_export_writes_the_column_only_when_someone_is_kept(app, tmp_path):
    import_bundle(db.session, DEMO)
    db.session.commit()
    export_bundle(db.session, tmp_path / "plain")
    assert read_rows(tmp_path / "plain", "students.csv")[0][-1] == "iep_end"
    db.session.scalar(select(Student).where(Student.code == "S10000")).keep_therapist = True
    db.session.commit()
    export_bundle(db.session, tmp_path / "kept")
    rows = read_rows(tmp_path / "kept", "students.csv")
    assert rows[0][-1] == "keep_therapist"
    assert {r[0] for r in rows[1:] if r[-1] == "yes"} == {"S10000"}
    import_bundle(db.session, tmp_path / "kept")  # and it reads back the same
    db.session.commit()
    assert _kept() == {"S10000"}
