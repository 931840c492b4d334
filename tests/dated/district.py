"""A small district for dated lines: the school year Wed 19 Aug 2026 to Thu 27 May
2027 (282 days: quarters of 71, 71, 70 and 70 days), America/Chicago.

Oak Elementary (08:00-15:00), Ms. Taylor's grade 2: Ana Lopez with SV-ANA-W (30 min a
week) and SV-ANA-Q (4 x 30 min a quarter, pull-out); Ben Kim with SV-BEN-Q (2 x 30 min
a quarter) and a busy block of his own over the whole school day, every day. Zoe Ward
serves Oak, Mon-Fri 08:00-16:00. Oak is closed on Mon 14 Sep 2026.

The draft version assigns both students to Zoe; its one weekly session: Thu
08:00-08:30, Ana (SV-ANA-W).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from schoolot.models import ScheduleAssignment
from tests.factories import (
    make_block,
    make_calendar_day,
    make_district,
    make_scheduled_session,
    make_school,
    make_service,
    make_student,
    make_teacher,
    make_therapist,
    make_version,
)

YEAR = dict(iep_start=dt.date(2026, 8, 1), iep_end=dt.date(2027, 6, 30))


class DatedDistrict:
    def __init__(self, session: Session, state: str = "draft", **version) -> None:
        self.district = make_district(session)
        self.oak = make_school(session, "OAK", name="Oak Elementary")
        self.taylor = make_teacher(session, self.oak, "taylor@oak.example", name="Ms. Taylor")
        self.ward = make_therapist(session, [self.oak], "zoe@ot.example", name="Zoe Ward")
        self.ana = make_student(
            session, self.taylor, None, "S-ANA", first_name="Ana", last_name="Lopez", **YEAR
        )
        self.ben = make_student(
            session, self.taylor, None, "S-BEN", first_name="Ben", last_name="Kim", **YEAR
        )
        self.weekly = make_service(session, self.ana, "SV-ANA-W", minutes=30, session_minutes=30)
        self.quarterly = make_service(
            session, self.ana, "SV-ANA-Q", minutes=120, session_minutes=30, per="quarter"
        )
        self.ben_q = make_service(
            session, self.ben, "SV-BEN-Q", minutes=60, session_minutes=30, per="quarter"
        )
        make_block(
            session,
            self.oak,
            scope="student",
            student=self.ben,
            start=dt.time(8, 0),
            end=dt.time(15, 0),
            label="All day",
        )
        make_calendar_day(session, self.oak, date=dt.date(2026, 9, 14), note="Staff day")
        self.version = make_version(session, state, lines_met=1, lines_owed=1, **version)
        for student in (self.ana, self.ben):
            self.version.assignments.append(
                ScheduleAssignment(student=student, therapist=self.ward)
            )
        make_scheduled_session(
            session, self.version, self.ward, [self.weekly], "Thu", dt.time(8, 0), dt.time(8, 30)
        )
        session.flush()
