"""The Medicaid-ready export: every session delivered in a date range, one row per
student and session, with its minutes and 15-minute units (docs/compliance-export.md).

Units follow the CMS 8-minute rule, per session: a whole 15 minutes is one unit, and a
remainder of 8 minutes or more one more (7 minutes: 0 units; 8-22: 1; 23-37: 2).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from schoolot.bundle.csv_cells import write_csv
from schoolot.models import SessionLog, Student
from schoolot.values import format_time

UNIT_MINUTES = 15
# A remainder of at least this many minutes counts as one more unit (CMS 8-minute rule).
REMAINDER_FOR_A_UNIT = 8
COLUMNS = (
    "date",
    "student",
    "student_name",
    "service",
    "therapist",
    "therapist_name",
    "school",
    "start",
    "minutes",
    "units",
    "group_size",
    "kind",
)


def units(minutes: int) -> int:
    """15-minute units of a session of `minutes` by the CMS 8-minute rule."""
    whole, remainder = divmod(minutes, UNIT_MINUTES)
    return whole + (1 if remainder >= REMAINDER_FOR_A_UNIT else 0)


@dataclass(frozen=True)
class MedicaidRow:
    """One student's delivered session on one date."""

    date: dt.date
    student: str
    student_name: str
    service: str
    therapist: str
    therapist_name: str
    school: str
    start: dt.time
    minutes: int
    group_size: int
    kind: str
    student_id: int  # not a column: names the student in the access record

    @property
    def units(self) -> int:
        return units(self.minutes)

    def cells(self) -> tuple[object, ...]:
        return (
            self.date.isoformat(),
            self.student,
            self.student_name,
            self.service,
            self.therapist,
            self.therapist_name,
            self.school,
            format_time(self.start),
            self.minutes,
            self.units,
            self.group_size,
            self.kind,
        )


def delivered_sessions(
    session: Session, first: dt.date, last: dt.date, *, therapist_id: int | None = None
) -> list[MedicaidRow]:
    """Sessions delivered from `first` to `last` (by one therapist, when given), in date,
    start, student order."""
    query = (
        select(SessionLog)
        .where(
            SessionLog.status == "delivered",
            SessionLog.date >= first,
            SessionLog.date <= last,
        )
        .options(
            selectinload(SessionLog.student).selectinload(Student.school),
            selectinload(SessionLog.service_line),
            selectinload(SessionLog.therapist),
            selectinload(SessionLog.school),
        )
    )
    if therapist_id is not None:
        query = query.where(SessionLog.therapist_id == therapist_id)
    logs = list(session.scalars(query))
    present = _students_present(logs)
    rows = [_row(log, present[_sitting(log)]) for log in logs]
    rows.sort(key=lambda r: (r.date, r.start, r.student, r.service))
    return rows


def _sitting(log: SessionLog) -> tuple:
    # A therapist holds one session at a time: their date and start name it.
    return (log.therapist_id, log.date, log.start)


def _students_present(logs: list[SessionLog]) -> dict[tuple, int]:
    """Students delivered each session (a group's absent students do not count towards
    its group size, which Medicaid's group rate reads)."""
    students: dict[tuple, set[int]] = {}
    for log in logs:
        students.setdefault(_sitting(log), set()).add(log.student_id)
    return {key: len(ids) for key, ids in students.items()}


def _row(log: SessionLog, group_size: int) -> MedicaidRow:
    student = log.student
    school = log.school or student.school
    return MedicaidRow(
        date=log.date,
        student=student.code,
        student_name=f"{student.first_name} {student.last_name}",
        service=log.service_line.code,
        therapist=log.therapist.code if log.therapist else "",
        therapist_name=log.therapist.name if log.therapist else "",
        school=school.name,
        start=log.start,
        minutes=log.minutes,
        group_size=group_size,
        kind=log.kind,
        student_id=log.student_id,
    )


def as_csv(rows: Iterable[MedicaidRow]) -> str:
    """The rows as CSV, a heading row first; cells a spreadsheet would run as a formula
    carry a leading `'` (schoolot.bundle.csv_cells)."""
    out = io.StringIO()
    write_csv(out, [COLUMNS, *(row.cells() for row in rows)])
    return out.getvalue()


@dataclass(frozen=True)
class Totals:
    sessions: int
    minutes: int
    units: int


def totals(rows: Sequence[MedicaidRow]) -> Totals:
    return Totals(len(rows), sum(r.minutes for r in rows), sum(r.units for r in rows))
