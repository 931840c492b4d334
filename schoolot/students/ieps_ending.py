"""Students whose IEP has ended or ends soon: the district's list and the dashboard's alert.

A line whose service dates (by default its IEP's) ended before the first day scheduled
is not owed, so the solver leaves it out: an ended IEP drops the student's lines from
the next schedule without a word unless someone renews or closes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from schoolot.access import caseload_therapist_id
from schoolot.models import School, ServiceLine, Student, Therapist

SOON_DAYS = 30


@dataclass(frozen=True)
class IepEnding:
    """A row of the list: the student, where and with whom, and their IEP's end."""

    student_id: int
    name: str
    code: str
    school_name: str
    therapist_name: str | None  # None: on nobody's caseload
    iep_end: dt.date
    days_left: int  # negative once ended
    lines: int  # service lines of the student
    lines_left_out: int  # of them, ended before today: the solver leaves them out

    @property
    def ended(self) -> bool:
        return self.days_left < 0


def ieps_ending(session: Session, today: dt.date, within_days: int = SOON_DAYS) -> list[IepEnding]:
    """Students whose IEP ended before `today` or ends within `within_days` of it, the
    soonest (longest ended) first, in two queries."""
    last_day = today + dt.timedelta(days=within_days)
    query = (
        select(
            Student.id,
            Student.first_name,
            Student.last_name,
            Student.code,
            Student.iep_end,
            School.name.label("school_name"),
            Therapist.name.label("therapist_name"),
        )
        .join(School, School.id == Student.school_id)
        .outerjoin(Therapist, Therapist.id == caseload_therapist_id())
        .where(Student.iep_end <= last_day)
        .order_by(Student.iep_end, Student.last_name, Student.first_name, Student.id)
    )
    rows = session.execute(query).all()
    counts = _line_counts(session, [row.id for row in rows], today)
    return [
        IepEnding(
            student_id=row.id,
            name=f"{row.first_name} {row.last_name}",
            code=row.code,
            school_name=row.school_name,
            therapist_name=row.therapist_name,
            iep_end=row.iep_end,
            days_left=(row.iep_end - today).days,
            lines=counts.get(row.id, (0, 0))[0],
            lines_left_out=counts.get(row.id, (0, 0))[1],
        )
        for row in rows
    ]


def _line_counts(
    session: Session, student_ids: list[int], today: dt.date
) -> dict[int, tuple[int, int]]:
    """student id -> (lines, lines whose service ended before `today`)."""
    if not student_ids:
        return {}
    ended = func.coalesce(ServiceLine.end, Student.iep_end) < today
    query = (
        select(
            ServiceLine.student_id,
            func.count(),
            func.sum(case((ended, 1), else_=0)),
        )
        .join(Student, Student.id == ServiceLine.student_id)
        .where(ServiceLine.student_id.in_(student_ids))
        .group_by(ServiceLine.student_id)
    )
    return {student_id: (lines, left_out) for student_id, lines, left_out in session.execute(query)}
