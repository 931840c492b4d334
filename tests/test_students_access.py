"""Who may see and change which student: each role on the students pages."""

from __future__ import annotations

import pytest

from schoolot.extensions import db
from schoolot.models import Goal, ScheduleAssignment, ServiceLine, Student
from tests.factories import (
    SmallDistrict,
    make_equipment,
    make_goal,
    make_service,
    make_user,
    make_version,
)


@pytest.fixture
def small(app) -> SmallDistrict:
    district = SmallDistrict(db.session)
    make_goal(db.session, district.ana, "G1")
    make_goal(db.session, district.ben, "G2")
    make_equipment(db.session, district.ben, "pencil grip")
    db.session.commit()
    return district


def student_form(small: SmallDistrict, student: Student, **changes) -> dict:
    data = dict(
        code=student.code,
        first_name=student.first_name,
        last_name=student.last_name,
        grade=student.grade,
        school=str(student.school_id),
        teacher=str(student.teacher_id),
        therapist=str(student.therapist_id or ""),
        iep_start=str(student.iep_start),
        iep_end=str(student.iep_end),
    )
    data.update(changes)
    return data


def service_form(**changes) -> dict:
    data = dict(
        code="SV50",
        minutes="90",
        per="week",
        session_minutes="30",
        delivery="pull_out",
        grouping="individual",
        max_group="3",
        start="",
        end="",
    )
    data.update(changes)
    return data


# --- pages need a login -----------------------------------------------------------------


def test_student_page_needs_login(client, small):
    response = client.get(f"/students/{small.ana.id}")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


# --- coordinator ------------------------------------------------------------------------


def test_coordinator_sees_any_student_with_edit_buttons(client, login, small):
    login(small.coordinator)
    page = client.get(f"/students/{small.ben.id}").text
    assert "Edit student" in page
    assert "Add service line" in page


def test_coordinator_edits_a_student_record(client, login, small):
    login(small.coordinator)
    response = client.post(
        f"/students/{small.ben.id}/edit", data=student_form(small, small.ben, first_name="Benny")
    )
    assert response.status_code == 302
    assert db.session.get(Student, small.ben.id).first_name == "Benny"


def test_coordinator_adds_a_student(client, login, small):
    login(small.coordinator)
    data = student_form(small, small.ana, code="S77", first_name="Dee", last_name="Park")
    response = client.post("/students/new", data=data)
    assert response.status_code == 302
    added = db.session.scalar(db.select(Student).where(Student.code == "S77"))
    assert added is not None and added.full_name == "Dee Park"


def test_coordinator_deletes_a_student_with_their_service_lines(client, login, small):
    login(small.coordinator)
    response = client.post(f"/students/{small.ana.id}/delete")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Student, small.ana.id) is None
    assert db.session.scalar(db.select(ServiceLine).where(ServiceLine.code == "SV1")) is None


def test_a_part_is_reached_only_through_its_own_student(client, login, small):
    login(small.coordinator)
    bens_line = small.ben.services[0]
    response = client.get(f"/students/{small.ana.id}/services/{bens_line.id}/edit")
    assert response.status_code == 404


# --- therapist --------------------------------------------------------------------------


def test_therapist_adds_a_service_line_to_their_own_student(client, login, small):
    login(small.therapist_user)
    response = client.post(f"/students/{small.ana.id}/services/new", data=service_form())
    assert response.status_code == 302
    line = db.session.scalar(db.select(ServiceLine).where(ServiceLine.code == "SV50"))
    assert line is not None and line.student_id == small.ana.id


def test_therapist_edits_a_goal_of_their_own_student(client, login, small):
    login(small.therapist_user)
    goal = small.ana.goals[0]
    data = dict(code="G1", area="handwriting", description="Letters on the line", target="90%")
    response = client.post(f"/students/{small.ana.id}/goals/{goal.id}/edit", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Goal, goal.id).area == "handwriting"


def test_therapist_gets_403_on_their_own_students_record(client, login, small):
    login(small.therapist_user)
    assert client.get(f"/students/{small.ana.id}/edit").status_code == 403
    assert client.post(f"/students/{small.ana.id}/delete").status_code == 403


def test_therapist_gets_403_adding_a_student(client, login, small):
    login(small.therapist_user)
    assert client.get("/students/new").status_code == 403


