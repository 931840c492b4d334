"""The caseload table as CSV (coordinators) and a therapist's printable one-page summary
(coordinators and that therapist)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template
from flask_login import current_user, login_required

from schoolot import access
from schoolot.caseload.snapshot import load_snapshot
from schoolot.caseload.summary import therapist_summary
from schoolot.caseload.table import as_csv
from schoolot.caseload.workload import workloads
from schoolot.extensions import db
from schoolot.web.access_record import access_logged

bp = Blueprint("caseload", __name__, url_prefix="/caseload")


@bp.route("/caseload.csv")
@login_required
@access_logged("caseload CSV")
def csv_table():
    if not access.can_view_district_figures(current_user):
        abort(403)
    snapshot = load_snapshot(db.session())
    return Response(
        as_csv(workloads(snapshot)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="caseload-{snapshot.as_of}.csv"'},
    )


@bp.route("/therapists/<int:therapist_id>/summary")
@login_required
@access_logged("caseload summary")
def summary(therapist_id: int):
    if not access.can_view_caseload_summary(current_user, therapist_id):
        abort(403)
    found = therapist_summary(db.session(), therapist_id)
    if found is None:
        abort(404)
    return render_template("caseload/summary.html", summary=found)
