"""A therapist's day to log: each planned session with its students and what is logged
of them, and the sessions logged that were not planned. What the Today page shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from schoolot.access import on_caseload
from schoolot.models import School, ServiceLine, SessionLog, Student
from schoolot.service_log.logging import session_key
from schoolot.service_log.planned import PlannedSession, planned_sessions


@dataclass(frozen=True)
class StudentInSession:
    """One student's line in a session, and its log when there is one."""

    line: ServiceLine
    student: Student
    log: SessionLog | None


@dataclass(frozen=True)
class SessionToLog:
    """A planned session of the day (a weekly session, or an accepted makeup)."""

    planned: PlannedSession
    school: School
    students: tuple[StudentInSession, ...]

    @property
    def key(self) -> str:
        return session_key(self.planned)

    @property
    def logged(self) -> bool:
        """Every student's outcome is saved (the session shows locked)."""
        return all(s.log is not None for s in self.students)

    @property
    def is_makeup(self) -> bool:
        return self.planned.makeup_id is not None


@dataclass(frozen=True)
class DayToLog:
    therapist_id: int
    date: dt.date
    sessions: tuple[SessionToLog, ...]
    unplanned: tuple[SessionLog, ...]  # extra and makeup sessions logged that day
    may_log: bool  # the date is today or past

    @property
    def open_students(self) -> int:
        """Students of sessions that happen whose outcome is not saved yet."""
        return sum(
            1
            for s in self.sessions
            if s.planned.happens
            for student in s.students
            if student.log is None
        )


def day_to_log(
    session: Session,
    therapist_id: int,
    date: dt.date,
    today: dt.date,
) -> DayToLog:
    """The therapist's sessions planned on `date` (cancelled ones too) with their logs."""
    planned = planned_sessions(session, date, date, therapist_id=therapist_id)
    logs = list(
        session.scalars(
            select(SessionLog)
            .where(SessionLog.therapist_id == therapist_id, SessionLog.date == date)
            .options(selectinload(SessionLog.student), selectinload(SessionLog.progress))
            .order_by(SessionLog.start, SessionLog.id)
        )
    )
    line_ids = {line.line_id for p in planned for line in p.lines}
    lines = {
        line.id: line
        for line in session.scalars(
            select(ServiceLine)
            .where(ServiceLine.id.in_(line_ids))
            .options(selectinload(ServiceLine.student).selectinload(Student.goals))
        )
    }
    used: set[int] = set()
    sessions = []
    for p in planned:
        students = []
        for planned_line in p.lines:
            log = next((g for g in logs if _is_log_of(g, p, planned_line.line_id)), None)
            if log is not None:
                used.add(log.id)
            line = lines[planned_line.line_id]
            students.append(StudentInSession(line, line.student, log))
        school = session.get(School, p.school_id)
        assert school is not None  # a session's school is kept while it is
        sessions.append(SessionToLog(p, school, tuple(students)))
    unplanned = tuple(log for log in logs if log.id not in used)
    return DayToLog(therapist_id, date, tuple(sessions), unplanned, date <= today)


def caseload_lines(session: Session, therapist_id: int) -> tuple[ServiceLine, ...]:
    """The service lines of the therapist's caseload, by student name: what an extra or
    makeup session may be logged for."""
    query = (
        select(ServiceLine)
        .join(Student, Student.id == ServiceLine.student_id)
        .where(on_caseload(therapist_id))
        .options(selectinload(ServiceLine.student))
        .order_by(Student.last_name, Student.first_name, ServiceLine.code)
    )
    return tuple(session.scalars(query))


def _is_log_of(log: SessionLog, planned: PlannedSession, line_id: int) -> bool:
    if log.service_line_id != line_id:
        return False
    if planned.makeup_id is not None:
        return log.makeup_id == planned.makeup_id and log.session_uid is None
    return log.session_uid == planned.session_uid
