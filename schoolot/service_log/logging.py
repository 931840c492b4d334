"""Logging on the day: each planned session's outcome per student (delivered, with
minutes, a note and the goals addressed; or missed, with a reason), every session of a
day delivered as planned in one action, sessions that were not planned (extra or
makeup), a saved log amended only with a reason, and goal progress notes.

Every write checks who may log it (`schoolot.access`), and is recorded in the change
history as one batch by that person, so a log's history (who, when, before, after and
why) is read back from there (`log_history`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoolot import access
from schoolot.audit import recording
from schoolot.errors import SchoolotError, ValidationFailed
from schoolot.models import (
    Change,
    Goal,
    GoalProgress,
    Makeup,
    ServiceLine,
    SessionLog,
    Student,
    User,
)
from schoolot.models.service_log import MISS_REASON_LABELS, MISS_REASONS, PROGRESS_MARKS
from schoolot.models.users import utcnow
from schoolot.service_log.planned import PlannedSession, planned_sessions
from schoolot.timetable.dated import CANCELLED_CLOSED

# The longest session a log may hold, and the longest note.
MAX_MINUTES = 480
MAX_NOTE = 2000
UNPLANNED_KINDS = ("extra", "makeup")


class LogRefused(SchoolotError):
    """The person may not log (or amend) this therapist's sessions."""


@dataclass(frozen=True)
class Outcome:
    """What happened to one student's line in a session, as the therapist says."""

    line_id: int
    status: str  # delivered | missed
    minutes: int | None = None  # delivered: None means the planned length
    reason: str | None = None  # missed: one of MISS_REASONS
    note: str | None = None
    progress: tuple[tuple[int, str], ...] = ()  # (goal id, mark) of the goals addressed


def session_key(planned: PlannedSession) -> str:
    """How a form names a planned session among a therapist's day: its weekly session's
    uid, or its makeup."""
    return f"m{planned.makeup_id}" if planned.makeup_id is not None else f"s{planned.session_uid}"


def record_session(
    session: Session,
    by: User,
    therapist_id: int,
    date: dt.date,
    key: str,
    outcomes: Sequence[Outcome],
    today: dt.date,
) -> list[SessionLog]:
    """Log the planned session `key` of the therapist on `date`: one log per outcome."""
    _check_may_log(by, therapist_id)
    planned = _planned_one(session, therapist_id, date, key, today)
    lines = {line.line_id for line in planned.lines}
    logged = _logged_lines(session, planned)
    problems = []
    for outcome in outcomes:
        line = session.get(ServiceLine, outcome.line_id)
        if line is None or outcome.line_id not in lines:
            problems.append(f"line {outcome.line_id}: not in this session")
        elif outcome.line_id in logged:
            problems.append(f"{line.student.full_name}: already logged; amend it with a reason")
        else:
            problems += _outcome_problems(line.student, outcome)
    if not outcomes:
        problems.append("no student: say what happened for at least one")
    if problems:
        raise ValidationFailed(problems)
    with recording(user=by):
        logs = [_planned_log(session, planned, outcome, by) for outcome in outcomes]
        session.flush()
    return logs


def record_all_delivered(
    session: Session, by: User, therapist_id: int, date: dt.date, today: dt.date
) -> list[SessionLog]:
    """Log every student of every session of the day that happens and is not logged yet
    as delivered, for the planned minutes. Cancelled sessions and logged students are
    left as they are."""
    _check_may_log(by, therapist_id)
    _check_date(date, today)
    logs = []
    with recording(user=by):
        for planned in planned_sessions(
            session, date, date, therapist_id=therapist_id, include_cancelled=False
        ):
            logged = _logged_lines(session, planned)
            for line in planned.lines:
                if line.line_id not in logged:
                    outcome = Outcome(line.line_id, "delivered")
                    logs.append(_planned_log(session, planned, outcome, by))
        session.flush()
    return logs


