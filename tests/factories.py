"""Small hand-built districts for tests: factories return the objects they make."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy.orm import Session

from schoolot.accounts.service import create_user
from schoolot.models import (
    Block,
    CalendarDay,
    District,
    Equipment,
    Goal,
    ScheduledSession,
    ScheduleVersion,
    School,
    ServiceLine,
    Student,
    Teacher,
    Therapist,
    TherapistHours,
    TravelTime,
    User,
)

_counter = itertools.count(1)
PASSWORD = "password1"


def make_district(session: Session, **overrides) -> District:
    values = dict(
        name="Riverbend USD",
        timezone="America/Chicago",
        year_start=dt.date(2026, 8, 19),
        year_end=dt.date(2027, 5, 27),
    )
    values.update(overrides)
    district = District(**values)
    session.add(district)
    session.flush()
    return district


def make_school(session: Session, code: str | None = None, **overrides) -> School:
    n = next(_counter)
    values = dict(
        code=code or f"SCH{n}",
        name=f"School {n}",
        day_start=dt.time(8, 0),
        day_end=dt.time(15, 0),
    )
    values.update(overrides)
    school = School(**values)
    session.add(school)
    session.flush()
    return school


def make_teacher(session: Session, school: School, code: str | None = None, **kw) -> Teacher:
    n = next(_counter)
    values = dict(code=code or f"teacher{n}@district.example", name=f"Teacher {n}", grade="2")
    values.update(kw)
    teacher = Teacher(school=school, **values)
    session.add(teacher)
    session.flush()
    return teacher


def make_therapist(
    session: Session, schools: list[School], code: str | None = None, **kw
) -> Therapist:
    n = next(_counter)
    values = dict(code=code or f"ot{n}@district.example", name=f"Therapist {n}")
    values.update(kw)
    therapist = Therapist(schools=list(schools), **values)
    therapist.hours.append(
        TherapistHours(weekdays="Mon Tue Wed Thu Fri", start=dt.time(8, 0), end=dt.time(16, 0))
    )
    session.add(therapist)
    session.flush()
    return therapist


def make_student(
    session: Session,
    teacher: Teacher,
    therapist: Therapist | None = None,
    code: str | None = None,
    **kw,
) -> Student:
    n = next(_counter)
    values = dict(
        code=code or f"S{n}",
        first_name=f"First{n}",
        last_name=f"Last{n}",
        grade=teacher.grade or "2",
        iep_start=dt.date(2026, 3, 1),
        iep_end=dt.date(2027, 2, 28),
    )
    values.update(kw)
    student = Student(school=teacher.school, teacher=teacher, therapist=therapist, **values)
    session.add(student)
    session.flush()
    return student


def make_service(session: Session, student: Student, code: str | None = None, **kw) -> ServiceLine:
    values = dict(code=code or f"SV{next(_counter)}", minutes=60, session_minutes=30)
    values.update(kw)
    line = ServiceLine(student=student, **values)
    session.add(line)
    session.flush()
    return line


def make_user(session: Session, role: str = "coordinator", **links) -> User:
    email = f"{role}{next(_counter)}@district.example"
    therapist = links.get("therapist")
    teacher = links.get("teacher")
    return create_user(
        session,
        email,
        role,
        PASSWORD,
        therapist_code=therapist.code if therapist else None,
        teacher_code=teacher.code if teacher else None,
    )


class SmallDistrict:
    """Two schools, two teachers, two therapists, three students, one of each role's account."""

    def __init__(self, session: Session):
        self.district = make_district(session)
        self.oak = make_school(session, "OAK", name="Oak Elementary")
        self.lin = make_school(session, "LIN", name="Lincoln Elementary")
        self.teacher_oak = make_teacher(session, self.oak, "t.oak@district.example", grade="2")
        self.teacher_lin = make_teacher(session, self.lin, "t.lin@district.example", grade="3")
        self.ot1 = make_therapist(session, [self.oak, self.lin], "ot1@district.example")
        self.ot2 = make_therapist(session, [self.lin], "ot2@district.example")
        self.ana = make_student(
            session, self.teacher_oak, self.ot1, "S1", first_name="Ana", last_name="Lopez"
        )
        self.ben = make_student(
            session, self.teacher_lin, self.ot2, "S2", first_name="Ben", last_name="Kim"
        )
        self.cy = make_student(
            session, self.teacher_lin, None, "S3", first_name="Cy", last_name="Ode"
        )
        make_service(session, self.ana, "SV1")
        make_service(session, self.ben, "SV2", delivery="push_in")
        self.coordinator = make_user(session, "coordinator")
        self.therapist_user = make_user(session, "therapist", therapist=self.ot1)
        self.teacher_user = make_user(session, "teacher", teacher=self.teacher_lin)
        session.flush()


