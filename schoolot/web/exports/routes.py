"""Exports of the sessions delivered: the Medicaid-ready CSV for a date range
(coordinators: every therapist's sessions; therapists: their own)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from schoolot import access
from schoolot.district.settings import district_today, get_district
from schoolot.extensions import db
from schoolot.service_log.medicaid import as_csv, delivered_sessions, totals
from schoolot.web.access_record import access_logged, held_students

from .forms import DateRangeForm

bp = Blueprint("exports", __name__, url_prefix="/exports")


def _therapist_scope() -> int | None:
    """Whose sessions the user may export: None for everyone's (coordinators)."""
    if not access.can_export_sessions(current_user):
        abort(403)
    return None if current_user.role == "coordinator" else current_user.therapist_id


def _last_month() -> tuple[dt.date, dt.date]:
    district = get_district(db.session())
    today = district_today(district) if district is not None else dt.date.today()
    last = today.replace(day=1) - dt.timedelta(days=1)
    return last.replace(day=1), last


@bp.route("/")
@login_required
def index():
    therapist_id = _therapist_scope()
    form = DateRangeForm(request.args)
    summary = None
    status = 200
    if request.args:
        if form.validate():
            rows = delivered_sessions(db.session(), *form.dates(), therapist_id=therapist_id)
            summary = totals(rows)
        else:
            status = 400
    else:
        form.first.data, form.last.data = _last_month()
    return render_template(
        "exports/index.html", form=form, summary=summary, own=therapist_id is not None
    ), status


@bp.route("/medicaid.csv")
@login_required
@access_logged("Medicaid CSV")
def medicaid_csv():
    therapist_id = _therapist_scope()
    form = DateRangeForm(request.args)
    if not form.validate():
        asked: dict[str, Any] = request.args.to_dict()
        return redirect(url_for("exports.index", **asked))
    first, last = form.dates()
    rows = delivered_sessions(db.session(), first, last, therapist_id=therapist_id)
    held_students(row.student_id for row in rows)
    name = f"sessions-delivered-{first}-to-{last}.csv"
    return Response(
        as_csv(rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
