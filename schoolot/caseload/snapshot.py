"""A district's caseloads on a day, as plain data: `load_snapshot` reads it, and
`CaseloadSnapshot.with_changes` changes it in memory (what-if, balance) without
writing anything."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from schoolot.caseload.facts import (
    CaseloadSettings,
    DriveFacts,
    LineFacts,
    ScheduleFacts,
    SessionFacts,
    StudentFacts,
    TherapistFacts,
)
from schoolot.caseload.in_effect import lines_in_effect, year_from
from schoolot.district.settings import get_district
from schoolot.models import (
    District,
    ScheduleAssignment,
    ScheduledSession,
    ScheduledTravel,
    ScheduleVersion,
    School,
    Student,
    Therapist,
    User,
    session_service,
)
from schoolot.scheduling.store import in_force
from schoolot.values import minutes_of

__all__ = [
    "CaseloadSettings",
    "CaseloadSnapshot",
    "LineFacts",
    "StudentFacts",
    "TherapistFacts",
    "load_snapshot",
]


@dataclass(frozen=True)
class CaseloadSnapshot:
    """Every therapist, every student with a line in effect on `as_of`, and the
    schedule in force (None: none is published)."""

    as_of: dt.date
    settings: CaseloadSettings
    therapists: tuple[TherapistFacts, ...]  # by name
    students: tuple[StudentFacts, ...]  # by last and first name
    school_names: Mapping[int, str]
    schedule: ScheduleFacts | None
    _by_student: dict[int, StudentFacts] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_student", {s.id: s for s in self.students})

    def student(self, student_id: int) -> StudentFacts | None:
        """The student, if they have a line in effect."""
        return self._by_student.get(student_id)

    def therapist_of(self, student_id: int) -> int | None:
        """The therapist whose caseload holds the student; None: nobody's, or no line
        in effect."""
        student = self._by_student.get(student_id)
        return student.therapist_id if student is not None else None

    def caseload(self, therapist_id: int) -> tuple[StudentFacts, ...]:
        """The students on the therapist's caseload, by name."""
        return tuple(s for s in self.students if s.therapist_id == therapist_id)

    def unassigned(self) -> tuple[StudentFacts, ...]:
        """Students with a line in effect and no therapist."""
        return tuple(s for s in self.students if s.therapist_id is None)

    def with_changes(
        self,
        moves: Mapping[int, int | None] | None = None,
        fte: Mapping[int, float] | None = None,
        schools: Mapping[int, frozenset[int]] | None = None,
        settings: CaseloadSettings | None = None,
    ) -> CaseloadSnapshot:
        """This snapshot with, in memory only: `moves` (student id -> the therapist id
        they go to, pinned, or None for nobody), `fte` and `schools` (the school ids
        covered) per therapist id, and other `settings`. The schedule in force stays as
        it is: a moved student's lines count in full for their new therapist until a
        schedule places them (docs/caseload.md)."""
        moves, fte, schools = moves or {}, fte or {}, schools or {}
        students = tuple(
            dataclasses.replace(s, pinned_id=moves[s.id], assigned_id=None) if s.id in moves else s
            for s in self.students
        )
        therapists = tuple(
            dataclasses.replace(
                t, fte=fte.get(t.id, t.fte), school_ids=schools.get(t.id, t.school_ids)
            )
            for t in self.therapists
        )
        return dataclasses.replace(
            self,
            students=students,
            therapists=therapists,
            settings=settings or self.settings,
        )


def load_snapshot(session: Session, as_of: dt.date | None = None) -> CaseloadSnapshot:
    """The district's caseloads on `as_of` (default: the district's today): only
    students and lines in effect from that day on (see `in_effect`); the schedule in
    force supplies the assignments of unpinned students, its sessions and drives."""
    district = get_district(session)
    first_day, last_day = year_from(session, as_of)
    version = in_force(session)
    return CaseloadSnapshot(
        as_of=first_day,
        settings=CaseloadSettings.of(district),
        therapists=_therapists(session),
        students=_students(session, version, first_day, last_day),
        school_names=dict(session.execute(select(School.id, School.name)).all()),
        schedule=_schedule(session, version, district) if version is not None else None,
    )