def make_goal(session: Session, student: Student, code: str | None = None, **kw) -> Goal:
    values = dict(
        code=code or f"G{next(_counter)}",
        area="fine motor",
        description="Will copy a sentence legibly",
        baseline="40%",
        target="80%",
    )
    values.update(kw)
    goal = Goal(student=student, **values)
    session.add(goal)
    session.flush()
    return goal


def make_equipment(
    session: Session, student: Student, item: str = "slant board", **kw
) -> Equipment:
    equipment = Equipment(student=student, item=item, **kw)
    session.add(equipment)
    session.flush()
    return equipment


def make_block(session: Session, school: School, **kw) -> Block:
    """A school-wide busy block, 11:30-12:00 every school day, unless told otherwise."""
    values = dict(
        scope="school",
        weekdays="*",
        start=dt.time(11, 30),
        end=dt.time(12, 0),
        kind="busy",
        label="Lunch",
    )
    values.update(kw)
    block = Block(school=school, **values)
    session.add(block)
    session.flush()
    return block


def make_calendar_day(session: Session, school: School | None = None, **kw) -> CalendarDay:
    """A closed day (for every school when `school` is None)."""
    values = dict(date=dt.date(2026, 11, 26), kind="closed", note="Thanksgiving")
    values.update(kw)
    day = CalendarDay(school=school, **values)
    session.add(day)
    session.flush()
    return day


def make_travel(
    session: Session, from_school: School, to_school: School, minutes: int = 15
) -> TravelTime:
    travel = TravelTime(from_school=from_school, to_school=to_school, minutes=minutes)
    session.add(travel)
    session.flush()
    return travel


def make_version(session: Session, state: str = "draft", **kw) -> ScheduleVersion:
    """A stored schedule version with made-up solver numbers and no sessions yet."""
    values = dict(
        state=state,
        solver_status="OPTIMAL",
        objective=120.0,
        bound=120.0,
        seconds=1.5,
        seed=0,
        time_limit=10.0,
        lines_met=2,
        lines_owed=2,
        travel_minutes=0,
    )
    if state == "published":
        values["published_at"] = dt.datetime(2026, 9, 1, 12, 0)
    values.update(kw)
    version = ScheduleVersion(**values)
    session.add(version)
    session.flush()
    return version


def make_scheduled_session(
    session: Session,
    version: ScheduleVersion,
    therapist: Therapist,
    services: list[ServiceLine],
    weekday: str = "Mon",
    start: dt.time = dt.time(9, 0),
    end: dt.time = dt.time(9, 30),
    **kw,
) -> ScheduledSession:
    """A session of `version` at the first student's school (unless `school` is given)."""
    values = dict(
        uid=f"uid{next(_counter)}",
        school=services[0].student.school,
        weekday=weekday,
        start=start,
        end=end,
        delivery=services[0].delivery,
    )
    values.update(kw)
    row = ScheduledSession(schedule=version, therapist=therapist, services=list(services), **values)
    session.add(row)
    session.flush()
    return row
