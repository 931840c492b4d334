"""A draft small enough to check by eye: one school whose students are free only
9:00-10:00 (busy 8:00-9:00 and 10:00-15:00), one therapist (8:00-16:00, Mon-Fri),
and in draft #draft:

- Ana (gr 2, a group line of 2 x 30 min a week): Mon 9:00 and Wed 9:00;
- Ben (gr 2, a group line of 1 x 30 min): Tue 9:00.

Ana's Monday session may then start at 9:00-9:30 on the 5-minute grid (7 starts) on
any day but Wed (her other session) and, on Tue, only at 9:30 (Ben until 9:30): 6
more on Mon, 1 on Tue, 7 on Thu and 7 on Fri, 21 places. It may join Ben's group.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from schoolot.models import ScheduleAssignment
from tests.factories import (
    make_block,
    make_district,
    make_scheduled_session,
    make_school,
    make_service,
    make_student,
    make_teacher,
    make_therapist,
    make_user,
    make_version,
)

IEP_END = dt.date(2027, 6, 30)


class AdjustDistrict:
    def __init__(self, session: Session) -> None:
        make_district(session)
        self.oak = make_school(session, "OAK", name="Oak Elementary")
        make_block(session, self.oak, start=dt.time(8, 0), end=dt.time(9, 0), label="Morning")
        make_block(session, self.oak, start=dt.time(10, 0), end=dt.time(15, 0), label="Rest")
        self.teacher = make_teacher(session, self.oak, "t.oak@district.example", grade="2")
        self.ot1 = make_therapist(session, [self.oak], "ot1@district.example", name="Olive Tan")
        self.ot2 = make_therapist(session, [self.oak], "ot2@district.example", name="Otto Two")
        self.ana = make_student(
            session,
            self.teacher,
            self.ot1,
            "S1",
            first_name="Ana",
            last_name="Lopez",
            iep_end=IEP_END,
        )
        self.ben = make_student(
            session,
            self.teacher,
            self.ot1,
            "S2",
            first_name="Ben",
            last_name="Kim",
            iep_end=IEP_END,
        )
        self.ana_line = make_service(session, self.ana, "SV1", grouping="group")
        self.ben_line = make_service(session, self.ben, "SV2", grouping="group", minutes=30)
        self.draft = make_version(session, "draft")
        for student in (self.ana, self.ben):
            self.draft.assignments.append(
                ScheduleAssignment(student_id=student.id, therapist_id=self.ot1.id)
            )
        self.ana_mon = make_scheduled_session(session, self.draft, self.ot1, [self.ana_line])
        self.ana_wed = make_scheduled_session(
            session, self.draft, self.ot1, [self.ana_line], weekday="Wed"
        )
        self.ben_tue = make_scheduled_session(
            session, self.draft, self.ot1, [self.ben_line], weekday="Tue"
        )
        self.coordinator = make_user(session, "coordinator")
        self.own_therapist = make_user(session, "therapist", therapist=self.ot1)
        self.other_therapist = make_user(session, "therapist", therapist=self.ot2)
        self.teacher_user = make_user(session, "teacher", teacher=self.teacher)
        session.flush()
