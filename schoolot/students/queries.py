"""Reading students for the pages: the filtered list and one student's details, loaded eagerly."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from schoolot.access import visible_students
from schoolot.models import School, Student, Teacher, Therapist, User


@dataclass(frozen=True)
class StudentFilters:
    """What the list is narrowed to; None or empty means no narrowing."""

    text: str = ""
    school_id: int | None = None
    therapist_id: int | None = None
    unassigned: bool = False
    grade: str | None = None


def student_list(user: User, filters: StudentFilters) -> Select[Student]:
    """The students `user` may see, narrowed by `filters`, by last name, loaded for the list.

    Many-to-one links are joined and service lines selected in one more query, so a
    page costs the same few queries whatever its size.
    """
    query = visible_students(user).options(
        joinedload(Student.school),
        joinedload(Student.teacher),
        joinedload(Student.therapist),
        selectinload(Student.services),
    )
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
    if filters.unassigned:
        query = query.where(Student.therapist_id.is_(None))
    elif filters.therapist_id is not None:
        query = query.where(Student.therapist_id == filters.therapist_id)
    if filters.grade:
        query = query.where(Student.grade == filters.grade)
    # The id breaks ties so that pages never overlap or skip a student.
    return query.order_by(Student.last_name, Student.first_name, Student.id)


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
