"""Solving and bundle imports as background jobs.

`service.start_solve` makes the queued `SolveJob` row; once the request has committed it,
`runner_for(app).submit(job.id, job.time_limit)` hands it to a worker: a thread of this
process by default, or an RQ queue processed by `flask worker` when REDIS_URL is set.
`run.run_job` is the job itself. An upload goes the same way: `imports.start_import`,
then `submit(job.id, IMPORT_TIMEOUT_SECONDS, IMPORT)`, and `imports.run_import` runs it.
"""

from __future__ import annotations

import threading

from flask import Flask

from schoolot.extensions import db
from schoolot.jobs import lease
from schoolot.jobs.runners import (
    IMPORT,
    SOLVE,
    InProcessRunner,
    JobKind,
    RQRunner,
    Runner,
    RunnerUnavailable,
)
from schoolot.jobs.service import JobBusy, active_job, request_cancel, start_solve

__all__ = [
    "IMPORT",
    "SOLVE",
    "JobBusy",
    "JobKind",
    "Runner",
    "RunnerUnavailable",
    "active_job",
    "lease_seconds",
    "request_cancel",
    "runner_for",
    "start_solve",
]

_EXTENSION = "schoolot.jobs"
_lock = threading.Lock()


def runner_for(app: Flask) -> Runner:
    """The app's job runner, made on first use (inside an app context): RQ when the config
    has REDIS_URL, else the in-process thread. SOLVER_WORKERS sets CP-SAT workers per week,
    JOB_LEASE_SECONDS how long a job's process may stay silent before it counts as dead."""
    with _lock:
        runner = app.extensions.get(_EXTENSION)
        if runner is None:
            redis_url = app.config.get("REDIS_URL")
            if redis_url:
                runner = RQRunner(redis_url)
            else:
                with app.app_context():
                    engine = db.engine
                runner = InProcessRunner(
                    engine,
                    workers=app.config.get("SOLVER_WORKERS"),
                    lease_seconds=lease_seconds(app),
                )
            app.extensions[_EXTENSION] = runner
        return runner


def lease_seconds(app: Flask) -> float:
    """JOB_LEASE_SECONDS: how long a job's process may stay silent before it counts as dead."""
    return float(app.config.get("JOB_LEASE_SECONDS") or lease.LEASE_SECONDS)
