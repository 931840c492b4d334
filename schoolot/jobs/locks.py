"""Locks on sessions of the schedule in force: a locked session keeps its day, time and
school in the next solve (build_problem hands the lock to the solver)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from schoolot.models import ScheduledSession, ScheduleVersion, ServiceLine, Student
from schoolot.scheduling.store import WrongState

WEEK_ORDER = {name: d for d, name in enumerate(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))}


def therapist_week(
    session: Session, version: ScheduleVersion, therapist_id: int
) -> list[ScheduledSession]:
    """The therapist's sessions in `version`, in the cycle's order (cycle week, weekday,
    start), with school and students loaded."""
    rows = session.scalars(
        select(ScheduledSession)
        .where(
            ScheduledSession.schedule_id == version.id,
            ScheduledSession.therapist_id == therapist_id,
        )
        .options(
            selectinload(ScheduledSession.school),
            selectinload(ScheduledSession.services)
            .selectinload(ServiceLine.student)
            .selectinload(Student.teacher),
        )
    )
    return sorted(
        rows,
        key=lambda row: (row.cycle_week, WEEK_ORDER.get(row.weekday, 9), row.start, row.uid),
    )


def set_locked(session: Session, row: ScheduledSession, locked: bool) -> ScheduledSession:
    """Lock (or unlock) a session of the schedule in force; other versions are refused."""
    if row.schedule.state != "published":
        raise WrongState(
            f"schedule {row.schedule_id} is {row.schedule.state}: only sessions of the "
            "schedule in force can be locked or unlocked"
        )
    row.locked = locked
    session.flush()
    return row
