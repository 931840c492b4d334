"""A scenario's changes applied to the district in memory: who is on whose caseload,
which schools each therapist serves, their FTE and hours, once every change is taken in
order (a later change to the same student or therapist wins). Nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from schoolot.access import caseload_therapist_id
from schoolot.models import Student, Therapist
from schoolot.scheduling.problem_builder import HoursRow, Overrides
from schoolot.values import expand_weekdays
from schoolot.whatif.changes import (
    Change,
    MoveSchool,
    MoveStudent,
    ServeSchool,
    SetFte,
    SetHours,
    therapists_named,
)


@dataclass(frozen=True)
class Resolution:
    """The district after the changes, as far as they reach."""

    # student id -> therapist id: the students the changes move (pinned there after).
    moves: dict[int, int]
    fte: dict[int, float]
    # therapist id -> the school ids they serve after (only those whose schools change).
    schools: dict[int, frozenset[int]]
    hours: dict[int, tuple[HoursRow, ...]]
    # therapist id -> each student's caseload therapist before (None: nobody).
    caseload_before: dict[int, int | None]
    # The therapists the changes name, or whose students they move away.
    named: frozenset[int]

    def caseload_after(self, student_id: int) -> int | None:
        return self.moves.get(student_id, self.caseload_before.get(student_id))

    def students_of(self, therapist_ids: Iterable[int]) -> frozenset[int]:
        """The students on these therapists' caseloads, before or after the changes."""
        wanted = set(therapist_ids)
        return frozenset(
            student
            for student, before in self.caseload_before.items()
            if before in wanted or self.caseload_after(student) in wanted
        )

    def overrides(self, therapist_ids: Iterable[int]) -> Overrides:
        """The problem-builder's overrides for a solve of these therapists alone."""
        therapists = frozenset(therapist_ids)
        return Overrides(
            pins=dict(self.moves),
            fte=dict(self.fte),
            hours=dict(self.hours),
            schools=dict(self.schools),
            therapist_ids=therapists,
            student_ids=self.students_of(therapists),
        )


def resolve(session: Session, changes: Sequence[Change], school_days: str) -> Resolution:
    """Take `changes` in order against the district's rows."""
    caseload_before: dict[int, int | None] = dict(
        session.execute(select(Student.id, caseload_therapist_id())).all()
    )
    therapists = {
        t.id: t
        for t in session.scalars(
            select(Therapist).options(
                selectinload(Therapist.schools), selectinload(Therapist.hours)
            )
        )
    }
    school_of = dict(session.execute(select(Student.id, Student.school_id)).all())
    moves: dict[int, int] = {}
    fte: dict[int, float] = {}
    schools: dict[int, frozenset[int]] = {}
    hours: dict[int, tuple[HoursRow, ...]] = {}
    named: set[int] = set()

    def serving(therapist_id: int) -> frozenset[int]:
        if therapist_id in schools:
            return schools[therapist_id]
        return frozenset(s.id for s in therapists[therapist_id].schools)

    def move(student_id: int, to: int) -> None:
        before = moves.get(student_id, caseload_before.get(student_id))
        if before is not None:
            named.add(before)
        moves[student_id] = to
        schools[to] = serving(to) | {school_of[student_id]}

    for change in changes:
        named.update(therapists_named(change))
        if isinstance(change, MoveStudent):
            move(change.student_id, change.to_therapist_id)
        elif isinstance(change, ServeSchool):
            own = serving(change.therapist_id)
            schools[change.therapist_id] = (
                own | {change.school_id} if change.serves else own - {change.school_id}
            )
        elif isinstance(change, MoveSchool):
            for student_id, school_id in school_of.items():
                current = moves.get(student_id, caseload_before.get(student_id))
                if school_id == change.school_id and current == change.from_therapist_id:
                    move(student_id, change.to_therapist_id)
            schools[change.to_therapist_id] = serving(change.to_therapist_id) | {change.school_id}
            schools[change.from_therapist_id] = serving(change.from_therapist_id) - {
                change.school_id
            }
        elif isinstance(change, SetFte):
            fte[change.therapist_id] = change.fte
        elif isinstance(change, SetHours):
            hours[change.therapist_id] = _hours(
                therapists[change.therapist_id], change, school_days
            )
    return Resolution(
        moves=moves,
        fte=fte,
        schools=schools,
        hours=hours,
        caseload_before=caseload_before,
        named=frozenset(named),
    )


def _hours(therapist: Therapist, change: SetHours, school_days: str) -> tuple[HoursRow, ...]:
    """The new working hours, keeping the school each day was pinned to before: one row
    per school pinned (or none), its days in week order."""
    pinned_school: dict[str, int | None] = {}
    for row in therapist.hours:
        for day in expand_weekdays(row.weekdays, school_days):
            pinned_school[day] = row.school_id
    start, end = change.times
    days_at: dict[int | None, list[str]] = {}
    for day in school_days.split():
        if day in change.weekdays:
            days_at.setdefault(pinned_school.get(day), []).append(day)
    return tuple(
        HoursRow(weekdays=" ".join(days), start=start, end=end, school_id=school_id)
        for school_id, days in days_at.items()
    )
