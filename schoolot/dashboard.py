"""What each role's dashboard shows, computed in a few queries. Caseloads and workloads
are the one caseload's (schoolot.caseload), never recounted here."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from schoolot.access import visible_students
from schoolot.caseload.snapshot import load_snapshot
from schoolot.caseload.students import caseload_students, with_table_columns
from schoolot.caseload.workload import Workload, workload_of, workloads
from schoolot.models import District, School, Student, Teacher, Therapist, User


@dataclass
class DashboardSummary:
    district: District | None
    counts: dict[str, int] = field(default_factory=dict)
    # Coordinators: every therapist's workload, by name.
    workloads: list[Workload] = field(default_factory=list)
    # A therapist: their own workload (None: an account with no therapist record).
    workload: Workload | None = None
    # A therapist's caseload, a teacher's class: by name.
    students: list[Student] = field(default_factory=list)
    unassigned_students: int = 0  # with a line in effect and on nobody's caseload


def dashboard_for(session: Session, user: User) -> DashboardSummary:
    summary = DashboardSummary(district=session.scalar(select(District)))
    if user.role == "coordinator":
        _coordinator(session, summary)
    elif user.role == "therapist" and user.therapist_id is not None:
        snapshot = load_snapshot(session)
        summary.workload = workload_of(snapshot, user.therapist_id)
        summary.students = caseload_students(session, snapshot, user.therapist_id)
    else:
        summary.students = list(
            session.scalars(
                with_table_columns(visible_students(user)).order_by(
                    Student.last_name, Student.first_name
                )
            )
        )
    return summary


def _coordinator(session: Session, summary: DashboardSummary) -> None:
    for label, model in (("schools", School), ("therapists", Therapist), ("teachers", Teacher)):
        summary.counts[label] = session.scalar(select(func.count()).select_from(model)) or 0
    snapshot = load_snapshot(session)
    summary.counts["students in service"] = len(snapshot.students)
    summary.counts["service lines in effect"] = sum(len(s.lines) for s in snapshot.students)
    summary.unassigned_students = len(snapshot.unassigned())
    summary.workloads = workloads(snapshot)
