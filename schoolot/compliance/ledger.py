"""Owed vs delivered minutes per service line: the compliance ledger (docs/compliance.md).

The rules, written once here:
- Counted dates: from the later of the line's first service date and the date the first
  published schedule stands from (History.started), to the earlier of its last service
  date and `as_of`, inclusive. A line with no counted date yet is not listed.
- Owed: the line's minutes per period accrue on each school day of the student's school
  (open or early release) in the counted dates, at the minutes divided by the period's
  typical school days (a week: the district's school days; a month: the district's
  school weekdays of that calendar month, closures ignored; a quarter, a year: those of
  the quarter, the year: `SchoolDayIndex.owed`); rounded once, at the end.
- Planned: minutes of the planned sessions that happen holding the line (accepted
  makeups included) in the counted dates.
- Delivered: minutes of the line's delivered logs in the counted dates, of any kind.
  Missed by reason: the planned minutes of its missed logs. Unlogged: planned minutes of
  planned sessions with no log.
- Makeup owed: missed minutes whose reason the district owes back, less the minutes
  delivered by makeup logs; never below 0. Balance: delivered - owed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from sqlalchemy import Row, Select, func, select
from sqlalchemy.orm import Session, selectinload

from schoolot.access import caseload_therapist_id, on_caseload
from schoolot.compliance.school_days import SchoolDayIndex, round_minutes
from schoolot.district.settings import get_district
from schoolot.models import (
    Makeup,
    ScheduledSession,
    ScheduleVersion,
    ServiceLine,
    SessionLog,
    Student,
    Therapist,
    session_service,
)
from schoolot.models.service_log import MISS_REASONS
from schoolot.service_log.planned import PlannedSession, planned_sessions
from schoolot.timetable.dated import HAPPENS, one_off_status, service_dates
from schoolot.timetable.history import HAVE_BEEN_IN_FORCE, History
from schoolot.timetable.school_year import SchoolYear


@dataclass(frozen=True)
class LineLedger:
    """One service line's minutes from `first` to `last` (the counted dates)."""

    service_line_id: int
    code: str
    student_id: int
    student_name: str  # full, for staff pages
    therapist_id: int | None  # whose caseload holds the student
    school_id: int
    per: str  # "week", "month", "quarter" or "year"
    first: dt.date
    last: dt.date
    owed_minutes: int
    planned_minutes: int
    delivered_minutes: int
    missed_minutes: dict[str, int]  # by reason (MISS_REASONS), reasons with none left out
    unlogged_minutes: int
    makeup_owed_minutes: int
    makeup_planned_minutes: int  # accepted makeups not logged yet (any date)
    balance_minutes: int  # delivered - owed: negative is behind
    # Beside the brief's fields: the IEP terms and what the pages sort and show.
    minutes: int = 0  # the line's minutes per period
    student_code: str = ""
    makeup_delivered_minutes: int = 0
    missed_total_minutes: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "missed_total_minutes", sum(self.missed_minutes.values()))

    @property
    def behind(self) -> bool:
        return self.balance_minutes < 0


@dataclass
class _Tally:
    planned: int = 0
    delivered: int = 0
    makeup_delivered: int = 0
    unlogged: int = 0
    makeup_planned: int = 0
    missed: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def line_ledgers(
    session: Session,
    as_of: dt.date,
    *,
    therapist_id: int | None = None,
    school_id: int | None = None,
    student_id: int | None = None,
) -> list[LineLedger]:
    """The ledger of every line counted by `as_of` (of one caseload's students, one
    school's or one student's, when given), furthest behind first."""
    district = get_district(session)
    if district is None:
        return []
    started = History.load(session, district).started
    if started is None:
        return []
    lines = _lines(session, therapist_id, school_id, student_id)
    counted = {line.id: _counted(line, started, as_of) for line in lines}
    lines = [line for line in lines if counted[line.id] is not None]
    if not lines:
        return []
    # The district's every line: no list of ids to filter by (long IN lists cost more).
    scoped = therapist_id is not None or school_id is not None or student_id is not None
    student_ids = {line.student_id for line in lines} if scoped else None
    therapists = _caseload_therapists(session, student_ids)
    year = SchoolYear.of(session, district)
    tallies = _tallies(session, year, lines, counted, as_of, student_id, scoped)
    days = SchoolDayIndex(year)
    owed_back = set(district.makeup_reason_list)
    ledgers = [
        _ledger(line, counted[line.id], therapists, tallies[line.id], days, owed_back)
        for line in lines
    ]
    ledgers.sort(key=lambda x: (x.balance_minutes, x.student_name, x.code))
    return ledgers


