"""Schedules: solve now (as a background job), watch it, read the result, publish or discard
it (coordinators); lock sessions of the schedule in force (coordinators and therapists)."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from schoolot import access
from schoolot.cycle import week_label
from schoolot.errors import SchoolotError, ValidationFailed
from schoolot.extensions import db
from schoolot.jobs import JobBusy, lease_seconds, queries
from schoolot.jobs import locks as lock_service
from schoolot.jobs import progress as words
from schoolot.jobs import service as job_service
from schoolot.models import ScheduledSession, ScheduleVersion, SolveJob, Therapist
from schoolot.models.users import utcnow
from schoolot.scheduling import diff, store
from schoolot.scheduling import options as options_store
from schoolot.web.guards import coordinator_required
from schoolot.web.job_handover import hand_over
from schoolot.web.schedules.forms import SolveForm
from schoolot.whatif import trial as whatif_trial

bp = Blueprint("schedules", __name__, url_prefix="/schedules")

VERSIONS_PER_PAGE = 20


def _expire_stale() -> None:
    # A job whose worker died would otherwise show "running" for ever, and block new solves.
    if job_service.expire_stale_jobs(db.session(), lease_seconds=lease_seconds(current_app)):
        db.session.commit()


def _job_or_404(job_id: int) -> SolveJob:
    _expire_stale()
    return db.get_or_404(SolveJob, job_id)


# ---------------------------------------------------------------- versions and solving


@bp.route("/")
@coordinator_required
def index():
    _expire_stale()
    return _index_page(SolveForm())


def _index_page(form: SolveForm, status: int = 200):
    versions = db.paginate(
        queries.versions_query(), per_page=VERSIONS_PER_PAGE, error_out=False, count=True
    )
    return render_template(
        "schedules/index.html",
        form=form,
        versions=versions,
        in_force=store.in_force(db.session()),
        active=job_service.active_job(db.session()),
        jobs=job_service.recent_jobs(db.session()),
    ), status


@bp.route("/solve", methods=["POST"])
@coordinator_required
def solve():
    form = SolveForm()
    if not form.validate_on_submit():
        return _index_page(form, 400)
    try:
        job = job_service.start_solve(
            db.session(),
            current_user,
            form.time_limit.data,
            form.seed.data,
            lease_seconds=lease_seconds(current_app),
            options=form.options.data,
        )
    except JobBusy as busy:
        flash(str(busy), "error")
        return redirect(url_for("schedules.job", job_id=busy.job.id))
    except ValidationFailed as error:
        db.session.rollback()
        for problem in error.problems:
            flash(problem, "error")
        return redirect(url_for("schedules.index"))
    return hand_over(job, url_for("schedules.index"))


@bp.route("/jobs/<int:job_id>")
@coordinator_required
def job(job_id: int):
    job = _job_or_404(job_id)
    trial = whatif_trial.scenario_of_job(db.session(), job.id) is not None
    return render_template("schedules/job.html", job=job, status=_job_status(job), trial=trial)


@bp.route("/jobs/<int:job_id>/progress")
@coordinator_required
def job_progress(job_id: int):
    job = _job_or_404(job_id)
    return jsonify(_job_status(job))


def _job_status(job: SolveJob) -> dict:
    """What the job page shows and its script refreshes: the search's numbers in words
    (`summary`), the chart's (seconds, lines met, proven most) points (`chart`), and the
    raw (seconds, objective, bound, ...) points for the technically minded."""
    last = job.progress[-1] if job.progress else None
    finished = job.state in job_service.FINAL_STATES
    if job.started_at is None:
        elapsed = 0.0
    else:
        elapsed = ((job.finished_at or utcnow()) - job.started_at).total_seconds()
    return {
        "summary": words.summarise_points(job.progress).as_dict(),
        "chart": words.chart_points(job.progress),
        "remaining": None if finished else round(max(0.0, job.time_limit - elapsed)),
        "id": job.id,
        "state": job.state,
        "finished": finished,
        "message": job.message,
        "time_limit": job.time_limit,
        "seed": job.seed,
        "elapsed": round(elapsed, 1),
        "cancel_requested": job.cancel_requested,
        "progress": job.progress,
        "objective": last[1] if last else None,
        "bound": last[2] if last else None,
        "gap": queries.gap(last[1], last[2]) if last else None,
        "result_url": _result_url(job),
    }


def _result_url(job: SolveJob) -> str | None:
    """The draft a job stored, or the comparison of its options."""
    if job.schedule_id is None:
        return None
    if job.options > 1:
        return url_for("schedules.options", version_id=job.schedule_id)
    return url_for("schedules.version", version_id=job.schedule_id)


@bp.route("/jobs/<int:job_id>/cancel", methods=["POST"])
@coordinator_required
def cancel_job(job_id: int):
    job = _job_or_404(job_id)
    if job.state in job_service.FINAL_STATES:
        flash(f"Solve #{job.id} has already ended ({job.state}).", "info")
    else:
        job_service.request_cancel(db.session(), job)
        db.session.commit()
        flash(f"Solve #{job.id}: cancel requested.", "info")
    return redirect(url_for("schedules.job", job_id=job.id))


bp.add_app_template_global(words.per_week, "per_week")


@bp.app_template_global("session_week")
def session_week(row: ScheduledSession) -> str:
    """A stored session's cycle week as a page names it ("Week B "), with a trailing
    space; "" in a one-week cycle."""
    label = week_label(row.cycle_week, row.schedule.cycle_weeks or 1)
    return f"{label} " if label else ""


@bp.route("/versions/<int:version_id>")
@coordinator_required
def version(version_id: int):
    version = db.get_or_404(ScheduleVersion, version_id)
    in_force = store.in_force(db.session())
    # A draft is compared with what publishing it would replace; any other version with
    # the schedule it was solved against.
    baseline = in_force if version.state == "draft" else version.based_on
    changes = diff.compare(db.session(), version, baseline)
    return render_template(
        "schedules/version.html",
        version=version,
        in_force=in_force,
        baseline=baseline,
        changes=changes,
        unscheduled=queries.unscheduled_lines(db.session(), version),
        summary=words.summarise_version(version),
        gap=queries.gap(version.objective, version.bound),
        job=queries.job_of_version(db.session(), version),
    )


@bp.route("/versions/<int:version_id>/options")
@coordinator_required
def options(version_id: int):
    version = db.get_or_404(ScheduleVersion, version_id)
    versions = options_store.options_of(db.session(), version)
    if not versions:
        abort(404)
    return render_template(
        "schedules/options.html",
        versions=versions,
        labels={v.id: options_store.profile_labels(v) for v in versions},
        figures=options_store.compare_figures(versions),
        job=queries.job_of_version(db.session(), versions[0]),
    )


@bp.route("/versions/<int:version_id>/publish", methods=["POST"])
@coordinator_required
def publish(version_id: int):
    version = db.get_or_404(ScheduleVersion, version_id)
    try:
        store.publish(db.session(), version)
    except SchoolotError as error:
        db.session.rollback()
        flash(f"Not published: {error}", "error")
    else:
        db.session.commit()
        flash(f"Schedule #{version.id} is now in force.", "success")
    return redirect(url_for("schedules.version", version_id=version_id))


@bp.route("/versions/<int:version_id>/discard", methods=["POST"])
@coordinator_required
def discard(version_id: int):
    version = db.get_or_404(ScheduleVersion, version_id)
    try:
        store.discard(db.session(), version)
    except SchoolotError as error:
        db.session.rollback()
        flash(f"Not discarded: {error}", "error")
        return redirect(url_for("schedules.version", version_id=version_id))
    db.session.commit()
    flash(f"Draft #{version.id} discarded; the schedule in force is unchanged.", "success")
    return redirect(url_for("schedules.index"))


# ---------------------------------------------------------------- locks on sessions in force


def _may_see_week(therapist_id: int) -> None:
    """Coordinators see every week; a therapist their own (another's answers 404); teachers
    have no page here (403)."""
    if current_user.role not in ("coordinator", "therapist"):
        abort(403)
    if not access.can_lock_sessions(current_user, therapist_id):
        abort(404)


@bp.route("/sessions")
@login_required
def sessions():
    if current_user.role == "therapist" and current_user.therapist_id is not None:
        return redirect(url_for("schedules.therapist_week", therapist_id=current_user.therapist_id))
    if current_user.role != "coordinator":
        abort(403)
    therapists = db.session.scalars(db.select(Therapist).order_by(Therapist.name)).all()
    return render_template(
        "schedules/sessions.html", therapists=therapists, in_force=store.in_force(db.session())
    )


@bp.route("/therapists/<int:therapist_id>/sessions")
@login_required
def therapist_week(therapist_id: int):
    _may_see_week(therapist_id)
    therapist = db.get_or_404(Therapist, therapist_id)
    in_force = store.in_force(db.session())
    rows = lock_service.therapist_week(db.session(), in_force, therapist.id) if in_force else []
    weeks = in_force.cycle_weeks if in_force is not None else 1
    asked = request.args.get("cycle_week", type=int) or 1
    shown = asked if 1 <= asked <= weeks else 1
    return render_template(
        "schedules/therapist_week.html",
        therapist=therapist,
        in_force=in_force,
        rows=[row for row in rows if row.cycle_week == shown],
        cycle_week=shown,
        cycle_tabs=[(w, week_label(w, weeks)) for w in range(1, weeks + 1)] if weeks > 1 else [],
    )


@bp.route("/sessions/<int:session_id>/lock", methods=["POST"])
@login_required
def lock(session_id: int):
    row = db.get_or_404(ScheduledSession, session_id)
    _may_see_week(row.therapist_id)
    locked = request.form.get("locked") == "1"
    try:
        lock_service.set_locked(db.session(), row, locked)
    except SchoolotError as error:
        db.session.rollback()
        flash(f"Not changed: {error}", "error")
    else:
        db.session.commit()
        what = (
            f"{session_week(row)}{row.weekday} "
            f"{row.start.strftime('%H:%M')}-{row.end.strftime('%H:%M')}"
        )
        if locked:
            flash(f"Locked {what}: the next solve keeps it where it is.", "success")
        else:
            flash(f"Unlocked {what}: the next solve may move it.", "success")
    week: dict[str, Any] = {"cycle_week": row.cycle_week} if row.cycle_week != 1 else {}
    return redirect(url_for("schedules.therapist_week", therapist_id=row.therapist_id, **week))
