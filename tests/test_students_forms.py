"""The students forms: refused input says what is wrong, next to the field, and saves nothing."""

from __future__ import annotations

import html as html_module
import re

import pytest

from schoolot.extensions import db
from schoolot.models import Equipment, Goal, ServiceLine, Student
from tests.factories import SmallDistrict, make_goal


@pytest.fixture
def small(app, login) -> SmallDistrict:
    district = SmallDistrict(db.session)
    db.session.commit()
    login(district.coordinator)
    return district


def field_error(html: str, field: str) -> str:
    """The message shown under one field ('' when none)."""
    match = re.search(rf'<small id="{field}-error" class="field-error">(.*?)</small>', html)
    return html_module.unescape(match.group(1)) if match else ""


def new_line(client, student: Student, **changes):
    data = dict(
        code="SV50",
        minutes="60",
        per="week",
        session_minutes="30",
        delivery="pull_out",
        grouping="individual",
        max_group="3",
        start="",
        end="",
    )
    data.update(changes)
    return client.post(f"/students/{student.id}/services/new", data=data)


def new_student(client, small: SmallDistrict, **changes):
    data = dict(
        code="S90",
        first_name="Dee",
        last_name="Park",
        grade="2",
        school=str(small.oak.id),
        teacher=str(small.teacher_oak.id),
        therapist=str(small.ot1.id),
        iep_start="2026-09-01",
        iep_end="2027-08-31",
    )
    data.update(changes)
    return client.post("/students/new", data=data)


def service_line_codes() -> set[str]:
    return set(db.session.scalars(db.select(ServiceLine.code)))


# --- service lines ----------------------------------------------------------------------


def test_minutes_not_a_whole_number_of_sessions_is_refused_and_nothing_saved(client, small):
    response = new_line(client, small.ana, minutes="50", session_minutes="30")
    assert response.status_code == 422
    message = "50 minutes is not a whole number of 30-minute sessions"
    assert field_error(response.text, "minutes") == message
    assert "Nothing was saved" in response.text
    assert "SV50" not in service_line_codes()


def test_refused_form_keeps_what_was_typed(client, small):
    response = new_line(client, small.ana, minutes="50", start="2026-04-01")
    assert 'value="50"' in response.text
    assert 'value="2026-04-01"' in response.text


def test_consult_line_cannot_be_grouped(client, small):
    response = new_line(client, small.ana, delivery="consult", grouping="group")
    assert "consult line is time with the teacher" in field_error(response.text, "grouping")


def test_group_line_needs_room_for_two(client, small):
    response = new_line(client, small.ana, grouping="group", max_group="1")
    assert "max_group of at least 2" in field_error(response.text, "max_group")


def test_service_dates_must_be_in_order(client, small):
    response = new_line(client, small.ana, start="2026-06-01", end="2026-05-01")
    assert field_error(response.text, "end") == (
        "the service ends (2026-05-01) before it starts (2026-06-01)"
    )


def test_service_start_after_the_iep_ends_is_refused(client, small):
    response = new_line(client, small.ana, start="2027-06-01")
    assert "before it starts (2027-06-01)" in field_error(response.text, "start")


def test_max_group_below_one_gets_the_rules_message(client, small):
    response = new_line(client, small.ana, max_group="0")
    assert field_error(response.text, "max_group") == "max_group must be at least 1"


def test_a_date_not_in_iso_form_is_refused_with_the_import_message(client, small):
    response = new_line(client, small.ana, start="06/01/2026")
    assert field_error(response.text, "start") == "'06/01/2026' is not a date in YYYY-MM-DD form"


def test_minutes_that_are_not_a_number_are_refused_with_the_import_message(client, small):
    response = new_line(client, small.ana, minutes="sixty")
    assert field_error(response.text, "minutes") == "'sixty' is not a whole number"


def test_session_longer_than_the_school_day_is_refused(client, small):
    response = new_line(client, small.ana, minutes="480", session_minutes="480")
    assert "longer than the school day" in field_error(response.text, "session_minutes")


def test_a_taken_service_line_id_is_refused_with_a_free_one_suggested(client, small):
    response = new_line(client, small.ana, code="SV2")
    assert field_error(response.text, "code") == (
        "service line id SV2 is already taken; the next free one is SV3"
    )


