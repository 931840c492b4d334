"""Calendar days: a school (or every school) closed, or released early, on a date."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoolot import rules
from schoolot.district.problems import optional_text
from schoolot.district.schools import find_school
from schoolot.district.settings import get_district
from schoolot.models import CalendarDay, School
from schoolot.models.district import CALENDAR_KINDS
from schoolot.problems import Problems
from schoolot.values import parse_choice

KIND_LABELS = {"closed": "Closed", "early_release": "Early release"}


def save_calendar_day(
    session: Session,
    day: CalendarDay | None = None,
    *,
    date: dt.date,
    school_code: str | None,
    kind: str,
    end_time: dt.time | None = None,
    note: str | None = None,
) -> CalendarDay:
    """Add a calendar day (or change `day`); no `school_code` means every school."""
    problems = Problems()
    try:
        kind = parse_choice(kind, CALENDAR_KINDS)
    except ValueError as error:
        problems.add("kind", str(error))
    school: School | None = None
    if school_code:
        school = find_school(session, school_code)
        if school is None:
            problems.add("school", f"no school with id '{school_code}'")
    district = get_district(session)
    if district is None:
        problems.add("date", "set up the district's school year first (District page)")
    else:
        problems.add("date", rules.inside_school_year(date, district.year_start, district.year_end))
    if kind == "early_release":
        if end_time is None:
            problems.add("end_time", "an early release day needs the time the student day ends")
        elif not school_code or school is not None:
            for each in [school] if school else _all_schools(session):
                problems.add("end_time", _end_inside_day(end_time, each))
    elif end_time is not None:
        problems.add("end_time", "only an early release day has an end time; leave it empty")
    if not problems:
        problems.add("date", _already_listed(session, day, date, school))
    problems.raise_if_any()

    if day is None:
        day = CalendarDay()
        session.add(day)
    day.date = date
    day.school = school
    day.kind = kind
    day.end_time = end_time if kind == "early_release" else None
    day.note = optional_text(note)
    session.flush()
    return day


def _all_schools(session: Session) -> list[School]:
    return list(session.scalars(select(School).order_by(School.name)))


def _end_inside_day(end_time: dt.time, school: School) -> str | None:
    return rules.early_release_inside_day(end_time, school.day_start, school.day_end, school.name)


def _already_listed(
    session: Session, day: CalendarDay | None, date: dt.date, school: School | None
) -> str | None:
    query = select(CalendarDay).where(CalendarDay.date == date)
    query = query.where(
        CalendarDay.school_id == school.id if school else CalendarDay.school_id.is_(None)
    )
    existing = session.scalar(query)
    if existing is not None and existing is not day:
        where = school.name if school else "every school"
        return f"{date} is already on the calendar for {where}; edit that entry instead"
    return None


def delete_calendar_day(session: Session, day: CalendarDay) -> None:
    session.delete(day)
    session.flush()


def district_wide_days(session: Session) -> list[CalendarDay]:
    """The calendar days that apply to every school, by date."""
    return list(
        session.scalars(
            select(CalendarDay).where(CalendarDay.school_id.is_(None)).order_by(CalendarDay.date)
        )
    )