def _lines(
    session: Session, therapist_id: int | None, school_id: int | None, student_id: int | None
) -> list[ServiceLine]:
    query: Select[ServiceLine] = (
        select(ServiceLine)
        .join(Student, Student.id == ServiceLine.student_id)
        .options(selectinload(ServiceLine.student))
        .order_by(ServiceLine.id)
    )
    if therapist_id is not None:
        query = query.where(on_caseload(therapist_id))
    if school_id is not None:
        query = query.where(Student.school_id == school_id)
    if student_id is not None:
        query = query.where(Student.id == student_id)
    return list(session.scalars(query))


def _counted(line: ServiceLine, started: dt.date, as_of: dt.date) -> tuple[dt.date, dt.date] | None:
    first, last = service_dates(line)
    first, last = max(first, started), min(last, as_of)
    return (first, last) if first <= last else None


def _caseload_therapists(session: Session, student_ids: set[int] | None) -> dict[int, int | None]:
    query = select(Student.id, caseload_therapist_id())
    if student_ids is not None:
        query = query.where(Student.id.in_(student_ids))
    rows = session.execute(query)
    return {row[0]: row[1] for row in rows}


def _tallies(
    session: Session,
    year: SchoolYear,
    lines: list[ServiceLine],
    counted: dict[int, tuple[dt.date, dt.date] | None],
    as_of: dt.date,
    student_id: int | None,
    scoped: bool,
) -> dict[int, _Tally]:
    tallies = {line.id: _Tally() for line in lines}
    line_ids = list(tallies) if scoped else None
    first = min(span[0] for span in counted.values() if span is not None)
    planned = _planned(session, line_ids, first, as_of, student_id)
    logs = _logs(session, line_ids, first, as_of)
    logged = {(log.service_line_id, log.date, log.session_uid, log.makeup_id) for log in logs}
    lengths: dict[tuple, int] = {}

    def in_counted(line_id: int, date: dt.date) -> bool:
        span = counted.get(line_id)
        return line_id in tallies and span is not None and span[0] <= date <= span[1]

    for planned_session in planned:
        if not planned_session.happens:
            continue
        for line in planned_session.lines:
            if not in_counted(line.line_id, planned_session.date):
                continue
            tally = tallies[line.line_id]
            tally.planned += planned_session.minutes
            lengths[line.line_id, *planned_session.key] = planned_session.minutes
            if _log_key(line.line_id, planned_session) not in logged:
                tally.unlogged += planned_session.minutes
    for log in logs:
        if not in_counted(log.service_line_id, log.date):
            continue
        tally = tallies[log.service_line_id]
        if log.status == "delivered":
            tally.delivered += log.minutes
            if log.kind == "makeup":
                tally.makeup_delivered += log.minutes
        elif log.reason is not None:
            length = log.planned_minutes
            if length is None:
                length = lengths.get(
                    (log.service_line_id, log.date, log.session_uid, log.makeup_id), 0
                )
            tally.missed[log.reason] += length
    for line_id, minutes in _makeups_not_logged(session, year, line_ids):
        if line_id in tallies:
            tallies[line_id].makeup_planned += minutes
    return tallies


def _planned(
    session: Session,
    line_ids: list[int] | None,
    first: dt.date,
    last: dt.date,
    student_id: int | None,
) -> list[PlannedSession]:
    """The sessions planned from `first` to `last` that may hold the lines: one
    student's; else, for some of the district's lines (a caseload, a school), those of
    each therapist who ever held a session or makeup of them (walking every session of
    the district took most of a caseload's time); else (`line_ids` None) every session."""
    if student_id is not None:
        return planned_sessions(session, first, last, student_id=student_id)
    if line_ids is None:
        return planned_sessions(session, first, last)
    therapists = _therapists_holding(session, line_ids)
    everyone = session.scalar(select(func.count(Therapist.id))) or 0
    if len(therapists) * 2 >= everyone:
        return planned_sessions(session, first, last)
    found: list[PlannedSession] = []
    for therapist_id in sorted(therapists):
        found.extend(planned_sessions(session, first, last, therapist_id=therapist_id))
    return found


