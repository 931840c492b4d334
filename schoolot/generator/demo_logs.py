"""The demo's past school weeks, logged: so a newcomer sees owed vs delivered at once.

Every session planned from the date the demo's schedule stands from (its first school
day) to `until` (yesterday) gets a log per student, as therapists would have written it:
mostly delivered as planned (a few minutes short now and then, a short note on some),
a few students absent or unavailable (field trip, testing), one therapist's sick day,
one school's assembly, and goal progress marked in about one session in eight. A few
sessions of the last week are left unlogged, as therapists catch up on paperwork. The
same schedule gives the same logs (seeded). A service: it flushes; the command commits.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoolot.audit import recording
from schoolot.models import Goal, GoalProgress, School, SessionLog, Therapist, User
from schoolot.service_log.planned import PlannedSession, planned_sessions
from schoolot.timetable.school_year import SchoolYear

SEED = 2026
ABSENT = 0.05  # a student off sick
UNAVAILABLE = 0.015  # a field trip, testing, a class event
SHORT = 0.04  # started a few minutes late
NOTED = 0.06
PROGRESS = 0.125
UNLOGGED_LAST_DAYS = 5
UNLOGGED = 0.06
NOTES = (
    "Worked on tripod grasp with short pencils.",
    "Practised buttons and zips; needed fewer prompts today.",
    "Letter formation a-g on the slant board.",
    "Scissor skills: cut along curved lines independently.",
    "Used the sensory break card once without a reminder.",
    "Took turns in a board game; waited for his turn.",
    "Copied five words from the board with correct spacing.",
    "Tired today; shorter tasks worked better.",
)
UNAVAILABLE_NOTES = ("Field trip.", "State testing.", "Class assembly.")
# Progress marks drawn more hopefully as the weeks go by.
MARKS = ("regressed", "no_progress", "some_progress", "good_progress", "met")


@dataclass(frozen=True)
class DemoLogs:
    first: dt.date
    last: dt.date
    logs: int
    progress: int
    sick_day: str  # "Sara Rodriguez on 2026-10-13"
    event: str  # "Hawthorne Elementary on 2026-09-24"


def log_demo_weeks(session: Session, first: dt.date, until: dt.date) -> DemoLogs | None:
    """Log the sessions planned from `first` to `until` (both included); None when
    none was planned."""
    planned = [p for p in planned_sessions(session, first, until) if p.happens]
    if not planned:
        return None
    year = SchoolYear.load(session)
    assert year is not None
    rng = random.Random(SEED)
    days = sorted({p.date for p in planned})
    sick = _pick(planned, days[len(days) * 2 // 3], by="therapist_id")
    event = _pick(planned, days[len(days) // 3], by="school_id")
    users = dict(
        session.execute(select(User.therapist_id, User).where(User.therapist_id.is_not(None))).all()
    )
    goals = _goals_by_student(session)
    by_therapist: dict[int, list[PlannedSession]] = defaultdict(list)
    for item in planned:
        by_therapist[item.therapist_id].append(item)
    logs = progress = 0
    last_days = set(days[-UNLOGGED_LAST_DAYS:])
    for therapist_id in sorted(by_therapist):
        user = users.get(therapist_id)
        with recording(actor=user.display_name if user else "demo", user=user):
            for item in by_therapist[therapist_id]:
                if item.date in last_days and rng.random() < UNLOGGED:
                    continue
                cause = _cancelled(item, sick, event)
                for line in item.lines:
                    log = _log(item, line.line_id, line.student_id, cause, rng, year, user)
                    session.add(log)
                    logs += 1
                    student_goals = goals.get(line.student_id)
                    if log.status == "delivered" and student_goals and rng.random() < PROGRESS:
                        session.add(_progress(log, rng.choice(student_goals), rng, days, user))
                        progress += 1
            session.flush()
    names = dict(session.execute(select(Therapist.id, Therapist.name)).all())
    return DemoLogs(
        days[0],
        days[-1],
        logs,
        progress,
        f"{names[sick[0]]} on {sick[1]}",
        f"{_school_name(session, event[0])} on {event[1]}",
    )


def _pick(planned: list[PlannedSession], date: dt.date, by: str) -> tuple[int, dt.date]:
    """The therapist (or school) with the most sessions on `date`, and the date."""
    counts: dict[int, int] = defaultdict(int)
    for item in planned:
        if item.date == date:
            counts[getattr(item, by)] += 1
    return max(sorted(counts), key=lambda key: counts[key]), date


def _cancelled(
    item: PlannedSession, sick: tuple[int, dt.date], event: tuple[int, dt.date]
) -> tuple[str, str] | None:
    if (item.therapist_id, item.date) == sick:
        return "therapist_absent", "Out sick."
    if (item.school_id, item.date) == event:
        return "school_closed", "Whole-school assembly."
    return None


def _log(
    item: PlannedSession,
    line_id: int,
    student_id: int,
    cause: tuple[str, str] | None,
    rng: random.Random,
    year: SchoolYear,
    user: User | None,
) -> SessionLog:
    draw = rng.random()
    status, reason, note, minutes = "delivered", None, None, item.minutes
    if cause is not None:
        status, (reason, note), minutes = "missed", cause, 0
    elif draw < ABSENT:
        status, reason, minutes = "missed", "student_absent", 0
    elif draw < ABSENT + UNAVAILABLE:
        status, reason, minutes = "missed", "student_unavailable", 0
        note = rng.choice(UNAVAILABLE_NOTES)
    elif draw < ABSENT + UNAVAILABLE + SHORT and minutes > 10:
        minutes -= 5
        note = "Started late: the class ran over."
    elif rng.random() < NOTED:
        note = rng.choice(NOTES)
    ended = year.local(item.date, item.end).astimezone(dt.UTC).replace(tzinfo=None)
    return SessionLog(
        service_line_id=line_id,
        student_id=student_id,
        therapist_id=item.therapist_id,
        school_id=item.school_id,
        date=item.date,
        start=item.start,
        minutes=minutes,
        planned_minutes=item.minutes,
        kind="planned" if item.session_uid else "makeup",
        session_uid=item.session_uid,
        makeup_id=item.makeup_id,
        status=status,
        reason=reason,
        note=note,
        group_size=item.group_size,
        recorded_by=user,
        recorded_at=ended + dt.timedelta(minutes=rng.randint(5, 240)),
    )


def _progress(
    log: SessionLog, goal: Goal, rng: random.Random, days: list[dt.date], user: User | None
) -> GoalProgress:
    # Later in the term, better marks more often.
    share = (days.index(log.date) + 1) / len(days)
    weights = (0.05, 0.3 - 0.15 * share, 0.45, 0.15 + 0.2 * share, 0.05 * share)
    return GoalProgress(
        goal_id=goal.id,
        log=log,
        date=log.date,
        mark=rng.choices(MARKS, weights)[0],
        note=None,
        recorded_by=user,
    )


def _goals_by_student(session: Session) -> dict[int, list[Goal]]:
    goals: dict[int, list[Goal]] = defaultdict(list)
    for goal in session.scalars(select(Goal).order_by(Goal.id)):
        goals[goal.student_id].append(goal)
    return goals


def _school_name(session: Session, school_id: int) -> str:
    school = session.get(School, school_id)
    return school.name if school is not None else str(school_id)
