"""Changes to a draft week by hand: move a session, join it to a group, or swap two.

Each is checked as a whole week by `validate` (refused, writing nothing, when it breaks
a rule the draft did not break, naming the rule) and the sessions it places are locked,
so the next solve from this schedule keeps them where the coordinator put them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from schoolot.dated.place import place_dated_lines
from schoolot.errors import ValidationFailed
from schoolot.models import DatedLineSession, ScheduledSession, ScheduledTravel, ScheduleVersion
from schoolot.models.users import utcnow
from schoolot.solver.metrics import idle_minutes
from schoolot.solver.problem import Problem
from schoolot.solver.solution import Session as Placed

from .alternatives import Place, joined, moved, new_errors
from .draft_week import DraftWeek, clock


class ChangeRefused(ValidationFailed):
    """The change breaks a hard rule of the week: nothing was written."""


def parse_place(week: DraftWeek, k: int, weekday: str, start: str) -> Place:
    """A place for session `k` from a form's weekday (`Tue`) and start (`HH:MM`) in the
    session's own cycle week, at the session's own school (its students' school).
    Raises ChangeRefused."""
    problem = week.problem
    days = problem.weekdays[: problem.days_per_week]
    if weekday not in days:
        raise ChangeRefused([f"day: {weekday!r} is not a school day ({', '.join(days)})"])
    try:
        at = dt.time.fromisoformat(start)
    except ValueError:
        raise ChangeRefused([f"start: {start!r} is not a time (HH:MM)"]) from None
    session = week.sessions[k]
    minute = at.hour * 60 + at.minute
    first_day = (problem.week_of(session.day) - 1) * problem.days_per_week
    return Place(
        first_day + days.index(weekday),
        minute,
        minute + session.end - session.start,
        session.school,
    )


def move_session(session: Session, week: DraftWeek, k: int, place: Place) -> ScheduledSession:
    """Move session `k` of the week to `place` and lock it there."""
    after = moved(week, k, place)
    _refuse_if_broken(week, after, "Not moved")
    row = week.rows[k]
    _place_row(session, row, after[k], week.problem)
    _store_week(session, row.schedule, week, after)
    return row


def join_session(session: Session, week: DraftWeek, k: int, group: int) -> ScheduledSession:
    """Put session `k`'s lines into the group session `group` (then locked), and drop `k`."""
    after = joined(week, k, group)
    _refuse_if_broken(week, after, "Not joined")
    row, target = week.rows[k], week.rows[group]
    version = row.schedule
    target.services = [*target.services, *row.services]
    target.locked = True
    target.schedule.sessions.remove(row)
    session.delete(row)
    _store_week(session, version, week, after)
    return target


def swap_sessions(
    session: Session, week: DraftWeek, k: int, place: Place, other: int, other_place: Place
) -> None:
    """Move session `k` to `place` and session `other` to `other_place`, together."""
    after = moved(week, k, place)
    first = list(after)
    first[other] = moved(week, other, other_place)[other]
    after = tuple(first)
    _refuse_if_broken(week, after, "Not swapped")
    _place_row(session, week.rows[k], after[k], week.problem)
    _place_row(session, week.rows[other], after[other], week.problem)
    _store_week(session, week.rows[k].schedule, week, after)


def _refuse_if_broken(week: DraftWeek, after: tuple[Placed, ...], what: str) -> None:
    broken = new_errors(week, after)
    if broken:
        raise ChangeRefused([f"{what}: the week would break a rule:", *broken])


def _place_row(session: Session, row: ScheduledSession, placed: Placed, problem: Problem) -> None:
    """Write a placed session to its row, locked; its calendar sequence follows the
    session in force with the same uid, as `store` numbers it (a session of another
    cycle than the one in force is on other dates: moved)."""
    row.weekday = problem.weekdays[placed.day]
    row.cycle_week = problem.week_of(placed.day)
    row.start, row.end = clock(placed.start), clock(placed.end)
    row.locked = True
    in_force = row.schedule.based_on
    old = None
    if in_force is not None:
        old = session.scalar(
            select(ScheduledSession).where(
                ScheduledSession.schedule_id == in_force.id, ScheduledSession.uid == row.uid
            )
        )
    if old is None or in_force is None:
        row.modified_at = utcnow()
    elif (in_force.cycle_weeks, old.cycle_week, old.weekday, old.start, old.end, old.school_id) == (
        row.schedule.cycle_weeks,
        row.cycle_week,
        row.weekday,
        row.start,
        row.end,
        row.school_id,
    ):
        row.sequence, row.modified_at = old.sequence, old.modified_at
    else:
        row.sequence, row.modified_at = old.sequence + 1, utcnow()


def _store_week(
    session: Session, version: ScheduleVersion, week: DraftWeek, after: tuple[Placed, ...]
) -> None:
    """The therapist's drives in `version` follow the new week; its driving and idle
    figures change by the week's difference."""
    therapist_id = week.index.therapist_ids[week.therapist]
    old, new = week.solution(), week.solution(after)
    session.execute(
        delete(ScheduledTravel).where(
            ScheduledTravel.schedule_id == version.id,
            ScheduledTravel.therapist_id == therapist_id,
        )
    )
    for leg in new.travel:
        session.add(
            ScheduledTravel(
                schedule_id=version.id,
                therapist_id=therapist_id,
                weekday=week.problem.weekdays[leg.day],
                cycle_week=week.problem.week_of(leg.day),
                from_school_id=week.index.school_ids[leg.from_school],
                to_school_id=week.index.school_ids[leg.to_school],
                start=clock(leg.start),
                end=clock(leg.end),
            )
        )
    drive = sum(leg.end - leg.start for leg in new.travel) - sum(
        leg.end - leg.start for leg in old.travel
    )
    version.travel_minutes += drive
    if version.idle_minutes is not None:
        version.idle_minutes += idle_minutes(week.problem, new) - idle_minutes(week.problem, old)
    version.revised_at = utcnow()
    _place_dated_again(session, version, therapist_id, week.index.as_of)


def _place_dated_again(
    session: Session, version: ScheduleVersion, therapist_id: int, today: dt.date
) -> None:
    """The version's quarterly and yearly sessions of the therapist placed again around
    the changed week (from the first of them, or today if earlier), so none is left
    under a moved session."""
    earliest = session.scalar(
        select(func.min(DatedLineSession.date)).where(
            DatedLineSession.schedule_id == version.id,
            DatedLineSession.therapist_id == therapist_id,
        )
    )
    if earliest is None:
        return
    session.flush()
    place_dated_lines(session, version, min(earliest, today))
    session.flush()
