"""Which sessions of the schedule in force belong to a therapist, teacher, school or
student, loaded with their students in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from schoolot.models import (
    ScheduledSession,
    ScheduledTravel,
    ScheduleVersion,
    ServiceLine,
    Student,
    session_service,
)

THERAPIST = "therapist"
TEACHER = "teacher"
SCHOOL = "school"
STUDENT = "student"
KINDS = (THERAPIST, TEACHER, SCHOOL, STUDENT)


@dataclass
class Selection:
    """The sessions (and travel) of one view, and which of their students it shows."""

    sessions: list[ScheduledSession]
    travel: list[ScheduledTravel]
    shows: Callable[[Student], bool] | None


def _sessions(version: ScheduleVersion) -> Select[ScheduledSession]:
    return (
        select(ScheduledSession)
        .where(ScheduledSession.schedule_id == version.id)
        .options(
            selectinload(ScheduledSession.services)
            .selectinload(ServiceLine.student)
            .selectinload(Student.teacher),
            selectinload(ScheduledSession.school),
            selectinload(ScheduledSession.therapist),
        )
        .order_by(ScheduledSession.weekday, ScheduledSession.start, ScheduledSession.id)
    )


def _travel(version: ScheduleVersion) -> Select[ScheduledTravel]:
    return (
        select(ScheduledTravel)
        .where(ScheduledTravel.schedule_id == version.id)
        .options(selectinload(ScheduledTravel.from_school), selectinload(ScheduledTravel.to_school))
        .order_by(ScheduledTravel.therapist_id, ScheduledTravel.weekday, ScheduledTravel.start)
    )


def _with_student(query: Select, *conditions) -> Select:
    """Sessions holding a service line of a student matching `conditions`."""
    ids = (
        select(session_service.c.session_id)
        .join(ServiceLine, ServiceLine.id == session_service.c.service_line_id)
        .join(Student, Student.id == ServiceLine.student_id)
        .where(*conditions)
    )
    return query.where(ScheduledSession.id.in_(ids))


def select_sessions(
    session: Session, version: ScheduleVersion, kind: str, owner_id: int
) -> Selection:
    """The sessions of `kind` ('therapist', 'teacher', 'school', 'student') `owner_id`
    in `version`. A teacher's and a student's views show only their own students in
    a group; travel belongs to a therapist's view only."""
    query = _sessions(version)
    travel: list[ScheduledTravel] = []
    shows: Callable[[Student], bool] | None = None
    if kind == THERAPIST:
        query = query.where(ScheduledSession.therapist_id == owner_id)
        travel = list(
            session.scalars(_travel(version).where(ScheduledTravel.therapist_id == owner_id))
        )
    elif kind == SCHOOL:
        query = query.where(ScheduledSession.school_id == owner_id)
    elif kind == TEACHER:
        query = _with_student(query, Student.teacher_id == owner_id)
        shows = lambda student: student.teacher_id == owner_id  # noqa: E731
    elif kind == STUDENT:
        query = _with_student(query, Student.id == owner_id)
        shows = lambda student: student.id == owner_id  # noqa: E731
    else:
        raise ValueError(f"unknown timetable kind {kind!r}")
    return Selection(list(session.scalars(query)), travel, shows)


def select_all(session: Session, version: ScheduleVersion) -> Selection:
    """Every session and drive of `version` (the coordinator's overview of all therapists)."""
    return Selection(
        list(session.scalars(_sessions(version))), list(session.scalars(_travel(version))), None
    )
