"""Solving as a background job: the in-process worker, progress, cancel, failure, stale jobs."""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select

from config import TestConfig
from schoolot import create_app
from schoolot.errors import ValidationFailed
from schoolot.extensions import db
from schoolot.jobs import JobBusy, lease, runner_for, start_solve
from schoolot.jobs import run as job_run
from schoolot.jobs.run import run_job
from schoolot.jobs.runners import InProcessRunner, session_factory
from schoolot.jobs.service import expire_stale_jobs, request_cancel
from schoolot.models import ScheduledSession, ScheduleVersion, SolveJob
from schoolot.scheduling import store
from schoolot.scheduling.store import InvalidSolution
from schoolot.solver.solve import Cancelled
from tests.databases import empty_tables
from tests.factories import SmallDistrict, make_scheduled_session, make_version

WAIT_SECONDS = 60


def database_app(tmp_path, **settings) -> Flask:
    """An app on a database file (or TEST_DATABASE_URL): the worker thread opens its own
    connections, which an in-memory SQLite database cannot give it."""
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'jobs.sqlite'}"

    class JobConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = url
        SOLVER_WORKERS = 1  # one CP-SAT worker per week: fast and repeatable

    for name, value in settings.items():
        setattr(JobConfig, name, value)
    return create_app(JobConfig)


@pytest.fixture
def app(tmp_path) -> Iterator[Flask]:
    app = database_app(tmp_path)
    with app.app_context():
        db.create_all()
        empty_tables()  # whatever an earlier test or its worker left behind
        yield app
        db.session.remove()
        empty_tables()
        db.engine.dispose()


@pytest.fixture
def district(app: Flask) -> SmallDistrict:
    small = SmallDistrict(db.session)
    db.session.commit()
    return small


def submit(app: Flask, district: SmallDistrict, time_limit: float = 2, seed: int = 1) -> int:
    job = start_solve(db.session, district.coordinator, time_limit, seed)
    db.session.commit()
    runner_for(app).submit(job.id, job.time_limit)
    return job.id


def finish(app: Flask, job_id: int) -> SolveJob:
    runner = runner_for(app)
    assert isinstance(runner, InProcessRunner)
    assert runner.wait(WAIT_SECONDS), "the solve did not end in time"
    db.session.expire_all()
    job = db.session.get(SolveJob, job_id)
    assert job is not None
    return job