def _therapists_holding(session: Session, line_ids: list[int]) -> set[int]:
    """Therapists of the published (or once published) sessions and the accepted
    makeups holding any of the lines."""
    weekly = (
        select(ScheduledSession.therapist_id)
        .join(session_service, session_service.c.session_id == ScheduledSession.id)
        .join(ScheduleVersion, ScheduleVersion.id == ScheduledSession.schedule_id)
        .where(
            session_service.c.service_line_id.in_(line_ids),
            ScheduleVersion.state.in_(HAVE_BEEN_IN_FORCE),
        )
    )
    makeups = select(Makeup.therapist_id).where(
        Makeup.state == "accepted", Makeup.service_line_id.in_(line_ids)
    )
    return set(session.scalars(weekly.union(makeups)))


def _log_key(line_id: int, planned: PlannedSession) -> tuple:
    """The (line, date, session uid, makeup) a log of the planned session carries."""
    return (line_id, planned.date, planned.session_uid, planned.makeup_id)


def _logs(session: Session, line_ids: list[int] | None, first: dt.date, last: dt.date) -> list[Row]:
    """The lines' logs from `first` to `last`: only the columns counted (a district holds
    tens of thousands of logs; loading them as objects took most of the ledger's time)."""
    query = select(
        SessionLog.service_line_id,
        SessionLog.date,
        SessionLog.session_uid,
        SessionLog.makeup_id,
        SessionLog.status,
        SessionLog.kind,
        SessionLog.minutes,
        SessionLog.planned_minutes,
        SessionLog.reason,
    ).where(SessionLog.date >= first, SessionLog.date <= last)
    if line_ids is not None:
        query = query.where(SessionLog.service_line_id.in_(line_ids))
    return list(session.execute(query))


def _makeups_not_logged(
    session: Session, year: SchoolYear, line_ids: list[int] | None
) -> list[tuple[int, int]]:
    """(line id, minutes) of each accepted makeup of the lines (None: all) that no log
    holds yet and that the calendar does not cancel."""
    query = select(Makeup).where(Makeup.state == "accepted", ~Makeup.logs.any()).order_by(Makeup.id)
    if line_ids is not None:
        query = query.where(Makeup.service_line_id.in_(line_ids))
    return [
        (makeup.service_line_id, makeup.minutes)
        for makeup in session.scalars(query)
        if one_off_status(year, makeup) == HAPPENS
    ]


def _ledger(
    line: ServiceLine,
    span: tuple[dt.date, dt.date] | None,
    therapists: dict[int, int | None],
    tally: _Tally,
    days: SchoolDayIndex,
    owed_back: set[str],
) -> LineLedger:
    assert span is not None
    student = line.student
    owed: Fraction = days.owed(student.school_id, line.minutes, line.per, *span)
    owed_minutes = round_minutes(owed)
    missed_owed_back = sum(m for reason, m in tally.missed.items() if reason in owed_back)
    return LineLedger(
        service_line_id=line.id,
        code=line.code,
        student_id=student.id,
        student_name=student.full_name,
        therapist_id=therapists.get(student.id),
        school_id=student.school_id,
        per=line.per,
        first=span[0],
        last=span[1],
        owed_minutes=owed_minutes,
        planned_minutes=tally.planned,
        delivered_minutes=tally.delivered,
        missed_minutes={r: tally.missed[r] for r in MISS_REASONS if tally.missed.get(r)},
        unlogged_minutes=tally.unlogged,
        makeup_owed_minutes=max(0, missed_owed_back - tally.makeup_delivered),
        makeup_planned_minutes=tally.makeup_planned,
        balance_minutes=tally.delivered - owed_minutes,
        minutes=line.minutes,
        student_code=student.code,
        makeup_delivered_minutes=tally.makeup_delivered,
    )
