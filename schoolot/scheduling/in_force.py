"""The schedule in force as the solver's placed sessions, on the days of the cycle."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from schoolot.models import ScheduledSession, ScheduleVersion
from schoolot.solver import problem as p
from schoolot.values import minutes_of

if TYPE_CHECKING:
    from schoolot.scheduling.problem_builder import Index


def in_force_sessions(
    session: Session,
    version: ScheduleVersion | None,
    index: Index,
    problem: p.Problem,
    day_of: dict[str, int],
) -> tuple[p.PlacedSession, ...]:
    """The sessions of the schedule in force, as the problem's indices see them.

    A session of cycle week c of a version of V weeks stands in every week w of the
    problem's cycle with (w - 1) % V + 1 == c: a one-week version in force maps onto
    every week of a longer cycle, so re-planning keeps its places. A copy stays locked
    only while each of its lines has room for it in that week (`_LockRoom`). A line no
    longer owed leaves its session; a session left with no line, or whose therapist,
    school or weekday is gone, is not carried over.
    """
    if version is None:
        return ()
    rows = session.scalars(
        select(ScheduledSession)
        .where(ScheduledSession.schedule_id == version.id)
        .options(selectinload(ScheduledSession.services))
        .order_by(
            ScheduledSession.therapist_id,
            ScheduledSession.cycle_week,
            ScheduledSession.weekday,
            ScheduledSession.start,
        )
    )
    source_weeks = max(version.cycle_weeks or 1, 1)
    room = _LockRoom(problem)
    placed = []
    for row in rows:
        therapist = index.therapist_index.get(row.therapist_id)
        school = index.school_index.get(row.school_id)
        weekday = day_of.get(row.weekday)
        services = tuple(
            sorted(
                index.service_index[line.id]
                for line in row.services
                if line.id in index.service_index
            )
        )
        if therapist is None or school is None or weekday is None or not services:
            continue
        for week in range(1, problem.cycle_weeks + 1):
            if (week - 1) % source_weeks + 1 != row.cycle_week:
                continue
            day = (week - 1) * problem.days_per_week + weekday
            placed.append(
                p.PlacedSession(
                    therapist=therapist,
                    school=school,
                    day=day,
                    start=minutes_of(row.start),
                    services=services,
                    locked=row.locked and room.take(services, therapist, week),
                )
            )
    return tuple(placed)


class _LockRoom:
    """How many locked sessions each line still has room for, in the cycle and in each
    cycle week (`Problem.week_caps`): a locked session of a monthly line in a one-week
    version in force stays locked in one week of a four-week cycle, not in all four."""

    def __init__(self, problem: p.Problem) -> None:
        self.problem = problem
        self.total: dict[int, int] = defaultdict(int)
        self.weekly: dict[tuple[int, int], int] = defaultdict(int)

    def take(self, services: Sequence[int], therapist: int, week: int) -> bool:
        """Whether a locked session of `services` fits in `week`; if so, count it."""
        for j in services:
            caps = self.problem.week_caps(j, therapist)
            if self.total[j] >= self.problem.services[j].sessions:
                return False
            if caps is not None and self.weekly[j, week] >= caps[week - 1]:
                return False
        for j in services:
            self.total[j] += 1
            self.weekly[j, week] += 1
        return True