def test_therapist_page_of_own_student_hides_the_record_buttons(client, login, small):
    login(small.therapist_user)
    page = client.get(f"/students/{small.ana.id}").text
    assert "Edit student" not in page
    assert "Add service line" in page


def test_therapist_gets_404_for_another_therapists_student(client, login, small):
    login(small.therapist_user)
    assert client.get(f"/students/{small.ben.id}").status_code == 404


def test_therapist_gets_404_writing_to_another_therapists_student(client, login, small):
    login(small.therapist_user)
    response = client.post(f"/students/{small.ben.id}/services/new", data=service_form())
    assert response.status_code == 404
    assert db.session.scalar(db.select(ServiceLine).where(ServiceLine.code == "SV50")) is None


def test_therapist_gets_404_for_an_unassigned_student(client, login, small):
    login(small.therapist_user)
    assert client.get(f"/students/{small.cy.id}").status_code == 404


# --- teacher ----------------------------------------------------------------------------


def test_teacher_sees_their_own_students_page_read_only(client, login, small):
    login(small.teacher_user)
    response = client.get(f"/students/{small.ben.id}")
    assert response.status_code == 200
    assert "pencil grip" in response.text
    assert "/edit" not in response.text
    assert "/delete" not in response.text
    assert "/new" not in response.text


def test_teacher_gets_404_for_another_class_student(client, login, small):
    login(small.teacher_user)
    assert client.get(f"/students/{small.ana.id}").status_code == 404


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/students/{ben}/edit"),
        ("post", "/students/{ben}/delete"),
        ("get", "/students/{ben}/services/new"),
        ("post", "/students/{ben}/services/{line}/edit"),
        ("post", "/students/{ben}/services/{line}/delete"),
        ("post", "/students/{ben}/goals/new"),
        ("post", "/students/{ben}/goals/{goal}/delete"),
        ("post", "/students/{ben}/equipment/new"),
        ("post", "/students/{ben}/equipment/{item}/delete"),
    ],
)
def test_teacher_gets_403_on_every_write(client, login, small, method, path):
    login(small.teacher_user)
    url = path.format(
        ben=small.ben.id,
        line=small.ben.services[0].id,
        goal=small.ben.goals[0].id,
        item=small.ben.equipment[0].id,
    )
    assert getattr(client, method)(url).status_code == 403


def test_teacher_write_changes_nothing(client, login, small):
    login(small.teacher_user)
    client.post(f"/students/{small.ben.id}/services/{small.ben.services[0].id}/delete")
    db.session.expire_all()
    assert db.session.scalar(db.select(ServiceLine).where(ServiceLine.code == "SV2")) is not None


def test_a_student_without_a_pinned_therapist_is_on_the_caseload_the_schedule_in_force_gives(
    client, login, small
):
    """Cy has no therapist on their record; a draft that assigns Cy to ot1 shows ot1
    nothing, publishing it does, and the next schedule in force decides again."""
    make_service(db.session, small.cy, "SV9")
    draft = make_version(db.session, "draft")
    draft.assignments.append(ScheduleAssignment(student_id=small.cy.id, therapist_id=small.ot1.id))
    db.session.commit()
    login(small.therapist_user)
    assert client.get(f"/students/{small.cy.id}").status_code == 404
    assert "Cy" not in client.get("/students/").text

    draft.state = "published"
    db.session.commit()
    assert client.get(f"/students/{small.cy.id}").status_code == 200
    assert "Ode" in client.get("/students/").text
    # Their therapist may work on their goals, not on their record.
    assert client.get(f"/students/{small.cy.id}/goals/new").status_code == 200

    draft.state = "archived"
    later = make_version(db.session, "published")
    later.assignments.append(ScheduleAssignment(student_id=small.cy.id, therapist_id=small.ot2.id))
    db.session.commit()
    assert client.get(f"/students/{small.cy.id}").status_code == 404
    # A pinned student stays with the pinned therapist whatever a schedule says.
    later.assignments.append(ScheduleAssignment(student_id=small.ana.id, therapist_id=small.ot2.id))
    ot2_user = make_user(db.session, "therapist", therapist=small.ot2)
    db.session.commit()
    assert client.get(f"/students/{small.ana.id}").status_code == 200
    login(ot2_user)
    assert client.get(f"/students/{small.ana.id}").status_code == 404
    assert "Lopez" not in client.get("/students/").text
