"""The students area: list, a student's page, and the forms that change them.

Every view loads (404 for a student the user may not see), checks the role
(403), validates the form, calls a service, commits once, flashes and redirects.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from markupsafe import Markup

from schoolot import access
from schoolot.caseload.students import caseload_therapist
from schoolot.district.settings import district_today, get_district
from schoolot.extensions import db
from schoolot.models import Equipment, Goal, ServiceLine, Student
from schoolot.students import queries, service
from schoolot.web.access_record import access_logged
from schoolot.web.caches import app_cache
from schoolot.web.forms_common import save_form
from schoolot.web.guards import coordinator_required, student_or_404
from schoolot.web.records.panel import records_panel
from schoolot.web.students.forms import (
    UNASSIGNED,
    EquipmentForm,
    GoalForm,
    ServiceLineForm,
    StudentFilterForm,
    StudentForm,
)

bp = Blueprint("students", __name__, url_prefix="/students")

INVALID = 422  # a refused form is shown again, with its values and messages
ROWS_KEPT = 64  # pages of the list's rows kept per process


# --- list and page ----------------------------------------------------------------------


@bp.route("/")
@login_required
def index():
    form = StudentFilterForm(request.args)
    is_therapist = current_user.role == "therapist"
    form.set_choices(
        queries.school_names(db.session()),
        None if is_therapist else queries.therapist_names(db.session()),
    )
    therapist = form.therapist.data if "therapist" in form else ""
    filters = queries.StudentFilters(
        text=(form.q.data or "").strip(),
        school_id=form.school.data,
        therapist_id=int(therapist) if therapist and therapist.isdigit() else None,
        unassigned=therapist == UNASSIGNED,
        grade=form.grade.data or None,
    )
    page = db.paginate(
        queries.student_list(current_user, filters),
        per_page=current_app.config["STUDENTS_PER_PAGE"],
        error_out=False,
    )
    students = tuple(queries.listed_students(db.session(), [s.id for s in page.items]))
    filtered = bool(form.query_args())
    # The rows show only the values of the students listed: kept by those values, they
    # serve whoever is shown the same students (never anyone else's).
    rows = app_cache(current_app, "students.rows", ROWS_KEPT).get_or_make(
        (students, filtered, request.script_root),
        lambda: Markup(
            render_template("students/_rows.html", students=students, filtered=filtered)
        ),
    )
    return render_template(
        "students/index.html",
        form=form,
        page=page,
        rows=rows,
        filter_args=form.query_args(),
        filtered=filtered,
        can_create=access.can_manage_district(current_user),
    )


@bp.route("/<int:student_id>")
@login_required
@access_logged("student page")
def show(student_id: int):
    student = queries.student_details(db.session(), student_or_404(student_id))
    return render_template(
        "students/show.html",
        student=student,
        caseload_therapist=caseload_therapist(db.session(), student.id),
        can_edit=access.can_edit_student(current_user, student),
        can_edit_clinical=access.can_edit_clinical(current_user, student),
        today=_today(),
        records=records_panel(student),
    )


def _today() -> dt.date:
    """Today where the district is (the server's date before a district exists)."""
    district = get_district(db.session())
    return district_today(district) if district is not None else dt.date.today()


# --- the student record (coordinators) --------------------------------------------------


@bp.route("/new", methods=["GET", "POST"])
@coordinator_required  # no student yet to ask can_edit_student about
def create():
    form = StudentForm()
    _student_choices(form)
    if request.method == "GET":
        form.code.data = service.suggest_student_code(db.session())
    saved = save_form(
        form,
        lambda: service.create_student(db.session(), **form.values()),
        lambda student: (
            f"Added {student.full_name} ({student.code}).",
            url_for(".show", student_id=student.id),
        ),
    )
    if saved is not None:
        return saved
    return _form_page("students/student_form.html", form, student=None)


@bp.route("/<int:student_id>/edit", methods=["GET", "POST"])
@login_required
@access_logged("student edit form")
def edit(student_id: int):
    student = _editable_student(student_id)
    form = StudentForm(data=_student_data(student))
    _student_choices(form)
    saved = save_form(
        form,
        lambda: service.update_student(db.session(), student, **form.values()),
        lambda _: (
            f"Saved {student.full_name} ({student.code}).",
            url_for(".show", student_id=student.id),
        ),
    )
    if saved is not None:
        return saved
    return _form_page("students/student_form.html", form, student=student)


@bp.route("/<int:student_id>/delete", methods=["POST"])
@login_required
def delete(student_id: int):
    student = _editable_student(student_id)
    name = f"{student.full_name} ({student.code})"
    service.delete_student(db.session(), student)
    db.session.commit()
    flash(f"Deleted {name} with their service lines, goals and equipment.", "success")
    return redirect(url_for(".index"))


def _editable_student(student_id: int) -> Student:
    student = student_or_404(student_id)
    if not access.can_edit_student(current_user, student):
        abort(403)
    return student


def _student_data(student: Student) -> dict:
    """The form's starting values; the pickers hold ids, not the linked objects."""
    return dict(
        code=student.code,
        first_name=student.first_name,
        last_name=student.last_name,
        grade=student.grade,
        school=student.school_id,
        teacher=student.teacher_id,
        therapist=student.therapist_id,
        keep_therapist=student.keep_therapist,
        iep_start=student.iep_start,
        iep_end=student.iep_end,
    )


def _student_choices(form: StudentForm) -> None:
    form.set_choices(
        queries.school_choices(db.session()),
        queries.teacher_choices(db.session()),
        queries.therapist_choices(db.session()),
    )


# --- service lines, goals, equipment (coordinator or the student's therapist) -----------


@bp.route("/<int:student_id>/services/new", methods=["GET", "POST"])
@login_required
@access_logged("new service line form")
def service_new(student_id: int):
    student = _clinical_student(student_id)
    form = ServiceLineForm()
    if request.method == "GET":
        form.code.data = service.suggest_service_code(db.session())
    return _save(
        form, student, "students/service_form.html", service.save_service_line, None, "service line"
    )


@bp.route("/<int:student_id>/services/<int:line_id>/edit", methods=["GET", "POST"])
@login_required
@access_logged("service line edit form")
def service_edit(student_id: int, line_id: int):
    student = _clinical_student(student_id)
    line = _part_or_404(ServiceLine, line_id, student)
    form = ServiceLineForm(obj=line)
    return _save(
        form, student, "students/service_form.html", service.save_service_line, line, "service line"
    )


@bp.route("/<int:student_id>/services/<int:line_id>/delete", methods=["POST"])
@login_required
def service_delete(student_id: int, line_id: int):
    student = _clinical_student(student_id)
    line = _part_or_404(ServiceLine, line_id, student)
    if not access.can_change_iep_terms(current_user, student):
        flash(f"Not deleted: only a coordinator may remove service line {line.code}.", "error")
        return redirect(url_for(".show", student_id=student.id))
    return _delete(student, service.delete_service_line, line, f"service line {line.code}")


@bp.route("/<int:student_id>/goals/new", methods=["GET", "POST"])
@login_required
@access_logged("new goal form")
def goal_new(student_id: int):
    student = _clinical_student(student_id)
    form = GoalForm()
    if request.method == "GET":
        form.code.data = service.suggest_goal_code(db.session(), student)
    return _save(form, student, "students/goal_form.html", service.save_goal, None, "goal")


@bp.route("/<int:student_id>/goals/<int:goal_id>/edit", methods=["GET", "POST"])
@login_required
@access_logged("goal edit form")
def goal_edit(student_id: int, goal_id: int):
    student = _clinical_student(student_id)
    goal = _part_or_404(Goal, goal_id, student)
    form = GoalForm(obj=goal)
    return _save(form, student, "students/goal_form.html", service.save_goal, goal, "goal")


@bp.route("/<int:student_id>/goals/<int:goal_id>/delete", methods=["POST"])
@login_required
def goal_delete(student_id: int, goal_id: int):
    student = _clinical_student(student_id)
    goal = _part_or_404(Goal, goal_id, student)
    return _delete(student, service.delete_goal, goal, f"goal {goal.code}")


@bp.route("/<int:student_id>/equipment/new", methods=["GET", "POST"])
@login_required
@access_logged("new equipment form")
def equipment_new(student_id: int):
    student = _clinical_student(student_id)
    form = EquipmentForm()
    return _save(
        form, student, "students/equipment_form.html", service.save_equipment, None, "equipment"
    )


@bp.route("/<int:student_id>/equipment/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
@access_logged("equipment edit form")
def equipment_edit(student_id: int, item_id: int):
    student = _clinical_student(student_id)
    item = _part_or_404(Equipment, item_id, student)
    form = EquipmentForm(obj=item)
    return _save(
        form, student, "students/equipment_form.html", service.save_equipment, item, "equipment"
    )


@bp.route("/<int:student_id>/equipment/<int:item_id>/delete", methods=["POST"])
@login_required
def equipment_delete(student_id: int, item_id: int):
    student = _clinical_student(student_id)
    item = _part_or_404(Equipment, item_id, student)
    return _delete(student, service.delete_equipment, item, f"equipment item {item.item!r}")


def _clinical_student(student_id: int) -> Student:
    student = student_or_404(student_id)
    if not access.can_edit_clinical(current_user, student):
        abort(403)
    return student


def _part_or_404(model: type, part_id: int, student: Student):
    """A service line, goal or equipment item, only through its own student's address."""
    part = db.session.get(model, part_id)
    if part is None or part.student_id != student.id:
        abort(404)
    return part


def _save(form: FlaskForm, student: Student, template: str, save, existing, what: str):
    """Validate `form`, call the `save` service for a new or an existing part, commit."""
    saved = save_form(
        form,
        lambda: save(db.session(), student, existing, **form.values()),  # type: ignore[attr-defined]
        lambda _: (
            f"Saved the {what} for {student.full_name}.",
            url_for(".show", student_id=student.id),
        ),
    )
    if saved is not None:
        return saved
    return _form_page(template, form, student=student, existing=existing)


def _delete(student: Student, remove, part, label: str):
    remove(db.session(), part)
    db.session.commit()
    flash(f"Deleted {label}.", "success")
    return redirect(url_for(".show", student_id=student.id))


def _form_page(template: str, form: FlaskForm, **context):
    status = 200
    if request.method == "POST":
        flash("Nothing was saved: please correct the fields marked below.", "error")
        status = INVALID
    return render_template(template, form=form, **context), status
