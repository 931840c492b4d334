"""Which school days a school goes without a therapist: the dashboard's coverage alert.

A therapist covers a school on a weekday when the school is one they serve and they
have working hours that day that may be spent there (hours pinned to that school, or
hours pinned to none). A schedule in force adds a second gap: a day a therapist could
come but no session of the schedule is held there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoolot.models import ScheduledSession, School, TherapistHours
from schoolot.models.staff import therapist_school
from schoolot.values import expand_weekdays


@dataclass(frozen=True)
class CoverageGap:
    """A school whose students are owed minutes, and the school days it goes uncovered."""

    school_id: int
    school_name: str
    no_therapist_days: tuple[str, ...]  # no therapist serving the school works there
    no_session_days: tuple[str, ...]  # a therapist could come, the schedule in force holds nothing


def coverage_gaps(
    session: Session,
    school_ids: Collection[int],
    school_days: Sequence[str],
    schedule_id: int | None = None,
) -> list[CoverageGap]:
    """The schools of `school_ids` (those owed minutes) with a school day no therapist
    covers, or (given the schedule in force) no session is held; by school name."""
    if not school_ids:
        return []
    days = tuple(school_days)
    covered = _days_covered(session, " ".join(days))
    held = _days_held(session, schedule_id) if schedule_id is not None else None
    named = select(School.id, School.name).where(School.id.in_(school_ids))
    names: dict[int, str] = {row.id: row.name for row in session.execute(named)}
    gaps = []
    for school_id, name in sorted(names.items(), key=lambda item: (item[1], item[0])):
        open_days = covered.get(school_id, set())
        no_therapist = tuple(d for d in days if d not in open_days)
        no_session: tuple[str, ...] = ()
        if held is not None:
            visited = held.get(school_id, set())
            no_session = tuple(d for d in days if d in open_days and d not in visited)
        if no_therapist or no_session:
            gaps.append(CoverageGap(school_id, name, no_therapist, no_session))
    return gaps


def _days_covered(session: Session, school_days: str) -> dict[int, set[str]]:
    """school id -> the weekdays some therapist serving it may work there."""
    serves: dict[int, set[int]] = defaultdict(set)
    for therapist_id, school_id in session.execute(
        select(therapist_school.c.therapist_id, therapist_school.c.school_id)
    ):
        serves[therapist_id].add(school_id)
    covered: dict[int, set[str]] = defaultdict(set)
    hours = select(TherapistHours.therapist_id, TherapistHours.weekdays, TherapistHours.school_id)
    for therapist_id, weekdays, pinned_school in session.execute(hours):
        schools = serves[therapist_id]
        where = schools if pinned_school is None else schools & {pinned_school}
        for school_id in where:
            covered[school_id].update(expand_weekdays(weekdays, school_days))
    return covered


def _days_held(session: Session, schedule_id: int) -> dict[int, set[str]]:
    """school id -> the weekdays the schedule holds a session there."""
    held: dict[int, set[str]] = defaultdict(set)
    query = (
        select(ScheduledSession.school_id, ScheduledSession.weekday)
        .where(ScheduledSession.schedule_id == schedule_id)
        .distinct()
    )
    for school_id, weekday in session.execute(query):
        held[school_id].add(weekday)
    return held
