"""What a draft changes against the schedule in force: sessions kept, moved, added,
removed, counted per therapist and per teacher, and the students affected.

Sessions are matched by `uid` (store.py carries a uid over when a session serves the
same lines with the same therapist), so a session that changed time, day or school is
"moved", not removed and added.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from schoolot.models import (
    ScheduleAssignment,
    ScheduledSession,
    ScheduleVersion,
    ServiceLine,
    Student,
    Teacher,
    Therapist,
)

KEPT, MOVED, ADDED, REMOVED = "kept", "moved", "added", "removed"


@dataclass(frozen=True)
class SessionChange:
    """One session's fate: `before` in the schedule in force, `after` in the draft."""

    kind: str  # KEPT, MOVED, ADDED or REMOVED
    before: ScheduledSession | None
    after: ScheduledSession | None

    @property
    def uid(self) -> str:
        row = self.after or self.before
        assert row is not None
        return row.uid

    @property
    def sessions(self) -> tuple[ScheduledSession, ...]:
        return tuple(row for row in (self.before, self.after) if row is not None)


@dataclass
class ChangeCount:
    """How many sessions of one therapist or teacher were kept, moved, added, removed."""

    kept: int = 0
    moved: int = 0
    added: int = 0
    removed: int = 0

    @property
    def changed(self) -> int:
        return self.moved + self.added + self.removed

    def add(self, kind: str) -> None:
        setattr(self, kind, getattr(self, kind) + 1)


@dataclass(frozen=True)
class Reassignment:
    """A student served by another therapist in the draft (None: nobody)."""

    student: Student
    before: Therapist | None
    after: Therapist | None


@dataclass(frozen=True)
class ScheduleDiff:
    kept: list[SessionChange] = field(default_factory=list)
    moved: list[SessionChange] = field(default_factory=list)
    added: list[SessionChange] = field(default_factory=list)
    removed: list[SessionChange] = field(default_factory=list)
    # Ordered by code; every therapist or teacher with a session in either version.
    by_therapist: dict[Therapist, ChangeCount] = field(default_factory=dict)
    by_teacher: dict[Teacher, ChangeCount] = field(default_factory=dict)
    # Students in a session that moved, was added or was removed (ordered by code).
    students_affected: list[Student] = field(default_factory=list)
    reassigned: list[Reassignment] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return len(self.moved) + len(self.added) + len(self.removed)

    @property
    def teachers_affected(self) -> list[Teacher]:
        return [teacher for teacher, count in self.by_teacher.items() if count.changed]

    @property
    def therapists_affected(self) -> list[Therapist]:
        return [therapist for therapist, count in self.by_therapist.items() if count.changed]


def compare(
    session: Session, draft: ScheduleVersion, in_force: ScheduleVersion | None
) -> ScheduleDiff:
    """What `draft` changes against `in_force` (everything is added when there is none)."""
    after = {row.uid: row for row in _sessions(session, draft)}
    before = {row.uid: row for row in _sessions(session, in_force)} if in_force else {}
    changes: dict[str, list[SessionChange]] = {KEPT: [], MOVED: [], ADDED: [], REMOVED: []}
    for uid, row in after.items():
        old = before.get(uid)
        if old is None:
            changes[ADDED].append(SessionChange(ADDED, None, row))
        elif _what(old, in_force) == _what(row, draft):
            changes[KEPT].append(SessionChange(KEPT, old, row))
        else:
            changes[MOVED].append(SessionChange(MOVED, old, row))
    for uid, old in before.items():
        if uid not in after:
            changes[REMOVED].append(SessionChange(REMOVED, old, None))
    for found in changes.values():
        found.sort(key=_week_order)

    by_therapist: dict[Therapist, ChangeCount] = {}
    by_teacher: dict[Teacher, ChangeCount] = {}
    students: dict[int, Student] = {}
    for kind, found in changes.items():
        for change in found:
            for therapist in {row.therapist for row in change.sessions}:
                by_therapist.setdefault(therapist, ChangeCount()).add(kind)
            for teacher in {line.student.teacher for line in _lines(change.sessions)}:
                by_teacher.setdefault(teacher, ChangeCount()).add(kind)
            if kind != KEPT:
                for row in change.sessions:
                    if row.delivery == "consult":
                        continue  # the teacher's time, not the student's
                    students.update((line.student.id, line.student) for line in row.services)
    return ScheduleDiff(
        kept=changes[KEPT],
        moved=changes[MOVED],
        added=changes[ADDED],
        removed=changes[REMOVED],
        by_therapist=dict(sorted(by_therapist.items(), key=lambda item: item[0].code)),
        by_teacher=dict(sorted(by_teacher.items(), key=lambda item: item[0].code)),
        students_affected=sorted(students.values(), key=lambda s: s.code),
        reassigned=_reassigned(session, draft, in_force),
    )


def _what(row: ScheduledSession, version: ScheduleVersion | None) -> tuple:
    """Everything a calendar shows of a session: with its cycle week and the cycle's
    length, since a session of week 1 of four is on other dates than one of every week."""
    return (
        version.cycle_weeks if version is not None else 1,
        row.cycle_week,
        row.therapist_id,
        row.school_id,
        row.weekday,
        row.start,
        row.end,
        row.delivery,
        frozenset(line.id for line in row.services),
    )


def _week_order(change: SessionChange) -> tuple:
    row = change.after or change.before
    assert row is not None
    return (row.therapist.code, row.cycle_week, _DAYS.get(row.weekday, 9), row.start, row.uid)


_DAYS = {name: d for d, name in enumerate(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))}


def _lines(rows: Iterable[ScheduledSession]) -> list[ServiceLine]:
    return [line for row in rows for line in row.services]


def _sessions(session: Session, version: ScheduleVersion) -> list[ScheduledSession]:
    return list(
        session.scalars(
            select(ScheduledSession)
            .where(ScheduledSession.schedule_id == version.id)
            .options(
                selectinload(ScheduledSession.therapist),
                selectinload(ScheduledSession.school),
                selectinload(ScheduledSession.services)
                .selectinload(ServiceLine.student)
                .selectinload(Student.teacher),
            )
        )
    )


def _reassigned(
    session: Session, draft: ScheduleVersion, in_force: ScheduleVersion | None
) -> list[Reassignment]:
    if in_force is None:
        return []

    def assigned(version: ScheduleVersion) -> dict[int, ScheduleAssignment]:
        rows = session.scalars(
            select(ScheduleAssignment)
            .where(ScheduleAssignment.schedule_id == version.id)
            .options(
                selectinload(ScheduleAssignment.student),
                selectinload(ScheduleAssignment.therapist),
            )
        )
        return {row.student_id: row for row in rows}

    old, new = assigned(in_force), assigned(draft)
    moved = []
    for student_id in old.keys() | new.keys():
        before, after = old.get(student_id), new.get(student_id)
        if before is not None and after is not None and before.therapist_id == after.therapist_id:
            continue
        student = (after or before).student  # type: ignore[union-attr]
        moved.append(
            Reassignment(
                student,
                before.therapist if before else None,
                after.therapist if after else None,
            )
        )
    return sorted(moved, key=lambda r: r.student.code)