def _therapists(session: Session) -> tuple[TherapistFacts, ...]:
    emails: dict[int, str] = {}
    for therapist_id, email in session.execute(
        select(User.therapist_id, User.email)
        .where(User.therapist_id.is_not(None))
        .order_by(User.active.desc(), User.id)
    ):
        if therapist_id is not None:
            emails.setdefault(therapist_id, email)
    return tuple(
        TherapistFacts(
            id=t.id,
            code=t.code,
            name=t.name,
            email=emails.get(t.id),
            fte=t.fte,
            school_ids=frozenset(s.id for s in t.schools),
        )
        for t in session.scalars(
            select(Therapist)
            .options(selectinload(Therapist.schools))
            .order_by(Therapist.name, Therapist.code)
        )
    )


def _students(
    session: Session, version: ScheduleVersion | None, first_day: dt.date, last_day: dt.date
) -> tuple[StudentFacts, ...]:
    assigned: dict[int, int] = {}
    if version is not None:
        rows = session.execute(
            select(ScheduleAssignment.student_id, ScheduleAssignment.therapist_id).where(
                ScheduleAssignment.schedule_id == version.id
            )
        )
        assigned = dict(rows.all())
    found = []
    for student in session.scalars(
        select(Student)
        .options(selectinload(Student.services))
        .order_by(Student.last_name, Student.first_name, Student.code)
    ):
        lines = lines_in_effect(student, first_day, last_day)
        if not lines:
            continue
        found.append(
            StudentFacts(
                id=student.id,
                code=student.code,
                first_name=student.first_name,
                last_name=student.last_name,
                grade=student.grade,
                school_id=student.school_id,
                pinned_id=student.therapist_id,
                assigned_id=assigned.get(student.id),
                kept=bool(getattr(student, "keep_therapist", False)),
                lines=tuple(
                    LineFacts(
                        id=line.id,
                        code=line.code,
                        student_id=student.id,
                        delivery=line.delivery,
                        group=line.grouping == "group",
                        weekly_sessions=line.weekly_sessions,
                        session_minutes=line.session_minutes,
                        minutes=line.minutes,
                        per=line.per,
                    )
                    for line in lines
                ),
            )
        )
    return tuple(found)


def _schedule(
    session: Session, version: ScheduleVersion, district: District | None
) -> ScheduleFacts:
    lines_of: dict[int, list[int]] = {}
    for session_id, line_id in session.execute(
        select(session_service.c.session_id, session_service.c.service_line_id)
        .join(ScheduledSession, ScheduledSession.id == session_service.c.session_id)
        .where(ScheduledSession.schedule_id == version.id)
    ):
        lines_of.setdefault(session_id, []).append(line_id)
    sessions = tuple(
        SessionFacts(
            therapist_id=row.therapist_id,
            school_id=row.school_id,
            weekday=row.weekday,
            start=minutes_of(row.start),
            end=minutes_of(row.end),
            delivery=row.delivery,
            line_ids=tuple(sorted(lines_of.get(row.id, ()))),
            cycle_week=row.cycle_week or 1,
        )
        for row in session.scalars(
            select(ScheduledSession)
            .where(ScheduledSession.schedule_id == version.id)
            .order_by(
                ScheduledSession.therapist_id, ScheduledSession.weekday, ScheduledSession.start
            )
        )
    )
    drives = tuple(
        DriveFacts(
            row.therapist_id,
            row.weekday,
            minutes_of(row.start),
            minutes_of(row.end),
            row.cycle_week or 1,
        )
        for row in session.scalars(
            select(ScheduledTravel).where(ScheduledTravel.schedule_id == version.id)
        )
    )
    lunch_minutes = district.lunch_minutes if district else 0
    window = (
        (minutes_of(district.lunch_window_start), minutes_of(district.lunch_window_end))
        if district
        else (0, 0)
    )
    weeks = version.cycle_weeks or 1
    return ScheduleFacts(version.id, sessions, drives, lunch_minutes, window, weeks)
