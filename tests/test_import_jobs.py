"""Bundle uploads as background jobs: queued with their bytes, run by the in-process
worker with their progress recorded, ending with the report or the problems, the upload
deleted however the job ends, one at a time, and failed by the lease rule when the
worker dies."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import event, func, select

from schoolot.bundle import validate_bundle
from schoolot.bundle.progress import CHECKING, IMPORTING
from schoolot.extensions import db
from schoolot.jobs import IMPORT, lease, runner_for
from schoolot.jobs.imports import (
    SERVER_ENDED,
    ImportBusy,
    expire_stale_imports,
    run_import,
    start_import,
)
from schoolot.jobs.runners import session_factory
from schoolot.models import ImportJob, Student, Teacher
from schoolot.models.users import utcnow
from tests.bundle_files import DEMO, copy_demo, set_cell, zip_folder
from tests.factories import make_user
from tests.import_jobs import WAIT_SECONDS, database_app, finish_jobs


@pytest.fixture
def app(tmp_path) -> Iterator[Flask]:
    yield from database_app(tmp_path)


@pytest.fixture
def demo_zip(tmp_path) -> bytes:
    return zip_folder(DEMO, tmp_path / "demo.zip").read_bytes()


@pytest.fixture
def coordinator(app):
    user = make_user(db.session, "coordinator")
    db.session.commit()
    return user


def queue(coordinator, content: bytes, check_only: bool = False, name="district.zip") -> int:
    job = start_import(db.session, coordinator, name, content, check_only)
    db.session.commit()
    return job.id


def run(app: Flask, job_id: int) -> ImportJob:
    runner_for(app).submit(job_id, 60, IMPORT)
    finish_jobs(app)
    db.session.expire_all()
    job = db.session.get(ImportJob, job_id)
    assert job is not None
    return job


def upload_of(job_id: int) -> bytes | None:
    return db.session.scalar(select(ImportJob.upload).where(ImportJob.id == job_id))


def students() -> int:
    return db.session.scalar(select(func.count()).select_from(Student))


def test_an_upload_is_queued_with_its_bytes_and_its_own_name(app, coordinator, demo_zip):
    job_id = queue(coordinator, demo_zip, name="C:\\Users\\ana\\district 2026.zip")

    job = db.session.get(ImportJob, job_id)
    assert job.state == "queued" and job.active_slot == 1
    assert job.file_name == "district 2026.zip"
    assert job.upload_size == len(demo_zip)
    assert upload_of(job_id) == demo_zip


def test_an_import_runs_to_done_with_its_report_and_its_upload_deleted(app, coordinator, demo_zip):
    job = run(app, queue(coordinator, demo_zip))

    assert job.state == "done", job.message
    assert job.report["counts"]["students.csv"] == {
        "created": 36,
        "updated": 0,
        "deleted": 0,
        "unchanged": 0,
    }
    assert job.report["changed"] is True
    assert job.problems is None and job.active_slot is None
    assert job.finished_at is not None
    assert upload_of(job.id) is None
    assert students() == 36


def test_an_import_records_its_stages_on_its_row_as_it_goes(app, coordinator, demo_zip):
    written: list[dict] = []

    def watch(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("UPDATE import_job SET stage"):
            written.append(dict(zip(("stage", "done", "total"), _values(parameters), strict=True)))

    event.listen(db.engine, "before_cursor_execute", watch)
    try:
        run(app, queue(coordinator, demo_zip))
    finally:
        event.remove(db.engine, "before_cursor_execute", watch)

    stages = [w["stage"] for w in written]
    assert stages[0] == "reading district.csv"
    assert "reading students.csv" in stages
    checking = [w for w in written if w["stage"] == CHECKING]
    assert checking and checking[-1]["done"] == checking[-1]["total"] > 36
    assert stages[-1] == IMPORTING


def _values(parameters) -> tuple:
    if isinstance(parameters, dict):
        return tuple(parameters.values())[:3]
    return tuple(parameters)[:3]


def test_progress_is_reported_a_few_times_a_second_at_most(tmp_path):
    from schoolot.generator import generate_district

    folder = tmp_path / "district"
    generate_district(folder, schools=40, therapists=20, students=2000, seed=5)
    calls: list[tuple[float, str, int, int]] = []

    validate_bundle(folder, progress=lambda *call: calls.append((time.monotonic(), *call)))

    stages = [stage for _, stage, _, _ in calls]
    assert stages[0] == "reading district.csv" and stages[-1] == CHECKING
    checks = [call for call in calls if call[1] == CHECKING]
    assert checks[-1][2] == checks[-1][3] > 2000
    # Within a stage, calls are at least a throttle's interval apart (the last one, the
    # stage's end, excepted).
    for before, after in itertools.pairwise(checks[:-1]):
        assert after[0] - before[0] >= 0.2


def test_a_bundle_with_problems_ends_failed_with_them_and_imports_nothing(
    app, coordinator, tmp_path
):
    bundle = copy_demo(tmp_path)
    set_cell(bundle, "students.csv", 4, "teacher", "ghost@district.example")
    set_cell(bundle, "services.csv", 3, "minutes", "45")
    content = zip_folder(bundle, tmp_path / "bad.zip").read_bytes()

    job = run(app, queue(coordinator, content, name="bad.zip"))

    assert job.state == "failed"
    assert job.message == "2 problems: nothing was imported."
    assert job.problem_count == 2
    first, second = job.problems
    assert first.startswith("services.csv:3: minutes: 45 minutes is not a whole number")
    assert second.startswith("students.csv:4: teacher: unknown teacher 'ghost@district.example'")
    assert job.report is None and job.active_slot is None
    assert upload_of(job.id) is None
    assert students() == 0


def test_a_check_only_upload_reports_and_imports_nothing(app, coordinator, demo_zip):
    job = run(app, queue(coordinator, demo_zip, check_only=True))

    assert job.state == "done"
    assert job.message.startswith("Checked: the bundle is valid, nothing was imported")
    assert job.report["counts"]["students.csv"]["created"] == 36
    assert upload_of(job.id) is None
    assert students() == 0


def test_a_second_upload_is_refused_while_one_is_queued_or_running(app, coordinator, demo_zip):
    first = queue(coordinator, demo_zip)

    with pytest.raises(ImportBusy) as busy:
        queue(coordinator, demo_zip, name="second.zip")

    assert busy.value.job.id == first
    assert f"Import #{first} (district.zip) is still queued" in str(busy.value)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(ImportJob)) == 1
    run(app, first)
    assert queue(coordinator, demo_zip, name="third.zip") != first


def _held_by(job_id: int, owner: str, state: str, heartbeat_at: dt.datetime) -> None:
    job = db.session.get(ImportJob, job_id)
    job.state = state
    job.owner = owner
    job.started_at = heartbeat_at if state == "running" else None
    job.heartbeat_at = heartbeat_at
    db.session.commit()


def test_an_import_whose_worker_stopped_beating_is_failed_by_the_lease_rule(
    app, coordinator, demo_zip
):
    job_id = queue(coordinator, demo_zip)
    owner = lease.Owner("another-machine", 4242, "cafe", "", "").token
    _held_by(job_id, owner, "running", utcnow() - dt.timedelta(seconds=lease.LEASE_SECONDS + 5))

    expired = expire_stale_imports(db.session)
    db.session.commit()

    assert [job.id for job in expired] == [job_id]
    job = db.session.get(ImportJob, job_id)
    assert job.state == "failed" and job.message == SERVER_ENDED
    assert job.active_slot is None
    assert upload_of(job_id) is None
    # The next upload is taken at once.
    assert queue(coordinator, demo_zip) != job_id


def test_an_import_whose_worker_process_ended_is_failed_before_its_lease(
    app, coordinator, demo_zip
):
    ended = subprocess.Popen(["true"])
    ended.wait()
    this = lease.Owner.this_process()
    owner = lease.Owner(this.host, ended.pid, "dead", this.machine, "1").token
    job_id = queue(coordinator, demo_zip)
    _held_by(job_id, owner, "running", utcnow())

    expire_stale_imports(db.session)
    db.session.commit()

    job = db.session.get(ImportJob, job_id)
    assert job.state == "failed" and job.message == SERVER_ENDED
    assert upload_of(job_id) is None


def test_an_import_with_a_recent_heartbeat_keeps_running(app, coordinator, demo_zip):
    job_id = queue(coordinator, demo_zip)
    owner = lease.Owner("another-machine", 4242, "cafe", "", "").token
    _held_by(job_id, owner, "running", utcnow())

    assert expire_stale_imports(db.session) == []
    assert db.session.get(ImportJob, job_id).state == "running"
    assert upload_of(job_id) == demo_zip


def test_a_worker_that_lost_its_lease_imports_nothing(app, coordinator, demo_zip, monkeypatch):
    job_id = queue(coordinator, demo_zip)
    make_session = session_factory(db.engine)
    from schoolot.jobs import imports

    real_apply = imports.apply_bundle

    def apply_then_lose_the_lease(session, bundle, *args):
        report = real_apply(session, bundle, *args)
        # Meanwhile the job was failed as dead by someone looking at the pages.
        with make_session() as other:
            other.execute(
                ImportJob.__table__.update()
                .where(ImportJob.id == job_id)
                .values(ImportJob.end_values("failed", SERVER_ENDED, utcnow()))
            )
            other.commit()
        return report

    monkeypatch.setattr(imports, "apply_bundle", apply_then_lose_the_lease)
    if db.engine.dialect.name == "sqlite":
        pytest.skip("SQLite lets one connection write at a time: the other would wait")

    assert run_import(make_session, job_id) == "lost"

    db.session.expire_all()
    assert db.session.get(ImportJob, job_id).message == SERVER_ENDED
    assert students() == 0


# The web app's job runner, as the Import page uses it once the job is committed.
RUN_IMPORT = """
import sys
from config import TestConfig
from schoolot import create_app
from schoolot.jobs import IMPORT, runner_for