def log_unplanned(
    session: Session,
    by: User,
    therapist_id: int,
    date: dt.date,
    start: dt.time,
    kind: str,
    outcome: Outcome,
    today: dt.date,
    makeup_id: int | None = None,
) -> SessionLog:
    """Log a session that was not planned: an extra session, or a makeup (`makeup_id`:
    the accepted makeup it delivers, when there is one)."""
    _check_may_log(by, therapist_id)
    _check_date(date, today)
    line = session.get(ServiceLine, outcome.line_id)
    problems = []
    if kind not in UNPLANNED_KINDS:
        problems.append(f"kind: '{kind}' is not one of {', '.join(UNPLANNED_KINDS)}")
    if line is None or not access.serves(therapist_id, line.student):
        raise ValidationFailed(["student: not on this therapist's caseload"])
    problems += _outcome_problems(line.student, outcome)
    if outcome.status == "delivered" and outcome.minutes is None:
        problems.append("minutes: say how many minutes were delivered")
    if makeup_id is not None:
        problems += _makeup_problems(session.get(Makeup, makeup_id), line, therapist_id)
    if problems:
        raise ValidationFailed(problems)
    with recording(user=by):
        log = SessionLog(
            service_line_id=line.id,
            student_id=line.student_id,
            therapist_id=therapist_id,
            school_id=line.student.school_id,
            date=date,
            start=start,
            kind="makeup" if makeup_id is not None else kind,
            makeup_id=makeup_id,
            planned_minutes=None,
            group_size=1,
            recorded_by_id=by.id,
            **_outcome_columns(outcome, planned_minutes=0),
        )
        session.add(log)
        _add_progress(session, log, outcome, date, by)
        session.flush()
    return log


def amend_log(
    session: Session,
    by: User,
    log_id: int,
    why: str,
    status: str,
    minutes: int | None,
    reason: str | None,
    note: str | None,
) -> SessionLog:
    """Change a saved log; only with a reason (`why`), which the change history keeps
    with who changed it, when, and what it said before and after."""
    log = session.get(SessionLog, log_id)
    if log is None:
        raise ValidationFailed([f"log {log_id}: no such log"])
    _check_may_log(by, log.therapist_id)
    outcome = Outcome(log.service_line_id, status, minutes, reason, note)
    problems = _outcome_problems(log.student, outcome)
    # Delivered without minutes: the planned length, or the minutes the log holds.
    fallback = log.planned_minutes or log.minutes
    if status == "delivered" and minutes is None and not fallback:
        problems.append("minutes: say how many minutes were delivered")
    if not (why or "").strip():
        problems.append("reason for the change: say why the log changes")
    if problems:
        raise ValidationFailed(problems)
    columns = _outcome_columns(outcome, planned_minutes=fallback)
    if all(getattr(log, name) == value for name, value in columns.items()):
        raise ValidationFailed(["nothing changed: the log already says this"])
    with recording(user=by, reason=why.strip()):
        for name, value in columns.items():
            setattr(log, name, value)
        log.amended_at = utcnow()
        session.flush()
    return log


def record_goal_progress(
    session: Session,
    by: User,
    goal_id: int,
    date: dt.date,
    mark: str,
    note: str | None,
    today: dt.date,
) -> GoalProgress:
    """A progress note on a goal, dated, outside any session log."""
    goal = session.get(Goal, goal_id)
    if goal is None or not access.can_record_progress(by, goal.student):
        raise LogRefused("you may not note progress on this student's goals")
    problems = []
    if date > today:
        problems.append(f"date: {date.isoformat()} is after today; note progress once seen")
    if mark not in PROGRESS_MARKS:
        problems.append(f"progress: '{mark}' is not one of {', '.join(PROGRESS_MARKS)}")
    if note and len(note) > MAX_NOTE:
        problems.append(f"note: at most {MAX_NOTE} characters")
    if problems:
        raise ValidationFailed(problems)
    with recording(user=by):
        progress = GoalProgress(
            goal_id=goal.id,
            date=date,
            mark=mark,
            note=(note or "").strip() or None,
            recorded_by_id=by.id,
        )
        session.add(progress)
        session.flush()
    return progress


def log_history(session: Session, log_id: int) -> list[Change]:
    """What the change history holds of a log: its creation and each amendment, oldest
    first (who, when, the reason, each field's before and after)."""
    query = (
        select(Change)
        .where(Change.record_kind == "session_log", Change.record_id == log_id)
        .order_by(Change.at, Change.id)
    )
    return list(session.scalars(query))


# --- checks ------------------------------------------------------------------------------


def _check_may_log(by: User, therapist_id: int | None) -> None:
    if therapist_id is None or not access.can_log_sessions(by, therapist_id):
        raise LogRefused("you may log only your own sessions")


def _check_date(date: dt.date, today: dt.date) -> None:
    if date > today:
        raise ValidationFailed(
            [f"date: {date.isoformat()} is after today; log a session on its day or later"]
        )


