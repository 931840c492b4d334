"""What-if (coordinators): try changes to caseloads, coverage, FTE and hours, see every
affected therapist's workload before and after, run a trial solve of just them, then
apply the changes (a new draft schedule) or throw them away. Nothing is written to
students, therapists or schedules until applied."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select

from schoolot import access
from schoolot.errors import SchoolotError, ValidationFailed
from schoolot.extensions import db
from schoolot.jobs import JobBusy, RunnerUnavailable, lease_seconds, runner_for
from schoolot.jobs import service as job_service
from schoolot.models import School, Student, Therapist
from schoolot.scheduling import store
from schoolot.web.forms_common import attach_problems, choices, form_status
from schoolot.web.job_handover import hand_over
from schoolot.web.whatif.forms import (
    FteForm,
    HoursForm,
    MoveSchoolForm,
    MoveStudentForm,
    ServeSchoolForm,
    TrialForm,
)
from schoolot.whatif import apply as applying
from schoolot.whatif import scenarios
from schoolot.whatif.changes import Change, MoveSchool, MoveStudent, ServeSchool, SetFte, SetHours

bp = Blueprint("whatif", __name__, url_prefix="/what-if")

FORMS = {
    "move": MoveStudentForm,
    "coverage": ServeSchoolForm,
    "school": MoveSchoolForm,
    "fte": FteForm,
    "hours": HoursForm,
}


@bp.before_request
@login_required
def coordinators_only():
    if not access.can_try_what_if(current_user):
        abort(403)


def _forms() -> dict[str, FlaskForm]:
    """Every change's form, with its choices; only the one submitted reads the request."""
    therapists = [
        (t.id, t.name) for t in db.session.scalars(select(Therapist).order_by(Therapist.name))
    ]
    schools = [(s.id, s.name) for s in db.session.scalars(select(School).order_by(School.name))]
    students = [
        (s.id, f"{s.last_name}, {s.first_name} ({s.school.name})")
        for s in db.session.scalars(
            select(Student).order_by(Student.last_name, Student.first_name, Student.code)
        )
    ]
    forms: dict[str, FlaskForm] = {name: form(prefix=name) for name, form in FORMS.items()}
    for form in forms.values():
        for name in ("therapist", "to_therapist", "from_therapist"):
            if name in form:
                form[name].choices = choices(therapists)
        if "school" in form:
            form["school"].choices = choices(schools)
        if "student" in form:
            form["student"].choices = choices(students)
    days = scenarios.school_days(db.session()).split()
    forms["hours"]["weekdays"].choices = choices((day, day) for day in days)
    return forms


def _page(forms: dict[str, FlaskForm] | None = None, status: int = 200):
    scenario = scenarios.open_scenario(db.session(), current_user)
    outlook = scenarios.outlook(db.session(), scenario)
    job = scenario.trial_job if scenario is not None else None
    trial = scenario.trial if scenario is not None else None
    before_of = {row.before.therapist_id: row.before for row in outlook.comparison.rows}
    trial_ids = (trial or {}).get("therapist_ids", [])
    return render_template(
        "whatif/index.html",
        forms=forms or _forms(),
        scenario=scenario,
        outlook=outlook,
        job=job,
        job_active=job is not None and job.state in job_service.ACTIVE_STATES,
        trial=trial if trial and "solution" in trial else None,
        trial_before_drive=sum(before_of[t].travel_minutes for t in trial_ids if t in before_of),
        trial_before_idle=sum(before_of[t].idle_minutes or 0 for t in trial_ids if t in before_of),
        trial_form=TrialForm(),
        in_force=store.in_force(db.session()),
    ), status


@bp.route("/")
def index():
    return _page()


