"""A stored schedule as CSV, for the people who live in spreadsheets.

One row a session of the cycle, in the cycle's order by therapist: who, which week of
the cycle (`cycle_week` from 1 and its `week` label, "Week A"/"Week B", "Week 3"; the
label is empty in a one-week cycle) and weekday, when, where, the students (first name
and last initial) and the service lines. The cycle repeats through the dates the
schedule stands (`from`, `until`: empty for a draft, never in force). Cells go through
the bundle's writer, so no cell runs as a formula in a spreadsheet.
"""

from __future__ import annotations

import datetime as dt
import io

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from schoolot.bundle.csv_cells import write_csv
from schoolot.cycle import week_label
from schoolot.models import District, ScheduledSession, ScheduleVersion, ServiceLine, Student
from schoolot.timetable.history import History
from schoolot.values import WEEKDAYS, format_time

HEADER = (
    "therapist",
    "cycle_week",
    "week",
    "day",
    "start",
    "end",
    "school",
    "delivery",
    "students",
    "services",
    "from",
    "until",
)
_DAY_ORDER = {name: d for d, name in enumerate(WEEKDAYS)}


def schedule_csv(session: Session, version: ScheduleVersion) -> str:
    """The schedule `version` as CSV text (a header, then one row a session)."""
    return schedule_csv_held(session, version)[0]


def schedule_csv_held(session: Session, version: ScheduleVersion) -> tuple[str, set[int]]:
    """schedule_csv's text, and the ids of the students its rows hold (the access record)."""
    first, last = stands(session, version)
    dates = (_date(first), _date(last))
    rows = session.scalars(
        select(ScheduledSession)
        .where(ScheduledSession.schedule_id == version.id)
        .options(
            selectinload(ScheduledSession.therapist),
            selectinload(ScheduledSession.school),
            selectinload(ScheduledSession.services).selectinload(ServiceLine.student),
        )
    )
    ordered = sorted(
        rows,
        key=lambda r: (
            r.therapist.name,
            r.cycle_week,
            _DAY_ORDER.get(r.weekday, 9),
            r.start,
            r.uid,
        ),
    )
    out = io.StringIO()
    write_csv(
        out,
        [
            HEADER,
            *(
                (
                    row.therapist.name,
                    str(row.cycle_week),
                    week_label(row.cycle_week, version.cycle_weeks or 1),
                    row.weekday,
                    format_time(row.start),
                    format_time(row.end),
                    row.school.name,
                    row.delivery,
                    "; ".join(short_name(line.student) for line in row.services),
                    " ".join(line.code for line in row.services),
                    *dates,
                )
                for row in ordered
            ),
        ],
    )
    held = {line.student_id for row in ordered for line in row.services}
    return out.getvalue(), held


def short_name(student: Student) -> str:
    """`Ana L.`: first name and last initial."""
    initial = student.last_name[:1]
    return f"{student.first_name} {initial}." if initial else student.first_name


def stands(session: Session, version: ScheduleVersion) -> tuple[dt.date | None, dt.date | None]:
    """The first and last dates `version` stood (or stands) for in the school year;
    (None, None) for a version never in force, or replaced the day it was published."""
    district = session.scalar(select(District))
    if district is None or version.published_at is None:
        return None, None
    history = History.load(session, district)
    for era in history.eras:
        if era.version.id == version.id:
            first = era.dates.first or history.started or district.year_start
            return max(first, district.year_start), min(
                era.dates.last or district.year_end, district.year_end
            )
    return None, None


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""
