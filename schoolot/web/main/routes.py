"""The dashboard each role lands on after logging in, and the district's IEPs-ending list."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from schoolot import access
from schoolot.dashboard import dashboard_for
from schoolot.district.settings import district_today, get_district
from schoolot.district_dashboard import district_dashboard
from schoolot.extensions import db
from schoolot.students.ieps_ending import SOON_DAYS, ieps_ending
from schoolot.web.main.workload_table import sort_table
from schoolot.web.students.forms import UNASSIGNED
from schoolot.workload_chart import NARROW, WIDE, workload_chart

bp = Blueprint("main", __name__)

# Pages the alerts link to (over capacity, coverage) when they are registered.
WHATIF_ENDPOINTS = ("whatif.index",)
BALANCE_ENDPOINTS = ("balance.index",)
CSV_ENDPOINTS = ("caseload.csv_table",)
SUMMARY_ENDPOINTS = ("caseload.summary",)


@bp.route("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    return redirect(url_for("auth.login"))


@bp.route("/dashboard")
@login_required
def dashboard():
    session = db.session()
    summary = dashboard_for(session, current_user)
    context: dict = {}
    if access.can_view_district_figures(current_user):
        figures = district_dashboard(session, current_user, summary.workloads)
        if figures is not None:
            context["district"] = {
                "alerts": figures.alerts,
                "spread": figures.spread,
                "table": sort_table(figures.loads, request.args),
                "wide_chart": workload_chart(figures.by_load, WIDE),
                "narrow_chart": workload_chart(figures.by_load, NARROW),
            }
        context["unassigned_filter"] = UNASSIGNED  # the students list's value for it
        context["whatif_endpoint"] = _registered(WHATIF_ENDPOINTS)
        context["balance_endpoint"] = _registered(BALANCE_ENDPOINTS)
        context["csv_endpoint"] = _registered(CSV_ENDPOINTS)
        context["summary_endpoint"] = _registered(SUMMARY_ENDPOINTS)
    return render_template(f"main/dashboard_{current_user.role}.html", summary=summary, **context)


def _registered(endpoints: tuple[str, ...]) -> str | None:
    return next((e for e in endpoints if e in current_app.view_functions), None)


@bp.route("/district/ieps-ending")
@login_required
def ieps_ending_list():
    if not access.can_view_district_figures(current_user):
        abort(403)
    district = get_district(db.session())
    today = district_today(district) if district is not None else dt.date.today()
    rows = ieps_ending(db.session(), today)
    return render_template(
        "main/ieps_ending.html",
        today=today,
        within_days=SOON_DAYS,
        ended=[row for row in rows if row.ended],
        ending=[row for row in rows if not row.ended],
    )
