"""Which service lines count from a day on: the one rule, for the solver's problem
builder and for the caseload alike."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, exists, func
from sqlalchemy.orm import Session

from schoolot.district.settings import district_today, get_district
from schoolot.models import ServiceLine, Student


def dates_reach(start: dt.date, end: dt.date, first_day: dt.date, last_day: dt.date) -> bool:
    """Whether service from `start` to `end` reaches into `first_day`..`last_day`."""
    return start <= last_day and end >= first_day


def line_dates(line: ServiceLine, student: Student) -> tuple[dt.date, dt.date]:
    """A line's service dates: its own start and end, else its student's IEP's."""
    return line.start or student.iep_start, line.end or student.iep_end


def lines_in_effect(student: Student, first_day: dt.date, last_day: dt.date) -> list[ServiceLine]:
    """The student's service lines still owed between `first_day` and `last_day` (the
    rest of the school year): an ended line or IEP never counts; a line that starts
    later in the year does, as the weekly schedule already holds its sessions."""
    return [
        line
        for line in student.services
        if dates_reach(*line_dates(line, student), first_day, last_day)
    ]


def has_line_in_effect(first_day: dt.date, last_day: dt.date) -> ColumnElement[bool]:
    """A condition on Student, the SQL form of `lines_in_effect(...)` being non-empty."""
    return exists().where(
        ServiceLine.student_id == Student.id,
        func.coalesce(ServiceLine.start, Student.iep_start) <= last_day,
        func.coalesce(ServiceLine.end, Student.iep_end) >= first_day,
    )


def year_from(session: Session, as_of: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """(first day, last day) the caseload counts lines in: `as_of` (default the
    district's today) to the end of the school year."""
    district = get_district(session)
    first_day = as_of or (district_today(district) if district else dt.date.today())
    last_day = district.year_end if district else first_day
    return first_day, max(first_day, last_day)
