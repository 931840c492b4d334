"""Records pages: who opened a student's record, the district's access log, the records
settings, a therapist's IEP dates form, and the proposals a coordinator decides."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select

from schoolot import access
from schoolot.access_log import AccessFilters, access_entries
from schoolot.district.records import day_bounds, month_bounds, save_records_settings
from schoolot.district.settings import district_today, get_district
from schoolot.errors import ValidationFailed
from schoolot.extensions import db
from schoolot.models import AccessEntry, ChangeProposal, District, Student, User
from schoolot.proposals import service as proposals
from schoolot.students import service as students
from schoolot.web.access_record import access_logged
from schoolot.web.forms_common import choices, flash_refusal, form_page, save_form
from schoolot.web.guards import student_or_404
from schoolot.web.records.forms import (
    AccessFilterForm,
    DecisionForm,
    IepDatesForm,
    RecordsSettingsForm,
)

bp = Blueprint("records", __name__)
ENTRIES_PER_PAGE = 100


def _district() -> District:
    district = get_district(db.session())
    if district is None:
        abort(404)
    return district


def _require(allowed: bool) -> None:
    if not allowed:
        abort(403)


# --- who opened what --------------------------------------------------------------------


@bp.route("/students/<int:student_id>/access")
@login_required
def student_access(student_id: int):
    """Who opened this student's record in a month (this month unless ?month=YYYY-MM)."""
    _require(access.can_view_access_record(current_user))
    student = student_or_404(student_id)
    district = _district()
    month = _month(request.args.get("month", ""), district)
    since, until = month_bounds(district, month)
    query = access_entries(AccessFilters(student_id=student.id, since=since, until=until))
    entries = db.session.scalars(query).all()
    # An entry naming no student, or another, is an export of many that held this one.
    downloads = [entry for entry in entries if entry.student_id != student.id]
    views = [entry for entry in entries if entry.student_id == student.id]
    people: dict[str, list[AccessEntry]] = {}
    for entry in entries:
        people.setdefault(entry.actor, []).append(entry)
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    following = (month + dt.timedelta(days=32)).replace(day=1)
    return render_template(
        "records/student_access.html",
        student=student,
        entries=views,
        downloads=downloads,
        people=people,
        month=month,
        previous=previous,
        following=following if following <= district_today(district) else None,
    )


def _month(text: str, district: District) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        return district_today(district).replace(day=1)


@bp.route("/records/access-log")
@login_required
def access_log():
    """Every access, newest first, by person, student, what and dates."""
    _require(access.can_view_access_record(current_user))
    district = _district()
    form = AccessFilterForm(request.args)
    people = db.session.execute(select(User.id, User.email).order_by(User.email)).all()
    form.person.choices = choices([("", "Anyone"), *people])
    whats = db.session.scalars(select(AccessEntry.what).distinct().order_by(AccessEntry.what))
    form.what.choices = choices([("", "Anything"), *((w, w) for w in whats)])
    form.validate()
    student_id, unknown = _student_id(form.student.data or "")
    since = until = None
    if form.first.data or form.last.data:
        first = form.first.data or dt.date(2000, 1, 1)
        last = form.last.data or district_today(district)
        since, until = day_bounds(district, first, last)
    person = form.person.data or ""
    filters = AccessFilters(
        student_id=student_id,
        user_id=int(person) if person.isdigit() else None,
        what=form.what.data or None,
        since=since,
        until=until,
    )
    page = db.paginate(access_entries(filters), per_page=ENTRIES_PER_PAGE, error_out=False)
    args = {k: v for k, v in request.args.items() if v and k != "page"}
    return render_template(
        "records/access_log.html",
        form=form,
        page=page,
        entries=[] if unknown else page.items,
        unknown_student=unknown,
        filter_args=args,
        district=district,
    )