def _planned_one(
    session: Session, therapist_id: int, date: dt.date, key: str, today: dt.date
) -> PlannedSession:
    _check_date(date, today)
    for planned in planned_sessions(session, date, date, therapist_id=therapist_id):
        if session_key(planned) == key:
            if not planned.happens:
                why = "school is closed" if planned.status == CANCELLED_CLOSED else "early release"
                raise ValidationFailed([f"session: cancelled by the calendar ({why})"])
            return planned
    raise ValidationFailed([f"session: none planned for this therapist on {date.isoformat()}"])


def _logged_lines(session: Session, planned: PlannedSession) -> set[int]:
    """The lines of a planned session that already have a log."""
    query = select(SessionLog.service_line_id).where(
        SessionLog.date == planned.date,
        SessionLog.service_line_id.in_([line.line_id for line in planned.lines]),
    )
    if planned.makeup_id is not None:
        query = query.where(SessionLog.makeup_id == planned.makeup_id)
    else:
        query = query.where(SessionLog.session_uid == planned.session_uid)
    return set(session.scalars(query))


def _outcome_problems(student: Student, outcome: Outcome) -> list[str]:
    who = student.full_name
    problems = []
    if outcome.status == "delivered":
        if outcome.minutes is not None and not 0 < outcome.minutes <= MAX_MINUTES:
            problems.append(f"{who}: minutes: between 1 and {MAX_MINUTES}")
        if outcome.reason:
            problems.append(f"{who}: reason: only a missed session has one")
    elif outcome.status == "missed":
        if not outcome.reason:
            problems.append(f"{who}: reason: say why the session was missed")
        elif outcome.reason not in MISS_REASONS:
            problems.append(f"{who}: reason: '{outcome.reason}' is not one of the reasons")
    else:
        problems.append(f"{who}: say whether the session was delivered or missed")
    if outcome.note and len(outcome.note) > MAX_NOTE:
        problems.append(f"{who}: note: at most {MAX_NOTE} characters")
    goals = {goal.id for goal in student.goals}
    for goal_id, mark in outcome.progress:
        if goal_id not in goals:
            problems.append(f"{who}: goal {goal_id}: not one of the student's goals")
        elif mark not in PROGRESS_MARKS:
            problems.append(f"{who}: progress: '{mark}' is not one of the marks")
    if outcome.progress and outcome.status != "delivered":
        problems.append(f"{who}: goals: progress is marked in a delivered session only")
    return problems


def _makeup_problems(makeup: Makeup | None, line: ServiceLine, therapist_id: int) -> list[str]:
    if makeup is None or makeup.state != "accepted":
        return ["makeup: no accepted makeup of that number"]
    if makeup.service_line_id != line.id or makeup.therapist_id != therapist_id:
        return ["makeup: it is for another student or therapist"]
    if any(log.service_line_id == line.id for log in makeup.logs):
        return ["makeup: already logged; amend its log with a reason"]
    return []


# --- writing -----------------------------------------------------------------------------


def _outcome_columns(outcome: Outcome, planned_minutes: int) -> dict:
    delivered = outcome.status == "delivered"
    return {
        "status": outcome.status,
        "minutes": (outcome.minutes or planned_minutes) if delivered else 0,
        "reason": None if delivered else outcome.reason,
        "note": (outcome.note or "").strip() or None,
    }


def _planned_log(
    session: Session, planned: PlannedSession, outcome: Outcome, by: User
) -> SessionLog:
    line = next(line for line in planned.lines if line.line_id == outcome.line_id)
    log = SessionLog(
        service_line_id=line.line_id,
        student_id=line.student_id,
        therapist_id=planned.therapist_id,
        school_id=planned.school_id,
        date=planned.date,
        start=planned.start,
        planned_minutes=planned.minutes,
        kind="makeup" if planned.makeup_id is not None else "planned",
        session_uid=planned.session_uid,
        makeup_id=planned.makeup_id,
        group_size=planned.group_size,
        recorded_by_id=by.id,
        **_outcome_columns(outcome, planned.minutes),
    )
    session.add(log)
    _add_progress(session, log, outcome, planned.date, by)
    return log


def _add_progress(
    session: Session, log: SessionLog, outcome: Outcome, date: dt.date, by: User
) -> None:
    for goal_id, mark in outcome.progress:
        log.progress.append(
            GoalProgress(goal_id=goal_id, date=date, mark=mark, recorded_by_id=by.id)
        )


def reason_label(reason: str | None) -> str:
    """A missed session's reason in words."""
    return MISS_REASON_LABELS.get(reason or "", reason or "")
