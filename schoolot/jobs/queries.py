"""What the schedule pages show, loaded eagerly: versions, a version's unscheduled lines."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload, selectinload

from schoolot.models import ScheduleVersion, ServiceLine, SolveJob, Student, UnscheduledLine


def versions_query() -> Select[ScheduleVersion]:
    """Every version, newest first, with who made it (for a paginated list)."""
    return (
        select(ScheduleVersion)
        .options(joinedload(ScheduleVersion.created_by))
        .order_by(ScheduleVersion.id.desc())
    )


def unscheduled_lines(session: Session, version: ScheduleVersion) -> list[UnscheduledLine]:
    """The lines `version` could not place, with their students, by student name."""
    rows = session.scalars(
        select(UnscheduledLine)
        .where(UnscheduledLine.schedule_id == version.id)
        .options(
            selectinload(UnscheduledLine.service_line)
            .selectinload(ServiceLine.student)
            .selectinload(Student.school)
        )
    )
    return sorted(
        rows,
        key=lambda row: (
            row.service_line.student.last_name,
            row.service_line.student.first_name,
            row.service_line.code,
        ),
    )


def job_of_version(session: Session, version: ScheduleVersion) -> SolveJob | None:
    """The solve job that made `version`, if it was made by one."""
    return session.scalar(select(SolveJob).where(SolveJob.schedule_id == version.id).limit(1))


def gap(objective: float, bound: float) -> float:
    """The relative distance between the best schedule found and the best possible one."""
    if objective == 0:
        return 0.0
    return abs(objective - bound) / max(abs(objective), 1e-9)
