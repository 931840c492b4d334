"""Lists of recorded changes, newest first: a student's History tab, and the district
audit page filtered by person, student, kind of change and dates (and its CSV)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from schoolot.audit.sentences import entries
from schoolot.audit.words import KIND_WORDS
from schoolot.bundle.csv_cells import write_csv
from schoolot.models import Change, Student

CSV_HEADER = (
    "at", "actor", "action", "record_kind", "record_id", "record", "student", "field",
    "before", "after", "reason", "change",
)  # fmt: skip


@dataclass(frozen=True)
class ChangeFilters:
    """What the audit page lists: each filter left None lists every change."""

    actor: str | None = None
    student_id: int | None = None
    kind: str | None = None
    first_day: dt.date | None = None
    last_day: dt.date | None = None


def kinds() -> list[tuple[str, str]]:
    """(kind, words) of every kind of record the history follows."""
    return sorted(KIND_WORDS.items(), key=lambda item: item[1])


def actors(session: Session) -> list[str]:
    """Everyone (people, imports, commands) who has changed something, by name."""
    return list(session.scalars(select(Change.actor).distinct().order_by(Change.actor)))


def _utc_start(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    """Midnight at the start of `day` in `zone`, as stored (naive UTC)."""
    local = dt.datetime.combine(day, dt.time(), tzinfo=zone)
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def district_changes(filters: ChangeFilters, zone: dt.tzinfo) -> Select[Change]:
    """The changes the filters keep, newest first (dates are whole days in `zone`)."""
    query = select(Change).order_by(Change.at.desc(), Change.id.desc())
    if filters.actor:
        query = query.where(Change.actor == filters.actor)
    if filters.student_id is not None:
        query = query.where(Change.student_id == filters.student_id)
    if filters.kind:
        query = query.where(Change.record_kind == filters.kind)
    if filters.first_day is not None:
        query = query.where(Change.at >= _utc_start(filters.first_day, zone))
    if filters.last_day is not None:
        next_day = filters.last_day + dt.timedelta(days=1)
        query = query.where(Change.at < _utc_start(next_day, zone))
    return query


def student_changes(student_id: int) -> Select[Change]:
    """A student's history, newest first: their own record, service lines, goals,
    equipment, pins, blocks, session logs and makeups (kept after any of them is
    deleted), and each schedule published (it changed their week)."""
    return (
        select(Change)
        .where(or_(Change.student_id == student_id, Change.action == "publish"))
        .order_by(Change.at.desc(), Change.id.desc())
    )


def former_student_code(session: Session, student_id: int) -> str | None:
    """The bundle id a student had, from the history (for one since deleted)."""
    return session.scalar(
        select(Change.record_label)
        .where(Change.record_kind == "student", Change.record_id == student_id)
        .order_by(Change.id.desc())
        .limit(1)
    )


def student_codes(session: Session, student_ids: Iterable[int | None]) -> dict[int, str]:
    """Bundle ids of the students named, present or deleted."""
    wanted = {i for i in student_ids if i is not None}
    if not wanted:
        return {}
    query = select(Student.id, Student.code).where(Student.id.in_(wanted))
    codes: dict[int, str] = {row.id: row.code for row in session.execute(query)}
    for student_id in wanted - codes.keys():
        codes[student_id] = former_student_code(session, student_id) or f"#{student_id}"
    return codes


def as_csv(session: Session, changes: Sequence[Change], zone: dt.tzinfo, today: dt.date) -> str:
    """The changes as CSV (cells a spreadsheet never runs as formulas), one row each,
    with the district's local time and the readable sentence."""
    codes = student_codes(session, (c.student_id for c in changes))
    shown = entries(session, changes, zone, today)
    rows: list[Sequence[object]] = [CSV_HEADER]
    for change, entry in zip(changes, shown, strict=True):
        rows.append(
            (
                entry.at.strftime("%Y-%m-%d %H:%M %Z"),
                change.actor,
                change.action,
                change.record_kind,
                change.record_id,
                change.record_label,
                codes.get(change.student_id) if change.student_id is not None else None,
                change.field,
                change.before,
                change.after,
                change.reason,
                entry.sentence,
            )
        )
    handle = io.StringIO()
    write_csv(handle, rows)
    return handle.getvalue()
