"""A small district with a published weekly schedule, for the import, the publish
--from and the Medicaid export tests: figures checked by eye.

One school (SCH-A), one therapist (Ann Otter), two students at it: Mia Lopez (line
SV-MIA, 60 min/week) and Noah Kim (line SV-NOAH, 30 min/week). The schedule: Mondays
09:00-09:30 Mia and Noah together (a group of two), Wednesdays 10:00-10:30 Mia alone.
The school year runs from Wed 19 Aug 2026 to Thu 27 May 2027.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from schoolot.models import (
    ScheduledSession,
    ScheduleVersion,
    School,
    ServiceLine,
    Student,
    Therapist,
)
from tests.factories import (
    make_district,
    make_scheduled_session,
    make_school,
    make_service,
    make_student,
    make_teacher,
    make_therapist,
    make_version,
)

T = dt.time


@dataclass
class SmallDistrict:
    school: School
    therapist: Therapist
    mia: Student
    noah: Student
    mia_line: ServiceLine
    noah_line: ServiceLine
    version: ScheduleVersion
    monday: ScheduledSession
    wednesday: ScheduledSession


def small_district(
    session: Session, state: str = "published", stands_from: dt.date | None = dt.date(2026, 9, 1)
) -> SmallDistrict:
    """The district above; its schedule `state` (published: standing from `stands_from`)."""
    make_district(session)
    school = make_school(session, "SCH-A", name="Alder Elementary")
    teacher = make_teacher(session, school)
    therapist = make_therapist(session, [school], "ann@district.example", name="Ann Otter")
    mia = make_student(session, teacher, therapist, "MIA1", first_name="Mia", last_name="Lopez")
    noah = make_student(session, teacher, therapist, "NOAH1", first_name="Noah", last_name="Kim")
    mia_line = make_service(session, mia, "SV-MIA", minutes=60, session_minutes=30)
    noah_line = make_service(session, noah, "SV-NOAH", minutes=30, session_minutes=30)
    extra = {"stands_from": stands_from} if state == "published" else {}
    version = make_version(session, state, **extra)
    monday = make_scheduled_session(
        session, version, therapist, [mia_line, noah_line], "Mon", T(9, 0), T(9, 30)
    )
    wednesday = make_scheduled_session(
        session, version, therapist, [mia_line], "Wed", T(10, 0), T(10, 30)
    )
    return SmallDistrict(
        school, therapist, mia, noah, mia_line, noah_line, version, monday, wednesday
    )
