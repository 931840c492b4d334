"""Upload a district bundle (coordinators only): the upload becomes a background job that
checks the bundle and imports it unless asked to check only; its page shows the progress,
then the report or the problems.

The upload is read from the request's own stream (never saved under a name of ours) and
kept with the job until the job ends; messages call it by the name it was sent with.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, url_for
from flask_login import current_user

from schoolot.bundle.limits import MAX_UPLOAD_BYTES
from schoolot.bundle.progress import describe
from schoolot.extensions import db
from schoolot.jobs import IMPORT, RunnerUnavailable, lease_seconds, runner_for
from schoolot.jobs import imports as import_jobs
from schoolot.models import ImportJob
from schoolot.models.users import utcnow
from schoolot.web.guards import coordinator_required
from schoolot.web.imports.forms import BundleUploadForm

bp = Blueprint("imports", __name__, url_prefix="/import")

INVALID = 422  # a form that is not a .zip
BUSY = 409  # another upload is being imported


def _expire_stale() -> None:
    # An upload whose worker died would otherwise show "running" for ever, and block others.
    if import_jobs.expire_stale_imports(db.session(), lease_seconds=lease_seconds(current_app)):
        db.session.commit()


def _upload_page(form: BundleUploadForm, status: int = 200):
    return render_template(
        "imports/upload.html",
        form=form,
        active=import_jobs.active_import(db.session()),
        recent=import_jobs.recent_imports(db.session()),
    ), status


@bp.route("/", methods=["GET", "POST"])
@coordinator_required
def upload():
    _expire_stale()
    form = BundleUploadForm()
    if not form.validate_on_submit():
        return _upload_page(form, INVALID if form.is_submitted() else 200)
    upload = form.bundle.data
    try:
        job = import_jobs.start_import(
            db.session(),
            current_user,
            upload.filename,
            upload.stream.read(MAX_UPLOAD_BYTES + 1),
            check_only=bool(form.check_only.data),
            lease_seconds=lease_seconds(current_app),
        )
    except import_jobs.ImportBusy as busy:
        db.session.rollback()
        flash(str(busy), "error")
        return _upload_page(form, BUSY)
    # The worker reads the row: it must be committed before the job is handed over.
    db.session.commit()
    try:
        runner_for(current_app).submit(job.id, import_jobs.IMPORT_TIMEOUT_SECONDS, IMPORT)
    except RunnerUnavailable as error:
        import_jobs.fail_import(db.session(), job, str(error))
        db.session.commit()
    return redirect(url_for("imports.job", job_id=job.id), 303)


@bp.route("/jobs/<int:job_id>")
@coordinator_required
def job(job_id: int):
    _expire_stale()
    job = db.get_or_404(ImportJob, job_id)
    return render_template("imports/job.html", job=job, status=_job_status(job))


@bp.route("/jobs/<int:job_id>/progress")
@coordinator_required
def job_progress(job_id: int):
    _expire_stale()
    return jsonify(_job_status(db.get_or_404(ImportJob, job_id)))


def _job_status(job: ImportJob) -> dict:
    """What the job page shows and its script refreshes."""
    finished = job.state in import_jobs.FINAL_STATES
    if job.started_at is None:
        elapsed = 0
    else:
        elapsed = round(((job.finished_at or utcnow()) - job.started_at).total_seconds())
    return {
        "id": job.id,
        "state": job.state,
        "finished": finished,
        "stage": describe(job.stage, job.done, job.total) if job.stage else _waiting(job),
        "done": job.done,
        "total": job.total,
        "elapsed": elapsed,
        "message": job.message,
    }


def _waiting(job: ImportJob) -> str:
    if job.state == "queued":
        return "waiting for a worker"
    return "finished" if job.state in import_jobs.FINAL_STATES else "starting"
