"""Schools: create, edit, delete, and what the list and the school page show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from schoolot import rules
from schoolot.district.blocks import BlockTable, weekly_tables
from schoolot.district.problems import (
    count_where,
    flush_delete,
    optional_text,
    required_text,
)
from schoolot.models import (
    Block,
    CalendarDay,
    School,
    Student,
    Teacher,
    Therapist,
    TherapistHours,
    TravelTime,
    therapist_school,
)
from schoolot.problems import Problems


@dataclass
class SchoolRow:
    """One line of the schools list."""

    school: School
    students: int = 0
    teachers: int = 0
    therapists: int = 0


def school_rows(session: Session) -> list[SchoolRow]:
    """Every school with its counts of students, teachers and therapists, in four queries."""
    rows = {s.id: SchoolRow(s) for s in session.scalars(select(School).order_by(School.name))}
    counts = (
        ("students", select(Student.school_id, func.count()).group_by(Student.school_id)),
        ("teachers", select(Teacher.school_id, func.count()).group_by(Teacher.school_id)),
        (
            "therapists",
            select(therapist_school.c.school_id, func.count()).group_by(
                therapist_school.c.school_id
            ),
        ),
    )
    for attribute, query in counts:
        for school_id, count in session.execute(query):
            if school_id in rows:
                setattr(rows[school_id], attribute, count)
    return list(rows.values())


def school_choices(session: Session) -> list[School]:
    """Every school, by name: for select boxes and checkboxes."""
    return list(session.scalars(select(School).order_by(School.name)))


def find_school(session: Session, code: str | None) -> School | None:
    if not code:
        return None
    return session.scalar(select(School).where(School.code == code))


def _check_school(
    session: Session,
    problems: Problems,
    school: School | None,
    code: str,
    name: str,
    day_start: dt.time,
    day_end: dt.time,
) -> tuple[str, str]:
    code = required_text(problems, "code", code, "school's id")
    name = required_text(problems, "name", name, "school's name")
    if code:
        other = find_school(session, code)
        if other is not None and other is not school:
            problems.add("code", f"a school with id {code} already exists ({other.name})")
    problems.add("day_end", rules.in_order(day_start, day_end, "the student day"))
    return code, name


def create_school(
    session: Session,
    code: str,
    name: str,
    day_start: dt.time,
    day_end: dt.time,
    address: str | None = None,
) -> School:
    """Add a school with its bell schedule (the student day)."""
    problems = Problems()
    code, name = _check_school(session, problems, None, code, name, day_start, day_end)
    problems.raise_if_any()
    school = School(
        code=code, name=name, day_start=day_start, day_end=day_end, address=optional_text(address)
    )
    session.add(school)
    session.flush()
    return school


def update_school(
    session: Session,
    school: School,
    code: str,
    name: str,
    day_start: dt.time,
    day_end: dt.time,
    address: str | None = None,
) -> School:
    """Change a school; a new bell schedule must still hold its blocks and early releases."""
    problems = Problems()
    code, name = _check_school(session, problems, school, code, name, day_start, day_end)
    if not problems:
        label = name or school.name
        for block in school.blocks:
            message = rules.overlaps_school_day(block.start, block.end, day_start, day_end, label)
            if message:
                what = f"{block.label or block.kind} block ({block.weekdays})"
                field = "day_start" if block.end <= day_start else "day_end"
                problems.add(field, f"the {what} would no longer fit: {message}")
        for day in _calendar_days(session, school):
            if day.end_time is None:
                continue
            message = rules.early_release_inside_day(day.end_time, day_start, day_end, label)
            if message:
                field = "day_start" if day.end_time <= day_start else "day_end"
                problems.add(field, f"{day.date}: {message}")
    problems.raise_if_any()
    school.code = code
    school.name = name
    school.day_start = day_start
    school.day_end = day_end
    school.address = optional_text(address)
    session.flush()
    return school


def delete_school(session: Session, school: School) -> None:
    """Delete a school and what is only its own (blocks, calendar days, travel times).

    Refused while students, teachers or pinned working hours depend on it.
    """
    problems = Problems()
    students = count_where(session, Student, Student.school_id == school.id)
    if students:
        problems.add(
            "school", f"{school.name} has {students} student(s); move or delete them first"
        )
    teachers = count_where(session, Teacher, Teacher.school_id == school.id)
    if teachers:
        problems.add(
            "school", f"{school.name} has {teachers} teacher(s); move or delete them first"
        )
    pinned = list(
        session.scalars(
            select(Therapist.name)
            .join(TherapistHours, TherapistHours.therapist_id == Therapist.id)
            .where(TherapistHours.school_id == school.id)
            .distinct()
        )
    )
    if pinned:
        problems.add(
            "school",
            f"working hours of {', '.join(sorted(pinned))} are pinned to {school.name}; "
            "unpin them first",
        )
    problems.raise_if_any()
    # Who serves the school, its travel times and its own calendar days go by the foreign
    # keys' ON DELETE CASCADE (enforced on SQLite too: extensions turns foreign keys on).
    session.delete(school)
    flush_delete(session, "school", school.name)


def _calendar_days(session: Session, school: School) -> list[CalendarDay]:
    """The school's own calendar days and the district-wide ones, by date."""
    return list(
        session.scalars(
            select(CalendarDay)
            .where(or_(CalendarDay.school_id == school.id, CalendarDay.school_id.is_(None)))
            .order_by(CalendarDay.date, CalendarDay.school_id)
        )
    )


