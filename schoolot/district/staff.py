"""Therapists (schools served, working hours), teachers, and the lists that show them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from schoolot import rules
from schoolot.accounts.service import close_account
from schoolot.caseload.snapshot import load_snapshot
from schoolot.caseload.students import caseload_sizes
from schoolot.district.cycle_checks import cycle_week_problem, service_model_problem
from schoolot.district.problems import (
    count_where,
    flush_delete,
    optional_text,
    required_text,
)
from schoolot.district.schools import find_school
from schoolot.models import (
    Block,
    School,
    Student,
    Teacher,
    Therapist,
    TherapistHours,
    User,
)
from schoolot.models.staff import THERAPIST_ROLES
from schoolot.problems import Problems
from schoolot.values import (
    DEFAULT_SCHOOL_DAYS,
    WEEKDAYS,
    expand_weekdays,
    format_time,
    parse_choice,
    parse_grade,
    parse_weekdays,
)

# ---------------------------------------------------------------- therapists


@dataclass
class TherapistRow:
    therapist: Therapist
    caseload: int


def therapist_rows(session: Session) -> list[TherapistRow]:
    """Every therapist with their schools and caseload (schoolot.caseload's count)."""
    sizes = caseload_sizes(load_snapshot(session))
    therapists = session.scalars(
        select(Therapist).options(selectinload(Therapist.schools)).order_by(Therapist.name)
    )
    return [TherapistRow(t, sizes[t.id]) for t in therapists]


def therapists_by_name(session: Session) -> list[Therapist]:
    """Every therapist, by name: for select boxes."""
    return list(session.scalars(select(Therapist).order_by(Therapist.name)))


def therapist_detail(session: Session, therapist_id: int) -> Therapist | None:
    """A therapist with their schools, hours and students (with what the page shows) loaded."""
    return session.scalar(
        select(Therapist)
        .where(Therapist.id == therapist_id)
        .options(
            selectinload(Therapist.schools),
            selectinload(Therapist.hours).joinedload(TherapistHours.school),
            selectinload(Therapist.students).options(
                joinedload(Student.school),
                joinedload(Student.teacher),
                selectinload(Student.services),
            ),
        )
    )


StaffModel = TypeVar("StaffModel", Therapist, Teacher)


def _find_by_code(session: Session, model: type[StaffModel], code: str) -> StaffModel | None:
    return session.scalar(select(model).where(model.code == code))


def _check_therapist(
    session: Session,
    problems: Problems,
    therapist: Therapist | None,
    code: str,
    name: str,
    role: str,
    fte: float,
) -> tuple[str, str, str]:
    code = required_text(problems, "code", code, "therapist's id (e.g. their email)")
    name = required_text(problems, "name", name, "therapist's name")
    if code:
        other = _find_by_code(session, Therapist, code)
        if other is not None and other is not therapist:
            problems.add("code", f"a therapist with id {code} already exists ({other.name})")
    try:
        role = parse_choice(role, THERAPIST_ROLES)
    except ValueError as error:
        problems.add("role", str(error))
    if not 0 < fte <= 1:
        problems.add("fte", f"{fte} is not between 0 (excluded) and 1")
    return code, name, role


def _schools_by_code(session: Session, problems: Problems, codes: list[str]) -> list[School]:
    schools = []
    for code in dict.fromkeys(codes):  # de-duplicated, order kept
        school = find_school(session, code)
        if school is None:
            problems.add("schools", f"no school with id '{code}'")
        else:
            schools.append(school)
    return schools


def create_therapist(
    session: Session,
    code: str,
    name: str,
    role: str,
    fte: float,
    school_codes: list[str],
    service_model: str | None = None,
) -> Therapist:
    """Add a therapist serving the given schools (at least one); hours are added apart.
    `service_model`: "weekly" or "3:1", None for the district's."""
    problems = Problems()
    code, name, role = _check_therapist(session, problems, None, code, name, role, fte)
    problems.add("service_model", service_model_problem(session, service_model))
    schools = _schools_by_code(session, problems, school_codes)
    if not school_codes:
        problems.add("schools", "choose at least one school this therapist serves")
    problems.raise_if_any()
    therapist = Therapist(
        code=code, name=name, role=role, fte=fte, schools=schools, service_model=service_model
    )
    session.add(therapist)
    session.flush()
    return therapist


def update_therapist(
    session: Session,
    therapist: Therapist,
    code: str,
    name: str,
    role: str,
    fte: float,
    service_model: str | None = None,
) -> Therapist:
    """Change a therapist's id, name, role, FTE or service model (None: the district's)."""
    problems = Problems()
    code, name, role = _check_therapist(session, problems, therapist, code, name, role, fte)
    problems.add("service_model", service_model_problem(session, service_model))
    problems.raise_if_any()
    therapist.service_model = service_model
    therapist.code = code
    therapist.name = name
    therapist.role = role
    therapist.fte = fte
    session.flush()
    return therapist


def set_therapist_schools(
    session: Session, therapist: Therapist, school_codes: list[str]
) -> Therapist:
    """Replace the schools a therapist serves.

    A school stays while hours are pinned to it or the therapist's students attend it.
    """
    problems = Problems()
    schools = _schools_by_code(session, problems, school_codes)
    if not school_codes:
        problems.add("schools", "choose at least one school this therapist serves")
    kept = {s.id for s in schools}
    for hours in therapist.hours:
        if hours.school is not None and hours.school.id not in kept:
            problems.add(
                "schools",
                f"the {hours.weekdays} hours are pinned to {hours.school.name}; "
                "unpin them before removing it",
            )
    student_schools = session.execute(
        select(School.name, func.count())
        .join(Student, Student.school_id == School.id)
        .where(Student.therapist_id == therapist.id, School.id.not_in(kept or {-1}))
        .group_by(School.name)
    ).all()
    for school_name, count in student_schools:
        problems.add(
            "schools",
            f"{count} student(s) of this therapist attend {school_name}; "
            "reassign them before removing it",
        )
    problems.raise_if_any()
    therapist.schools = schools
    session.flush()
    return therapist


def delete_therapist(session: Session, therapist: Therapist) -> list[str]:
    """Delete a therapist, their hours and their accounts; returns the emails removed.

    Refused while students are assigned to them.
    """
    students = count_where(session, Student, Student.therapist_id == therapist.id)
    if students:
        problems = Problems()
        problems.add(
            "therapist",
            f"{therapist.name} has {students} student(s) assigned; reassign them first",
        )
        problems.raise_if_any()
    emails = _account_emails(session, User.therapist_id == therapist.id)
    session.delete(therapist)
    flush_delete(session, "therapist", therapist.name)
    return emails


def _account_emails(session: Session, condition) -> list[str]:
    """The accounts' emails: the accounts themselves go with their staff record, by the
    foreign key's ON DELETE CASCADE (enforced on SQLite too: extensions turns it on)."""
    return list(session.scalars(select(User.email).where(condition)))


# ---------------------------------------------------------------- working hours


@dataclass
class HoursLine:
    """Some weekdays of a therapist's week: worked with `hours`, or not worked (None)."""

    days: tuple[str, ...]
    hours: TherapistHours | None


def working_week(therapist: Therapist, school_days: str) -> list[HoursLine]:
    """The therapist's hours rows in week order, then the school days no row covers."""
    lines = [HoursLine(expand_weekdays(h.weekdays, school_days), h) for h in therapist.hours]
    lines.sort(key=lambda line: min((WEEKDAYS.index(d) for d in line.days), default=7))
    covered = {day for line in lines for day in line.days}
    off = tuple(d for d in school_days.split() if d not in covered)
    if off:
        lines.append(HoursLine(off, None))
    return lines


def save_hours(
    session: Session,
    therapist: Therapist,
    hours: TherapistHours | None = None,
    *,
    weekdays: str,
    start: dt.time,
    end: dt.time,
    school_code: str | None = None,
    school_days: str | None = None,
    cycle_week: int | None = None,
) -> TherapistHours:
    """Add a working-hours row (or change `hours`): one or several weekdays, optionally
    pinned to one of the therapist's schools. A weekday has at most one row for every
    week, and one for each week of the cycle (`cycle_week`, None: every week), which
    takes the every-week row's place in that week.

    `school_days` (the district's) limits the weekdays; None skips that check, as the
    import does before a district is set up.
    """
    problems = Problems()
    weekdays_ok = True
    try:
        weekdays = parse_weekdays(weekdays)
    except ValueError as error:
        problems.add("weekdays", str(error))
        weekdays_ok = False
    else:
        if school_days is not None:
            problems.add("weekdays", rules.weekdays_are_school_days(weekdays, school_days))
    week = school_days or " ".join(DEFAULT_SCHOOL_DAYS)
    problems.add("end", rules.in_order(start, end, "the working day"))
    problems.add("cycle_week", cycle_week_problem(session, cycle_week))
    school = None
    if school_code:
        school = find_school(session, school_code)
        if school is None:
            problems.add("school", f"no school with id '{school_code}'")
        else:
            served = frozenset(s.code for s in therapist.schools)
            problems.add(
                "school", rules.therapist_serves_school(therapist.code, served, school.code)
            )
    if weekdays_ok:
        days = set(expand_weekdays(weekdays, week))
        for other in therapist.hours:
            if other is hours or other.cycle_week != cycle_week:
                continue
            other_days = expand_weekdays(other.weekdays, week)
            both = [d for d in other_days if d in days]
            if both:
                problems.add(
                    "weekdays",
                    f"{' '.join(both)} already has working hours "
                    f"({format_time(other.start)}-{format_time(other.end)}; "
                    "one row per working weekday"
                    + (f" in week {cycle_week}" if cycle_week else "")
                    + "): edit that row instead",
                )
    problems.raise_if_any()
    if hours is None:
        hours = TherapistHours()
        therapist.hours.append(hours)
    hours.cycle_week = cycle_week
    hours.weekdays = weekdays
    hours.start = start
    hours.end = end
    hours.school = school
    session.flush()
    return hours


def delete_hours(session: Session, hours: TherapistHours) -> None:
    session.delete(hours)
    session.flush()


# ---------------------------------------------------------------- teachers


def teachers_query(school_id: int | None = None) -> Select[Teacher]:
    """Teachers by name, with their school loaded; only one school's when `school_id` is set."""
    query = select(Teacher).options(joinedload(Teacher.school)).order_by(Teacher.name, Teacher.id)
    if school_id is not None:
        query = query.where(Teacher.school_id == school_id)
    return query


def student_counts(session: Session, teachers: list[Teacher]) -> dict[int, int]:
    """Students per teacher id, for the given teachers, in one query."""
    ids = [t.id for t in teachers]
    if not ids:
        return {}
    return dict(
        session.execute(
            select(Student.teacher_id, func.count())
            .where(Student.teacher_id.in_(ids))
            .group_by(Student.teacher_id)
        ).all()
    )


def teacher_students(session: Session, teacher: Teacher) -> list[Student]:
    """A teacher's students, with what the student table shows loaded."""
    return list(
        session.scalars(
            select(Student)
            .where(Student.teacher_id == teacher.id)
            .options(
                joinedload(Student.school),
                joinedload(Student.teacher),
                joinedload(Student.therapist),
                selectinload(Student.services),
            )
            .order_by(Student.last_name, Student.first_name)
        )
    )


def _check_teacher(
    session: Session,
    problems: Problems,
    teacher: Teacher | None,
    code: str,
    name: str,
    school_code: str,
    grade: str | None,
) -> tuple[str, str, School | None, str | None]:
    code = required_text(problems, "code", code, "teacher's id (e.g. their email)")
    name = required_text(problems, "name", name, "teacher's name")
    if code:
        other = _find_by_code(session, Teacher, code)
        if other is not None and other is not teacher:
            problems.add("code", f"a teacher with id {code} already exists ({other.name})")
    school = find_school(session, school_code)
    if school is None:
        problems.add(
            "school", f"no school with id '{school_code}'" if school_code else "choose the school"
        )
    if grade:
        try:
            grade = parse_grade(grade)
        except ValueError as error:
            problems.add("grade", str(error))
    return code, name, school, grade or None


def create_teacher(
    session: Session,
    code: str,
    name: str,
    school_code: str,
    grade: str | None = None,
    room: str | None = None,
) -> Teacher:
    """Add a homeroom teacher at a school."""
    problems = Problems()
    code, name, school, grade = _check_teacher(
        session, problems, None, code, name, school_code, grade
    )
    problems.raise_if_any()
    teacher = Teacher(code=code, name=name, school=school, grade=grade, room=optional_text(room))
    session.add(teacher)
    session.flush()
    return teacher


def update_teacher(
    session: Session,
    teacher: Teacher,
    code: str,
    name: str,
    school_code: str,
    grade: str | None = None,
    room: str | None = None,
) -> Teacher:
    """Change a teacher; moving them to another school is refused while their students
    or classroom blocks are at the old one."""
    problems = Problems()
    code, name, school, grade = _check_teacher(
        session, problems, teacher, code, name, school_code, grade
    )
    if school is not None and school.id != teacher.school_id:
        students = count_where(session, Student, Student.teacher_id == teacher.id)
        if students:
            problems.add(
                "school",
                f"{students} student(s) in this class attend {teacher.school.name}; "
                "move them first (students and teacher share a school)",
            )
        blocks = count_where(session, Block, Block.teacher_id == teacher.id)
        if blocks:
            problems.add(
                "school",
                f"{blocks} classroom block(s) at {teacher.school.name} name this teacher; "
                "delete them first",
            )
    problems.raise_if_any()
    teacher.code = code
    teacher.name = name
    teacher.school = school  # type: ignore[assignment]
    teacher.grade = grade
    teacher.room = optional_text(room)
    session.flush()
    return teacher


def delete_teacher(session: Session, teacher: Teacher) -> list[str]:
    """Delete a teacher with their classroom blocks and accounts; returns the emails removed.

    Refused while students are in their class.
    """
    students = count_where(session, Student, Student.teacher_id == teacher.id)
    if students:
        problems = Problems()
        problems.add(
            "teacher",
            f"{teacher.name} has {students} student(s) in their class; "
            "move them to another teacher first",
        )
        problems.raise_if_any()
    session.execute(delete(Block).where(Block.teacher_id == teacher.id))
    emails = _account_emails(session, User.teacher_id == teacher.id)
    session.delete(teacher)
    flush_delete(session, "teacher", teacher.name)
    return emails


# ---------------------------------------------------------------- accounts


def accounts(session: Session) -> list[User]:
    """Every account, coordinators first, with the linked staff record loaded."""
    return list(
        session.scalars(
            select(User)
            .options(joinedload(User.therapist), joinedload(User.teacher))
            .order_by(User.role, User.email)
        )
    )


def set_account_active(session: Session, user: User, active: bool, acting_user: User) -> User:
    """Let an account log in again, or stop it; nobody locks themselves or the district out."""
    problems = Problems()
    if not active and user.id == acting_user.id:
        problems.add("account", "you cannot deactivate your own account")
    elif not active and user.role == "coordinator":
        others = session.scalar(
            select(func.count())
            .select_from(User)
            .where(User.role == "coordinator", User.active.is_(True), User.id != user.id)
        )
        if not others:
            problems.add("account", "this is the last active coordinator account")
    problems.raise_if_any()
    if user.active and not active:
        close_account(session, user)
    user.active = active
    session.flush()
    return user
