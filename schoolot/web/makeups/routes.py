"""The makeups page: the solver's proposals for minutes owed back, to accept, move or
decline, and the accepted ones ahead (a therapist's own; every therapist's for a
coordinator)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from schoolot import access
from schoolot.district.settings import district_today, get_district
from schoolot.extensions import db
from schoolot.makeups.decide import MakeupRefused, accept, decline, move
from schoolot.makeups.propose import propose_makeups
from schoolot.models import Makeup, ServiceLine, Therapist

from .forms import DecideForm, MoveForm, ProposeForm

bp = Blueprint("makeups", __name__, url_prefix="/makeups")

# The page proposes inside the request: a short search per therapist.
PAGE_SECONDS = 2.0


def _today() -> dt.date:
    district = get_district(db.session())
    return district_today(district) if district is not None else dt.date.today()


def _viewer_therapist_id() -> int | None:
    """The therapist whose makeups the page shows: the viewer's own, or the one a
    coordinator picked (None: all of them). 403 for anyone else."""
    if current_user.role == "therapist" and current_user.therapist_id is not None:
        return int(current_user.therapist_id)
    if current_user.role != "coordinator":
        abort(403)
    return request.args.get("therapist", type=int)


def _makeup_or_404(makeup_id: int) -> Makeup:
    makeup = db.session.get(Makeup, makeup_id)
    if makeup is None or not access.can_decide_makeups(current_user, makeup.therapist_id):
        abort(404)
    return makeup


@bp.route("/")
@login_required
def index():
    therapist_id = _viewer_therapist_id()
    today = _today()
    query = (
        select(Makeup)
        .where(Makeup.date >= today)
        .options(
            selectinload(Makeup.service_line).selectinload(ServiceLine.student),
            selectinload(Makeup.school),
            selectinload(Makeup.therapist),
        )
        .order_by(Makeup.date, Makeup.start, Makeup.id)
    )
    if therapist_id is not None:
        query = query.where(Makeup.therapist_id == therapist_id)
    makeups = list(db.session.scalars(query))
    by_state = {state: [m for m in makeups if m.state == state] for state in MAKEUP_ORDER}
    return render_template(
        "makeups/index.html",
        by_state=by_state,
        decide_form=DecideForm(),
        propose_form=_propose_form(therapist_id),
        therapist_id=therapist_id,
        today=today,
    )


MAKEUP_ORDER = ("proposed", "accepted", "declined")


def _propose_form(therapist_id: int | None) -> ProposeForm:
    form = ProposeForm(therapist=therapist_id)
    if current_user.role == "coordinator":
        therapists = db.session.scalars(select(Therapist).order_by(Therapist.name))
        form.therapist.choices = [(t.id, t.name) for t in therapists]
    else:
        form.therapist.choices = [(therapist_id, "me")]
    return form


@bp.route("/propose", methods=["POST"])
@login_required
def propose():
    own = _viewer_therapist_id()
    form = _propose_form(own)
    if not form.validate_on_submit():
        abort(400)
    therapist_id = own if current_user.role == "therapist" else form.therapist.data
    if therapist_id is None or not access.can_decide_makeups(current_user, therapist_id):
        abort(403)
    results = propose_makeups(
        db.session(), therapist_id=therapist_id, today=_today(), time_limit=PAGE_SECONDS
    )
    result = results[0] if results else None
    db.session.commit()
    if result is None or (not result.made and not result.left):
        flash("No minutes are owed back: nothing to propose.", "success")
    else:
        left = sum(minutes for _, minutes in result.left)
        count = len(result.made)
        words = f"{count} makeup{'s' if count != 1 else ''} proposed"
        if left:
            words += f"; {left} minutes owed back found no slot in the coming weeks"
        flash(words + ".", "success")
    return redirect(url_for(".index", therapist=therapist_id if own is None else None))


@bp.route("/<int:makeup_id>/accept", methods=["POST"])
@login_required
def accept_makeup(makeup_id: int):
    makeup = _makeup_or_404(makeup_id)
    if not DecideForm().validate_on_submit():
        abort(400)
    try:
        accept(db.session(), makeup, current_user)
    except MakeupRefused as refused:
        db.session.rollback()
        flash(str(refused), "error")
        return redirect(url_for(".index"))
    db.session.commit()
    flash(f"Accepted: {_describe(makeup)}. It is in the timetables and feeds.", "success")
    return redirect(url_for(".index"))


@bp.route("/<int:makeup_id>/decline", methods=["POST"])
@login_required
def decline_makeup(makeup_id: int):
    makeup = _makeup_or_404(makeup_id)
    if not DecideForm().validate_on_submit():
        abort(400)
    decline(db.session(), makeup, current_user)
    db.session.commit()
    flash(f"Declined: {_describe(makeup)}. It will not be proposed again.", "success")
    return redirect(url_for(".index"))


@bp.route("/<int:makeup_id>/edit", methods=["GET", "POST"])
@login_required
def edit(makeup_id: int):
    makeup = _makeup_or_404(makeup_id)
    form = MoveForm(obj=makeup)
    status = 200
    if form.validate_on_submit():
        try:
            move(
                db.session(),
                makeup,
                form.date.data,
                form.start.data,
                form.end.data,
                current_user,
                note=form.note.data,
            )
        except MakeupRefused as refused:
            db.session.rollback()
            form.form_errors.append(str(refused))
            status = 400
        else:
            db.session.commit()
            flash(f"Moved and accepted: {_describe(makeup)}.", "success")
            return redirect(url_for(".index"))
    elif form.is_submitted():
        status = 400
    return render_template("makeups/edit.html", form=form, makeup=makeup), status


def _describe(makeup: Makeup) -> str:
    line = makeup.service_line
    return (
        f"{line.code} for {line.student.first_name} {line.student.last_name[:1]}. on "
        f"{makeup.date:%a} {makeup.date.day} {makeup.date:%b} "
        f"{makeup.start:%H:%M}-{makeup.end:%H:%M}"
    )
