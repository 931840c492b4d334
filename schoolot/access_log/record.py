"""Writing, reading and purging access-log entries (plain functions on a session)."""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Select, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from schoolot.models import AccessEntry, District, access_log_student
from schoolot.models.users import utcnow


def record_access(
    session: Session,
    *,
    actor: str,
    what: str,
    user_id: int | None = None,
    student_id: int | None = None,
    student_code: str | None = None,
    detail: str | None = None,
    address: str | None = None,
    held: Iterable[int] = (),
) -> AccessEntry:
    """Add one entry: `actor` ("Mai Miller (therapist)") opened `what` ("student page",
    "caseload CSV") of a student or with the export's `detail` (its filters); `held`:
    the ids of the students an export of many held, each named once beside the entry."""
    entry = AccessEntry(
        at=utcnow(),
        user_id=user_id,
        actor=actor[:300],
        what=what[:100],
        student_id=student_id,
        student_code=student_code,
        detail=detail or None,
        address=(address or None) and address[:64],
    )
    session.add(entry)
    session.flush()
    students = sorted(set(held))
    if students:
        session.execute(
            insert(access_log_student),
            [{"access_log_id": entry.id, "student_id": s} for s in students],
        )
    return entry


def record_command_export(
    session: Session, command: str, what: str, detail: str, held: Iterable[int] = ()
) -> AccessEntry:
    """An export made by a `flask` command: who is the command and the system account
    running it ("flask export-bundle (run by deploy)"); `held` as record_access's."""
    try:
        runner = getpass.getuser()
    except (KeyError, OSError):  # no name for the process's user id
        runner = "unknown"
    actor = f"{command} (run by {runner})"
    return record_access(session, actor=actor, what=what, detail=detail, held=held)


@dataclass(frozen=True)
class AccessFilters:
    """What a reader of the log asks for; None: any. Times are naive UTC, `until` excluded."""

    student_id: int | None = None
    user_id: int | None = None
    what: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None


def access_entries(filters: AccessFilters) -> Select[AccessEntry]:
    """The entries matching `filters`, newest first; a student's are the views of their
    record and the exports of many that held them."""
    query = select(AccessEntry)
    if filters.student_id is not None:
        held = select(access_log_student.c.access_log_id).where(
            access_log_student.c.student_id == filters.student_id
        )
        query = query.where(
            or_(AccessEntry.student_id == filters.student_id, AccessEntry.id.in_(held))
        )
    if filters.user_id is not None:
        query = query.where(AccessEntry.user_id == filters.user_id)
    if filters.what:
        query = query.where(AccessEntry.what == filters.what)
    if filters.since is not None:
        query = query.where(AccessEntry.at >= filters.since)
    if filters.until is not None:
        query = query.where(AccessEntry.at < filters.until)
    return query.order_by(AccessEntry.at.desc(), AccessEntry.id.desc())


def retention_cutoff(district: District, now: dt.datetime | None = None) -> dt.datetime:
    """Entries older than this (naive UTC) are past the district's retention."""
    return (now or utcnow()) - dt.timedelta(days=district.access_log_days)


def purge_access_log(session: Session, before: dt.datetime, *, dry_run: bool = False) -> int:
    """Delete the entries made before `before` (naive UTC); returns how many (with
    `dry_run`, how many would go, deleting nothing)."""
    older = AccessEntry.at < before
    count = session.scalar(select(func.count()).select_from(AccessEntry).where(older)) or 0
    if count and not dry_run:
        # The foreign key cascades too; deleted here as well so no row outlives its entry
        # on a connection that does not enforce foreign keys.
        gone = select(AccessEntry.id).where(older)
        session.execute(
            delete(access_log_student).where(access_log_student.c.access_log_id.in_(gone))
        )
        session.execute(delete(AccessEntry).where(older))
        session.flush()
    return count
