"""Stored schedules: a solution becomes a draft version; a draft is published or discarded.

A session carried over from the schedule in force keeps its `uid`: one calendar event
that may move (its `sequence` goes up) rather than one event deleted and another made.
A session's place is its cycle week, weekday, time and school: a session of a one-week
version in force continues in week 1 of a longer cycle (the other weeks' sessions are
new events), and stays locked in every week it is placed in, as it was.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from schoolot.dated.place import place_dated_lines
from schoolot.district.settings import get_district
from schoolot.errors import SchoolotError, ValidationFailed
from schoolot.models import (
    ScheduleAssignment,
    ScheduledSession,
    ScheduledTravel,
    ScheduleVersion,
    ServiceLine,
    UnscheduledLine,
    User,
)
from schoolot.models.users import utcnow
from schoolot.scheduling.diff import compare
from schoolot.scheduling.problem_builder import Index
from schoolot.solver.metrics import idle_minutes
from schoolot.solver.problem import Problem
from schoolot.solver.solution import Session as SolvedSession
from schoolot.solver.solution import Solution
from schoolot.solver.validate import validate
from schoolot.timetable.history import standing_from


class InvalidSolution(ValidationFailed):
    """The solution breaks a hard rule of schedule.md: it is never stored."""


class WrongState(SchoolotError):
    """The version is not in a state that allows the change (e.g. publishing a discarded one)."""


class WrongDate(SchoolotError):
    """A schedule cannot stand from that date (outside the year, or before the one in force)."""


def store_solution(
    session: Session,
    problem: Problem,
    index: Index,
    solution: Solution,
    in_force: ScheduleVersion | None,
    created_by: User | None,
    time_limit: float,
    seed: int,
) -> ScheduleVersion:
    """Keep `solution` of `problem` as a new draft version, based on `in_force`.

    Raises InvalidSolution (storing nothing) when `validate` finds a broken rule.
    Sessions matching an in-force session of the same therapist and the same service
    lines keep its uid (and, when they did not move, its sequence and modified_at).
    """
    errors = validate(problem, solution)
    if errors:
        raise InvalidSolution(["the schedule breaks a hard rule, so it was not stored:", *errors])
    now = utcnow()
    stats = solution.stats
    unscheduled = {u.service for u in solution.unscheduled}
    version = ScheduleVersion(
        state="draft",
        created_at=now,
        revised_at=now,
        created_by=created_by,
        based_on=in_force,
        solver_status=stats.status,
        objective=float(stats.objective),
        bound=float(stats.bound),
        seconds=float(stats.seconds),
        seed=seed,
        time_limit=float(time_limit),
        lines_met=len(problem.services) - len(unscheduled),
        lines_owed=len(problem.services),
        most_lines_met=solution.stats.most_lines_met,
        travel_minutes=sum(leg.end - leg.start for leg in solution.travel),
        idle_minutes=idle_minutes(problem, solution),
        progress=[list(point) for point in stats.progress],
        shortfalls=list(stats.shortfalls),
        cycle_weeks=problem.cycle_weeks,
    )
    session.add(version)

    lines = _service_lines(session)
    previous = _in_force_sessions(session, in_force)
    taken = {row.uid for row in previous}
    carried = _carry_over(problem, index, solution.sessions, previous)
    source_weeks = in_force.cycle_weeks if in_force is not None else 1
    locked_at = {
        (row.therapist_id, *_place(row)): {line.id for line in row.services}
        for row in previous
        if row.locked
    }
    for number, solved in enumerate(solution.sessions):
        old = carried.get(number)
        row = ScheduledSession(
            therapist_id=index.therapist_ids[solved.therapist],
            school_id=index.school_ids[solved.school],
            weekday=problem.weekdays[solved.day],
            cycle_week=problem.week_of(solved.day),
            start=_time(solved.start),
            end=_time(solved.end),
            delivery=solved.delivery,
            services=[lines[index.service_ids[j]] for j in solved.services],
        )
        if old is None:
            row.uid = _fresh_uid(taken)
            row.sequence, row.modified_at = 0, now
            # A locked session that lost a line (its service ended) stays locked.
            kept_lines = {line.id for line in row.services}
            was = (row.therapist_id, *_place(row, source_weeks))
            row.locked = kept_lines <= locked_at.get(was, set())
        elif _place(row) == _place(old):
            row.uid, row.sequence, row.modified_at = old.uid, old.sequence, old.modified_at
            row.locked = old.locked
        else:
            row.uid, row.sequence, row.modified_at = old.uid, old.sequence + 1, now
        version.sessions.append(row)

    for leg in solution.travel:
        version.travel.append(
            ScheduledTravel(
                therapist_id=index.therapist_ids[leg.therapist],
                weekday=problem.weekdays[leg.day],
                cycle_week=problem.week_of(leg.day),
                from_school_id=index.school_ids[leg.from_school],
                to_school_id=index.school_ids[leg.to_school],
                start=_time(leg.start),
                end=_time(leg.end),
            )
        )
    for student, therapist in enumerate(solution.assignments):
        if therapist is not None:
            version.assignments.append(
                ScheduleAssignment(
                    student_id=index.student_ids[student],
                    therapist_id=index.therapist_ids[therapist],
                )
            )
    for item in solution.unscheduled:
        version.unscheduled.append(
            UnscheduledLine(service_line_id=index.service_ids[item.service], reason=item.reason)
        )
    session.flush()
    # Quarterly and yearly lines: their sessions on dates around this version's week.
    place_dated_lines(session, version, index.as_of)
    return version


def publish(
    session: Session, version: ScheduleVersion, stands_from: dt.date | None = None
) -> ScheduleVersion:
    """Put a draft in force; the version in force until now becomes archived.

    `stands_from` is the first date the schedule stands for (default: the day it is
    published, in the district's time zone); dates before it keep the schedules that
    stood then, and before the first published schedule nothing was planned. Raises
    WrongDate for a date outside the school year or before the date the schedule in
    force stands from.

    `revised_at` is when the schedule's calendar last changed (the feeds' DTSTAMP): a
    draft whose sessions are those in force, unmoved, keeps the current revision, so
    every calendar feed stays byte for byte the same."""
    if version.state != "draft":
        raise WrongState(f"schedule {version.id} is {version.state}: only a draft can be published")
    current = in_force(session)
    if stands_from is not None:
        check_stands_from(session, stands_from, current)
    now = utcnow()
    revised_at = now
    if current is not None:
        if compare(session, version, current).changed == 0:
            revised_at = current.revised_at
        current.state = "archived"
        # Flushed first: at most one published version at any moment.
        session.flush()
    version.state = "published"
    version.published_at = now
    version.revised_at = revised_at
    version.stands_from = stands_from
    _discard_other_options(session, version)
    session.flush()
    return version


def _discard_other_options(session: Session, version: ScheduleVersion) -> None:
    """The other options of the solve `version` came from: they were planned against
    the schedule in force before it, so they are set aside once one is published."""
    if version.option_rank is None:
        return
    first = version.option_of_id or version.id
    others = session.scalars(
        select(ScheduleVersion).where(
            or_(ScheduleVersion.id == first, ScheduleVersion.option_of_id == first),
            ScheduleVersion.id != version.id,
            ScheduleVersion.state == "draft",
        )
    )
    for other in others:
        other.state = "discarded"


def check_stands_from(session: Session, date: dt.date, current: ScheduleVersion | None) -> None:
    district = get_district(session)
    if district is None:
        raise WrongDate("the district is not set up yet: no school year to publish in")
    if not district.year_start <= date <= district.year_end:
        raise WrongDate(
            f"{date.isoformat()} is outside the school year "
            f"({district.year_start.isoformat()} to {district.year_end.isoformat()})"
        )
    if current is None:
        return
    current_from = standing_from(current, district)
    if current_from is not None and date < current_from:
        raise WrongDate(
            f"schedule {current.id} in force stands from {current_from.isoformat()}: "
            f"a schedule published now cannot stand from {date.isoformat()}, before it "
            "(the dates before keep the schedules that stood then)"
        )


def discard(session: Session, version: ScheduleVersion) -> ScheduleVersion:
    """Set a draft aside: it is kept for the record but can no longer be published."""
    if version.state != "draft":
        raise WrongState(f"schedule {version.id} is {version.state}: only a draft can be discarded")
    version.state = "discarded"
    session.flush()
    return version


def in_force(session: Session) -> ScheduleVersion | None:
    """The published version, or None before any schedule is published."""
    return session.scalar(
        select(ScheduleVersion)
        .where(ScheduleVersion.state == "published")
        .order_by(ScheduleVersion.id.desc())
        .limit(1)
    )


def newest(session: Session, state: str | None = None) -> ScheduleVersion | None:
    """The most recently created version in `state`, or (no state given) the most
    recent one that is not discarded; None when there is none."""
    query = select(ScheduleVersion)
    if state is None:
        query = query.where(ScheduleVersion.state != "discarded")
    else:
        query = query.where(ScheduleVersion.state == state)
    return session.scalar(query.order_by(ScheduleVersion.id.desc()).limit(1))


# --- uids ----------------------------------------------------------------------------


def _carry_over(
    problem: Problem,
    index: Index,
    sessions: Sequence[SolvedSession],
    previous: Sequence[ScheduledSession],
) -> dict[int, ScheduledSession]:
    """Which in-force session each new session continues (by position in `sessions`).

    A session continues an in-force session of the same therapist serving the same
    set of lines; those left in place (same cycle week, weekday, time and school) pair
    up first, then the moved ones in cycle order.
    """
    old_by_key: dict[tuple[int, frozenset[int]], list[ScheduledSession]] = defaultdict(list)
    for row in previous:
        old_by_key[row.therapist_id, frozenset(line.id for line in row.services)].append(row)
    new_by_key: dict[tuple[int, frozenset[int]], list[int]] = defaultdict(list)
    for number, solved in enumerate(sessions):
        key = (
            index.therapist_ids[solved.therapist],
            frozenset(index.service_ids[j] for j in solved.services),
        )
        new_by_key[key].append(number)

    day_order = {name: d for d, name in enumerate(problem.weekdays[: problem.days_per_week])}
    carried: dict[int, ScheduledSession] = {}
    for key, numbers in new_by_key.items():
        olds = sorted(
            old_by_key.get(key, []),
            key=lambda r: (r.cycle_week, day_order.get(r.weekday, 99), r.start, r.id),
        )
        if not olds:
            continue
        waiting = []
        for number in numbers:
            solved = sessions[number]
            place = (
                problem.week_of(solved.day),
                problem.weekdays[solved.day],
                _time(solved.start),
                _time(solved.end),
                index.school_ids[solved.school],
            )
            same = next((r for r in olds if _place(r) == place), None)
            if same is not None:
                carried[number] = same
                olds.remove(same)
            else:
                waiting.append(number)
        waiting.sort(key=lambda n: (sessions[n].day, sessions[n].start))
        for number, old in zip(waiting, olds, strict=False):
            carried[number] = old
    return carried


def _place(row: ScheduledSession, weeks: int = 0) -> tuple[int, str, dt.time, dt.time, int]:
    """Where a session is in its cycle; with `weeks`, its week folded into a cycle of
    that many weeks (a week-3 session of a new cycle stands where week 1 of a one-week
    version in force stood)."""
    week = (row.cycle_week - 1) % weeks + 1 if weeks else row.cycle_week
    return (week, row.weekday, row.start, row.end, row.school_id)


def _fresh_uid(taken: set[str]) -> str:
    while True:
        uid = secrets.token_hex(8)
        if uid not in taken:
            taken.add(uid)
            return uid


# --- loading -------------------------------------------------------------------------


def _service_lines(session: Session) -> dict[int, ServiceLine]:
    # Every line at once: a district has a few thousand, fewer than a long IN (...) list.
    return {row.id: row for row in session.scalars(select(ServiceLine))}


def _in_force_sessions(session: Session, version: ScheduleVersion | None) -> list[ScheduledSession]:
    if version is None:
        return []
    return list(
        session.scalars(
            select(ScheduledSession)
            .where(ScheduledSession.schedule_id == version.id)
            .options(selectinload(ScheduledSession.services))
        )
    )


def _time(minute: int) -> dt.time:
    return dt.time(minute // 60, minute % 60)
