"""The rules a dated session keeps, against one schedule version rather than the one
in force: `makeups.rules.MakeupRules` (the one place the rules of a session on a date
are written) with the version's weekly sessions on its dates as the taken time.

The version being stored is a draft: its dated sessions must fit around its own
weekly sessions, not those of the schedule in force. Accepted makeups stay taken
time. Dated sessions do not join groups, so no group is offered to join.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from schoolot.district.settings import get_district
from schoolot.makeups.rules import MakeupRules, Slot
from schoolot.models import ScheduledSession, ScheduleVersion, ServiceLine, Therapist
from schoolot.service_log.planned import planned_sessions
from schoolot.timetable.dated import dated_sessions
from schoolot.timetable.school_year import SchoolYear
from schoolot.values import minutes_of


class VersionRules(MakeupRules):
    """`MakeupRules` of `therapist` from `first` to `last`, the taken time being
    `version`'s weekly sessions and the accepted makeups."""

    def __init__(
        self,
        session: Session,
        therapist: Therapist,
        lines: Sequence[ServiceLine],
        first: dt.date,
        last: dt.date,
        version: ScheduleVersion,
    ) -> None:
        super().__init__(session, therapist, lines, first, last)
        self.groups.clear()
        makeups = [
            (item, booking)
            for day in self.bookings.values()
            for item, booking in day
            if getattr(item, "makeup_id", None) is not None
        ]
        self.bookings.clear()
        for item, booking in makeups:
            self.bookings[item.date].append((item, booking))  # type: ignore[union-attr]
        students = {line.student_id for line in lines}
        self.student_busy.clear()
        for student_id in students:
            for planned in planned_sessions(session, first, last, student_id=student_id):
                if planned.happens and planned.makeup_id is not None:
                    span = (minutes_of(planned.start), minutes_of(planned.end))
                    self.student_busy[student_id, planned.date].append(span)
        self._take_version(session, version, therapist, students, first, last)

    def _take_version(
        self,
        session: Session,
        version: ScheduleVersion,
        therapist: Therapist,
        students: set[int],
        first: dt.date,
        last: dt.date,
    ) -> None:
        district = get_district(session)
        assert district is not None
        year = SchoolYear.of(session, district)
        rows = session.scalars(
            select(ScheduledSession)
            .where(ScheduledSession.schedule_id == version.id)
            .options(selectinload(ScheduledSession.services).selectinload(ServiceLine.student))
        )
        for dated in dated_sessions(year, list(rows), first, last):
            row = dated.session
            if row.therapist_id == therapist.id:
                self._book(dated.date, dated, row.start, row.end, row.school_id)  # type: ignore[arg-type]
            for line in row.services:
                if line.student_id in students:
                    span = (minutes_of(row.start), minutes_of(row.end))
                    self.student_busy[line.student_id, dated.date].append(span)

    def take(self, line: ServiceLine, slot: Slot) -> None:
        """`slot` is now one of the line's dated sessions: its student is busy then."""
        self.student_busy[line.student_id, slot.date].append((slot.start, slot.end))
        # The therapist's time is passed to `check` as `also` (the chosen slots).
