"""Weekly sessions on real dates: one `DatedSession` per session per school day.

A weekly session happens on a date when it is a school day at its school, the
session's weekday, and at least one of its students is in service that day (inside
their IEP's dates and their service line's). On a closed day it does not happen;
on an early-release day a session that would end after the new end of the student
day does not happen either. Pages show those as cancelled; feeds leave them out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from schoolot.district.cycle import Cycle, anchor_of, version_cycle
from schoolot.models import DatedLineSession, Makeup, ScheduledSession, ServiceLine, Student
from schoolot.timetable.school_year import CLOSED, EARLY_RELEASE, SchoolDay, SchoolYear

HAPPENS = "happens"
CANCELLED_CLOSED = "closed"
CANCELLED_EARLY_RELEASE = "early_release"


@dataclass(frozen=True)
class DatedSession:
    session: ScheduledSession
    date: dt.date
    students: tuple[Student, ...]  # those in service on the date (and shown to the viewer)
    status: str  # HAPPENS, CANCELLED_CLOSED or CANCELLED_EARLY_RELEASE
    day: SchoolDay

    @property
    def happens(self) -> bool:
        return self.status == HAPPENS

    @property
    def start(self) -> dt.time:
        return self.session.start

    @property
    def end(self) -> dt.time:
        return self.session.end


def service_dates(line: ServiceLine) -> tuple[dt.date, dt.date]:
    """The first and last day `line` is owed: its own dates inside its student's IEP."""
    student = line.student
    first = max(student.iep_start, line.start) if line.start else student.iep_start
    last = min(student.iep_end, line.end) if line.end else student.iep_end
    return first, last


def status_on(end: dt.time, day: SchoolDay) -> str:
    """Whether a session ending at `end` happens on `day`, or why the calendar cancels it."""
    if day.kind == CLOSED:
        return CANCELLED_CLOSED
    if day.kind == EARLY_RELEASE and day.end_time is not None and end > day.end_time:
        return CANCELLED_EARLY_RELEASE
    return HAPPENS


def one_off_status(year: SchoolYear, row: Makeup | DatedLineSession) -> str:
    """`status_on` for a one-off session on its own date (an accepted makeup, a quarterly
    or yearly line's dated session)."""
    return status_on(row.end, year.day(row.school_id, row.date))


def dated_sessions(
    year: SchoolYear,
    sessions: Iterable[ScheduledSession],
    first: dt.date | None = None,
    last: dt.date | None = None,
    *,
    shows: Callable[[Student], bool] | None = None,
    include_cancelled: bool = False,
) -> list[DatedSession]:
    """The dates of `sessions` between `first` and `last` (default: the whole year),
    in date and time order. `shows(student)` limits the students listed (a session
    none of whose shown students is in service that day is left out); cancelled dates
    (closed, early release) are listed only with `include_cancelled`."""
    dated: list[DatedSession] = []
    cycles: dict[int, Cycle] = {}
    for session in sessions:
        lines = [
            (line.student, *service_dates(line))
            for line in session.services
            if shows is None or shows(line.student)
        ]
        if not lines:
            continue
        span_first = min(start for _, start, _ in lines)
        span_last = max(end for _, _, end in lines)
        low = max(first, span_first) if first else span_first
        high = min(last, span_last) if last else span_last
        cycle = _cycle_of(year, session, cycles)
        for date in year.dates(session.weekday, low, high):
            if cycle.weeks > 1 and cycle.week_of(date) != session.cycle_week:
                continue
            day = year.day(session.school_id, date)
            if not day.is_school_day and day.kind != CLOSED:
                continue
            students = tuple(student for student, start, end in lines if start <= date <= end)
            if not students:
                continue
            status = status_on(session.end, day)
            if status != HAPPENS and not include_cancelled:
                continue
            dated.append(DatedSession(session, date, _unique(students), status, day))
    # By date and time; ties by therapist and the session's uid, which re-solves keep,
    # so the order (and a feed's bytes) does not depend on database ids.
    dated.sort(key=_in_order)
    return dated


def _cycle_of(year: SchoolYear, session: ScheduledSession, cycles: dict[int, Cycle]) -> Cycle:
    """The cycle of `session`'s schedule version (read once per version)."""
    cycle = cycles.get(session.schedule_id)
    if cycle is None:
        cycle = cycles[session.schedule_id] = version_cycle(year.district, session.schedule)
    return cycle


def cycle_week_on(year: SchoolYear, weeks: int, date: dt.date) -> int:
    """`date`'s week of a `weeks`-week cycle anchored where the district anchors it."""
    return Cycle(weeks, anchor_of(year.district)).week_of(date)


def _in_order(dated: DatedSession) -> tuple:
    session = dated.session
    return (dated.date, session.start, session.end, session.therapist_id, session.uid)


def _unique(students: tuple[Student, ...]) -> tuple[Student, ...]:
    seen: dict[int, Student] = {}
    for student in students:
        seen.setdefault(student.id, student)
    return tuple(seen.values())
