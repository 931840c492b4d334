"""What each role's dashboard shows, computed in a few queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from schoolot.access import caseload_therapist_id, visible_students
from schoolot.models import District, School, ServiceLine, Student, Teacher, Therapist, User


@dataclass
class Caseload:
    therapist: Therapist
    students: int = 0
    direct_minutes: int = 0  # pull-out and push-in, per week
    consult_minutes: int = 0

    @property
    def minutes_per_fte(self) -> float:
        return (self.direct_minutes + self.consult_minutes) / self.therapist.fte


@dataclass
class DashboardSummary:
    district: District | None
    counts: dict[str, int] = field(default_factory=dict)
    caseloads: list[Caseload] = field(default_factory=list)
    students: list[Student] = field(default_factory=list)
    unassigned_students: int = 0


def weekly_minutes(line: ServiceLine) -> int:
    return line.weekly_sessions * line.session_minutes


def dashboard_for(session: Session, user: User) -> DashboardSummary:
    summary = DashboardSummary(district=session.scalar(select(District)))
    if user.role == "coordinator":
        _coordinator(session, summary)
    else:
        summary.students = list(
            session.scalars(
                visible_students(user)
                .options(
                    selectinload(Student.services),
                    selectinload(Student.school),
                    selectinload(Student.teacher),
                )
                .order_by(Student.last_name, Student.first_name)
            )
        )
    return summary


def _coordinator(session: Session, summary: DashboardSummary) -> None:
    for label, model in (
        ("schools", School),
        ("therapists", Therapist),
        ("teachers", Teacher),
        ("students", Student),
        ("service lines", ServiceLine),
    ):
        summary.counts[label] = session.scalar(select(func.count()).select_from(model)) or 0
    # Caseloads as they stand: pinned students, and the ones the schedule in force assigns.
    therapist_of = caseload_therapist_id().label("therapist_id")
    summary.unassigned_students = (
        session.scalar(select(func.count()).select_from(Student).where(therapist_of.is_(None))) or 0
    )
    caseloads = {
        t.id: Caseload(t) for t in session.scalars(select(Therapist).order_by(Therapist.name))
    }
    student_counts = session.execute(
        select(therapist_of, func.count()).where(therapist_of.is_not(None)).group_by(therapist_of)
    )
    for therapist_id, count in student_counts:
        if therapist_id is not None:  # filtered in SQL; narrows the type
            caseloads[therapist_id].students = count
    lines = session.execute(
        select(therapist_of, ServiceLine).join(ServiceLine.student).where(therapist_of.is_not(None))
    )
    for therapist_id, line in lines:
        if therapist_id is None:
            continue
        if line.delivery == "consult":
            caseloads[therapist_id].consult_minutes += weekly_minutes(line)
        else:
            caseloads[therapist_id].direct_minutes += weekly_minutes(line)
    summary.caseloads = list(caseloads.values())