def _student_id(code: str) -> tuple[int | None, bool]:
    """The student id for a code typed in the filter; (None, True) for an unknown one."""
    code = code.strip()
    if not code:
        return None, False
    found = db.session.scalar(select(Student.id).where(func.lower(Student.code) == code.lower()))
    if found is not None:
        return found, False
    # A student deleted since keeps their code in the entries.
    kept = db.session.scalar(
        select(AccessEntry.student_id).where(AccessEntry.student_code == code).limit(1)
    )
    return kept, kept is None


# --- settings -----------------------------------------------------------------------------


@bp.route("/records/settings", methods=["GET", "POST"])
@login_required
def settings():
    _require(access.can_manage_district(current_user))
    district = _district()
    form = RecordsSettingsForm(obj=district)
    saved = save_form(
        form,
        lambda: save_records_settings(db.session(), district, **form.values()),
        lambda _: ("Saved the records settings.", url_for("district.settings")),
    )
    if saved is not None:
        return saved
    return form_page(
        form,
        "Records settings",
        crumbs=[(url_for("district.settings"), "District")],
        intro="How long the access log is kept, and who may change IEP terms.",
        cancel=url_for("district.settings"),
    )


# --- IEP dates and proposals --------------------------------------------------------------


@bp.route("/students/<int:student_id>/iep-dates", methods=["GET", "POST"])
@login_required
@access_logged("IEP dates form")
def iep_dates(student_id: int):
    """The IEP dates, for the student's therapist as well as coordinators (a therapist's
    change is a proposal when the district says so: see save_form)."""
    student = student_or_404(student_id)
    _require(access.can_edit_clinical(current_user, student))
    form = IepDatesForm(obj=student)
    saved = save_form(
        form,
        lambda: students.update_student(
            db.session(),
            student,
            **{name: getattr(student, name) for name in proposals.STUDENT_FIELDS}
            | {"iep_start": form.iep_start.data, "iep_end": form.iep_end.data},
        ),
        lambda _: (
            f"Saved the IEP dates of {student.full_name}.",
            url_for("students.show", student_id=student.id),
        ),
    )
    if saved is not None:
        return saved
    return form_page(
        form,
        f"IEP dates of {student.full_name}",
        crumbs=[
            (url_for("students.index"), "Students"),
            (url_for("students.show", student_id=student.id), student.full_name),
        ],
        cancel=url_for("students.show", student_id=student.id),
    )


@bp.route("/records/proposals")
@login_required
def proposals_page():
    _require(access.can_decide_proposals(current_user))
    pending = db.session.scalars(proposals.pending_proposals()).all()
    decided = db.session.scalars(proposals.decided_proposals()).all()
    names = _student_names({p.student_id for p in [*pending, *decided]})
    return render_template(
        "records/proposals.html",
        pending=pending,
        decided=decided,
        names=names,
        changes=proposals.field_changes,
        form=DecisionForm(),
    )


def _student_names(ids: set[int]) -> dict[int, Student]:
    if not ids:
        return {}
    return {s.id: s for s in db.session.scalars(select(Student).where(Student.id.in_(ids)))}


@bp.route("/records/proposals/<int:proposal_id>/approve", methods=["POST"])
@login_required
def approve(proposal_id: int):
    return _decide(proposal_id, "approve")


@bp.route("/records/proposals/<int:proposal_id>/reject", methods=["POST"])
@login_required
def reject(proposal_id: int):
    return _decide(proposal_id, "reject")


def _decide(proposal_id: int, decision: str):
    _require(access.can_decide_proposals(current_user))
    proposal = db.get_or_404(ChangeProposal, proposal_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        if decision == "approve":
            proposals.approve(db.session(), proposal, current_user)
        else:
            proposals.reject(db.session(), proposal, current_user, form.reason.data or "")
    except ValidationFailed as error:
        flash_refusal(error, f"Not {decision}d")
        return redirect(url_for(".proposals_page"))
    db.session.commit()
    flash(f"{decision.capitalize()}d the change of {proposal.record_label}.", "success")
    return redirect(url_for(".proposals_page"))
