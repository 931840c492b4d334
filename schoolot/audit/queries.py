"""Reading the change history: how many changes bear on the schedule since a moment;
a student's history, or everything since a day."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.orm import Session

from schoolot.audit.tracked import TRACKED
from schoolot.models import Change, ScheduleVersion, SolveJob, Student


def _bears_on_schedule() -> ColumnElement[bool]:
    """Changes a solve reads: students (not their names), service lines, pins,
    therapists' FTE, hours and schools, blocks, schools' days, the calendar, travel
    times and the district's scheduling settings; not goals, equipment or accounts."""
    kinds = []
    for spec in TRACKED.values():
        if not spec.on_schedule:
            continue
        if spec.schedule_fields is not None:
            fields = or_(Change.field.is_(None), Change.field.in_(spec.schedule_fields))
        elif spec.off_schedule:
            fields = or_(Change.field.is_(None), Change.field.not_in(spec.off_schedule))
        else:
            fields = None
        kind = Change.record_kind == spec.kind
        kinds.append(kind if fields is None else and_(kind, fields))
    return or_(false(), *kinds)


def changes_since(session: Session, when: dt.datetime) -> int:
    """How many recorded changes (one a field changed, or a record created or deleted)
    bearing on the schedule were made after `when` (naive UTC, as stored)."""
    query = select(func.count()).select_from(Change).where(Change.at > when, _bears_on_schedule())
    return session.scalar(query) or 0


def solved_at(session: Session, version: ScheduleVersion) -> dt.datetime:
    """When the data `version` was solved from was read: its solve job's start, or, for
    a schedule solved by `flask solve`, its creation less the solver's seconds."""
    started = session.scalar(
        select(SolveJob.started_at).where(SolveJob.schedule_id == version.id).limit(1)
    )
    if started is not None:
        return started
    return version.created_at - dt.timedelta(seconds=version.seconds)


def changes_since_solved(session: Session, version: ScheduleVersion) -> int:
    """Changes bearing on the schedule since `version` was solved: for the alert "the
    schedule in force is out of date: N changes since it was solved"."""
    return changes_since(session, solved_at(session, version))


class UnknownStudent(LookupError):
    """No student, present or deleted, has that id."""


def student_record_id(session: Session, code: str) -> int:
    """The database id of the student with bundle id `code`, or of the one who had it
    (a deleted student's history stays under their id). Raises UnknownStudent."""
    found = session.scalar(select(Student.id).where(Student.code == code))
    if found is None:
        found = session.scalar(
            select(Change.record_id)
            .where(Change.record_kind == "student", Change.record_label == code)
            .order_by(Change.id.desc())
            .limit(1)
        )
    if found is None:
        raise UnknownStudent(f"no student with id '{code}', now or in the history")
    return found


def history(
    session: Session, student_id: int | None = None, since: dt.datetime | None = None
) -> list[Change]:
    """Recorded changes, oldest first: those of one student's records (their own, their
    lines, goals, equipment and blocks) and/or those made from `since` (naive UTC)."""
    query = select(Change).order_by(Change.at, Change.id)
    if student_id is not None:
        query = query.where(Change.student_id == student_id)
    if since is not None:
        query = query.where(Change.at >= since)
    return list(session.scalars(query))
