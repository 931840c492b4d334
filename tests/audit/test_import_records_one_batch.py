"""An import records its changes as one batch by "import of <file>": a re-import that
changes one line's minutes records exactly that change, before and after, even though
the import writes through batched statements as well as the ORM."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select

from schoolot.extensions import db
from schoolot.jobs import IMPORT, runner_for
from schoolot.jobs.imports import start_import
from schoolot.models import (
    Block,
    Change,
    ImportJob,
    School,
    ServiceLine,
    Student,
    Therapist,
    TravelTime,
    therapist_school,
)
from tests.audit.helpers import changes_after, last_change_id, what
from tests.bundle_files import (
    DEMO,
    cell,
    copy_demo,
    delete_rows,
    read_rows,
    set_cell,
    write_rows,
    zip_folder,
)
from tests.factories import make_user
from tests.import_jobs import database_app, finish_jobs


def _import(runner, bundle) -> None:
    result = runner.invoke(args=["import-bundle", str(bundle)])
    assert result.exit_code == 0, result.output


def _line_row(bundle, code: str) -> int:
    rows = read_rows(bundle, "services.csv")
    return next(n for n, row in enumerate(rows, start=1) if row[0] == code)


def test_a_first_import_records_every_record_created_in_one_batch(app, runner):
    _import(runner, DEMO)
    changes = changes_after(0)
    assert {c.actor for c in changes} == {"import of demo-district"}
    assert {c.actor_id for c in changes} == {None}
    assert len({c.batch for c in changes}) == 1
    created = Counter(c.record_kind for c in changes if c.action == "create")
    count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
    assert created["student"] == count(Student) == 36
    assert created["service_line"] == count(ServiceLine)
    assert created["block"] == count(Block)
    assert created["travel_time"] == count(TravelTime)
    # Rows written by batched INSERTs get their own ids too.
    block_ids = [c.record_id for c in changes if c.record_kind == "block"]
    assert sorted(block_ids) == sorted(db.session.scalars(select(Block.id)))
    # Every created record is named by its own id, and its changes point at it.
    line = db.session.scalar(select(ServiceLine).where(ServiceLine.code == "SV2"))
    (record,) = [c for c in changes if c.record_kind == "service_line" and c.record_label == "SV2"]
    assert (record.record_id, record.student_id) == (line.id, line.student_id)
    assert "minutes=60; per=week; session_minutes=30" in record.after


def test_re_importing_one_changed_line_records_exactly_that_change(app, runner, tmp_path):
    bundle = copy_demo(tmp_path)
    _import(runner, bundle)
    assert cell(bundle, "services.csv", _line_row(bundle, "SV2"), "minutes") == "60"
    set_cell(bundle, "services.csv", _line_row(bundle, "SV2"), "minutes", "90")
    start = last_change_id()
    _import(runner, bundle)
    changes = changes_after(start)
    assert what(changes) == [("update", "service_line", "SV2", "minutes", "60", "90")]
    line = db.session.scalar(select(ServiceLine).where(ServiceLine.code == "SV2"))
    assert (changes[0].record_id, changes[0].student_id) == (line.id, line.student_id)
    assert changes[0].actor == "import of bundle"


def test_a_re_import_of_the_same_bundle_records_nothing(app, runner):
    _import(runner, DEMO)
    start = last_change_id()
    _import(runner, DEMO)
    assert changes_after(start) == []


def test_a_dry_run_records_nothing(app, runner):
    result = runner.invoke(args=["import-bundle", "--dry-run", str(DEMO)])
    assert result.exit_code == 0
    assert changes_after(0) == []


def test_rows_the_import_deletes_and_replaces_are_recorded(app, runner, tmp_path):
    bundle = copy_demo(tmp_path)
    _import(runner, bundle)
    travel = read_rows(bundle, "travel.csv")
    header, first = travel[0], travel[1]
    minutes = header.index("minutes")
    old = first[minutes]
    first[minutes] = str(int(old) + 5)
    write_rows(bundle, "travel.csv", travel)
    gone_student = read_rows(bundle, "students.csv")[-1][0]
    for file in ("services.csv", "goals.csv", "equipment.csv"):
        delete_rows(bundle, file, lambda row: row["student"] != gone_student)
    delete_rows(bundle, "blocks.csv", lambda row: row["target"] != gone_student)
    delete_rows(bundle, "students.csv", lambda row: row["id"] != gone_student)
    start = last_change_id()
    _import(runner, bundle)
    changes = changes_after(start)
    assert len({c.batch for c in changes}) == 1
    # A changed travel row is matched by content: the old one deleted, the new created.
    travel_changes = sorted(
        (c.action, c.before or c.after) for c in changes if c.record_kind == "travel_time"
    )
    assert [action for action, _ in travel_changes] == ["create", "delete"]
    assert f"minutes={int(old) + 5}" in travel_changes[0][1]
    assert f"minutes={old}" in travel_changes[1][1]
    deleted_students = [c for c in changes if c.record_kind == "student"]
    assert [(c.action, c.record_label) for c in deleted_students] == [("delete", gone_student)]
    assert "first_name=" in deleted_students[0].before


def test_a_therapist_s_schools_changed_by_import_are_recorded(app, runner, tmp_path):
    bundle = copy_demo(tmp_path)
    _import(runner, bundle)
    rows = read_rows(bundle, "therapists.csv")
    schools = rows[0].index("schools")
    served = rows[1][schools].split()
    added = next(row[0] for row in read_rows(bundle, "schools.csv")[1:] if row[0] not in served)
    rows[1][schools] = " ".join([*served, added])
    write_rows(bundle, "therapists.csv", rows)
    therapist = db.session.scalar(select(Therapist).where(Therapist.code == rows[1][0]))
    names = {s.code: s.name for s in db.session.scalars(select(School))}
    start = last_change_id()
    _import(runner, bundle)
    changes = changes_after(start)
    before = ", ".join(sorted(names[c] for c in served))
    after = ", ".join(sorted(names[c] for c in [*served, added]))
    assert what(changes) == [("update", "therapist", therapist.name, "schools", before, after)]
    assert changes[0].record_id == therapist.id
    served_now = db.session.scalar(
        select(func.count())
        .select_from(therapist_school)
        .where(therapist_school.c.therapist_id == therapist.id)
    )
    assert served_now == len(served) + 1


# --- the import job: an upload through the Import page -----------------------------------


@pytest.fixture
def job_app(tmp_path) -> Iterator[Flask]:
    yield from database_app(tmp_path)


def test_an_uploaded_import_is_one_batch_by_the_file_and_its_uploader(job_app, tmp_path):
    coordinator = make_user(db.session, "coordinator")
    db.session.commit()
    content = zip_folder(DEMO, tmp_path / "demo.zip").read_bytes()
    job = start_import(db.session, coordinator, "district 2026.zip", content, False)
    db.session.commit()
    runner_for(job_app).submit(job.id, 60, IMPORT)
    finish_jobs(job_app)
    db.session.expire_all()
    assert db.session.get(ImportJob, job.id).state == "done"
    changes = list(db.session.scalars(select(Change).where(Change.record_kind == "student")))
    assert len(changes) == 36
    assert {(c.actor, c.actor_id) for c in changes} == {
        ("import of district 2026.zip", coordinator.id)
    }
    all_batches = set(
        db.session.scalars(select(Change.batch).where(Change.actor_id == coordinator.id))
    )
    assert len(all_batches) == 1
