"""The timetables of the schedule in force: what the pages load, in a few queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoolot.district.settings import get_district
from schoolot.models import (
    School,
    Student,
    Teacher,
    Therapist,
)
from schoolot.timetable.history import Dates, History
from schoolot.timetable.lunch import LunchRule
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
            Stretch(select_sessions(self.session, version, kind, owner.id), Dates(low, high))
            for version, low, high in self.history.between(first, last)
        ]
        if kind == THERAPIST:
            return TimetableBuilder(
                self.year, stretches, lunch=self.lunch, may_name=may_name, today=today
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
        )

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
            Stretch(select_all(self.session, version), Dates(low, high))
            for version, low, high in self.history.between(monday, monday + dt.timedelta(days=6))
        ]
        return build_overview(
            self.year,
            therapists,
            everything,
            monday,
            lunch=self.lunch,
            today=today,
        )
