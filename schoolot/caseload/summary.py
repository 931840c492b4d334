"""A therapist's one-page summary: schools and days from the schedule in force, the
students of their caseload with their minutes, and their workload."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from schoolot.caseload.facts import LineFacts
from schoolot.caseload.snapshot import CaseloadSnapshot, load_snapshot
from schoolot.caseload.workload import Workload, workload_of
from schoolot.district.settings import school_days_or_default


@dataclass(frozen=True)
class SchoolDays:
    name: str
    students: int  # of the caseload, at this school
    weekdays: tuple[str, ...]  # with a session of the therapist there, in force


@dataclass(frozen=True)
class SummaryStudent:
    name: str
    grade: str
    school: str
    lines: tuple[str, ...]  # "2 x 30 min pull-out (group)"
    weekly_minutes: int


@dataclass(frozen=True)
class TherapistSummary:
    as_of: dt.date
    workload: Workload
    schools: tuple[SchoolDays, ...]
    students: tuple[SummaryStudent, ...]
    in_force: bool  # a schedule is in force (else no days are known)


def therapist_summary(
    session: Session, therapist_id: int, as_of: dt.date | None = None
) -> TherapistSummary | None:
    """The therapist's summary; None for no such therapist."""
    snapshot = load_snapshot(session, as_of)
    workload = workload_of(snapshot, therapist_id)
    if workload is None:
        return None
    return TherapistSummary(
        as_of=snapshot.as_of,
        workload=workload,
        schools=_schools(snapshot, therapist_id, school_days_or_default(session).split()),
        students=tuple(
            SummaryStudent(
                name=f"{s.last_name}, {s.first_name}",
                grade=s.grade,
                school=snapshot.school_names[s.school_id],
                lines=tuple(_line_text(line) for line in s.lines),
                weekly_minutes=round(sum(line.weekly_minutes for line in s.lines)),
            )
            for s in snapshot.caseload(therapist_id)
        ),
        in_force=snapshot.schedule is not None,
    )


def _schools(
    snapshot: CaseloadSnapshot, therapist_id: int, weekdays: list[str]
) -> tuple[SchoolDays, ...]:
    caseload = snapshot.caseload(therapist_id)
    line_ids = {line.id for s in caseload for line in s.lines}
    days: dict[int, set[str]] = {s.school_id: set() for s in caseload}
    if snapshot.schedule is not None:
        for session in snapshot.schedule.sessions:
            if session.therapist_id == therapist_id and line_ids.intersection(session.line_ids):
                days.setdefault(session.school_id, set()).add(session.weekday)
    order = {day: i for i, day in enumerate(weekdays)}
    found = [
        SchoolDays(
            name=snapshot.school_names[school_id],
            students=sum(1 for s in caseload if s.school_id == school_id),
            weekdays=tuple(sorted(held, key=lambda day: order.get(day, len(order)))),
        )
        for school_id, held in days.items()
    ]
    return tuple(sorted(found, key=lambda school: school.name))


def _line_text(line: LineFacts) -> str:
    delivery = line.delivery.replace("_", "-")
    group = " (group)" if line.group and line.direct else ""
    if line.minutes is None or line.per == "week":
        return f"{line.weekly_sessions} x {line.session_minutes} min {delivery}{group}"
    sessions = line.minutes // line.session_minutes if line.session_minutes else 0
    return f"{sessions} x {line.session_minutes} min a {line.per} {delivery}{group}"
