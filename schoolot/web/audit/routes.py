"""Where people read the change history: a student's History tab (coordinators and the
student's therapist) and the district audit page with its CSV (coordinators)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user, login_required

from schoolot import access
from schoolot.audit import listing
from schoolot.audit.queries import UnknownStudent, student_record_id
from schoolot.audit.sentences import entries
from schoolot.extensions import db
from schoolot.models import Student, User
from schoolot.web import to_district_zone
from schoolot.web.access_record import access_logged, held_students
from schoolot.web.audit.forms import AuditFilterForm

bp = Blueprint("audit", __name__)

PER_PAGE = 50


def _zone() -> dt.tzinfo:
    zone = to_district_zone(dt.datetime(2000, 1, 1)).tzinfo
    return zone if zone is not None else dt.UTC


def _today() -> dt.date:
    return dt.datetime.now(_zone()).date()


@bp.route("/students/<int:student_id>/history")
@login_required
@access_logged("student history")
def student_history(student_id: int):
    student = db.session.get(Student, student_id)
    if student is None:
        # A deleted student's history stays readable by coordinators.
        code = listing.former_student_code(db.session(), student_id)
        if code is None or not access.can_view_audit(current_user):
            abort(404)
    elif not access.can_view_change_history(current_user, student):
        abort(404 if not access.can_view_student(current_user, student) else 403)
    page = db.paginate(listing.student_changes(student_id), per_page=PER_PAGE, error_out=False)
    return render_template(
        "audit/student_history.html",
        student=student,
        student_id=student_id,
        code=student.code if student is not None else code,
        page=page,
        entries=entries(db.session(), page.items, _zone(), _today()),
        can_see_schedules=access.can_manage_district(current_user),
    )


def _filters() -> tuple[AuditFilterForm, listing.ChangeFilters | None]:
    """The form read from the query string, and its filters (None when refused)."""
    form = AuditFilterForm(request.args)
    form.set_choices(listing.actors(db.session()), listing.kinds())
    valid = form.validate()
    student_id = None
    code = (form.student.data or "").strip()
    if code:
        try:
            student_id = student_record_id(db.session(), code)
        except UnknownStudent as error:
            form.student.errors = [str(error)]
            valid = False
    if not valid:
        return form, None
    filters = listing.ChangeFilters(
        actor=form.person.data or None,
        student_id=student_id,
        kind=form.kind.data or None,
        first_day=form.first.data,
        last_day=form.last.data,
    )
    return form, filters


@bp.route("/audit")
@login_required
@access_logged("audit page")
def index():
    if not access.can_view_audit(current_user):
        abort(403)
    form, filters = _filters()
    page = None
    shown = []
    if filters is not None:
        query = listing.district_changes(filters, _zone())
        page = db.paginate(query, per_page=PER_PAGE, error_out=False)
        shown = entries(db.session(), page.items, _zone(), _today())
    codes = listing.student_codes(db.session(), (c.student_id for c in page.items)) if page else {}
    return render_template(
        "audit/index.html",
        form=form,
        page=page,
        entries=zip(page.items, shown, strict=True) if page else [],
        codes=codes,
        filter_args=form.query_args(),
    ), (200 if filters is not None else 422)


@bp.route("/audit.csv")
@login_required
@access_logged("audit CSV")
def csv_export():
    if not access.can_view_audit(current_user):
        abort(403)
    form, filters = _filters()
    if filters is None:
        errors = "; ".join(
            f"{form[name].label.text}: {' '.join(e)}" for name, e in form.errors.items()
        )
        return Response(f"error: {errors}\n", status=422, mimetype="text/plain")
    changes = db.session.scalars(listing.district_changes(filters, _zone())).all()
    held_students(change.student_id for change in changes)
    today = _today()
    return Response(
        listing.as_csv(db.session(), changes, _zone(), today),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="changes-{today}.csv"'},
    )


@bp.app_template_global("can_view_change_history")
def can_view_change_history(user: User, student: Student) -> bool:
    """For the student page's link to the History tab."""
    return access.can_view_change_history(user, student)