def _change_of(kind: str, form: FlaskForm) -> Change:
    if kind == "move":
        return MoveStudent(form.student.data, form.to_therapist.data)
    if kind == "coverage":
        return ServeSchool(form.therapist.data, form.school.data, form.serves.data == "start")
    if kind == "school":
        return MoveSchool(form.school.data, form.from_therapist.data, form.to_therapist.data)
    if kind == "fte":
        return SetFte(form.therapist.data, float(form.fte.data))
    return SetHours(
        form.therapist.data, tuple(form.weekdays.data or ()), form.start.data, form.end.data
    )


@bp.route("/changes/<kind>", methods=["POST"])
def add_change(kind: str):
    if kind not in FORMS:
        abort(404)
    forms = _forms()
    form = forms[kind]
    if form.validate_on_submit():
        try:
            scenarios.add_change(db.session(), current_user, _change_of(kind, form))
        except ValidationFailed as error:
            db.session.rollback()
            attach_problems(form, error)
        else:
            db.session.commit()
            flash("Change added: the figures below include it. Nothing is written yet.", "success")
            return redirect(url_for("whatif.index"))
    return _page(forms, form_status(form))


def _own_scenario():
    scenario = scenarios.open_scenario(db.session(), current_user)
    if scenario is None:
        flash("There is no what-if open: add a change first.", "info")
    return scenario


@bp.route("/changes/<int:position>/remove", methods=["POST"])
def remove_change(position: int):
    form = TrialForm()
    scenario = _own_scenario()
    if scenario is not None and form.validate_on_submit():
        try:
            scenarios.remove_change(db.session(), scenario, position)
        except SchoolotError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash("Change taken out.", "success")
    return redirect(url_for("whatif.index"))


@bp.route("/trial", methods=["POST"])
def trial():
    form = TrialForm()
    scenario = _own_scenario()
    if scenario is None or not form.validate_on_submit():
        return redirect(url_for("whatif.index"))
    try:
        job = scenarios.start_trial(
            db.session(), scenario, current_user, lease_seconds=lease_seconds(current_app)
        )
    except JobBusy as busy:
        db.session.rollback()
        flash(str(busy), "error")
        return redirect(url_for("whatif.index"))
    except SchoolotError as error:
        db.session.rollback()
        flash(f"No trial: {error}", "error")
        return redirect(url_for("whatif.index"))
    return hand_over(job, url_for("whatif.index"))


@bp.route("/apply", methods=["POST"])
def apply():
    form = TrialForm()
    scenario = _own_scenario()
    if scenario is None or not form.validate_on_submit():
        return redirect(url_for("whatif.index"))
    try:
        applied = applying.apply(
            db.session(), scenario, current_user, lease_seconds=lease_seconds(current_app)
        )
    except SchoolotError as error:
        db.session.rollback()
        flash(f"Not applied: {error}", "error")
        return redirect(url_for("whatif.index"))
    db.session.commit()
    if applied.version is not None:
        flash(
            f"Applied: the changes are written, and draft #{applied.version.id} is the schedule "
            "in force with the affected therapists' weeks from the trial. Publish it when ready.",
            "success",
        )
        return redirect(url_for("schedules.version", version_id=applied.version.id))
    job = applied.job
    assert job is not None
    try:
        runner_for(current_app).submit(job.id, job.time_limit)
    except RunnerUnavailable as error:
        job_service.fail(db.session(), job, str(error))
        db.session.commit()
        flash(f"Applied, but the draft solve could not start: {error}", "error")
        return redirect(url_for("schedules.index"))
    flash(
        f"Applied: the changes are written; a draft solve started ({applied.why_solve}).", "success"
    )
    return redirect(url_for("schedules.job", job_id=job.id))


@bp.route("/discard", methods=["POST"])
def discard():
    form = TrialForm()
    scenario = _own_scenario()
    if scenario is not None and form.validate_on_submit():
        scenarios.throw_away(db.session(), scenario)
        db.session.commit()
        flash("What-if thrown away: nothing was changed.", "success")
    return redirect(url_for("whatif.index"))
