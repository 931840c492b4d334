"""Bundle uploads through the RQ queue, against a real Redis server at 127.0.0.1:6379
(database 15, as tests/test_jobs_rq.py): the upload's bytes travel in the database, so
a worker on another machine can run it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, SimpleWorker

from config import TestConfig
from schoolot import create_app
from schoolot.extensions import db
from schoolot.jobs import IMPORT, RQRunner, runner_for
from schoolot.jobs.imports import IMPORT_TIMEOUT_SECONDS, start_import
from schoolot.jobs.runners import KINDS
from schoolot.models import ImportJob, Student
from tests.bundle_files import DEMO, zip_folder
from tests.import_jobs import database_app

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis() -> Redis:
    connection = Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except RedisError as error:
        pytest.fail(f"Redis is not reachable at {REDIS_URL} ({error})", pytrace=False)
    Queue(IMPORT.queue, connection=connection).empty()
    return connection


@pytest.fixture
def app(tmp_path, redis: Redis) -> Iterator[Flask]:
    # The web side: its runner puts jobs on the queue.
    yield from database_app(tmp_path, REDIS_URL=REDIS_URL)
    Queue(IMPORT.queue, connection=redis).empty()


def test_an_upload_goes_on_the_import_queue_and_a_worker_imports_it(app, redis, tmp_path):
    content = zip_folder(DEMO, tmp_path / "demo.zip").read_bytes()
    job = start_import(db.session, None, "demo.zip", content, check_only=False)
    db.session.commit()

    runner = runner_for(app)
    runner.submit(job.id, IMPORT_TIMEOUT_SECONDS, IMPORT)

    assert isinstance(runner, RQRunner)
    assert Queue(IMPORT.queue, connection=redis).job_ids == [f"schoolot-import-{job.id}"]
    # The worker: an app of its own (another machine would have one), the queues in
    # `flask worker`'s order.
    worker_app = create_app(
        type(
            "WorkerConfig",
            (TestConfig,),
            {
                "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            },
        )
    )
    with worker_app.app_context():
        queues = [Queue(kind.queue, connection=redis) for kind in KINDS]
        SimpleWorker(queues, connection=redis).work(burst=True)
        db.engine.dispose()

    db.session.expire_all()
    ended = db.session.get(ImportJob, job.id)
    assert ended.state == "done", ended.message
    assert ended.report["counts"]["students.csv"]["created"] == 36
    assert db.session.scalar(db.select(ImportJob.upload).where(ImportJob.id == job.id)) is None
    assert db.session.scalar(db.select(db.func.count()).select_from(Student)) == 36