def wait_for(condition: Callable[[], bool], seconds: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


def job_row(job_id: int) -> SolveJob:
    """The job as the database has it now (the worker commits from other sessions)."""
    db.session.expire_all()
    job = db.session.get(SolveJob, job_id)
    assert job is not None
    return job


# --------------------------------------------------------------------- the in-process worker


def test_in_process_worker_runs_a_job_to_done_with_a_draft(app, district):
    job = finish(app, submit(app, district))

    assert job.state == "done", job.message
    assert job.schedule is not None
    assert job.schedule.state == "draft"
    assert job.schedule.lines_met == 2


def test_in_process_worker_records_the_progress_of_the_search(app, district):
    job = finish(app, submit(app, district))

    assert job.progress
    _seconds, objective, bound, *_ = job.progress[-1]
    assert objective == pytest.approx(job.schedule.objective)
    assert bound <= objective


def test_a_job_s_last_point_is_the_schedule_found_in_lines_driving_and_idle_minutes(app, district):
    job = finish(app, submit(app, district))

    version = job.schedule
    assert version.idle_minutes is not None
    *_, met, owed, most, drive, idle = job.progress[-1]
    assert (met, owed, most) == (version.lines_met, version.lines_owed, version.most_lines_met)
    assert (drive, idle) == (version.travel_minutes, version.idle_minutes)
    assert (met, owed) == (2, 2)


def test_a_job_s_search_points_read_lines_met_from_the_objective(app, district, monkeypatch):
    def solve_reporting(problem, time_limit, seed, workers, on_progress, should_stop):
        on_progress(0.1, 200_350.0, 100_020.0)  # two lines left out, one proven out
        wait_for(should_stop)
        raise Cancelled("stopped")

    monkeypatch.setattr(job_run, "solve", solve_reporting)
    job_id = submit(app, district, time_limit=30)
    wait_for(lambda: bool(job_row(job_id).progress))

    assert job_row(job_id).progress == [[0.1, 200_350.0, 100_020.0, 0, 2, 1, None, None]]
    request_cancel(db.session, job_row(job_id))
    db.session.commit()
    assert finish(app, job_id).state == "cancelled"


def test_a_finished_job_leaves_the_schedule_in_force_as_it_was(app, district):
    published = make_version(db.session, "published")
    make_scheduled_session(db.session, published, district.ot1, district.ana.services)
    db.session.commit()

    job = finish(app, submit(app, district))

    assert job.state == "done", job.message
    assert store.in_force(db.session).id == published.id
    assert job.schedule.based_on_id == published.id


def test_start_solve_refuses_while_another_job_is_queued(app, district):
    start_solve(db.session, district.coordinator, 10, 0)

    with pytest.raises(JobBusy, match="already queued"):
        start_solve(db.session, district.coordinator, 10, 0)


def test_start_solve_refuses_a_time_limit_out_of_range(app, district):
    with pytest.raises(ValidationFailed, match="time limit: 0 seconds is out of range"):
        start_solve(db.session, district.coordinator, 0, 0)


# --------------------------------------------------------------------- cancel


def stand_in_solve(seen: dict) -> Callable:
    """A solve that reports progress until told to stop, then stops with nothing found."""

    def solve(problem, time_limit, seed, workers, on_progress, should_stop):
        started = time.monotonic()
        objective = 1000.0
        while not should_stop():
            assert time.monotonic() - started < WAIT_SECONDS, "the cancel never arrived"
            objective = max(100.0, objective - 10)
            on_progress(time.monotonic() - started, objective, 50.0)
            time.sleep(0.05)
        seen["stopped_after"] = time.monotonic() - started
        raise Cancelled("stopped on request")

    return solve


def test_cancel_stops_a_running_job(app, district, monkeypatch):
    seen: dict = {}
    monkeypatch.setattr(job_run, "solve", stand_in_solve(seen))
    job_id = submit(app, district, time_limit=600)
    # Progress reaches the database while the job runs, about once a second.
    wait_for(lambda: bool(job_row(job_id).progress))

    request_cancel(db.session, job_row(job_id))
    db.session.commit()
    job = finish(app, job_id)

    assert job.state == "cancelled"
    assert job.schedule_id is None
    assert "stopped_after" in seen


def test_a_cancelled_job_keeps_the_best_schedule_found_as_a_draft(app, district, monkeypatch):
    real_solve = job_run.solve

    def solve_until_stopped(problem, time_limit, seed, workers, on_progress, should_stop):
        on_progress(0.1, 5000.0, 0.0)
        wait_for(should_stop)
        # What the real solver does on a stop: the best schedule so far.
        return real_solve(problem, time_limit=1, seed=seed, workers=workers)

    monkeypatch.setattr(job_run, "solve", solve_until_stopped)
    job_id = submit(app, district, time_limit=600)
    wait_for(lambda: job_row(job_id).state == "running")

    request_cancel(db.session, job_row(job_id))
    db.session.commit()
    job = finish(app, job_id)

    assert job.state == "cancelled"
    assert job.schedule is not None and job.schedule.state == "draft"
    assert f"kept as draft #{job.schedule_id}" in job.message


def test_cancel_of_a_queued_job_ends_it_before_a_worker_starts_it(app, district):
    job = start_solve(db.session, district.coordinator, 10, 0)
    request_cancel(db.session, job)
    db.session.commit()

    state = run_job(session_factory(db.engine), job.id, workers=1)

    assert state == "cancelled"
    assert job_row(job.id).started_at is None


# --------------------------------------------------------------------- failure


def test_a_job_whose_solve_raises_ends_failed_with_its_message(app, district, monkeypatch):
    def broken_solve(*args, **kwargs):
        raise RuntimeError("week 3 has no model")

    monkeypatch.setattr(job_run, "solve", broken_solve)

    job = finish(app, submit(app, district))

    assert job.state == "failed"
    assert "week 3 has no model" in job.message
    assert job.finished_at is not None


def test_a_failed_job_leaves_the_schedule_in_force_untouched(app, district, monkeypatch):
    published = make_version(db.session, "published")
    kept = make_scheduled_session(db.session, published, district.ot1, district.ana.services)
    db.session.commit()
    monkeypatch.setattr(job_run, "solve", lambda *a, **k: 1 / 0)

    job = finish(app, submit(app, district))

    assert job.state == "failed"
    assert db.session.scalar(select(func.count()).select_from(ScheduleVersion)) == 1
    assert store.in_force(db.session).id == published.id
    sessions = db.session.scalars(select(ScheduledSession)).all()
    assert [(s.id, s.weekday, s.start) for s in sessions] == [(kept.id, "Mon", dt.time(9, 0))]


def test_a_result_that_cannot_be_stored_ends_failed_and_stores_nothing(app, district, monkeypatch):
    def refuse(*args, **kwargs):
        raise InvalidSolution(["Ana L. (gr 2) has two sessions on Mon"])

    monkeypatch.setattr(job_run.store, "store_solution", refuse)

    job = finish(app, submit(app, district))

    assert job.state == "failed"
    assert job.message.startswith("The schedule found could not be stored")
    assert "two sessions on Mon" in job.message
    assert db.session.scalar(select(func.count()).select_from(ScheduleVersion)) == 0


def test_a_job_without_a_district_fails_saying_a_bundle_is_needed(app):
    job = start_solve(db.session, None, 5, 0)
    db.session.commit()

    state = run_job(session_factory(db.engine), job.id, workers=1)

    assert state == "failed"
    assert "import a bundle first" in job_row(job.id).message


def test_a_job_is_run_by_one_worker_only(app, district, monkeypatch):
    calls = []
    release = threading.Event()

    def slow_solve(*args, **kwargs):
        calls.append(1)
        release.wait(WAIT_SECONDS)
        raise Cancelled("done with the test")

    monkeypatch.setattr(job_run, "solve", slow_solve)
    job = start_solve(db.session, district.coordinator, 10, 0)
    db.session.commit()
    first = threading.Thread(target=run_job, args=(session_factory(db.engine), job.id, 1))
    first.start()
    wait_for(lambda: job_row(job.id).state == "running")

    second = run_job(session_factory(db.engine), job.id, workers=1)
    release.set()
    first.join(WAIT_SECONDS)

    assert second == "running"
    assert calls == [1]


# --------------------------------------------------------------------- stale jobs


def test_a_running_job_long_past_its_time_limit_is_marked_failed(app, district):
    # Its process still renews the lease, but the job is stuck.
    job = start_solve(db.session, district.coordinator, 60, 0)
    job.state, job.started_at = "running", dt.datetime(2026, 9, 1, 12, 0)
    job.owner, job.heartbeat_at = "elsewhere:1:ab", dt.datetime(2026, 9, 1, 12, 6, 59)

    expired = expire_stale_jobs(db.session, now=dt.datetime(2026, 9, 1, 12, 7))

    assert expired == [job]
    assert job.state == "failed"
    assert "The worker stopped answering" in job.message


def test_a_running_job_within_its_time_limit_is_left_running(app, district):
    job = start_solve(db.session, district.coordinator, 60, 0)
    job.state, job.started_at = "running", dt.datetime(2026, 9, 1, 12, 0)
    job.owner, job.heartbeat_at = "elsewhere:1:ab", dt.datetime(2026, 9, 1, 12, 4, 50)

    expire_stale_jobs(db.session, now=dt.datetime(2026, 9, 1, 12, 5))

    assert job.state == "running"


def test_a_queued_job_no_worker_starts_is_marked_failed(app, district):
    job = start_solve(db.session, district.coordinator, 60, 0)
    job.created_at = dt.datetime(2026, 9, 1, 12, 0)

    expire_stale_jobs(db.session, now=dt.datetime(2026, 9, 1, 12, 20))

    assert job.state == "failed"
    assert "No worker started this solve" in job.message


def test_a_stale_job_no_longer_blocks_a_new_solve(app, district):
    stale = start_solve(db.session, district.coordinator, 60, 0)
    stale.state, stale.started_at = "running", dt.datetime(2000, 1, 1)

    job = start_solve(db.session, district.coordinator, 60, 0)

    assert stale.state == "failed"
    assert job.state == "queued"


# --------------------------------------------------------------------- leases

NOW = dt.datetime(2026, 9, 1, 12, 0)
ELSEWHERE = "web2:4242:0a1b2c3d 11111111-2222-3333-4444-555555555555/4026531836:98765"


def _held(job: SolveJob, state: str, seconds_ago: float, owner: str = ELSEWHERE) -> SolveJob:
    job.state, job.owner = state, owner
    job.started_at = NOW - dt.timedelta(minutes=1) if state == "running" else None
    job.heartbeat_at = NOW - dt.timedelta(seconds=seconds_ago)
    db.session.flush()
    return job


def test_a_running_job_without_a_heartbeat_for_the_lease_is_failed(app, district):
    job = _held(start_solve(db.session, district.coordinator, 600, 0), "running", 46)

    expired = expire_stale_jobs(db.session, now=NOW, lease_seconds=45)

    assert expired == [job]
    assert job.state == "failed"
    assert job.active_slot is None
    assert job.message == (
        "The solve stopped: the server running it ended (restart or crash) at 06:59 CDT. "
        "Nothing was changed; solve again."
    )


def test_a_running_job_with_a_recent_heartbeat_keeps_running(app, district):
    job = _held(start_solve(db.session, district.coordinator, 600, 0), "running", 44)

    assert expire_stale_jobs(db.session, now=NOW, lease_seconds=45) == []
    assert job.state == "running"


def test_a_job_queued_for_a_worker_is_not_failed_by_the_lease(app, district):
    # RQ: no process holds it until a worker claims it; the 15-minute rule covers it.
    job = start_solve(db.session, district.coordinator, 60, 0)
    job.created_at = NOW - dt.timedelta(minutes=10)

    assert expire_stale_jobs(db.session, now=NOW, lease_seconds=45) == []
    assert job.state == "queued"


def test_a_queued_job_held_by_a_runner_that_died_is_failed(app, district):
    job = _held(start_solve(db.session, district.coordinator, 60, 0), "queued", 60)

    expire_stale_jobs(db.session, now=NOW, lease_seconds=45)

    assert job.state == "failed"
    assert job.message.startswith("The solve stopped: the server running it ended")


def test_a_job_whose_process_on_this_machine_ended_is_failed_before_its_lease(app, district):
    here = lease.Owner.this_process()
    ended = lease.Owner(here.host, here.pid, here.nonce, here.machine, "1")  # pid reused since
    job = _held(start_solve(db.session, district.coordinator, 60, 0), "running", 1, ended.token)

    expire_stale_jobs(db.session, now=NOW, lease_seconds=45)

    assert job.state == "failed"


def test_a_job_whose_process_on_this_machine_is_alive_keeps_running(app, district):
    alive = lease.Owner.this_process().token
    job = _held(start_solve(db.session, district.coordinator, 60, 0), "running", 1, alive)

    expire_stale_jobs(db.session, now=NOW, lease_seconds=45)

    assert job.state == "running"


def test_a_running_job_renews_its_heartbeat(tmp_path):
    app = database_app(tmp_path, JOB_LEASE_SECONDS=0.6)
    with app.app_context():
        db.create_all()
        empty_tables()
        try:
            small = SmallDistrict(db.session)
            db.session.commit()
            job_id = submit(app, small, time_limit=3)
            wait_for(lambda: job_row(job_id).state == "running")
            first = job_row(job_id).heartbeat_at
            wait_for(lambda: job_row(job_id).heartbeat_at != first, seconds=5)
            assert job_row(job_id).owner == runner_for(app).owner  # type: ignore[attr-defined]
            assert finish(app, job_id).state == "done"
        finally:
            db.session.remove()
            empty_tables()
            db.engine.dispose()
