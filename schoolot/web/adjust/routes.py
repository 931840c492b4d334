"""Adjusting a draft by hand (coordinators, and a therapist their own week): a week's
sessions, each session's alternatives (places, groups to join, swaps), and the moves;
and a schedule's CSV (coordinators)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from schoolot import access
from schoolot.adjust import alternatives as alt
from schoolot.adjust.apply import (
    ChangeRefused,
    join_session,
    move_session,
    parse_place,
    swap_sessions,
)
from schoolot.adjust.draft_week import DraftWeek, NotADraft, load_draft_week
from schoolot.adjust.listing import draft_therapists, drafts
from schoolot.cycle import week_label
from schoolot.extensions import db
from schoolot.models import ScheduledSession, ScheduleVersion, Therapist
from schoolot.scheduling.export_csv import schedule_csv_held
from schoolot.solver.windows import hhmm
from schoolot.web.access_record import access_logged, held_students
from schoolot.web.adjust.forms import JoinForm, MoveForm, SwapForm
from schoolot.web.guards import coordinator_required

bp = Blueprint("adjust", __name__, url_prefix="/schedules/versions/<int:version_id>")


@bp.app_context_processor
def adjust_links() -> dict:
    """For the schedule pages' includes: a draft's therapists, and a therapist's drafts."""
    return {
        "adjust_therapists": lambda version: draft_therapists(db.session(), version),
        "adjust_drafts": lambda therapist_id: drafts(db.session(), therapist_id),
    }


@dataclass(frozen=True)
class Shown:
    """A place as a page shows it and a form sends it back."""

    day: str
    start: str
    end: str
    school: str
    # The cycle week's label ("Week B", "Week 3"); "" in a one-week cycle.
    week: str = ""


def _shown(week: DraftWeek, place: alt.Place) -> Shown:
    problem = week.problem
    return Shown(
        problem.weekdays[place.day],
        hhmm(place.start),
        hhmm(place.end),
        problem.schools[place.school].label,
        week_label(problem.week_of(place.day), problem.cycle_weeks),
    )


def _cycle_week_asked(cycle_weeks: int) -> int:
    """The cycle week the page shows: `?cycle_week=` inside the cycle, else week 1."""
    asked = request.args.get("cycle_week", type=int) or 1
    return asked if 1 <= asked <= cycle_weeks else 1


def _may_adjust(therapist_id: int) -> None:
    """Coordinators any week, a therapist their own (another's: 404); teachers 403."""
    if current_user.role not in ("coordinator", "therapist"):
        abort(403)
    if not access.can_adjust_draft(current_user, therapist_id):
        abort(404)


def _draft_week(version_id: int, therapist_id: int) -> tuple[ScheduleVersion, DraftWeek]:
    version = db.get_or_404(ScheduleVersion, version_id)
    try:
        return version, load_draft_week(db.session(), version, therapist_id)
    except NotADraft:
        abort(404)


def _session_week(version_id: int, session_id: int) -> tuple[ScheduleVersion, DraftWeek, int]:
    row = db.get_or_404(ScheduledSession, session_id)
    if row.schedule_id != version_id:
        abort(404)
    _may_adjust(row.therapist_id)
    version, week = _draft_week(version_id, row.therapist_id)
    try:
        return version, week, week.position(row.id)
    except LookupError:
        abort(404)


@bp.route("/therapists/<int:therapist_id>")
@login_required
def week(version_id: int, therapist_id: int):
    _may_adjust(therapist_id)
    therapist = db.get_or_404(Therapist, therapist_id)
    version, draft = _draft_week(version_id, therapist_id)
    weeks = draft.problem.cycle_weeks
    shown = _cycle_week_asked(weeks)
    return render_template(
        "adjust/week.html",
        version=version,
        therapist=therapist,
        week=draft,
        rows=[row for row in draft.rows if row.cycle_week == shown],
        cycle_week=shown,
        cycle_tabs=[(w, week_label(w, weeks)) for w in range(1, weeks + 1)] if weeks > 1 else [],
        errors=draft.errors(),
    )


