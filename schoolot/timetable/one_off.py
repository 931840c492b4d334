"""One-off sessions on their dates, drawn by timetables and feeds beside the weekly
sessions: accepted makeups, and the sessions of quarterly and yearly lines that the
schedule standing on their date placed (`schoolot.dated`).

A `OneOffSession` answers what a page or a feed reads of a `ScheduledSession` (times,
school, therapist, delivery, the one line it holds, the calendar identity), so the
same code draws both. Proposed and declined makeups are not sessions: they show
nowhere but on the makeups page; a draft's dated sessions show nowhere until it is
published.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from schoolot.district.settings import get_district
from schoolot.models import DatedLineSession, Makeup, School, ServiceLine, Student, Therapist
from schoolot.timetable.dated import HAPPENS, DatedSession, service_dates, status_on
from schoolot.timetable.history import History
from schoolot.timetable.school_year import SchoolYear, weekday_name
from schoolot.timetable.sources import SCHOOL, STUDENT, TEACHER, THERAPIST

OneOffRow = Makeup | DatedLineSession
# A dated line session's id as a session: below every makeup's (-makeup.id).
_DATED_IDS = 10**9


@dataclass(frozen=True)
class OneOffSession:
    """An accepted makeup, or a dated session of a quarterly or yearly line, read as a
    session (`makeup` is the row, whichever it is)."""

    makeup: OneOffRow

    @property
    def id(self) -> int:
        # Never a weekly session's id, nor one another's.
        if isinstance(self.makeup, Makeup):
            return -self.makeup.id
        return -_DATED_IDS - self.makeup.id

    @property
    def makeup_id(self) -> int | None:
        """The makeup's id; None for a dated session of a quarterly or yearly line."""
        return self.makeup.id if isinstance(self.makeup, Makeup) else None

    @property
    def uid(self) -> str:
        return self.makeup.uid

    @property
    def label(self) -> str:
        """What a timetable calls it: "Makeup", "Quarterly session", "Yearly session"."""
        if isinstance(self.makeup, Makeup):
            return "Makeup"
        return f"{self.makeup.service_line.per.capitalize()}ly session"

    @property
    def uid_prefix(self) -> str:
        """A feed's UID prefix: "makeup" or "dated" (a quarterly or yearly line's)."""
        return "makeup" if isinstance(self.makeup, Makeup) else "dated"

    @property
    def start(self) -> dt.time:
        return self.makeup.start

    @property
    def end(self) -> dt.time:
        return self.makeup.end

    @property
    def weekday(self) -> str:
        return weekday_name(self.makeup.date)

    @property
    def school(self) -> School:
        return self.makeup.school

    @property
    def school_id(self) -> int:
        return self.makeup.school_id

    @property
    def therapist(self) -> Therapist:
        return self.makeup.therapist

    @property
    def therapist_id(self) -> int:
        return self.makeup.therapist_id

    @property
    def delivery(self) -> str:
        return self.makeup.service_line.delivery

    @property
    def services(self) -> list[ServiceLine]:
        return [self.makeup.service_line]

    @property
    def sequence(self) -> int:
        return self.makeup.sequence

    @property
    def modified_at(self) -> dt.datetime:
        if isinstance(self.makeup, Makeup):
            return self.makeup.decided_at or self.makeup.created_at
        return self.makeup.created_at


def accepted_makeups(
    session: Session, kind: str | None, owner_id: int | None, first: dt.date, last: dt.date
) -> list[OneOffRow]:
    """The one-off sessions from `first` to `last` of a therapist, school, teacher or
    student (`kind`; None: everyone's), with what a page or feed shows of them: the
    accepted makeups, and the dated sessions of quarterly and yearly lines of the
    schedules standing on their dates."""
    found: list[OneOffRow] = []
    query = _owned_by(
        select(Makeup)
        .join(ServiceLine, ServiceLine.id == Makeup.service_line_id)
        .join(Student, Student.id == ServiceLine.student_id)
        .where(Makeup.state == "accepted", Makeup.date >= first, Makeup.date <= last)
        .options(*_shown(Makeup))
        .order_by(Makeup.date, Makeup.start, Makeup.uid),
        Makeup,
        kind,
        owner_id,
    )
    found.extend(session.scalars(query))
    found.extend(dated_line_sessions(session, kind, owner_id, first, last))
    return found


def dated_line_sessions(
    session: Session, kind: str | None, owner_id: int | None, first: dt.date, last: dt.date
) -> list[DatedLineSession]:
    """The dated sessions of the schedules standing from `first` to `last`, each on a
    date its schedule stood on."""
    district = get_district(session)
    if district is None:
        return []
    found: list[DatedLineSession] = []
    row = DatedLineSession
    for version, low, high in History.load(session, district).between(first, last):
        query = (
            select(row)
            .join(ServiceLine, ServiceLine.id == row.service_line_id)
            .join(Student, Student.id == ServiceLine.student_id)
            .where(row.schedule_id == version.id, row.date >= low, row.date <= high)
            .options(*_shown(row))
            .order_by(row.date, row.start, row.uid)
        )
        found.extend(session.scalars(_owned_by(query, row, kind, owner_id)))
    return found


def _shown(model: type[Makeup] | type[DatedLineSession]) -> tuple:
    return (
        selectinload(model.service_line)
        .selectinload(ServiceLine.student)
        .selectinload(Student.teacher),
        selectinload(model.school),
        selectinload(model.therapist),
    )


def _owned_by(
    query: Select, model: type[Makeup] | type[DatedLineSession], kind: str | None, owner: int | None
) -> Select:
    if kind is None:
        return query
    column = {
        THERAPIST: model.therapist_id,
        SCHOOL: model.school_id,
        TEACHER: Student.teacher_id,
        STUDENT: Student.id,
    }[kind]
    return query.where(column == owner)


def dated_one_offs(
    year: SchoolYear, makeups: list[OneOffRow], *, include_cancelled: bool = False
) -> list[DatedSession]:
    """The one-off sessions (`accepted_makeups`) as dated sessions; those the calendar
    cancels (a closure or an early release added since) only with `include_cancelled`,
    and none outside the line's service dates."""
    dated = []
    for makeup in makeups:
        line = makeup.service_line
        first, last = service_dates(line)
        if not first <= makeup.date <= last:
            continue
        day = year.day(makeup.school_id, makeup.date)
        status = status_on(makeup.end, day)
        if status != HAPPENS and not include_cancelled:
            continue
        one_off = OneOffSession(makeup)
        # A one-off reads as a weekly session wherever a DatedSession is drawn.
        dated.append(DatedSession(one_off, makeup.date, (line.student,), status, day))  # type: ignore[arg-type]
    return dated