@dataclass
class TeacherLine:
    teacher: Teacher
    students: int


@dataclass
class Route:
    """Driving time from this school to another; `travel` is None when there is no route."""

    school: School
    travel: TravelTime | None

    @property
    def minutes(self) -> int | None:
        return self.travel.minutes if self.travel else None


@dataclass
class SchoolOverview:
    """Everything the school page shows, loaded up front."""

    school: School
    block_tables: list[BlockTable] = field(default_factory=list)
    calendar_days: list[CalendarDay] = field(default_factory=list)
    teachers: list[TeacherLine] = field(default_factory=list)
    therapists: list[Therapist] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)


def school_overview(session: Session, school: School, school_days: str) -> SchoolOverview:
    """The school page: bell schedule, weekly blocks, calendar, staff and travel times."""
    blocks = list(
        session.scalars(
            select(Block)
            .where(Block.school_id == school.id)
            .options(joinedload(Block.teacher), joinedload(Block.student))
            .order_by(Block.start, Block.end)
        )
    )
    overview = SchoolOverview(school, block_tables=weekly_tables(blocks, school_days))
    overview.calendar_days = _calendar_days(session, school)
    student_counts = dict(
        session.execute(
            select(Student.teacher_id, func.count())
            .where(Student.school_id == school.id)
            .group_by(Student.teacher_id)
        ).all()
    )
    overview.teachers = [
        TeacherLine(t, student_counts.get(t.id, 0))
        for t in session.scalars(
            select(Teacher).where(Teacher.school_id == school.id).order_by(Teacher.name)
        )
    ]
    overview.therapists = list(
        session.scalars(
            select(Therapist)
            .join(therapist_school, therapist_school.c.therapist_id == Therapist.id)
            .where(therapist_school.c.school_id == school.id)
            .order_by(Therapist.name)
        )
    )
    travel_by_other: dict[int, TravelTime] = {}
    for travel in session.scalars(
        select(TravelTime).where(
            or_(TravelTime.from_school_id == school.id, TravelTime.to_school_id == school.id)
        )
    ):
        other = travel.to_school_id if travel.from_school_id == school.id else travel.from_school_id
        travel_by_other[other] = travel
    overview.routes = [
        Route(other, travel_by_other.get(other.id))
        for other in session.scalars(
            select(School).where(School.id != school.id).order_by(School.name)
        )
    ]
    return overview


def teachers_of(session: Session, school: School) -> list[Teacher]:
    return list(
        session.scalars(
            select(Teacher).where(Teacher.school_id == school.id).order_by(Teacher.name)
        )
    )


def students_of(session: Session, school: School) -> list[Student]:
    return list(
        session.scalars(
            select(Student)
            .where(Student.school_id == school.id)
            .options(selectinload(Student.teacher))
            .order_by(Student.last_name, Student.first_name)
        )
    )