class ChildConfig(TestConfig):
    SQLALCHEMY_DATABASE_URI = sys.argv[1]

app = create_app(ChildConfig)
runner = runner_for(app)
runner.submit(int(sys.argv[2]), 600, IMPORT)
runner.wait()
"""


def test_a_worker_killed_while_importing_imports_nothing_and_its_job_is_failed(
    app, coordinator, tmp_path
):
    from schoolot.generator import generate_district

    folder = tmp_path / "district"
    generate_district(folder, schools=60, therapists=30, students=4000, seed=9)
    content = zip_folder(folder, tmp_path / "district.zip").read_bytes()
    job_id = queue(coordinator, content)
    url = db.engine.url.render_as_string(hide_password=False)
    root = Path(__file__).resolve().parents[1]
    child = subprocess.Popen([sys.executable, "-c", RUN_IMPORT, url, str(job_id)], cwd=root)
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            db.session.expire_all()
            job = db.session.get(ImportJob, job_id)
            if job.stage and job.stage.startswith(IMPORTING):
                break
            assert job.state in ("queued", "running"), job.message
            assert time.monotonic() < deadline, "the import never reached its writes"
            time.sleep(0.02)
        db.session.rollback()
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()

    expire_stale_imports(db.session)
    db.session.commit()

    job = db.session.get(ImportJob, job_id)
    assert job.state == "failed" and job.message == SERVER_ENDED
    assert upload_of(job_id) is None
    assert students() == 0
    assert db.session.scalar(select(func.count()).select_from(Teacher)) == 0


def test_the_import_command_prints_its_stages_when_asked(runner):
    result = runner.invoke(args=["import-bundle", str(DEMO), "--dry-run", "--progress"])

    assert result.exit_code == 0, result.output
    stages = result.stderr.splitlines()
    assert stages[0] == "reading district.csv" and "reading students.csv" in stages
    assert re.fullmatch(
        r"checking rows: ([\d,]+) of \1", stages[stages.index("importing district.csv") - 1]
    )
    assert "importing students.csv" in stages
    assert "Dry run: the bundle is valid; nothing was imported." in result.stdout
    quiet = runner.invoke(args=["import-bundle", str(DEMO), "--dry-run"])
    assert quiet.stderr == ""
