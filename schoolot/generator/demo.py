"""The demo district: generated, imported, with an account for every role.

A service: it flushes, and the `flask seed-demo` command commits.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from schoolot.accounts.service import create_user
from schoolot.bundle.importer import import_bundle
from schoolot.bundle.report import ImportReport
from schoolot.caseload.snapshot import load_snapshot
from schoolot.caseload.students import caseload_sizes
from schoolot.errors import SchoolotError
from schoolot.extensions import Base
from schoolot.generator.district import COORDINATOR_EMAIL, generate_district
from schoolot.models import District, Student, Teacher, Therapist, User

# A district that fills a screen without drowning it: five elementary, two middle
# and one high school, four therapists with caseloads of 30-45 students.
DEMO_SIZES = {"schools": 8, "therapists": 4, "students": 150}
DEMO_SEED = 2026
DEMO_PASSWORD = "demo-password"
DEMO_COORDINATOR_EMAIL = COORDINATOR_EMAIL


class DistrictAlreadyLoaded(SchoolotError):
    """The database already holds a district; the demo would mix with it."""


@dataclass(frozen=True)
class DemoLogin:
    """One demo account and what its owner sees."""

    role: str
    email: str
    sees: str


@dataclass
class Demo:
    district: str
    report: ImportReport | None
    logins: list[DemoLogin]


def demo_loaded(session: Session) -> bool:
    """Whether the demo's coordinator account exists (the demo was seeded)."""
    return session.scalar(select(User.id).where(User.email == DEMO_COORDINATOR_EMAIL)) is not None


def empty_database(session: Session) -> None:
    """Delete every row of every table (district data and accounts), children first."""
    for table in reversed(Base.metadata.sorted_tables):
        session.execute(table.delete())
    session.flush()


def load_demo(session: Session, reset: bool = False) -> Demo:
    """Generate the demo district, import it and create the demo accounts.

    Raises DistrictAlreadyLoaded when a district is already there, unless `reset`,
    which first empties the database.
    """
    if reset:
        empty_database(session)
    else:
        existing = session.scalar(select(District))
        if existing is not None:
            raise DistrictAlreadyLoaded(
                f"the database already holds {existing.name}; "
                "seed-demo --reset replaces it (and every account) with the demo"
            )
    with tempfile.TemporaryDirectory(prefix="schoolot-demo-") as folder:
        generate_district(
            folder,
            DEMO_SIZES["schools"],
            DEMO_SIZES["therapists"],
            DEMO_SIZES["students"],
            seed=DEMO_SEED,
        )
        report = import_bundle(session, folder)
    create_user(session, DEMO_COORDINATOR_EMAIL, "coordinator", DEMO_PASSWORD)
    therapists = session.scalars(select(Therapist).order_by(Therapist.code)).all()
    for therapist in therapists:
        create_user(session, therapist.code, "therapist", DEMO_PASSWORD, therapist.code)
    teacher = _teacher_with_most_students(session)
    if teacher is not None:
        create_user(session, teacher.code, "teacher", DEMO_PASSWORD, teacher_code=teacher.code)
    session.flush()
    return Demo(_district_name(session), report, demo_logins(session))


def demo_logins(session: Session) -> list[DemoLogin]:
    """The demo accounts (every account, in a demo database), with what each sees."""
    users = session.scalars(
        select(User).options(
            selectinload(User.therapist).selectinload(Therapist.schools),
            selectinload(User.teacher).selectinload(Teacher.school),
        )
    ).all()
    total = session.scalar(select(func.count()).select_from(Student)) or 0
    by_therapist = caseload_sizes(load_snapshot(session))  # their caseloads, as counted
    by_teacher = dict(
        session.execute(select(Student.teacher_id, func.count()).group_by(Student.teacher_id)).all()
    )
    logins = []
    role_order = ("coordinator", "therapist", "teacher")
    for user in sorted(users, key=lambda u: (role_order.index(u.role), u.email)):
        if user.role == "coordinator":
            sees = f"the whole district ({total} students)"
        elif user.role == "therapist" and user.therapist is not None:
            schools = " ".join(s.code for s in user.therapist.schools)
            sees = f"{by_therapist[user.therapist.id]} students on their caseload at {schools}"
        elif user.teacher is not None:
            teacher = user.teacher
            sees = (
                f"{by_teacher.get(teacher.id, 0)} students, grade {teacher.grade}, "
                f"room {teacher.room} at {teacher.school.name}"
            )
        else:
            sees = ""
        logins.append(DemoLogin(user.role, user.email, sees))
    return logins


def _teacher_with_most_students(session: Session) -> Teacher | None:
    """The teacher with the most OT students in class (the first by id on a tie)."""
    teacher_id = session.scalar(
        select(Student.teacher_id)
        .join(Teacher, Student.teacher_id == Teacher.id)
        .group_by(Student.teacher_id, Teacher.code)
        .order_by(func.count().desc(), Teacher.code)
        .limit(1)
    )
    return session.get(Teacher, teacher_id) if teacher_id is not None else None


def _district_name(session: Session) -> str:
    district = session.scalar(select(District))
    return district.name if district is not None else ""
