"""Accepted makeups as one-off sessions on their dates, drawn by timetables and feeds
beside the weekly sessions.

A `OneOffSession` answers what a page or a feed reads of a `ScheduledSession` (times,
school, therapist, delivery, the one line it holds, the calendar identity), so the
same code draws both. Proposed and declined makeups are not sessions: they show
nowhere but on the makeups page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from schoolot.models import Makeup, School, ServiceLine, Student, Therapist
from schoolot.service_log.planned import status_on_makeup
from schoolot.timetable.dated import HAPPENS, DatedSession, service_dates
from schoolot.timetable.school_year import SchoolYear, weekday_name
from schoolot.timetable.sources import SCHOOL, STUDENT, TEACHER, THERAPIST


@dataclass(frozen=True)
class OneOffSession:
    """An accepted makeup, read as a session."""

    makeup: Makeup

    @property
    def id(self) -> int:
        return -self.makeup.id  # never a weekly session's id

    @property
    def makeup_id(self) -> int:
        return self.makeup.id

    @property
    def uid(self) -> str:
        return self.makeup.uid

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
        return self.makeup.decided_at or self.makeup.created_at


def accepted_makeups(
    session: Session, kind: str | None, owner_id: int | None, first: dt.date, last: dt.date
) -> list[Makeup]:
    """The accepted makeups from `first` to `last` of a therapist, school, teacher or
    student (`kind`; None: everyone's), with what a page or feed shows of them."""
    query = (
        select(Makeup)
        .join(ServiceLine, ServiceLine.id == Makeup.service_line_id)
        .join(Student, Student.id == ServiceLine.student_id)
        .where(Makeup.state == "accepted", Makeup.date >= first, Makeup.date <= last)
        .options(
            selectinload(Makeup.service_line)
            .selectinload(ServiceLine.student)
            .selectinload(Student.teacher),
            selectinload(Makeup.school),
            selectinload(Makeup.therapist),
        )
        .order_by(Makeup.date, Makeup.start, Makeup.uid)
    )
    if kind is None:
        return list(session.scalars(query))
    column = {
        THERAPIST: Makeup.therapist_id,
        SCHOOL: Makeup.school_id,
        TEACHER: Student.teacher_id,
        STUDENT: Student.id,
    }[kind]
    return list(session.scalars(query.where(column == owner_id)))


def dated_one_offs(
    year: SchoolYear, makeups: list[Makeup], *, include_cancelled: bool = False
) -> list[DatedSession]:
    """The makeups as dated sessions; those the calendar cancels (a closure or an early
    release added since) only with `include_cancelled`, and none outside the line's
    service dates."""
    dated = []
    for makeup in makeups:
        line = makeup.service_line
        first, last = service_dates(line)
        if not first <= makeup.date <= last:
            continue
        status = status_on_makeup(year, makeup)
        if status != HAPPENS and not include_cancelled:
            continue
        day = year.day(makeup.school_id, makeup.date)
        one_off = OneOffSession(makeup)
        # A one-off reads as a weekly session wherever a DatedSession is drawn.
        dated.append(DatedSession(one_off, makeup.date, (line.student,), status, day))  # type: ignore[arg-type]
    return dated
