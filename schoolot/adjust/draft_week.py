"""One therapist's week of a draft schedule as the solver sees it: a `Problem` narrowed
to that therapist and the students the draft assigns them, and the draft's sessions of
that week as a `Solution`, so the solver's own rules (week_data, rules, validate) can
judge a change to it. The "week" is the draft's whole cycle of weeks (the problem's
days are every cycle week's school days, `Problem.week_of` tells a day's week), so the
caps of each cycle week hold.

Lines owed now that the draft does not place count as unscheduled; lines of the draft
no longer owed leave its sessions (as `build_problem` does for the schedule in force).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoolot.errors import SchoolotError
from schoolot.jobs.locks import therapist_week
from schoolot.models import (
    ScheduleAssignment,
    ScheduledSession,
    ScheduleVersion,
)
from schoolot.scheduling import store
from schoolot.scheduling.problem_builder import Index, Overrides, build_problem
from schoolot.solver import rules
from schoolot.solver.problem import Problem
from schoolot.solver.solution import Session as Placed
from schoolot.solver.solution import Solution, TravelLeg, Unscheduled
from schoolot.solver.validate import validate
from schoolot.values import minutes_of


class NotADraft(SchoolotError):
    """Only a draft's sessions are adjusted by hand."""


@dataclass(frozen=True)
class DraftWeek:
    """`sessions[k]` is `rows[k]` as the problem's indices see it."""

    problem: Problem
    index: Index
    therapist: int
    rows: tuple[ScheduledSession, ...]
    sessions: tuple[Placed, ...]
    unscheduled: tuple[Unscheduled, ...]

    def solution(self, sessions: tuple[Placed, ...] | None = None) -> Solution:
        """The week as a `Solution` (with `sessions` in place of the draft's), its travel
        the legs the rules draw between sessions at different schools."""
        placed = self.sessions if sessions is None else sessions
        return Solution(
            assignments=tuple(self.therapist for _ in self.problem.students),
            sessions=placed,
            travel=week_travel(self.problem, self.therapist, placed),
            unscheduled=self.unscheduled,
        )

    def errors(self, sessions: tuple[Placed, ...] | None = None) -> list[str]:
        """validate() on the week with `sessions` in place of the draft's."""
        return validate(self.problem, self.solution(sessions))

    def errors_in(self, cycle_week: int, sessions: tuple[Placed, ...] | None = None) -> list[str]:
        """validate() on the sessions of one cycle week only. A change inside that week
        (a move, a join) breaks a rule in that week or nowhere: every other rule is
        per day, and a line's count per week and in the cycle stays as it was (the
        counts this partial week falls short of read the same before and after). So
        the errors it adds here are the errors it adds to the whole cycle, found in a
        fraction of the time."""
        placed = self.sessions if sessions is None else sessions
        return self.errors(tuple(s for s in placed if self.problem.week_of(s.day) == cycle_week))

    def position(self, row_id: int) -> int:
        for k, row in enumerate(self.rows):
            if row.id == row_id:
                return k
        raise LookupError(f"session {row_id} is not in this week")


def week_travel(problem: Problem, therapist: int, sessions: tuple[Placed, ...]) -> tuple:
    """The drives of a therapist's week: one right after each session followed by one
    at another school (rules.travel_legs, day by day)."""
    legs = []
    for day in sorted({s.day for s in sessions}):
        bookings = [(s.start, s.end, s.school) for s in sessions if s.day == day]
        for a, b, start, end in rules.travel_legs(problem, bookings):
            legs.append(TravelLeg(therapist, day, a, b, start, end))
    return tuple(legs)


def load_draft_week(session: Session, version: ScheduleVersion, therapist_id: int) -> DraftWeek:
    """The draft's week of one therapist, ready for the rules. Raises NotADraft."""
    if version.state != "draft":
        raise NotADraft(
            f"schedule {version.id} is {version.state}: only a draft's sessions can be moved"
        )
    students = frozenset(
        session.scalars(
            select(ScheduleAssignment.student_id).where(
                ScheduleAssignment.schedule_id == version.id,
                ScheduleAssignment.therapist_id == therapist_id,
            )
        )
    )
    problem, index = build_problem(
        session,
        in_force=store.in_force(session),
        overrides=Overrides(therapist_ids=frozenset({therapist_id}), student_ids=students),
        cycle_weeks=version.cycle_weeks or 1,
    )
    if therapist_id not in index.therapist_index:
        raise LookupError(f"therapist {therapist_id} is not in the district")
    # In force, only this therapist's locks bear on their week.
    t = index.therapist_index[therapist_id]
    problem = replace(problem, in_force=tuple(p for p in problem.in_force if p.therapist == t))
    rows = therapist_week(session, version, therapist_id)
    kept_rows, placed = [], []
    day_of = {name: d for d, name in enumerate(problem.weekdays[: problem.days_per_week])}
    for row in rows:
        lines = tuple(
            index.service_index[line.id] for line in row.services if line.id in index.service_index
        )
        if not lines or row.weekday not in day_of or row.school_id not in index.school_index:
            continue
        if not 1 <= row.cycle_week <= problem.cycle_weeks:
            continue
        kept_rows.append(row)
        placed.append(
            Placed(
                therapist=t,
                school=index.school_index[row.school_id],
                day=(row.cycle_week - 1) * problem.days_per_week + day_of[row.weekday],
                start=minutes_of(row.start),
                end=minutes_of(row.end),
                delivery=row.delivery,
                services=lines,
            )
        )
    held = {j for s in placed for j in s.services}
    left_out = tuple(
        Unscheduled(j, "not placed in this draft")
        for j in range(len(problem.services))
        if j not in held
    )
    return DraftWeek(problem, index, t, tuple(kept_rows), tuple(placed), left_out)


def clock(minute: int) -> dt.time:
    return dt.time(minute // 60, minute % 60)
