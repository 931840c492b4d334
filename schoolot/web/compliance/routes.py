"""Owed vs delivered pages (docs/compliance.md): the district with its schools and
therapists (coordinators), a school (coordinators), a caseload (coordinators and that
therapist), a student's lines and their printable IEP report (coordinators and the
student's therapist); the ledger as CSV; and the district's makeup policy."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from schoolot import access
from schoolot.compliance.goal_progress import GUIDES, HEIGHT, WIDTH, goal_charts
from schoolot.compliance.ledger import LineLedger, line_ledgers
from schoolot.compliance.periods import line_periods
from schoolot.compliance.policy import policy_text, save_makeup_reasons
from schoolot.compliance.rollup import by_school, by_therapist, load_names, totals
from schoolot.compliance.student_report import student_report
from schoolot.compliance.table import as_csv
from schoolot.district.settings import district_today, get_district
from schoolot.errors import ValidationFailed
from schoolot.extensions import db
from schoolot.models import District, School, Therapist
from schoolot.models.service_log import MISS_REASON_LABELS
from schoolot.web.access_record import access_logged, held_students
from schoolot.web.compliance.forms import MakeupPolicyForm
from schoolot.web.compliance.sorting import LINE_COLUMNS, TOTAL_COLUMNS, order_from, sort_rows
from schoolot.web.forms_common import flash_refusal
from schoolot.web.guards import student_or_404

bp = Blueprint("compliance", __name__, url_prefix="/compliance")
# The district page lists this many lines; each school's and caseload's page lists all.
DISTRICT_LINES = 100


@bp.app_context_processor
def compliance_helpers() -> dict:
    return {
        "miss_reason_labels": MISS_REASON_LABELS,
        "chart_size": (WIDTH, HEIGHT),
        "chart_guides": GUIDES,
        "goal_charts_of": _goal_charts_of,
        "makeup_policy_form": _makeup_policy_form,
        "sort_link": _sort_link,
    }


def _goal_charts_of(student) -> list | None:
    """The student page's goal charts (templates/students/_goal_charts.html), for
    those who may see them; None for anyone else."""
    if not access.can_view_student_compliance(current_user, student):
        return None
    return goal_charts(db.session(), student.id)


def _makeup_policy_form(district: District) -> MakeupPolicyForm:
    """The policy form of the district settings page, showing the policy saved."""
    return MakeupPolicyForm(
        formdata=None, prefix="makeup", makeup_reasons=list(district.makeup_reason_list)
    )


def _sort_link(prefix: str, key: str, order) -> str:
    """This page's address sorted by `key` (the other way when it already is)."""
    args = {**(request.view_args or {}), **request.args.to_dict()}
    args[f"{prefix}sort"] = key
    args[f"{prefix}dir"] = order.link_dir(key)
    return url_for(request.endpoint or ".index", **args)


def _district() -> District:
    district = get_district(db.session())
    if district is None:
        abort(404)
    return district


def _as_of(district: District) -> dt.date:
    """The date asked for (?as_of=YYYY-MM-DD), else the district's today; a date that
    is not one is said so, and today used."""
    text = request.args.get("as_of", "").strip()
    today = district_today(district)
    if not text:
        return today
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        flash(f"As of: {text!r} is not a date in YYYY-MM-DD form; showing {today}.", "error")
        return today


def _lines_page(template: str, ledgers: list[LineLedger], **context) -> str:
    order = order_from(request.args, "", LINE_COLUMNS)
    return render_template(
        template,
        ledgers=sort_rows(ledgers, order, LINE_COLUMNS),
        totals=totals(ledgers),
        order=order,
        columns=LINE_COLUMNS,
        names=load_names(db.session()),
        **context,
    )


