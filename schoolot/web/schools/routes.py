"""Schools: the list, a school's page (bell schedule, blocks, calendar, staff, travel),
and the forms that change them. Coordinators only."""

from __future__ import annotations

from typing import cast

from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlalchemy.orm import joinedload

from schoolot.district import blocks as block_service
from schoolot.district import calendar as calendar_service
from schoolot.district import schools as school_service
from schoolot.district import travel as travel_service
from schoolot.district.cycle_checks import cycle_weeks_now
from schoolot.district.settings import district_school_days, school_days_or_default
from schoolot.errors import ValidationFailed
from schoolot.extensions import db
from schoolot.models import Block, CalendarDay, School, TravelTime
from schoolot.values import GRADES
from schoolot.web.cycle_fields import cycle_week_choices
from schoolot.web.forms_common import choices, flash_refusal, form_page, save_form
from schoolot.web.guards import coordinator_required
from schoolot.web.schools.forms import BlockForm, CalendarDayForm, SchoolForm, TravelForm

bp = Blueprint("schools", __name__, url_prefix="/schools")


def _school_crumbs(school: School) -> list[tuple[str, str]]:
    return [
        (url_for("schools.index"), "Schools"),
        (url_for("schools.show", school_id=school.id), school.name),
    ]


# ---------------------------------------------------------------- schools


@bp.route("/")
@coordinator_required
def index():
    return render_template("schools/index.html", rows=school_service.school_rows(db.session()))


@bp.route("/new", methods=["GET", "POST"])
@coordinator_required
def new():
    form = SchoolForm()
    saved = save_form(
        form,
        lambda: school_service.create_school(db.session(), **form.values()),
        lambda school: (f"Added {school.name}.", url_for("schools.show", school_id=school.id)),
    )
    if saved is not None:
        return saved
    return form_page(
        form,
        "New school",
        crumbs=[(url_for("schools.index"), "Schools")],
        cancel=url_for("schools.index"),
        intro="The student day is the bell schedule: therapy fits between its start and end.",
    )


@bp.route("/<int:school_id>")
@coordinator_required
def show(school_id: int):
    school = db.get_or_404(School, school_id)
    overview = school_service.school_overview(
        db.session(), school, school_days_or_default(db.session())
    )
    return render_template("schools/show.html", overview=overview, school=school)


@bp.route("/<int:school_id>/edit", methods=["GET", "POST"])
@coordinator_required
def edit(school_id: int):
    school = db.get_or_404(School, school_id)
    form = SchoolForm(obj=school)
    saved = save_form(
        form,
        lambda: school_service.update_school(db.session(), school, **form.values()),
        lambda _: (f"Saved {school.name}.", url_for("schools.show", school_id=school.id)),
    )
    if saved is not None:
        return saved
    return form_page(
        form,
        f"Edit {school.name}",
        crumbs=_school_crumbs(school),
        cancel=url_for("schools.show", school_id=school.id),
        delete_action=url_for("schools.delete", school_id=school.id),
        delete_label="Delete school",
        delete_confirm="Delete this school with its blocks, calendar days and travel times?",
        delete_note="Only a school without students or teachers can be deleted.",
    )


@bp.route("/<int:school_id>/delete", methods=["POST"])
@coordinator_required
def delete(school_id: int):
    school = db.get_or_404(School, school_id)
    name = school.name
    try:
        school_service.delete_school(db.session(), school)
    except ValidationFailed as error:
        flash_refusal(error, "Not deleted")
        return redirect(url_for("schools.show", school_id=school_id))
    db.session.commit()
    flash(f"Deleted {name}.", "success")
    return redirect(url_for("schools.index"))


# ---------------------------------------------------------------- blocks


def _block_form(school: School, block: Block | None = None) -> BlockForm:
    form = BlockForm(obj=block)  # Block.target gives the bundle's target cell
    teachers = school_service.teachers_of(db.session(), school)
    students = school_service.students_of(db.session(), school)
    form.target.choices = [
        *choices([("", "(none: the whole school)")]),
        *choices(((g, f"Grade {g}") for g in GRADES), "Grade"),
        *choices(((t.code, f"{t.name} ({t.code})") for t in teachers), "Teacher"),
        *choices(
            ((s.code, f"{s.last_name}, {s.first_name} ({s.code})") for s in students), "Student"
        ),
    ]
    form.cycle_week.choices = cycle_week_choices(
        cycle_weeks_now(db.session()), block.cycle_week if block else None
    )
    return form


def _blocks_url(school: School) -> str:
    return url_for("schools.show", school_id=school.id) + "#blocks"


def _block_page(form: BlockForm, school: School, title: str, **context):
    return form_page(
        form,
        title,
        crumbs=_school_crumbs(school),
        cancel=_blocks_url(school),
        intro=(
            f"A time when students are not free for therapy. {school.name}'s student day is "
            f"{school.day_start:%H:%M}-{school.day_end:%H:%M}."
        ),
        **context,
    )


@bp.route("/<int:school_id>/blocks/new", methods=["GET", "POST"])
@coordinator_required
def new_block(school_id: int):
    school = db.get_or_404(School, school_id)
    form = _block_form(school)
    saved = save_form(
        form,
        lambda: block_service.save_block(
            db.session(), school, **form.values(), school_days=district_school_days(db.session())
        ),
        lambda _: ("Added the block.", _blocks_url(school)),
    )
    if saved is not None:
        return saved
    return _block_page(form, school, f"New block at {school.name}")


