"""A student's owed vs delivered for an IEP meeting: their lines' ledgers, the minutes
missed by reason, their makeups, and each goal's progress over time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from schoolot.caseload.students import caseload_therapist
from schoolot.compliance.goal_progress import GoalChart, goal_charts
from schoolot.compliance.ledger import LineLedger, line_ledgers
from schoolot.compliance.rollup import Totals, totals
from schoolot.district.settings import get_district
from schoolot.models import Makeup, ServiceLine, Student, Therapist
from schoolot.models.service_log import MISS_REASONS


@dataclass(frozen=True)
class MakeupRow:
    """A makeup of one of the student's lines, proposed or accepted."""

    date: dt.date
    start: dt.time
    end: dt.time
    minutes: int
    line_code: str
    state: str  # proposed, accepted, or delivered / missed once logged
    therapist: str


@dataclass(frozen=True)
class StudentReport:
    student: Student
    as_of: dt.date
    therapist: Therapist | None
    ledgers: list[LineLedger]
    totals: Totals
    missed_by_reason: dict[str, int]  # across the lines, MISS_REASONS order
    owed_back: tuple[str, ...]  # the district's makeup reasons
    makeups: list[MakeupRow]
    charts: list[GoalChart]


def student_report(session: Session, student: Student, as_of: dt.date) -> StudentReport:
    """Everything the report and the student's compliance page show, as of `as_of`."""
    district = get_district(session)
    ledgers = line_ledgers(session, as_of, student_id=student.id)
    missed = {
        reason: sum(x.missed_minutes.get(reason, 0) for x in ledgers) for reason in MISS_REASONS
    }
    return StudentReport(
        student=student,
        as_of=as_of,
        therapist=caseload_therapist(session, student.id, as_of),
        ledgers=ledgers,
        totals=totals(ledgers),
        missed_by_reason={r: m for r, m in missed.items() if m},
        owed_back=district.makeup_reason_list if district else (),
        makeups=_makeups(session, student.id),
        charts=goal_charts(session, student.id, as_of),
    )


def _makeups(session: Session, student_id: int) -> list[MakeupRow]:
    query = (
        select(Makeup)
        .join(ServiceLine, ServiceLine.id == Makeup.service_line_id)
        .where(ServiceLine.student_id == student_id, Makeup.state != "declined")
        .options(
            selectinload(Makeup.service_line),
            selectinload(Makeup.therapist),
            selectinload(Makeup.logs),
        )
        .order_by(Makeup.date, Makeup.start, Makeup.id)
    )
    rows = []
    for makeup in session.scalars(query):
        logged = makeup.logs[0].status if makeup.logs else None
        rows.append(
            MakeupRow(
                date=makeup.date,
                start=makeup.start,
                end=makeup.end,
                minutes=makeup.minutes,
                line_code=makeup.service_line.code,
                state=logged or makeup.state,
                therapist=makeup.therapist.name,
            )
        )
    return rows
