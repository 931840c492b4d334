"""The timetables of the schedule in force: what the pages load, in a few queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoolot.district.settings import get_district
from schoolot.models import (
    ScheduleVersion,
    School,
    Student,
    Teacher,
    Therapist,
)
from schoolot.scheduling import store
from schoolot.timetable.lunch import LunchRule
from schoolot.timetable.overview import Overview, build_overview
from schoolot.timetable.school_year import SchoolYear
from schoolot.timetable.sources import (
    THERAPIST,
    select_all,
    select_sessions,
)
from schoolot.timetable.week_view import DayView, NamePolicy, TimetableBuilder, WeekView

Owner = Therapist | School | Teacher | Student


@dataclass(frozen=True)
class InForce:
    """The district's school year and the schedule in force on it."""

    session: Session
    year: SchoolYear
    lunch: LunchRule
    version: ScheduleVersion

    @classmethod
    def load(cls, session: Session) -> InForce | None:
        """None before a district is loaded or a schedule is published."""
        version = store.in_force(session)
        district = get_district(session)
        if version is None or district is None:
            return None
        year = SchoolYear.of(session, district)
        return cls(session, year, LunchRule.of(district), version)

    def builder(
        self,
        kind: str,
        owner: Owner,
        *,
        may_name: NamePolicy | None = None,
        today: dt.date | None = None,
    ) -> TimetableBuilder:
        """A builder of `owner`'s timetable (`kind` is 'therapist', 'school', 'teacher'
        or 'student'): a therapist's shows their drives and lunch on the district's
        calendar; the others show each session's therapist on their school's calendar."""
        selection = select_sessions(self.session, self.version, kind, owner.id)
        if kind == THERAPIST:
            return TimetableBuilder(
                self.year, selection, lunch=self.lunch, may_name=may_name, today=today
            )
        # A school's own calendar and day frame its timetable; a class's and a student's,
        # their school's.
        school = owner if isinstance(owner, School) else getattr(owner, "school", None)
        return TimetableBuilder(
            self.year,
            selection,
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
        return self.builder(kind, owner, may_name=may_name, today=today).week(monday)

    def day(
        self,
        kind: str,
        owner: Owner,
        date: dt.date,
        *,
        may_name: NamePolicy | None = None,
        today: dt.date | None = None,
    ) -> DayView:
        return self.builder(kind, owner, may_name=may_name, today=today).day(date)

    def overview(self, monday: dt.date, today: dt.date | None = None) -> Overview:
        """Every therapist's week of `monday`, by name."""
        therapists = self.session.scalars(select(Therapist).order_by(Therapist.name))
        return build_overview(
            self.year,
            therapists,
            select_all(self.session, self.version),
            monday,
            lunch=self.lunch,
            today=today,
        )
