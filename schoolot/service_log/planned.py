"""The sessions planned on real dates, from the schedules that stood on them and the
accepted makeups: what a therapist logs, what compliance counts as planned, and what a
makeup must not collide with.

Dates before the first published schedule stands from (`History.started`) hold no
planned session: nothing was promised to a therapist then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from schoolot.district.settings import get_district
from schoolot.models import DatedLineSession, Makeup, ServiceLine
from schoolot.timetable.dated import HAPPENS, dated_sessions, one_off_status, service_dates
from schoolot.timetable.history import History
from schoolot.timetable.one_off import dated_line_sessions
from schoolot.timetable.school_year import SchoolYear
from schoolot.timetable.sources import STUDENT, THERAPIST, select_all, select_sessions


@dataclass(frozen=True)
class PlannedLine:
    """One student's service line in a planned session."""

    line_id: int
    student_id: int


@dataclass(frozen=True)
class PlannedSession:
    """A session planned on a date: a weekly session of the schedule that stood then
    (`session_uid`), or an accepted makeup (`makeup_id`)."""

    date: dt.date
    start: dt.time
    end: dt.time
    therapist_id: int
    school_id: int
    delivery: str
    # HAPPENS, or why the calendar cancelled it (CANCELLED_CLOSED, CANCELLED_EARLY_RELEASE).
    status: str
    lines: tuple[PlannedLine, ...]  # in service on the date, by line id
    session_uid: str | None = None
    schedule_id: int | None = None
    makeup_id: int | None = None

    @property
    def happens(self) -> bool:
        return self.status == HAPPENS

    @property
    def minutes(self) -> int:
        start = dt.datetime.combine(self.date, self.start)
        return int((dt.datetime.combine(self.date, self.end) - start).total_seconds() // 60)

    @property
    def group_size(self) -> int:
        """Students in the session that day."""
        return len({line.student_id for line in self.lines})

    @property
    def key(self) -> tuple:
        """What identifies it among a day's sessions (a log's date and uid, or the makeup)."""
        return (self.date, self.session_uid, self.makeup_id)


def planned_sessions(
    session: Session,
    first: dt.date,
    last: dt.date,
    *,
    therapist_id: int | None = None,
    student_id: int | None = None,
    include_cancelled: bool = True,
) -> list[PlannedSession]:
    """Every session planned from `first` to `last` (of one therapist, or holding one
    student's lines, when given), in date and time order. Sessions the calendar
    cancelled are listed with their status unless `include_cancelled` is False."""
    district = get_district(session)
    if district is None:
        return []
    history = History.load(session, district)
    if history.started is None:
        return []
    first = max(first, history.started)
    if first > last:
        return []
    year = SchoolYear.of(session, district)
    planned: list[PlannedSession] = []
    for version, low, high in history.between(first, last):
        if therapist_id is not None:
            selection = select_sessions(session, version, THERAPIST, therapist_id)
        elif student_id is not None:
            selection = select_sessions(session, version, STUDENT, student_id)
        else:
            selection = select_all(session, version)
        for dated in dated_sessions(
            year, selection.sessions, low, high, include_cancelled=include_cancelled
        ):
            weekly = dated.session
            lines = _lines_on(weekly.services, dated.date, student_id)
            if not lines:
                continue
            planned.append(
                PlannedSession(
                    date=dated.date,
                    start=weekly.start,
                    end=weekly.end,
                    therapist_id=weekly.therapist_id,
                    school_id=weekly.school_id,
                    delivery=weekly.delivery,
                    status=dated.status,
                    lines=lines,
                    session_uid=weekly.uid,
                    schedule_id=version.id,
                )
            )
    planned.extend(
        _makeups(session, year, first, last, therapist_id, student_id, include_cancelled)
    )
    planned.extend(_dated(session, year, first, last, therapist_id, student_id, include_cancelled))
    planned.sort(key=lambda p: (p.date, p.start, p.end, p.therapist_id, p.session_uid or ""))
    return planned


def _lines_on(
    lines: list[ServiceLine], date: dt.date, student_id: int | None
) -> tuple[PlannedLine, ...]:
    chosen = []
    for line in lines:
        if student_id is not None and line.student_id != student_id:
            continue
        line_first, line_last = service_dates(line)
        if line_first <= date <= line_last:
            chosen.append(PlannedLine(line.id, line.student_id))
    return tuple(sorted(chosen, key=lambda p: p.line_id))


def _makeups(
    session: Session,
    year: SchoolYear,
    first: dt.date,
    last: dt.date,
    therapist_id: int | None,
    student_id: int | None,
    include_cancelled: bool,
) -> list[PlannedSession]:
    query = (
        select(Makeup)
        .where(Makeup.state == "accepted", Makeup.date >= first, Makeup.date <= last)
        .options(selectinload(Makeup.service_line).selectinload(ServiceLine.student))
    )
    if therapist_id is not None:
        query = query.where(Makeup.therapist_id == therapist_id)
    if student_id is not None:
        query = query.join(ServiceLine, ServiceLine.id == Makeup.service_line_id).where(
            ServiceLine.student_id == student_id
        )
    found = []
    for makeup in session.scalars(query):
        line = makeup.service_line
        status = one_off_status(year, makeup)
        if status != HAPPENS and not include_cancelled:
            continue
        found.append(_one_off(makeup, line, status, makeup_id=makeup.id))
    return found


def _dated(
    session: Session,
    year: SchoolYear,
    first: dt.date,
    last: dt.date,
    therapist_id: int | None,
    student_id: int | None,
    include_cancelled: bool,
) -> list[PlannedSession]:
    """The dated sessions of quarterly and yearly lines (`schoolot.dated`) of the
    schedules that stood on their dates, by their uid in that schedule."""
    kind, owner = (THERAPIST, therapist_id) if therapist_id is not None else (STUDENT, student_id)
    found = []
    for row in dated_line_sessions(
        session, kind if owner is not None else None, owner, first, last
    ):
        line = row.service_line
        status = one_off_status(year, row)
        if status != HAPPENS and not include_cancelled:
            continue
        found.append(_one_off(row, line, status, session_uid=row.uid, schedule_id=row.schedule_id))
    return found


def _one_off(
    row: Makeup | DatedLineSession, line: ServiceLine, status: str, **ids: int | str
) -> PlannedSession:
    """A one-off session of one line on its date (an accepted makeup, a quarterly or
    yearly line's dated session)."""
    return PlannedSession(
        date=row.date,
        start=row.start,
        end=row.end,
        therapist_id=row.therapist_id,
        school_id=row.school_id,
        delivery=line.delivery,
        status=status,
        lines=(PlannedLine(line.id, line.student_id),),
        **ids,  # type: ignore[arg-type]
    )
