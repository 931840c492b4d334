"""Handing a queued solve job to a runner, for every page that starts one."""

from __future__ import annotations

from flask import current_app, flash, redirect, url_for
from werkzeug.wrappers import Response

from schoolot.extensions import db
from schoolot.jobs import RunnerUnavailable, runner_for
from schoolot.jobs import service as job_service
from schoolot.models import SolveJob


def hand_over(job: SolveJob, failed_to: str) -> Response:
    """Commit the queued `job` and give it to a runner, then show the job's page; when
    no runner takes it, fail the job and go to `failed_to` with the reason."""
    # The worker reads the row: it must be committed before the job is handed over.
    db.session.commit()
    try:
        runner_for(current_app).submit(job.id, job.time_limit)
    except RunnerUnavailable as error:
        job_service.fail(db.session(), job, str(error))
        db.session.commit()
        flash(str(error), "error")
        return redirect(failed_to)
    return redirect(url_for("schedules.job", job_id=job.id))