def test_new_service_line_form_suggests_the_next_free_id(client, small):
    page = client.get(f"/students/{small.ana.id}/services/new").text
    assert 'name="code" required type="text" value="SV3"' in page


def test_a_valid_service_line_is_saved(client, small):
    response = new_line(client, small.ana, minutes="120", per="month", session_minutes="30")
    assert response.status_code == 302
    line = db.session.scalar(db.select(ServiceLine).where(ServiceLine.code == "SV50"))
    assert (line.minutes, line.per, line.weekly_sessions) == (120, "month", 1)


def test_editing_a_service_line_keeps_its_id_unique_against_itself(client, small):
    line = small.ana.services[0]
    data = dict(
        code="SV1", minutes="90", per="week", session_minutes="30", delivery="push_in",
        grouping="group", max_group="4", start="", end="",
    )  # fmt: skip
    response = client.post(f"/students/{small.ana.id}/services/{line.id}/edit", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ServiceLine, line.id).minutes == 90


# --- students ---------------------------------------------------------------------------


def test_teacher_from_another_school_is_refused(client, small):
    response = new_student(client, small, teacher=str(small.teacher_lin.id))
    assert field_error(response.text, "teacher") == (
        "teacher t.lin@district.example teaches at LIN, not at OAK"
    )
    assert db.session.scalar(db.select(Student).where(Student.code == "S90")) is None


def test_therapist_who_does_not_serve_the_school_is_refused(client, small):
    response = new_student(client, small, therapist=str(small.ot2.id))
    assert field_error(response.text, "therapist") == (
        "therapist ot2@district.example does not serve OAK (serves LIN)"
    )


def test_student_without_a_therapist_is_accepted(client, small):
    assert new_student(client, small, therapist="").status_code == 302
    added = db.session.scalar(db.select(Student).where(Student.code == "S90"))
    assert added.therapist_id is None


def test_iep_that_ends_before_it_starts_is_refused(client, small):
    response = new_student(client, small, iep_start="2027-01-01", iep_end="2026-12-31")
    assert field_error(response.text, "iep_end") == (
        "the IEP ends (2026-12-31) before it starts (2027-01-01)"
    )


def test_a_taken_student_id_is_refused(client, small):
    response = new_student(client, small, code="S1")
    assert "student id S1 is already taken" in field_error(response.text, "code")


def test_missing_school_and_teacher_are_named(client, small):
    response = new_student(client, small, school="", teacher="")
    assert field_error(response.text, "school") == "choose a school"
    assert field_error(response.text, "teacher") == "choose the homeroom teacher"


def test_new_student_form_suggests_the_next_free_id(client, small):
    page = client.get("/students/new").text
    assert 'name="code" required type="text" value="S4"' in page


def test_edit_form_starts_from_the_students_values(client, small):
    page = client.get(f"/students/{small.ana.id}/edit").text
    assert f'<option selected value="{small.oak.id}">Oak Elementary</option>' in page
    assert 'value="2026-03-01"' in page


# --- goals and equipment ----------------------------------------------------------------


def test_new_goal_form_suggests_an_id_after_the_students_goals(client, small):
    make_goal(db.session, small.ana, "GS1-1")
    db.session.commit()
    page = client.get(f"/students/{small.ana.id}/goals/new").text
    assert 'value="GS1-2"' in page


def test_goal_without_a_description_is_refused(client, small):
    data = dict(code="GS1-1", area="sensory", description="  ")
    response = client.post(f"/students/{small.ana.id}/goals/new", data=data)
    assert response.status_code == 422
    assert field_error(response.text, "description") == "enter a description of the goal"
    assert db.session.scalar(db.select(Goal)) is None


def test_equipment_is_added_and_shown(client, small):
    data = dict(item="slant board", note="for writing tasks")
    assert client.post(f"/students/{small.ana.id}/equipment/new", data=data).status_code == 302
    assert db.session.scalar(db.select(Equipment)).item == "slant board"
    assert "for writing tasks" in client.get(f"/students/{small.ana.id}").text
