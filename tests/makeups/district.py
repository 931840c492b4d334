"""A small district for makeup tests, in America/Chicago, the schedule published to
stand from Mon 2 Nov 2026; "today" is Fri 13 Nov 2026, so makeups go from Sat 14 Nov.

Oak Elementary (08:00-15:00): Ms. Taylor's grade 2 with Ana Lopez (SV-ANA, 2 x 30 min a
week, pull-out, group allowed) and Maya Rivera (SV-MAYA, 1 x 30, pull-out). Lincoln
(08:00-15:00): Mrs. Diaz's grade 3 with Ben Kim (SV-BEN, 1 x 45, push-in). A 20-minute
drive between them. Zoe Ward serves both, Mon-Fri 08:00-16:00.

The schedule in force: Mon 09:00-09:30 Ana at Oak; Mon 10:00-10:45 Ben at Lincoln;
Wed 09:00-09:30 Ana at Oak; Thu 13:00-13:30 Maya at Oak. Lunch: 30 minutes inside
11:00-13:30 (the district's default).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from tests.factories import (
    make_district,
    make_scheduled_session,
    make_school,
    make_service,
    make_student,
    make_teacher,
    make_therapist,
    make_travel,
    make_user,
    make_version,
)

TODAY = dt.date(2026, 11, 13)
FIRST = dt.date(2026, 11, 14)
LAST = dt.date(2026, 12, 4)


def t(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


class MakeupDistrict:
    def __init__(self, session: Session) -> None:
        self.district = make_district(session)
        self.oak = make_school(session, "OAK", name="Oak Elementary")
        self.lin = make_school(session, "LIN", name="Lincoln Elementary")
        make_travel(session, self.oak, self.lin, 20)
        self.taylor = make_teacher(
            session, self.oak, "taylor@oak.example", name="Ms. Taylor", grade="2", room="301"
        )
        self.diaz = make_teacher(session, self.lin, "diaz@lin.example", name="Mrs. Diaz", grade="3")
        self.ward = make_therapist(session, [self.oak, self.lin], "zoe@ot.example", name="Zoe Ward")
        year = dict(iep_start=dt.date(2026, 8, 1), iep_end=dt.date(2027, 6, 30))
        self.ana = make_student(
            session, self.taylor, self.ward, "S-ANA", first_name="Ana", last_name="Lopez", **year
        )
        self.maya = make_student(
            session, self.taylor, self.ward, "S-MAYA", first_name="Maya", last_name="Rivera", **year
        )
        self.ben = make_student(
            session, self.diaz, self.ward, "S-BEN", first_name="Ben", last_name="Kim", **year
        )
        self.sv_ana = make_service(
            session, self.ana, "SV-ANA", minutes=60, session_minutes=30, grouping="group"
        )
        self.sv_maya = make_service(session, self.maya, "SV-MAYA", minutes=30, session_minutes=30)
        self.sv_ben = make_service(
            session, self.ben, "SV-BEN", minutes=45, session_minutes=45, delivery="push_in"
        )
        self.version = make_version(
            session, "published", stands_from=dt.date(2026, 11, 2), lines_met=3, lines_owed=3
        )
        v, w = self.version, self.ward
        self.mon_ana = make_scheduled_session(
            session, v, w, [self.sv_ana], "Mon", t("9:00"), t("9:30")
        )
        self.mon_ben = make_scheduled_session(
            session, v, w, [self.sv_ben], "Mon", t("10:00"), t("10:45")
        )
        self.wed_ana = make_scheduled_session(
            session, v, w, [self.sv_ana], "Wed", t("9:00"), t("9:30")
        )
        self.thu_maya = make_scheduled_session(
            session, v, w, [self.sv_maya], "Thu", t("13:00"), t("13:30")
        )
        self.coordinator = make_user(session, "coordinator")
        self.therapist_user = make_user(session, "therapist", therapist=self.ward)
        self.teacher_user = make_user(session, "teacher", teacher=self.taylor)
        session.flush()
