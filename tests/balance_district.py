"""A lopsided district for the balance tests, small enough to check by eye.

Oak Elementary and Elm Elementary, 20 minutes apart. Therapist One serves Oak with
eight students of 2 x 30 minutes a week (480 minutes); Therapist Two serves Elm with
one. Both work 08:00-16:00 every weekday. Balancing moves three or four of Oak's
students to Therapist Two, who starts serving Oak."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from tests.factories import (
    make_district,
    make_school,
    make_service,
    make_student,
    make_teacher,
    make_therapist,
    make_travel,
    make_user,
)


@dataclass(frozen=True)
class Lopsided:
    oak_id: int
    elm_id: int
    one_id: int
    two_id: int
    oak_student_ids: tuple[int, ...]
    coordinator_email: str
    therapist_email: str


def lopsided(session: Session, keep: bool = False) -> Lopsided:
    make_district(session)
    oak = make_school(session, "OAK", name="Oak Elementary")
    elm = make_school(session, "ELM", name="Elm Elementary")
    make_travel(session, oak, elm, 20)
    make_travel(session, elm, oak, 20)
    one = make_therapist(session, [oak], "one@district.example", name="Therapist One")
    two = make_therapist(session, [elm], "two@district.example", name="Therapist Two")
    t_oak = make_teacher(session, oak, grade="3")
    t_elm = make_teacher(session, elm, grade="3")
    students = []
    for i in range(8):
        student = make_student(session, t_oak, one, first_name=f"Oak{i}", keep_therapist=keep)
        make_service(session, student)
        students.append(student.id)
    make_service(session, make_student(session, t_elm, two, first_name="Elm0"))
    coordinator = make_user(session, "coordinator")
    therapist = make_user(session, "therapist", therapist=one)
    session.flush()
    return Lopsided(
        oak.id, elm.id, one.id, two.id, tuple(students), coordinator.email, therapist.email
    )