@bp.route("/")
@login_required
def index():
    if not access.can_view_compliance(current_user):
        abort(403)
    if not access.can_view_district_compliance(current_user):
        return redirect(url_for(".therapist", therapist_id=current_user.therapist_id))
    district = _district()
    as_of = _as_of(district)
    ledgers = line_ledgers(db.session(), as_of)
    names = load_names(db.session())
    order = order_from(request.args, "", LINE_COLUMNS)
    school_order = order_from(request.args, "s", TOTAL_COLUMNS)
    therapist_order = order_from(request.args, "t", TOTAL_COLUMNS)
    return render_template(
        "compliance/district.html",
        district=district,
        as_of=as_of,
        totals=totals(ledgers),
        ledgers=sort_rows(ledgers, order, LINE_COLUMNS)[:DISTRICT_LINES],
        line_count=len(ledgers),
        order=order,
        columns=LINE_COLUMNS,
        schools=sort_rows(by_school(ledgers, names), school_order, TOTAL_COLUMNS),
        therapists=sort_rows(by_therapist(ledgers, names), therapist_order, TOTAL_COLUMNS),
        school_order=school_order,
        therapist_order=therapist_order,
        total_columns=TOTAL_COLUMNS,
        names=names,
        policy=policy_text(district.makeup_reason_list),
    )


@bp.route("/schools/<int:school_id>")
@login_required
def school(school_id: int):
    if not access.can_view_district_compliance(current_user):
        abort(403)
    found = db.get_or_404(School, school_id)
    return _scope_page(found.name, "school", {"school_id": found.id})


@bp.route("/therapists/<int:therapist_id>")
@login_required
def therapist(therapist_id: int):
    if not access.can_view_therapist_compliance(current_user, therapist_id):
        abort(403)
    found = db.get_or_404(Therapist, therapist_id)
    return _scope_page(found.name, "caseload", {"therapist_id": found.id})


def _scope_page(title: str, kind: str, scope: dict[str, int]):
    """The lines of one school or one caseload (`scope`: the ledger's filter)."""
    district = _district()
    as_of = _as_of(district)
    return _lines_page(
        "compliance/lines.html",
        line_ledgers(db.session(), as_of, **scope),
        title=title,
        kind=kind,
        as_of=as_of,
        scope=scope,
        policy=policy_text(district.makeup_reason_list),
    )


def _student_report(student_id: int):
    student = student_or_404(student_id)
    if not access.can_view_student_compliance(current_user, student):
        abort(403)
    return student_report(db.session(), student, _as_of(_district()))


@bp.route("/students/<int:student_id>")
@login_required
@access_logged("student owed vs delivered")
def student(student_id: int):
    report = _student_report(student_id)
    return render_template(
        "compliance/student.html",
        report=report,
        periods=line_periods(db.session(), report.student.id, report.ledgers),
        policy=policy_text(report.owed_back),
    )


@bp.route("/students/<int:student_id>/report")
@login_required
@access_logged("student IEP report")
def report(student_id: int):
    found = _student_report(student_id)
    return render_template(
        "compliance/report.html", report=found, policy=policy_text(found.owed_back)
    )


@bp.route("/compliance.csv")
@login_required
@access_logged("owed vs delivered CSV")
def csv_table():
    """The ledger as CSV: the district's (coordinators), or ?school_id= / ?therapist_id=."""
    school_id = request.args.get("school_id", type=int)
    therapist_id = request.args.get("therapist_id", type=int)
    if therapist_id is not None:
        allowed = access.can_view_therapist_compliance(current_user, therapist_id)
    else:
        allowed = access.can_view_district_compliance(current_user)
    if not allowed:
        abort(403)
    as_of = _as_of(_district())
    ledgers = line_ledgers(db.session(), as_of, school_id=school_id, therapist_id=therapist_id)
    held_students(ledger.student_id for ledger in ledgers)
    scope = (
        f"-school{school_id}" if school_id else f"-therapist{therapist_id}" if therapist_id else ""
    )
    return Response(
        as_csv(ledgers, load_names(db.session())),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="compliance{scope}-{as_of}.csv"'},
    )


@bp.route("/makeup-policy", methods=["POST"])
@login_required
def makeup_policy():
    """The district's makeup policy, from its settings page (coordinators)."""
    if not access.can_view_district_compliance(current_user):
        abort(403)
    form = MakeupPolicyForm(prefix="makeup")
    target = url_for("district.settings") + "#makeup-policy"
    if not form.validate_on_submit():
        flash("Makeup policy not saved: the form expired; try again.", "error")
        return redirect(target)
    try:
        district = save_makeup_reasons(db.session(), form.makeup_reasons.data or [])
    except ValidationFailed as error:
        flash_refusal(error, "Makeup policy not saved")
        return redirect(target)
    db.session.commit()
    flash(f"Saved the makeup policy. {policy_text(district.makeup_reason_list)}", "success")
    return redirect(target)
