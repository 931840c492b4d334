"""The balance page: propose moves of students and school coverage, and apply them as
one change followed by a draft solve (coordinators only)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from schoolot.balance import apply_steps, parse_token, propose
from schoolot.errors import SchoolotError, ValidationFailed
from schoolot.extensions import db
from schoolot.jobs import JobBusy, lease_seconds
from schoolot.jobs import service as job_service
from schoolot.web.guards import coordinator_required
from schoolot.web.job_handover import hand_over

from .forms import SOLVE_SECONDS, ApplyForm, ProposeForm

bp = Blueprint("balance", __name__, url_prefix="/balance")


@bp.route("/", methods=["GET", "POST"])
@coordinator_required
def index():
    form = ProposeForm()
    proposal = None
    status = 200
    if form.is_submitted():
        if form.validate():
            try:
                proposal = propose(db.session(), form.max_moves.data, form.time_limit.data)
            except SchoolotError as error:
                flash(str(error), "error")
            db.session.rollback()  # proposing writes nothing
        else:
            status = 400
    apply_form = ApplyForm(proposal=proposal.token if proposal else "")
    return render_template(
        "balance/index.html", form=form, proposal=proposal, apply_form=apply_form
    ), status


@bp.route("/apply", methods=["POST"])
@coordinator_required
def apply():
    form = ApplyForm()
    if not form.validate_on_submit():
        flash("Nothing was applied: propose again, then apply.", "error")
        return redirect(url_for(".index"))
    try:
        steps = parse_token(form.proposal.data or "")
        moved = apply_steps(db.session(), steps, reason="balance proposal")
    except ValidationFailed as error:
        db.session.rollback()
        for problem in error.problems:
            flash(f"Nothing was applied: {problem}", "error")
        return redirect(url_for(".index"))
    db.session.commit()
    flash(f"Applied: {moved} students moved. A draft schedule is being solved.", "success")
    return _start_solve()


def _start_solve():
    try:
        job = job_service.start_solve(
            db.session(),
            current_user,
            current_app.config.get("BALANCE_SOLVE_SECONDS", SOLVE_SECONDS),
            lease_seconds=lease_seconds(current_app),
        )
    except JobBusy as busy:
        flash(f"The draft solve did not start: {busy}", "error")
        return redirect(url_for("schedules.job", job_id=busy.job.id))
    return hand_over(job, url_for("schedules.index"))
