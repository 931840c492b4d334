"""Staff: therapists (schools served, working hours, caseload), teachers, and accounts.
Coordinators only."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from schoolot.accounts.service import create_user
from schoolot.caseload.snapshot import load_snapshot
from schoolot.caseload.students import caseload_students
from schoolot.district import schools as school_service
from schoolot.district import staff as staff_service
from schoolot.district.cycle_checks import cycle_weeks_now
from schoolot.district.settings import district_school_days, school_days_or_default
from schoolot.errors import ValidationFailed
from schoolot.extensions import db
from schoolot.models import School, Teacher, Therapist, TherapistHours, User
from schoolot.web.cycle_fields import cycle_week_choices
from schoolot.web.forms_common import choices, flash_refusal, form_page, form_status, save_form
from schoolot.web.guards import coordinator_required
from schoolot.web.staff.forms import (
    AccountForm,
    HoursForm,
    NewTherapistForm,
    TeacherForm,
    TherapistForm,
    TherapistSchoolsForm,
)

bp = Blueprint("staff", __name__, url_prefix="/staff")


def _school_checkbox_choices():
    return choices((s.code, s.name) for s in school_service.school_choices(db.session()))


def _therapist_or_404(therapist_id: int) -> Therapist:
    therapist = staff_service.therapist_detail(db.session(), therapist_id)
    if therapist is None:
        abort(404)
    return therapist


def _therapist_crumbs(therapist: Therapist | None = None) -> list[tuple[str, str]]:
    crumbs = [(url_for("staff.therapists"), "Therapists")]
    if therapist is not None:
        crumbs.append((url_for("staff.therapist", therapist_id=therapist.id), therapist.name))
    return crumbs


# ---------------------------------------------------------------- therapists


@bp.route("/therapists")
@coordinator_required
def therapists():
    return render_template("staff/therapists.html", rows=staff_service.therapist_rows(db.session()))


@bp.route("/therapists/new", methods=["GET", "POST"])
@coordinator_required
def new_therapist():
    form = NewTherapistForm()
    form.schools.choices = _school_checkbox_choices()
    saved = save_form(
        form,
        lambda: staff_service.create_therapist(
            db.session(), **form.values(), school_codes=form.schools.data or []
        ),
        lambda therapist: (
            f"Added {therapist.name}. Now add their working hours.",
            url_for("staff.therapist", therapist_id=therapist.id),
        ),
    )
    if saved is not None:
        return saved
    return form_page(
        form, "New therapist", crumbs=_therapist_crumbs(), cancel=url_for("staff.therapists")
    )


@bp.route("/therapists/<int:therapist_id>")
@coordinator_required
def therapist(therapist_id: int):
    therapist = _therapist_or_404(therapist_id)
    week = staff_service.working_week(therapist, school_days_or_default(db.session()))
    session = db.session()
    students = caseload_students(session, load_snapshot(session), therapist.id)
    return render_template(
        "staff/therapist.html", therapist=therapist, week=week, students=students
    )


@bp.route("/therapists/<int:therapist_id>/edit", methods=["GET", "POST"])
@coordinator_required
def edit_therapist(therapist_id: int):
    therapist = _therapist_or_404(therapist_id)
    form = TherapistForm(obj=therapist)
    saved = save_form(
        form,
        lambda: staff_service.update_therapist(db.session(), therapist, **form.values()),
        lambda _: (
            f"Saved {therapist.name}.",
            url_for("staff.therapist", therapist_id=therapist.id),
        ),
    )
    if saved is not None:
        return saved
    return form_page(
        form,
        f"Edit {therapist.name}",
        crumbs=_therapist_crumbs(therapist),
        cancel=url_for("staff.therapist", therapist_id=therapist.id),
        delete_action=url_for("staff.delete_therapist", therapist_id=therapist.id),
        delete_label="Delete therapist",
        delete_confirm="Delete this therapist, their working hours and their login account?",
        delete_note="Only a therapist with no students assigned can be deleted; "
        "their login account goes with them.",
    )


@bp.route("/therapists/<int:therapist_id>/delete", methods=["POST"])
@coordinator_required
def delete_therapist(therapist_id: int):
    therapist = db.get_or_404(Therapist, therapist_id)
    return _delete_staff(
        therapist.name,
        lambda: staff_service.delete_therapist(db.session(), therapist),
        refused=url_for("staff.therapist", therapist_id=therapist_id),
        done=url_for("staff.therapists"),
    )


def _delete_staff(name: str, delete: Callable[[], list[str]], refused: str, done: str):
    """Delete a staff record and its login accounts, or say why not; then redirect."""
    try:
        emails = delete()
    except ValidationFailed as error:
        flash_refusal(error, "Not deleted")
        return redirect(refused)
    db.session.commit()
    accounts = f" and the account {', '.join(emails)}" if emails else ""
    flash(f"Deleted {name}{accounts}.", "success")
    return redirect(done)


@bp.route("/therapists/<int:therapist_id>/schools", methods=["GET", "POST"])
@coordinator_required
def therapist_schools(therapist_id: int):
    therapist = _therapist_or_404(therapist_id)
    form = TherapistSchoolsForm()
    form.schools.choices = _school_checkbox_choices()
    if request.method == "GET":
        form.schools.data = [s.code for s in therapist.schools]
    saved = save_form(
        form,
        lambda: staff_service.set_therapist_schools(
            db.session(), therapist, form.schools.data or []
        ),
        lambda _: (
            f"Saved the schools {therapist.name} serves.",
            url_for("staff.therapist", therapist_id=therapist.id),
        ),
    )
    if saved is not None:
        return saved
    return form_page(
        form,
        f"Schools {therapist.name} serves",
        crumbs=_therapist_crumbs(therapist),
        cancel=url_for("staff.therapist", therapist_id=therapist.id),
        intro="The scheduler only sends a therapist to these schools; days can be pinned to one.",
    )


# ---------------------------------------------------------------- working hours


def _hours_url(therapist: Therapist) -> str:
    return url_for("staff.therapist", therapist_id=therapist.id) + "#hours"


def _hours_form(therapist: Therapist, hours: TherapistHours | None = None) -> HoursForm:
    form = HoursForm(obj=hours)
    if hours is not None and request.method == "GET":
        form.school.data = hours.school.code if hours.school else ""
    form.school.choices = [
        *choices([("", "Any of their schools (the scheduler chooses)")]),
        *choices((s.code, s.name) for s in therapist.schools),
    ]
    form.cycle_week.choices = cycle_week_choices(
        cycle_weeks_now(db.session()), hours.cycle_week if hours else None
    )
    return form


@bp.route("/therapists/<int:therapist_id>/hours/new", methods=["GET", "POST"])
@coordinator_required
def new_hours(therapist_id: int):
    therapist = _therapist_or_404(therapist_id)
    form = _hours_form(therapist)
    saved = save_form(
        form,
        lambda: staff_service.save_hours(
            db.session(), therapist, **form.values(), school_days=district_school_days(db.session())
        ),
        lambda _: ("Added working hours.", _hours_url(therapist)),
    )
    if saved is not None:
        return saved
    return form_page(
        form,
        f"Working hours of {therapist.name}",
        crumbs=_therapist_crumbs(therapist),
        cancel=_hours_url(therapist),
        intro="One row per working weekday (a row may cover several); a day without a row "
        "is not worked.",
    )


@bp.route("/hours/<int:hours_id>/edit", methods=["GET", "POST"])
@coordinator_required
def edit_hours(hours_id: int):
    hours = db.get_or_404(TherapistHours, hours_id)
    therapist = _therapist_or_404(hours.therapist_id)
    form = _hours_form(therapist, hours)
    saved = save_form(
        form,
        lambda: staff_service.save_hours(
            db.session(),
            therapist,
            hours,
            **form.values(),
            school_days=district_school_days(db.session()),
        ),
        lambda _: ("Saved working hours.", _hours_url(therapist)),
    )
    if saved is not None:
        return saved
    return form_page(
        form,
        f"Working hours of {therapist.name}",
        crumbs=_therapist_crumbs(therapist),
        cancel=_hours_url(therapist),
        delete_action=url_for("staff.delete_hours", hours_id=hours.id),
        delete_label="Delete these hours",
        delete_confirm="Delete these working hours? Those days will not be worked.",
    )


@bp.route("/hours/<int:hours_id>/delete", methods=["POST"])
@coordinator_required
def delete_hours(hours_id: int):
    hours = db.get_or_404(TherapistHours, hours_id)
    therapist_id = hours.therapist_id
    staff_service.delete_hours(db.session(), hours)
    db.session.commit()
    flash("Deleted the working hours.", "success")
    return redirect(url_for("staff.therapist", therapist_id=therapist_id) + "#hours")


# ---------------------------------------------------------------- teachers


@bp.route("/teachers")
@coordinator_required
def teachers():
    school_id = request.args.get("school", type=int)
    school = db.session.get(School, school_id) if school_id else None
    page = db.paginate(
        staff_service.teachers_query(school.id if school else None),
        per_page=current_app.config.get("TEACHERS_PER_PAGE", 50),
    )
    return render_template(
        "staff/teachers.html",
        page=page,
        school=school,
        schools=school_service.school_choices(db.session()),
        counts=staff_service.student_counts(db.session(), list(page.items)),
    )


def _teacher_form(teacher: Teacher | None = None) -> TeacherForm:
    form = TeacherForm(obj=teacher)
    if request.method == "GET":
        if teacher is not None:
            form.school.data = teacher.school.code
        else:
            school_id = request.args.get("school", type=int)
            school = db.session.get(School, school_id) if school_id else None
            form.school.data = school.code if school else ""
    form.school.choices = [
        *choices([("", "Choose a school")]),
        *choices((s.code, s.name) for s in school_service.school_choices(db.session())),
    ]
    return form


@bp.route("/teachers/new", methods=["GET", "POST"])
@coordinator_required
def new_teacher():
    form = _teacher_form()
    saved = save_form(
        form,
        lambda: staff_service.create_teacher(db.session(), **form.values()),
        lambda teacher: (f"Added {teacher.name}.", url_for("staff.teacher", teacher_id=teacher.id)),
    )
    if saved is not None:
        return saved
    return form_page(
        form,
        "New teacher",
        crumbs=[(url_for("staff.teachers"), "Teachers")],
        cancel=url_for("staff.teachers"),
    )


@bp.route("/teachers/<int:teacher_id>")
@coordinator_required
def teacher(teacher_id: int):
    teacher = db.get_or_404(Teacher, teacher_id)
    return render_template(
        "staff/teacher.html",
        teacher=teacher,
        students=staff_service.teacher_students(db.session(), teacher),
    )


@bp.route("/teachers/<int:teacher_id>/edit", methods=["GET", "POST"])
@coordinator_required
def edit_teacher(teacher_id: int):
    teacher = db.get_or_404(Teacher, teacher_id)
    form = _teacher_form(teacher)
    saved = save_form(
        form,
        lambda: staff_service.update_teacher(db.session(), teacher, **form.values()),
        lambda _: (f"Saved {teacher.name}.", url_for("staff.teacher", teacher_id=teacher.id)),
    )
    if saved is not None:
        return saved
    return form_page(
        form,
        f"Edit {teacher.name}",
        crumbs=[
            (url_for("staff.teachers"), "Teachers"),
            (url_for("staff.teacher", teacher_id=teacher.id), teacher.name),
        ],
        cancel=url_for("staff.teacher", teacher_id=teacher.id),
        delete_action=url_for("staff.delete_teacher", teacher_id=teacher.id),
        delete_label="Delete teacher",
        delete_confirm="Delete this teacher, their classroom blocks and their login account?",
        delete_note="Only a teacher with no students can be deleted.",
    )


@bp.route("/teachers/<int:teacher_id>/delete", methods=["POST"])
@coordinator_required
def delete_teacher(teacher_id: int):
    teacher = db.get_or_404(Teacher, teacher_id)
    return _delete_staff(
        teacher.name,
        lambda: staff_service.delete_teacher(db.session(), teacher),
        refused=url_for("staff.teacher", teacher_id=teacher_id),
        done=url_for("staff.teachers"),
    )


# ---------------------------------------------------------------- accounts


def _account_form() -> AccountForm:
    form = AccountForm()
    form.therapist.choices = [
        *choices([("", "(not a therapist account)")]),
        *choices((t.code, t.name) for t in staff_service.therapists_by_name(db.session())),
    ]
    form.teacher.choices = [
        *choices([("", "(not a teacher account)")]),
        *choices(
            (t.code, f"{t.name} ({t.school.name})")
            for t in db.session.scalars(staff_service.teachers_query())
        ),
    ]
    return form


@bp.route("/users", methods=["GET", "POST"])
@coordinator_required
def users():
    form = _account_form()
    saved = save_form(
        form,
        lambda: create_user(
            db.session(),
            form.email.data or "",
            form.role.data or "",
            form.password.data or "",
            therapist_code=form.therapist.data or None,
            teacher_code=form.teacher.data or None,
        ),
        lambda user: (f"Created the {user.role} account {user.email}.", url_for("staff.users")),
    )
    if saved is not None:
        return saved
    return render_template(
        "staff/users.html", form=form, accounts=staff_service.accounts(db.session())
    ), form_status(form)


def _set_active(user_id: int, active: bool):
    user = db.get_or_404(User, user_id)
    try:
        staff_service.set_account_active(db.session(), user, active, current_user)
    except ValidationFailed as error:
        flash_refusal(error, "Not changed")
    else:
        db.session.commit()
        state = "can log in again" if active else "is deactivated and can no longer log in"
        flash(f"{user.email} {state}.", "success")
    return redirect(url_for("staff.users"))


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
@coordinator_required
def deactivate_user(user_id: int):
    return _set_active(user_id, False)


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
@coordinator_required
def reactivate_user(user_id: int):
    return _set_active(user_id, True)
