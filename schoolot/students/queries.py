"""Reading students for the pages: the filtered list and one student's details, loaded eagerly."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, joinedload, load_only, object_session, selectinload

from schoolot.access import caseload_therapist_id, visible_students
from schoolot.caseload.in_effect import has_line_in_effect, year_from
from schoolot.models import School, ServiceLine, Student, Teacher, Therapist, User


@dataclass(frozen=True)
class StudentFilters:
    """What the list is narrowed to; None or empty means no narrowing."""

    text: str = ""
    school_id: int | None = None
    therapist_id: int | None = None
    unassigned: bool = False
    grade: str | None = None
    # The day the caseload is counted on (default: the district's today).
    as_of: dt.date | None = None


def student_list(user: User, filters: StudentFilters) -> Select[Student]:
    """The students `user` may see, narrowed by `filters`, by last name: their ids only,
    for a page of them; `listed_students` loads what the list shows of that page."""
    query = visible_students(user).options(load_only(Student.id))
    for word in _search_words(filters.text):
        pattern = "%" + _escape_like(word) + "%"
        query = query.where(
            or_(
                Student.first_name.ilike(pattern, escape="\\"),
                Student.last_name.ilike(pattern, escape="\\"),
                Student.code.ilike(pattern, escape="\\"),
            )
        )
    if filters.school_id is not None:
        query = query.where(Student.school_id == filters.school_id)
    # Caseloads as schoolot.caseload counts them: the pin, else the schedule in force's
    # assignment, of students with a line in effect.
    if filters.unassigned or filters.therapist_id is not None or user.role == "therapist":
        session = object_session(user)
        assert session is not None, "a user loaded from the database"
        query = query.where(has_line_in_effect(*year_from(session, filters.as_of)))
    if filters.unassigned:
        query = query.where(caseload_therapist_id().is_(None))
    elif filters.therapist_id is not None:
        query = query.where(caseload_therapist_id() == filters.therapist_id)
    if filters.grade:
        query = query.where(Student.grade == filters.grade)
    # The id breaks ties so that pages never overlap or skip a student.
    return query.order_by(Student.last_name, Student.first_name, Student.id)


@dataclass(frozen=True)
class Named:
    name: str


@dataclass(frozen=True)
class ListedLine:
    """What the list shows of a service line."""

    code: str
    minutes: int
    per: str
    session_minutes: int
    delivery: str
    grouping: str
    max_group: int


@dataclass(frozen=True)
class ListedStudent:
    """A row of the students list: the student with the names of their school, teacher
    and therapist (None: unassigned) and their service lines, by code."""

    id: int
    code: str
    first_name: str
    last_name: str
    grade: str
    school: Named
    teacher: Named
    therapist: Named | None  # whose caseload holds the student
    services: tuple[ListedLine, ...]
    in_service: bool = True  # False: no line in effect, so on nobody's caseload


def listed_students(
    session: Session, ids: list[int], as_of: dt.date | None = None
) -> list[ListedStudent]:
    """The rows of the students `ids`, in that order, in two queries of plain values (a
    page's worth of full records and their links cost more to load than to show); the
    therapist is the caseload's (schoolot.caseload) on `as_of` (default: today)."""
    if not ids:
        return []
    in_service = has_line_in_effect(*year_from(session, as_of))
    people = session.execute(
        select(
            Student.id,
            Student.code,
            Student.first_name,
            Student.last_name,
            Student.grade,
            School.name,
            Teacher.name,
            Therapist.name,
            in_service,
        )
        .join(School, School.id == Student.school_id)
        .join(Teacher, Teacher.id == Student.teacher_id)
        .outerjoin(Therapist, Therapist.id == caseload_therapist_id())
        .where(Student.id.in_(ids))
    )
    lines: dict[int, list[ListedLine]] = {student_id: [] for student_id in ids}
    for row in session.execute(
        select(
            ServiceLine.student_id,
            ServiceLine.code,
            ServiceLine.minutes,
            ServiceLine.per,
            ServiceLine.session_minutes,
            ServiceLine.delivery,
            ServiceLine.grouping,
            ServiceLine.max_group,
        )
        .where(ServiceLine.student_id.in_(ids))
        .order_by(ServiceLine.student_id, ServiceLine.code)
    ):
        student_id, code, minutes, per, session_minutes, delivery, grouping, max_group = row
        lines[student_id].append(
            ListedLine(code, minutes, per, session_minutes, delivery, grouping, max_group)
        )
    rows = {}
    for student_id, code, first, last, grade, school, teacher, therapist, served in people:
        rows[student_id] = ListedStudent(
            student_id,
            code,
            first,
            last,
            grade,
            Named(school),
            Named(teacher),
            Named(therapist) if therapist is not None and served else None,
            tuple(lines[student_id]),
            bool(served),
        )
    return [rows[student_id] for student_id in ids]


def _search_words(text: str) -> list[str]:
    """'Lopez, Ana' and 'ana lop' both find Ana Lopez: every word must match something."""
    return text.replace(",", " ").split()


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def student_details(session: Session, student: Student) -> Student:
    """`student` with everything their page shows loaded in a fixed few queries."""
    return session.scalars(
        select(Student)
        .where(Student.id == student.id)
        .options(
            joinedload(Student.school),
            joinedload(Student.teacher),
            joinedload(Student.therapist),
            selectinload(Student.services),
            selectinload(Student.goals),
            selectinload(Student.equipment),
        )
        .execution_options(populate_existing=True)
    ).one()


def school_choices(session: Session) -> list[School]:
    """Schools by name, for pickers and filters."""
    return list(session.scalars(select(School).order_by(School.name)))


def school_names(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every school, by name: the list's filter needs no more."""
    query = select(School.id, School.name).order_by(School.name)
    return [(school_id, name) for school_id, name in session.execute(query)]


def therapist_names(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every therapist, by name: the list's filter needs no more."""
    query = select(Therapist.id, Therapist.name).order_by(Therapist.name)
    return [(therapist_id, name) for therapist_id, name in session.execute(query)]


def teacher_choices(session: Session) -> list[Teacher]:
    """Teachers with their school, by school then name, for the student form."""
    return list(
        session.scalars(
            select(Teacher)
            .join(Teacher.school)
            .options(joinedload(Teacher.school))
            .order_by(School.name, Teacher.name)
        )
    )


def therapist_choices(session: Session) -> list[Therapist]:
    """Therapists with the schools they serve, by name."""
    return list(
        session.scalars(
            select(Therapist).options(selectinload(Therapist.schools)).order_by(Therapist.name)
        )
    )