@bp.route("/sessions/<int:session_id>")
@login_required
def session(version_id: int, session_id: int):
    version, draft, k = _session_week(version_id, session_id)
    found = alt.alternatives(draft, k)
    swaps = alt.swaps(draft, k) if request.args.get("swaps") == "1" else None
    return render_template(
        "adjust/session.html",
        version=version,
        week=draft,
        row=draft.rows[k],
        here=_shown(draft, alt.Place(*_place_of(draft, k))),
        places=[_shown(draft, place) for place in found.places],
        held_by_lock=alt.held_by_lock_in_force(draft, k),
        joins=[draft.rows[g] for g in found.joins],
        swaps=None
        if swaps is None
        else [
            (_shown(draft, s.place), draft.rows[s.other], _shown(draft, s.other_place))
            for s in swaps
        ],
        form=MoveForm(),
    )


def _place_of(week: DraftWeek, k: int) -> tuple[int, int, int, int]:
    s = week.sessions[k]
    return s.day, s.start, s.end, s.school


def _done(version_id: int, therapist_id: int, message: str, cycle_week: int = 1):
    db.session.commit()
    flash(message, "success")
    week: dict[str, Any] = {"cycle_week": cycle_week} if cycle_week != 1 else {}
    return redirect(
        url_for("adjust.week", version_id=version_id, therapist_id=therapist_id, **week)
    )


def _refused(version_id: int, session_id: int, error: ChangeRefused):
    db.session.rollback()
    flash(" ".join(error.problems), "error")
    return redirect(url_for("adjust.session", version_id=version_id, session_id=session_id))


@bp.route("/sessions/<int:session_id>/move", methods=["POST"])
@login_required
def move(version_id: int, session_id: int):
    _version, draft, k = _session_week(version_id, session_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    row = draft.rows[k]
    try:
        move_session(db.session(), draft, k, parse_place(draft, k, form.day.data, form.start.data))
    except ChangeRefused as error:
        return _refused(version_id, session_id, error)
    label = week_label(row.cycle_week, draft.problem.cycle_weeks)
    return _done(
        version_id,
        row.therapist_id,
        f"Moved to {label + ' ' if label else ''}{row.weekday} "
        f"{row.start.strftime('%H:%M')}-{row.end.strftime('%H:%M')} "
        "and locked there: the next solve from this schedule keeps it.",
        row.cycle_week,
    )


@bp.route("/sessions/<int:session_id>/join", methods=["POST"])
@login_required
def join(version_id: int, session_id: int):
    _version, draft, k = _session_week(version_id, session_id)
    form = JoinForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        group = draft.position(form.group.data)
    except LookupError:
        abort(404)
    therapist_id = draft.rows[k].therapist_id
    try:
        target = join_session(db.session(), draft, k, group)
    except ChangeRefused as error:
        return _refused(version_id, session_id, error)
    return _done(
        version_id,
        therapist_id,
        f"Joined the group of {target.weekday} {target.start.strftime('%H:%M')}, now locked.",
        target.cycle_week,
    )


@bp.route("/sessions/<int:session_id>/swap", methods=["POST"])
@login_required
def swap(version_id: int, session_id: int):
    _version, draft, k = _session_week(version_id, session_id)
    form = SwapForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        other = draft.position(form.other.data)
    except LookupError:
        abort(404)
    try:
        place = parse_place(draft, k, form.day.data, form.start.data)
        other_place = parse_place(draft, other, form.other_day.data, form.other_start.data)
        swap_sessions(db.session(), draft, k, place, other, other_place)
    except ChangeRefused as error:
        return _refused(version_id, session_id, error)
    row = draft.rows[k]
    return _done(version_id, row.therapist_id, "Swapped; both sessions are locked.", row.cycle_week)


@bp.route("/schedule.csv")
@coordinator_required
@access_logged("schedule CSV")
def schedule_csv_download(version_id: int):
    version = db.get_or_404(ScheduleVersion, version_id)
    text, held = schedule_csv_held(db.session(), version)
    held_students(held)
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="schedule-{version.id}.csv"'},
    )
