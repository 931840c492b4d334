"""Timetables of the schedule in force: a therapist's week and today, a school's, a
class's and a student's week, and the coordinators' overview of every therapist.

Coordinators see every timetable; a therapist their own, the schools they serve and
their own students'; a teacher their class's and their students'. Students whom the
viewer may not see are counted on a block, never named.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from schoolot import access
from schoolot.extensions import db
from schoolot.models import ScheduledSession, School, Student, Teacher, Therapist
from schoolot.service_log.day import DayToLog, SessionToLog, day_to_log
from schoolot.timetable.in_force import InForce, Owner
from schoolot.timetable.navigation import parse_day, parse_week, school_day_after
from schoolot.timetable.overview import Overview
from schoolot.timetable.sources import SCHOOL, STUDENT, TEACHER, THERAPIST
from schoolot.timetable.week_view import Block, DayView
from schoolot.web.access_record import access_logged
from schoolot.web.caches import app_cache
from schoolot.web.guards import coordinator_required, student_or_404
from schoolot.web.service_log.routes import unplanned_form

bp = Blueprint("timetable", __name__, url_prefix="/timetable")


def _may_name(student: Student, session: ScheduledSession) -> bool:
    return access.can_name_in_timetable(current_user, student, session.therapist_id)


def _in_force() -> InForce | None:
    return InForce.load(db.session())


def _asked_week(timetables: InForce) -> tuple[dt.date, dt.date]:
    """The district's today, and the Monday of the week ?week= names (any date of it;
    this week by default)."""
    today = timetables.year.today()
    return today, parse_week(timetables.year, request.args.get("week"), today)


@bp.route("/")
@login_required
def index():
    """The timetable a user would look for first: their own week, their class's, or
    (coordinators) the overview."""
    week: dict[str, Any] = {"week": request.args["week"]} if request.args.get("week") else {}
    own = access.own_staff_record(current_user)
    if own is not None:
        kind, owner_id = own
        if kind == "therapist":
            return redirect(url_for(".therapist", therapist_id=owner_id, **week))
        return redirect(url_for(".teacher", teacher_id=owner_id, **week))
    if current_user.role == "coordinator":
        return redirect(url_for(".overview", **week))
    abort(403)


@bp.route("/today")
@login_required
def today():
    """The logged-in therapist's day; anyone else goes to their own timetable."""
    if current_user.role == "therapist" and current_user.therapist_id is not None:
        return redirect(
            url_for(
                ".therapist_today",
                therapist_id=current_user.therapist_id,
                date=request.args.get("date"),
            )
        )
    return redirect(url_for(".index"))


@bp.route("/overview")
@coordinator_required
def overview():
    """Every therapist's week. It is the same for every coordinator, so each one built
    is kept in the process by a digest of its inputs (`InForce.overview_key`)."""
    timetables = _in_force()
    overview = None
    if timetables is not None:
        today, monday = _asked_week(timetables)
        key = timetables.overview_key(monday, today)
        overview = app_cache(current_app, "timetable.overview", OVERVIEWS_KEPT).get_or_make(
            key,
            lambda: _overview_apart(monday, today),
            keep=lambda: timetables.overview_key(monday, today) == key,
        )
    return render_template("timetable/overview.html", overview=overview)


# Weeks of the overview kept per process (a district-size one holds about a megabyte).
OVERVIEWS_KEPT = 16


def _overview_apart(monday: dt.date, today: dt.date) -> Overview | None:
    """The overview built in a database session of its own, closed before it is kept:
    its therapists and schools keep the values they were loaded with and belong to no
    request (a request's commit would expire them)."""
    with db.session.session_factory() as own:
        timetables = InForce.load(own)
        return timetables.overview(monday, today) if timetables is not None else None


