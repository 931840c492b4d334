"""Logging on the day: the forms of the Today page post here (a planned session's
outcome per student, all delivered as planned, a session not planned), a saved log is
amended here with a reason, and a goal gets a progress note. Coordinators pick the
therapist whose day they log; a therapist logs their own; teachers never."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from schoolot import access
from schoolot.district.settings import district_today, get_district
from schoolot.errors import ValidationFailed
from schoolot.extensions import db
from schoolot.models import Goal, GoalProgress, SessionLog, Therapist
from schoolot.models.service_log import MISS_REASON_LABELS, PROGRESS_LABELS
from schoolot.service_log import logging as service
from schoolot.service_log.day import caseload_lines, day_to_log
from schoolot.service_log.history import log_entries
from schoolot.timetable.colours import school_colour
from schoolot.values import parse_date
from schoolot.web.access_record import access_logged
from schoolot.web.forms_common import (
    attach_problems,
    choices,
    form_status,
)
from schoolot.web.service_log.forms import (
    ActionForm,
    AmendForm,
    PickDayForm,
    ProgressForm,
    UnplannedForm,
    outcomes_from,
)

bp = Blueprint("service_log", __name__, url_prefix="/log")


@bp.app_context_processor
def logging_words() -> dict:
    """What the logging templates (the Today page, the student's goals) show in words,
    and the goals' progress notes for the student page's include."""
    return {
        "MISS_REASON_LABELS": MISS_REASON_LABELS,
        "PROGRESS_LABELS": PROGRESS_LABELS,
        "goal_progress_of": _goal_progress_of,
        "school_colour": school_colour,
    }


def _goal_progress_of(goal_ids: list[int]) -> dict[int, list[GoalProgress]]:
    """The progress notes of each goal, newest first."""
    query = (
        select(GoalProgress)
        .where(GoalProgress.goal_id.in_(goal_ids))
        .order_by(GoalProgress.date.desc(), GoalProgress.id.desc())
    )
    found: dict[int, list[GoalProgress]] = {goal_id: [] for goal_id in goal_ids}
    for progress in db.session.scalars(query):
        found[progress.goal_id].append(progress)
    return found


def _today() -> dt.date:
    district = get_district(db.session())
    return district_today(district) if district is not None else dt.date.today()


def _therapist_to_log(therapist_id: int) -> Therapist:
    therapist = db.get_or_404(Therapist, therapist_id)
    if not access.can_log_sessions(current_user, therapist.id):
        abort(403)
    return therapist


def _day_page(therapist_id: int, date: dt.date, anchor: str | None = None) -> Response:
    url = url_for("timetable.therapist_today", therapist_id=therapist_id, date=date.isoformat())
    return redirect(url + (f"#{anchor}" if anchor else ""))


def _refuse(error: ValidationFailed) -> None:
    """Nothing of a refused log is kept; each problem is shown whole (it names the
    student)."""
    db.session.rollback()
    for problem in error.problems:
        flash(f"Not saved: {problem}", "error")


def _date_or_404(text: str) -> dt.date:
    try:
        return parse_date(text)
    except ValueError:
        abort(404)


@bp.route("/")
@login_required
def index():
    """A therapist's own day; coordinators pick the therapist and the day."""
    if current_user.role == "therapist" and current_user.therapist_id is not None:
        return redirect(
            url_for("timetable.therapist_today", therapist_id=current_user.therapist_id)
        )
    if current_user.role != "coordinator":
        abort(403)
    form = PickDayForm(request.args)
    therapists = db.session.scalars(select(Therapist).order_by(Therapist.name))
    form.therapist.choices = [
        ("", "Choose a therapist…"),
        *choices((t.id, t.name) for t in therapists),
    ]
    if request.args and form.validate():
        date = form.date.data or _today()
        return _day_page(int(form.therapist.data), date)
    return render_template("service_log/pick.html", form=form)


@bp.route("/therapists/<int:therapist_id>/<date>/sessions/<key>", methods=["POST"])
@login_required
def record(therapist_id: int, date: str, key: str):
    """One planned session's outcome for each of its students."""
    therapist, day = _therapist_to_log(therapist_id), _date_or_404(date)
    if not ActionForm().validate_on_submit():
        abort(400)
    card = next(
        (s for s in day_to_log(db.session(), therapist.id, day, _today()).sessions if s.key == key),
        None,
    )
    if card is None:
        abort(404)
    try:
        outcomes = outcomes_from(request.form, card.students)
        logs = service.record_session(
            db.session(), current_user, therapist.id, day, key, outcomes, _today()
        )
    except ValidationFailed as error:
        _refuse(error)
        return _day_page(therapist.id, day, f"session-{key}")
    except service.LogRefused:
        abort(403)
    db.session.commit()
    flash(
        f"Saved {card.planned.start:%H:%M}: {len(logs)} student{'s' if len(logs) != 1 else ''}.",
        "success",
    )
    return _day_page(therapist.id, day, f"session-{key}")


@bp.route("/therapists/<int:therapist_id>/<date>/all-delivered", methods=["POST"])
@login_required
def all_delivered(therapist_id: int, date: str):
    """Every session of the day not logged yet, delivered as planned."""
    therapist, day = _therapist_to_log(therapist_id), _date_or_404(date)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        logs = service.record_all_delivered(db.session(), current_user, therapist.id, day, _today())
    except ValidationFailed as error:
        _refuse(error)
        return _day_page(therapist.id, day)
    db.session.commit()
    sessions = len({(log.start, log.session_uid, log.makeup_id) for log in logs})
    flash(
        f"Logged as delivered: {sessions} session{'s' if sessions != 1 else ''}, "
        f"{len(logs)} student{'s' if len(logs) != 1 else ''}."
        if logs
        else "Nothing left to log this day.",
        "success",
    )
    return _day_page(therapist.id, day)


@bp.route("/therapists/<int:therapist_id>/<date>/unplanned", methods=["POST"])
@login_required
def unplanned(therapist_id: int, date: str):
    """A session that was not planned: extra, or a makeup."""
    therapist, day = _therapist_to_log(therapist_id), _date_or_404(date)
    form = unplanned_form(therapist.id)
    if not form.validate_on_submit():
        for name, errors in form.errors.items():
            flash(f"Not saved: {form[name].label.text.lower()}: {' '.join(errors)}", "error")
        return _day_page(therapist.id, day, "unplanned")
    outcome = service.Outcome(
        int(form.line.data), "delivered", form.minutes.data, note=form.note.data
    )
    assert form.start.data is not None  # required
    try:
        service.log_unplanned(
            db.session(),
            current_user,
            therapist.id,
            day,
            form.start.data,
            form.kind.data,
            outcome,
            _today(),
        )
    except ValidationFailed as error:
        _refuse(error)
        return _day_page(therapist.id, day, "unplanned")
    db.session.commit()
    flash(f"Logged the {form.kind.data} session at {form.start.data:%H:%M}.", "success")
    return _day_page(therapist.id, day, "unplanned")


def unplanned_form(therapist_id: int) -> UnplannedForm:
    """The "session not planned" form with the therapist's caseload to choose from."""
    form = UnplannedForm()
    lines = caseload_lines(db.session(), therapist_id)
    form.line.choices = [
        ("", "Choose a student…"),
        *choices((line.id, f"{line.student.full_name} · {line.code}") for line in lines),
    ]
    return form


@bp.route("/entries/<int:log_id>/amend", methods=["GET", "POST"])
@login_required
@access_logged("session log amend form")
def amend(log_id: int):
    """A saved log, changed only with a reason; its history below."""
    log = db.get_or_404(SessionLog, log_id)
    if log.therapist_id is None or not access.can_log_sessions(current_user, log.therapist_id):
        abort(404 if current_user.role == "teacher" else 403)
    form = AmendForm(obj=log if request.method == "GET" else None)
    if request.method == "GET":
        form.reason.data = log.reason or ""
        form.minutes.data = log.minutes or None
    if form.validate_on_submit():
        try:
            service.amend_log(
                db.session(),
                current_user,
                log.id,
                form.why.data,
                form.status.data,
                form.minutes.data,
                form.reason.data or None,
                form.note.data,
            )
        except ValidationFailed as error:
            db.session.rollback()
            attach_problems(form, error)
        else:
            db.session.commit()
            flash(f"Amended the log of {log.student.full_name}.", "success")
            return redirect(url_for(".amend", log_id=log.id))
    return render_template(
        "service_log/amend.html", log=log, form=form, history=log_entries(db.session(), log.id)
    ), form_status(form)


@bp.route("/goals/<int:goal_id>/progress", methods=["POST"])
@login_required
def goal_progress(goal_id: int):
    """A progress note on one goal, from the student's page."""
    goal = db.get_or_404(Goal, goal_id)
    if not access.can_view_student(current_user, goal.student):
        abort(404)
    if not access.can_record_progress(current_user, goal.student):
        abort(403)
    form = ProgressForm(prefix=f"goal{goal.id}")
    back = url_for("students.show", student_id=goal.student_id) + f"#goal-progress-{goal.id}"
    if not form.validate_on_submit():
        for name, errors in form.errors.items():
            flash(f"Not saved: {name.removeprefix(form._prefix)}: {' '.join(errors)}", "error")
        return redirect(back)
    assert form.date.data is not None  # required
    try:
        service.record_goal_progress(
            db.session(),
            current_user,
            goal.id,
            form.date.data,
            form.mark.data,
            form.note.data,
            _today(),
        )
    except ValidationFailed as error:
        _refuse(error)
        return redirect(back)
    db.session.commit()
    flash(f"Progress noted on goal {goal.code}.", "success")
    return redirect(back)
