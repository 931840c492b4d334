"""Solving through the RQ queue, against a real Redis server at 127.0.0.1:6379.

CI starts redis-server. These tests fail (they never skip) when it is not reachable.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest
from flask import Flask
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, SimpleWorker

from schoolot.extensions import db
from schoolot.jobs import RunnerUnavailable, lease, runner_for, start_solve
from schoolot.jobs.runners import QUEUE_NAME, RQRunner
from schoolot.jobs.service import expire_stale_jobs
from schoolot.models import SolveJob
from tests.databases import empty_tables
from tests.factories import SmallDistrict
from tests.test_jobs import database_app

# Database 15: the tests empty their queue and must not touch a developer's jobs in 0.
REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis() -> Redis:
    connection = Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except RedisError as error:
        pytest.fail(
            f"Redis is not reachable at {REDIS_URL} ({error}): the RQ tests need a running "
            "redis-server (apt-get install redis-server; redis-server --daemonize yes).",
            pytrace=False,
        )
    Queue(QUEUE_NAME, connection=connection).empty()
    return connection


@pytest.fixture
def app(tmp_path, redis: Redis) -> Iterator[Flask]:
    app = database_app(tmp_path, REDIS_URL=REDIS_URL)
    with app.app_context():
        db.create_all()
        empty_tables()  # whatever an earlier test or its worker left behind
        yield app
        db.session.remove()
        empty_tables()
        db.engine.dispose()
    Queue(QUEUE_NAME, connection=redis).empty()


@pytest.fixture
def job_id(app: Flask) -> int:
    """A solve of a SmallDistrict, committed and put on the queue."""
    district = SmallDistrict(db.session)
    job = start_solve(db.session, district.coordinator, 2, 1)
    db.session.commit()
    runner_for(app).submit(job.id, job.time_limit)
    return job.id


def work_the_queue(redis: Redis) -> None:
    """What `flask worker --burst` does, in this process (no fork): run every queued job."""
    SimpleWorker([Queue(QUEUE_NAME, connection=redis)], connection=redis).work(burst=True)


def test_with_redis_url_a_solve_is_put_on_the_rq_queue(app, redis, job_id):
    queue = Queue(QUEUE_NAME, connection=redis)

    assert isinstance(runner_for(app), RQRunner)
    assert queue.job_ids == [f"schoolot-solve-{job_id}"]
    assert db.session.get(SolveJob, job_id).state == "queued"


def test_an_rq_worker_runs_the_queued_job_to_a_draft(app, redis, job_id):
    work_the_queue(redis)

    db.session.expire_all()
    job = db.session.get(SolveJob, job_id)
    assert job.state == "done", job.message
    assert job.progress
    assert job.schedule is not None and job.schedule.state == "draft"


def test_an_unreachable_queue_is_refused_with_a_message(app):
    runner = RQRunner("redis://127.0.0.1:1/0")

    with pytest.raises(RunnerUnavailable, match="cannot be reached"):
        runner.submit(1, 10)


def test_flask_worker_refuses_to_start_without_redis_url(tmp_path):
    app = database_app(tmp_path, REDIS_URL=None)

    result = app.test_cli_runner().invoke(args=["worker", "--burst"])

    assert result.exit_code == 1
    assert "REDIS_URL is not set" in result.output


def test_a_killed_work_horse_leaves_no_process_behind_and_its_job_fails(redis, tmp_path):
    # A real `flask worker`: it forks a work horse per job, which owns the solver's pool.
    from tests.security import test_killed_solve as kill

    database_url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'rq.sqlite'}"

    class LiveConfig(kill.TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        JOB_LEASE_SECONDS = kill.LEASE_SECONDS
        REDIS_URL = REDIS_URL

    app = kill.create_app(LiveConfig)
    with app.app_context():
        db.create_all()
        empty_tables()
        kill.load_demo(db.session)
        db.session.commit()
        job_id = kill._queued_job(app)
        runner_for(app).submit(job_id, kill.TIME_LIMIT)
        worker = kill._start([kill._flask(), "worker"], database_url, REDIS_URL=REDIS_URL)
        try:
            kill._wait_until_running(job_id, worker)
            kill._wait_for_solver_workers(worker)
            owner = lease.Owner.parse(kill._job(job_id).owner)
            horse = owner.pid
            started = kill._descendants(horse)
            assert horse in kill._descendants(worker.pid)
            os.kill(horse, signal.SIGKILL)

            kill._assert_all_gone(set(started))
            assert expire_stale_jobs(db.session, lease_seconds=600)[0].id == job_id
            db.session.commit()
            assert kill._job(job_id).message.startswith(kill.SERVER_ENDED)
            assert worker.poll() is None  # the worker itself carries on
        finally:
            worker.send_signal(signal.SIGTERM)
            kill._end(worker)
            db.session.remove()
            empty_tables()
            db.engine.dispose()