@bp.route("/blocks/<int:block_id>/edit", methods=["GET", "POST"])
@coordinator_required
def edit_block(block_id: int):
    block = db.get_or_404(Block, block_id)
    school = block.school
    form = _block_form(school, block)
    saved = save_form(
        form,
        lambda: block_service.save_block(
            db.session(),
            school,
            block,
            **form.values(),
            school_days=district_school_days(db.session()),
        ),
        lambda _: ("Saved the block.", _blocks_url(school)),
    )
    if saved is not None:
        return saved
    return _block_page(
        form,
        school,
        f"Edit block at {school.name}",
        delete_action=url_for("schools.delete_block", block_id=block.id),
        delete_label="Delete block",
    )


@bp.route("/blocks/<int:block_id>/delete", methods=["POST"])
@coordinator_required
def delete_block(block_id: int):
    block = db.get_or_404(Block, block_id)
    school_id = block.school_id
    block_service.delete_block(db.session(), block)
    db.session.commit()
    flash("Deleted the block.", "success")
    return redirect(url_for("schools.show", school_id=school_id) + "#blocks")


# ---------------------------------------------------------------- calendar days


def _back_school() -> School | None:
    """The school page a calendar form was opened from (`?school=<id>`), if any."""
    school_id = request.args.get("school", type=int)
    return db.session.get(School, school_id) if school_id else None


def _calendar_return(back: School | None) -> str:
    if back is not None:
        return url_for("schools.show", school_id=back.id) + "#calendar"
    return url_for("district.settings") + "#calendar"


def _calendar_form(day: CalendarDay | None = None, back: School | None = None) -> CalendarDayForm:
    form = CalendarDayForm(obj=day)
    if request.method == "GET":
        if day is not None:
            form.school.data = day.school.code if day.school else ""
        elif back is not None:
            form.school.data = back.code
    form.school.choices = [
        *choices([("", "Every school (district-wide)")]),
        *choices((s.code, s.name) for s in school_service.school_choices(db.session())),
    ]
    return form


def _calendar_crumbs(back: School | None) -> list[tuple[str, str]]:
    if back is None:
        return [(url_for("district.settings"), "District")]
    return _school_crumbs(back)


@bp.route("/calendar/new", methods=["GET", "POST"])
@coordinator_required
def new_calendar_day():
    back = _back_school()
    form = _calendar_form(back=back)
    saved = save_form(
        form,
        lambda: calendar_service.save_calendar_day(db.session(), **form.values()),
        lambda day: (f"Added {day.date} to the calendar.", _calendar_return(back)),
    )
    if saved is not None:
        return saved
    return form_page(
        form,
        "New calendar day",
        crumbs=_calendar_crumbs(back),
        cancel=_calendar_return(back),
        intro="A day with no students (closed) or a shorter student day (early release).",
    )


@bp.route("/calendar/<int:day_id>/edit", methods=["GET", "POST"])
@coordinator_required
def edit_calendar_day(day_id: int):
    day = db.get_or_404(CalendarDay, day_id)
    back = _back_school()
    form = _calendar_form(day, back)
    saved = save_form(
        form,
        lambda: calendar_service.save_calendar_day(db.session(), day, **form.values()),
        lambda _: (f"Saved {day.date}.", _calendar_return(back)),
    )
    if saved is not None:
        return saved
    return form_page(
        form,
        f"Edit calendar day {day.date}",
        crumbs=_calendar_crumbs(back),
        cancel=_calendar_return(back),
        delete_action=url_for(
            "schools.delete_calendar_day", day_id=day.id, school=back.id if back else None
        ),
        delete_label="Delete day",
    )


@bp.route("/calendar/<int:day_id>/delete", methods=["POST"])
@coordinator_required
def delete_calendar_day(day_id: int):
    day = db.get_or_404(CalendarDay, day_id)
    back = _back_school()
    date = day.date
    calendar_service.delete_calendar_day(db.session(), day)
    db.session.commit()
    flash(f"Removed {date} from the calendar.", "success")
    return redirect(_calendar_return(back))


# ---------------------------------------------------------------- travel times


@bp.route("/<int:school_id>/travel", methods=["GET", "POST"])
@coordinator_required
def travel(school_id: int):
    school = db.get_or_404(School, school_id)
    form = TravelForm()
    if request.method == "GET" and request.args.get("to"):
        form.to_school.data = request.args["to"]
    form.to_school.choices = choices(
        (s.code, s.name) for s in school_service.school_choices(db.session()) if s.id != school.id
    )

    def done(route: TravelTime) -> tuple[str, str]:
        other = route.to_school if route.from_school_id == school.id else route.from_school
        return (
            f"{school.name} ↔ {other.name}: {route.minutes} minutes.",
            url_for("schools.show", school_id=school.id) + "#travel",
        )

    saved = save_form(
        form,
        lambda: travel_service.set_travel_time(
            db.session(), school, form.to_school.data or "", cast(int, form.minutes.data)
        ),
        done,
    )
    if saved is not None:
        return saved
    return form_page(
        form,
        f"Travel time from {school.name}",
        crumbs=_school_crumbs(school),
        cancel=url_for("schools.show", school_id=school.id) + "#travel",
        intro="Driving minutes hold both ways. Two schools without a travel time cannot be "
        "served on the same day.",
    )


@bp.route("/travel/<int:travel_id>/delete", methods=["POST"])
@coordinator_required
def delete_travel(travel_id: int):
    route = db.get_or_404(
        TravelTime,
        travel_id,
        options=[joinedload(TravelTime.from_school), joinedload(TravelTime.to_school)],
    )
    back = request.args.get("school", type=int)
    if back not in (route.from_school_id, route.to_school_id):
        back = route.from_school_id
    names = f"{route.from_school.name} ↔ {route.to_school.name}"
    travel_service.delete_travel_time(db.session(), route)
    db.session.commit()
    flash(f"Removed the travel time {names}.", "success")
    return redirect(url_for("schools.show", school_id=back) + "#travel")
