"""The timetables of the schedule in force: what the pages load, in a few queries."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from schoolot.district.settings import get_district
from schoolot.models import (
    School,
    ServiceLine,
    Student,
    Teacher,
    Therapist,
    TravelTime,
)
from schoolot.timetable.history import Dates, History
from schoolot.timetable.lunch import LunchRule
from schoolot.timetable.one_off import accepted_makeups, dated_one_offs
from schoolot.timetable.overview import Overview, build_overview
from schoolot.timetable.school_year import SchoolYear
from schoolot.timetable.sources import (
    THERAPIST,
    select_all,
    select_sessions,
)
from schoolot.timetable.week_view import DayView, NamePolicy, Stretch, TimetableBuilder, WeekView

Owner = Therapist | School | Teacher | Student


@dataclass(frozen=True)
class InForce:
    """The district's school year and the schedules that stood on its dates (the one
    in force now for today and every date ahead)."""

    session: Session
    year: SchoolYear
    lunch: LunchRule
    history: History

    @classmethod
    def load(cls, session: Session) -> InForce | None:
        """None before a district is loaded or a schedule is published."""
        district = get_district(session)
        if district is None:
            return None
        history = History.load(session, district)
        if history.in_force is None:
            return None
        year = SchoolYear.of(session, district)
        return cls(session, year, LunchRule.of(district), history)

    def builder(
        self,
        kind: str,
        owner: Owner,
        first: dt.date,
        last: dt.date,
        *,
        may_name: NamePolicy | None = None,
        today: dt.date | None = None,
    ) -> TimetableBuilder:
        """A builder of `owner`'s timetable from `first` to `last` (`kind` is
        'therapist', 'school', 'teacher' or 'student'): a therapist's shows their drives
        and lunch on the district's calendar; the others show each session's therapist
        on their school's calendar."""
        stretches = [
            Stretch(
                select_sessions(self.session, version, kind, owner.id),
                Dates(low, high),
                version.cycle_weeks or 1,
            )
            for version, low, high in self.history.between(first, last)
        ]
        one_offs = dated_one_offs(
            self.year,
            accepted_makeups(self.session, kind, owner.id, first, last),
            include_cancelled=True,
        )
        if kind == THERAPIST:
            return TimetableBuilder(
                self.year,
                stretches,
                lunch=self.lunch,
                may_name=may_name,
                today=today,
                one_offs=one_offs,
                drive_minutes=self._drive_minutes(),
            )
        # A school's own calendar and day frame its timetable; a class's and a student's,
        # their school's.
        school = owner if isinstance(owner, School) else getattr(owner, "school", None)
        return TimetableBuilder(
            self.year,
            stretches,
            home_school_id=school.id if school else None,
            frame=(school.day_start, school.day_end) if school else None,
            may_name=may_name,
            show_therapist=True,
            # A school's week is all one school: its therapists tell the blocks apart.
            colour_by_therapist=isinstance(owner, School),
            today=today,
            one_offs=one_offs,
        )

    def _drive_minutes(self) -> Callable[[int, int], int | None]:
        """Driving minutes between two schools (by id), from the district's travel times."""
        minutes: dict[tuple[int, int], int] = {}
        for row in self.session.scalars(select(TravelTime)):
            minutes[row.from_school_id, row.to_school_id] = row.minutes
            minutes[row.to_school_id, row.from_school_id] = row.minutes
        return lambda a, b: minutes.get((a, b))

    def week(
        self,
        kind: str,
        owner: Owner,
        monday: dt.date,
        *,
        may_name: NamePolicy | None = None,
        today: dt.date | None = None,
    ) -> WeekView:
        last = monday + dt.timedelta(days=6)
        return self.builder(kind, owner, monday, last, may_name=may_name, today=today).week(monday)

    def day(
        self,
        kind: str,
        owner: Owner,
        date: dt.date,
        *,
        may_name: NamePolicy | None = None,
        today: dt.date | None = None,
    ) -> DayView:
        return self.builder(kind, owner, date, date, may_name=may_name, today=today).day(date)

    def overview(self, monday: dt.date, today: dt.date | None = None) -> Overview:
        """Every therapist's week of `monday`, by name."""
        therapists = self.session.scalars(select(Therapist).order_by(Therapist.name))
        everything = [
            Stretch(select_all(self.session, version), Dates(low, high), version.cycle_weeks or 1)
            for version, low, high in self.history.between(monday, monday + dt.timedelta(days=6))
        ]
        sunday = monday + dt.timedelta(days=6)
        one_offs = dated_one_offs(
            self.year,
            accepted_makeups(self.session, None, None, monday, sunday),
            include_cancelled=True,
        )
        return build_overview(
            self.year,
            therapists,
            everything,
            monday,
            lunch=self.lunch,
            today=today,
            one_offs=one_offs,
            drive_minutes=self._drive_minutes(),
        )

    def overview_key(self, monday: dt.date, today: dt.date) -> str:
        """A digest of everything `overview(monday, today)` is drawn from, so equal keys
        mean equal overviews: the week and today; the district's settings and the
        calendar's entries that week; each schedule standing that week, with its dates
        (a stored schedule's sessions and drives never change: its id and times stand
        for them); every therapist, school and service line with its student's IEP
        dates (a deleted line, school or therapist takes its sessions with it); the
        week's accepted makeups."""
        sunday = monday + dt.timedelta(days=6)
        lines = (
            select(
                ServiceLine.id,
                ServiceLine.student_id,
                ServiceLine.start,
                ServiceLine.end,
                Student.iep_start,
                Student.iep_end,
            )
            .join(Student, Student.id == ServiceLine.student_id)
            .order_by(ServiceLine.id)
        )
        inputs = (
            monday,
            today,
            _columns(self.year.district),
            [_columns(entry) for entry in self.year.entries(monday, sunday)],
            [
                (
                    version.id,
                    version.created_at,
                    version.published_at,
                    version.revised_at,
                    low,
                    high,
                )
                for version, low, high in self.history.between(monday, sunday)
            ],
            [tuple(row) for row in self.session.execute(_every_row(Therapist))],
            [tuple(row) for row in self.session.execute(_every_row(School))],
            [tuple(row) for row in self.session.execute(lines)],
            [
                (m.id, m.therapist_id, m.school_id, m.date, m.start, m.end, m.service_line_id)
                for m in accepted_makeups(self.session, None, None, monday, sunday)
            ],
        )
        return hashlib.sha256(repr(inputs).encode()).hexdigest()


def _columns(record: Any) -> tuple:
    """Every column's value of an ORM object."""
    return tuple(getattr(record, column.key) for column in inspect(record).mapper.column_attrs)


def _every_row(model: type[Therapist] | type[School]):
    return select(*model.__table__.columns).order_by(model.__table__.c.id)
