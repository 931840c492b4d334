"""A small district whose caseload figures are worked out by hand (docs/caseload.md).

Therapist A (1.0 FTE, Oak and Lincoln, has a login) and B (0.5 FTE, Lincoln, no login).
Students, with their lines in effect today:
  s1 Oak, pinned A:            L1 pull-out individual 2 x 30           (60)
  s2 Oak, unpinned, schedule A: L2 pull-out group     2 x 30           (60)
  s3 Oak, pinned A:            L3 pull-out group     2 x 30           (60)
                               L4 consult 120 a month = 30 a week     (30)
  s4 Lincoln, pinned B:        L5 push-in individual 1 x 45           (45)
  s5 Lincoln, pinned B, IEP ended 10 days ago: L6, not in effect
  s6 Lincoln, nobody:          L7 pull-out 2 x 30                     (60)
  s7 Lincoln, pinned A, its only line ended yesterday: not in effect
The schedule in force (published): A's group of L2+L3 Mon and Tue 9:00-9:30, L1 Mon
10:00-10:30 and Tue 13:00-13:30, a drive Tue 11:00-11:20; B has no session (L5 not placed).

By hand, A: 3 students, 4 lines, individual 60, group 120, consult 30, in sessions
30+30+30+30 = 120 (the group once a day), drive 20, documentation 3 x 10 = 30, workload
120+30+20+30 = 200, per FTE 200, capacity 1800, under (below 60% = 1080). Idle: Mon
9:30-10:00 = 30; Tue 9:30-11:00 and 11:20-13:00 = 190 less a 30-minute lunch = 160; 190.
B: 1 student, 1 line, individual 45, in sessions 45 (IEP minutes, not placed), drive 0,
documentation 10, workload 55, per FTE 110, capacity 900, under; idle 0.
Unassigned: s6. Students with a line in effect: s1, s2, s3, s4, s6.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from schoolot.district.settings import district_today
from schoolot.models import ScheduleAssignment, ScheduledTravel
from tests.factories import (
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


class HandDistrict:
    def __init__(self, session: Session) -> None:
        probe = make_district(session)
        self.today = district_today(probe)
        days = dt.timedelta
        probe.year_start = self.today - days(120)
        probe.year_end = self.today + days(150)
        self.district = probe
        iep = dict(iep_start=self.today - days(100), iep_end=self.today + days(100))
        self.oak = make_school(session, "OAK", name="Oak Elementary")
        self.lin = make_school(session, "LIN", name="Lincoln Elementary")
        t_oak = make_teacher(session, self.oak, "t.oak@district.example")
        t_lin = make_teacher(session, self.lin, "t.lin@district.example")
        self.a = make_therapist(session, [self.oak, self.lin], "A-code", name="Alice Able")
        self.b = make_therapist(session, [self.lin], "B-code", name="Bea Best", fte=0.5)
        s = dict(session=session)
        self.s1 = make_student(
            teacher=t_oak, therapist=self.a, code="S1", last_name="One", **s, **iep
        )
        self.s2 = make_student(
            teacher=t_oak, therapist=None, code="S2", last_name="Two", **s, **iep
        )
        self.s3 = make_student(
            teacher=t_oak, therapist=self.a, code="S3", last_name="Three", **s, **iep
        )
        self.s4 = make_student(
            teacher=t_lin, therapist=self.b, code="S4", last_name="Four", **s, **iep
        )
        ended = dict(iep_start=self.today - days(300), iep_end=self.today - days(10))
        self.s5 = make_student(
            teacher=t_lin, therapist=self.b, code="S5", last_name="Five", **s, **ended
        )
        self.s6 = make_student(
            teacher=t_lin, therapist=None, code="S6", last_name="Six", **s, **iep
        )
        self.s7 = make_student(
            teacher=t_lin, therapist=self.a, code="S7", last_name="Seven", **s, **iep
        )
        self.l1 = make_service(session, self.s1, "L1")
        self.l2 = make_service(session, self.s2, "L2", grouping="group")
        self.l3 = make_service(session, self.s3, "L3", grouping="group")
        self.l4 = make_service(
            session, self.s3, "L4", delivery="consult", minutes=120, per="month", session_minutes=30
        )
        self.l5 = make_service(
            session, self.s4, "L5", delivery="push_in", minutes=45, session_minutes=45
        )
        make_service(session, self.s5, "L6")
        make_service(session, self.s6, "L7")
        make_service(session, self.s7, "L8", end=self.today - days(1))

        self.version = make_version(session, "published")
        self.version.assignments.append(
            ScheduleAssignment(student_id=self.s2.id, therapist_id=self.a.id)
        )
        for weekday in ("Mon", "Tue"):
            make_scheduled_session(session, self.version, self.a, [self.l2, self.l3], weekday)
        make_scheduled_session(
            session, self.version, self.a, [self.l1], "Mon", dt.time(10, 0), dt.time(10, 30)
        )
        make_scheduled_session(
            session, self.version, self.a, [self.l1], "Tue", dt.time(13, 0), dt.time(13, 30)
        )
        session.add(
            ScheduledTravel(
                schedule_id=self.version.id,
                therapist=self.a,
                weekday="Tue",
                from_school_id=self.oak.id,
                to_school_id=self.lin.id,
                start=dt.time(11, 0),
                end=dt.time(11, 20),
            )
        )
        self.coordinator = make_user(session, "coordinator")
        self.a_user = make_user(session, "therapist", therapist=self.a)
        self.teacher_user = make_user(session, "teacher", teacher=t_lin)
        session.flush()
