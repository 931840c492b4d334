"""`flask worker`: run import and solve jobs from the Redis queues; and the functions RQ calls."""

from __future__ import annotations

import click
from flask import Flask, current_app, has_app_context
from flask.cli import with_appcontext

from schoolot.extensions import db
from schoolot.jobs import lease_seconds
from schoolot.jobs.imports import expire_stale_imports, run_import
from schoolot.jobs.run import run_job
from schoolot.jobs.runners import KINDS, session_factory
from schoolot.jobs.service import expire_stale_jobs


def _worker_app() -> Flask:
    """The worker's app or, under a plain `rq worker`, an app built from the environment."""
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined]
    from schoolot import create_app

    return create_app()


def run_queued_job(job_id: int) -> str:
    """Run solve job `job_id` (RQ calls this in the worker)."""
    app = _worker_app()
    with app.app_context():
        return run_job(
            session_factory(db.engine),
            job_id,
            workers=app.config.get("SOLVER_WORKERS"),
            lease_seconds=lease_seconds(app),
        )


def run_queued_import(job_id: int) -> str:
    """Run import job `job_id` (RQ calls this in the worker)."""
    app = _worker_app()
    with app.app_context():
        return run_import(session_factory(db.engine), job_id, lease_seconds=lease_seconds(app))


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run bundle imports and solves from the Redis queues at REDIS_URL, one job at a time,
    an import before a solve (one worker per machine; a second one imports while a long
    solve runs)."""
    from redis import Redis
    from redis.exceptions import RedisError
    from rq import Queue, Worker

    url = current_app.config.get("REDIS_URL")
    if not url:
        click.echo(
            "error: REDIS_URL is not set. Without it the web process solves in a thread of "
            "its own and no worker is needed.",
            err=True,
        )
        raise SystemExit(1)
    connection = Redis.from_url(url)
    try:
        connection.ping()
    except RedisError as error:
        click.echo(f"error: cannot reach Redis at REDIS_URL: {error}", err=True)
        raise SystemExit(1) from None
    # Jobs whose process died (a worker killed mid-solve, say) end now, not at their lease.
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    expired = expire_stale_jobs(db.session(), lease_seconds=lease_seconds(app))
    expired_imports = expire_stale_imports(db.session(), lease_seconds=lease_seconds(app))
    db.session.commit()
    for job in expired:
        click.echo(f"Solve #{job.id}: {job.message}")
    for upload in expired_imports:
        click.echo(f"Import #{upload.id}: {upload.message}")
    # RQ forks a work horse per job: none may inherit this process's open connections.
    db.session.remove()
    db.engine.dispose()
    names = ", ".join(repr(kind.queue) for kind in KINDS)
    click.echo(f"Running jobs from queues {names}{' until they are empty' if burst else ''}.")
    queues = [Queue(kind.queue, connection=connection) for kind in KINDS]
    Worker(queues, connection=connection).work(burst=burst)


def register(app: Flask) -> None:
    app.cli.add_command(worker_command)