@bp.route("/therapists/<int:therapist_id>")
@login_required
def therapist(therapist_id: int):
    therapist = db.get_or_404(Therapist, therapist_id)
    if not access.can_view_therapist_timetable(current_user, therapist.id):
        abort(403)
    return _week_page(THERAPIST, therapist)


@bp.route("/therapists/<int:therapist_id>/today")
@login_required
def therapist_today(therapist_id: int):
    """One day of a therapist, in order, for a phone: today unless ?date= names another."""
    therapist = db.get_or_404(Therapist, therapist_id)
    if not access.can_view_therapist_timetable(current_user, therapist.id):
        abort(403)
    timetables = _in_force()
    if timetables is None:
        return render_template("timetable/today.html", therapist=therapist, day=None)
    year = timetables.year
    today = year.today()
    date = parse_day(request.args.get("date"), today)
    day = timetables.day(THERAPIST, therapist, date, may_name=_may_name, today=today)
    logging = None
    if access.can_log_sessions(current_user, therapist.id):
        logging = day_to_log(db.session(), therapist.id, date, today)
    return render_template(
        "timetable/today.html",
        therapist=therapist,
        day=day,
        today=today,
        previous=school_day_after(year, date, -1),
        next=school_day_after(year, date, 1),
        week=year.clamp_week(date),
        logging=logging,
        agenda=agenda(day, logging),
        unplanned_form=unplanned_form(therapist.id) if logging and logging.may_log else None,
    )


def agenda(day: DayView, logging: DayToLog | None) -> list[tuple[str, object, Block | None]]:
    """The day in time order: (kind, item, block). ("block", block, block) for a drive, a
    lunch, or a session when nothing is logged here; ("log", session, its block) for a
    session to log (a planned one or an accepted makeup) with its timetable block (the
    rooms, the colour, why it does not happen), when the timetable shows it."""
    if logging is None:
        return [("block", block, block) for block in day.blocks]
    logged = {(s.planned.start, s.planned.school_id): s for s in logging.sessions}
    items: list[tuple[str, object, Block | None]] = []
    for block in day.blocks:
        # A session before the first schedule stood is shown, with nothing to log.
        key = (block.start, block.school.id if block.school else None)
        if block.kind != "session" or key not in logged:
            items.append(("block", block, block))
    sessions = {(b.start, b.school.id): b for b in day.sessions if b.school is not None}
    for planned in logging.sessions:
        key = (planned.planned.start, planned.planned.school_id)
        items.append(("log", planned, sessions.get(key)))
    return sorted(items, key=_starts)


def _starts(item: tuple[str, object, Block | None]) -> dt.time:
    _kind, thing, block = item
    if isinstance(thing, SessionToLog):
        return thing.planned.start
    assert block is not None
    return block.start


@bp.route("/schools/<int:school_id>")
@login_required
def school(school_id: int):
    school = db.get_or_404(School, school_id)
    if not access.can_view_school_timetable(current_user, school):
        abort(403)
    return _week_page(SCHOOL, school)


@bp.route("/teachers/<int:teacher_id>")
@login_required
def teacher(teacher_id: int):
    teacher = db.get_or_404(Teacher, teacher_id)
    if not access.can_view_teacher_timetable(current_user, teacher.id):
        abort(403)
    return _week_page(TEACHER, teacher)


@bp.route("/students/<int:student_id>")
@login_required
@access_logged("student timetable")
def student(student_id: int):
    return _week_page(STUDENT, student_or_404(student_id))


def _week_page(kind: str, owner: Owner):
    """The week of `kind` `owner` named by ?week= (any date of it; this week by default)."""
    timetables = _in_force()
    week = None
    if timetables is not None:
        today, monday = _asked_week(timetables)
        week = timetables.week(kind, owner, monday, may_name=_may_name, today=today)
    return render_template(
        f"timetable/{kind}.html",
        kind=kind,
        owner=owner,
        week=week,
        endpoint=request.endpoint,
        owner_args=dict(request.view_args or {}),
    )
