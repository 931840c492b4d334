"""Every edit form records its changes exactly once, each field before and after, with
the logged-in user as the actor and one batch per request."""

from __future__ import annotations

import pytest

from schoolot.extensions import db
from schoolot.models import Change, Student
from tests.audit.helpers import changes_after, last_change_id, what
from tests.factories import SmallDistrict, make_equipment, make_goal


@pytest.fixture
def small(app, login) -> SmallDistrict:
    district = SmallDistrict(db.session)
    db.session.commit()
    login(district.coordinator)
    return district


def _by_coordinator(changes: list[Change], small: SmallDistrict) -> None:
    assert changes, "nothing was recorded"
    assert {(c.actor_id, c.actor) for c in changes} == {
        (small.coordinator.id, small.coordinator.email)
    }
    assert len({c.batch for c in changes}) == 1


def _student_form(small: SmallDistrict, student: Student, **changes) -> dict:
    data = dict(
        code=student.code,
        first_name=student.first_name,
        last_name=student.last_name,
        grade=student.grade,
        school=str(student.school_id),
        teacher=str(student.teacher_id),
        therapist=str(student.therapist_id or ""),
        iep_start=student.iep_start.isoformat(),
        iep_end=student.iep_end.isoformat(),
    )
    data.update(changes)
    return data


def test_editing_a_student_records_the_pin_and_iep_dates(client, small):
    start = last_change_id()
    data = _student_form(small, small.ana, therapist="", iep_end="2027-06-30")
    assert client.post(f"/students/{small.ana.id}/edit", data=data).status_code == 302
    changes = changes_after(start)
    _by_coordinator(changes, small)
    assert sorted(what(changes)) == [
        ("update", "student", "S1", "iep_end", "2027-02-28", "2027-06-30"),
        ("update", "student", "S1", "therapist", small.ot1.name, None),
    ]
    assert {c.student_id for c in changes} == {small.ana.id}


def test_a_refused_form_records_nothing(client, small):
    start = last_change_id()
    data = _student_form(small, small.ana, iep_end="2020-01-01")
    assert client.post(f"/students/{small.ana.id}/edit", data=data).status_code == 422
    assert changes_after(start) == []


def test_a_new_service_line_and_its_edit_are_recorded_once_each(client, small):
    start = last_change_id()
    data = dict(
        code="SV50", minutes="60", per="week", session_minutes="30", delivery="pull_out",
        grouping="individual", max_group="3", start="", end="",
    )  # fmt: skip
    assert client.post(f"/students/{small.ana.id}/services/new", data=data).status_code == 302
    created = changes_after(start)
    _by_coordinator(created, small)
    assert [(c.action, c.record_label, c.student_id) for c in created] == [
        ("create", "SV50", small.ana.id)
    ]
    assert "minutes=60" in created[0].after and "student=S1" in created[0].after

    line_id = created[0].record_id
    start = last_change_id()
    data.update(minutes="30")
    edit = f"/students/{small.ana.id}/services/{line_id}/edit"
    assert client.post(edit, data=data).status_code == 302
    changes = changes_after(start)
    _by_coordinator(changes, small)
    assert what(changes) == [("update", "service_line", "SV50", "minutes", "60", "30")]
    assert changes[0].record_id == line_id


def test_deleting_a_service_line_records_what_it_was(client, small):
    line = small.ana.services[0]
    start = last_change_id()
    delete = f"/students/{small.ana.id}/services/{line.id}/delete"
    assert client.post(delete).status_code == 302
    (change,) = changes_after(start)
    assert (change.action, change.record_label, change.record_id) == ("delete", "SV1", line.id)
    assert "minutes=60; per=week; session_minutes=30" in change.before
    _by_coordinator([change], small)


def test_goals_and_equipment_are_recorded(client, small):
    goal = make_goal(db.session, small.ana, "G1")
    item = make_equipment(db.session, small.ana, "pencil grip")
    db.session.commit()
    start = last_change_id()
    goal_form = dict(
        code="G1", area="fine motor", description="Will copy a sentence legibly",
        baseline="40%", target="90%",
    )  # fmt: skip
    assert (
        client.post(f"/students/{small.ana.id}/goals/{goal.id}/edit", data=goal_form).status_code
        == 302
    )
    item_form = dict(item="pencil grip", note="left hand")
    edit_item = f"/students/{small.ana.id}/equipment/{item.id}/edit"
    assert client.post(edit_item, data=item_form).status_code == 302
    changes = changes_after(start)
    assert what(changes) == [
        ("update", "goal", "G1", "target", "80%", "90%"),
        ("update", "equipment", "pencil grip", "note", None, "left hand"),
    ]
    assert {c.student_id for c in changes} == {small.ana.id}
    assert len({c.batch for c in changes}) == 2  # one a request


def test_therapist_fte_and_schools_are_recorded(client, small):
    start = last_change_id()
    edit = f"/staff/therapists/{small.ot2.id}/edit"
    data = {"code": small.ot2.code, "name": small.ot2.name, "role": "OT", "fte": "0.5"}
    assert client.post(edit, data=data).status_code == 302
    schools = f"/staff/therapists/{small.ot1.id}/schools"
    assert client.post(schools, data={"schools": ["OAK"]}).status_code == 302
    changes = changes_after(start)
    assert what(changes) == [
        ("update", "therapist", small.ot2.name, "fte", "1", "0.5"),
        (
            "update",
            "therapist",
            small.ot1.name,
            "schools",
            "Lincoln Elementary, Oak Elementary",
            "Oak Elementary",
        ),
    ]
    _by_coordinator(changes[:1], small)


def test_therapist_hours_are_recorded(client, small):
    hours = small.ot2.hours[0]
    start = last_change_id()
    data = {"weekdays": "Mon Tue Wed Thu Fri", "start": "08:30", "end": "16:00", "school": ""}
    assert client.post(f"/staff/hours/{hours.id}/edit", data=data).status_code == 302
    assert client.post(f"/staff/hours/{hours.id}/delete").status_code == 302
    changes = changes_after(start)
    assert [(c.action, c.field, c.before, c.after) for c in changes] == [
        ("update", "start", "08:00", "08:30"),
        ("delete", None, changes[1].before, None),
    ]
    assert changes[0].record_label == f"{small.ot2.name}: Mon Tue Wed Thu Fri 08:30-16:00"
    assert changes[1].record_label == f"{small.ot2.name}: Mon Tue Wed Thu Fri 08:30-16:00"
    assert "start=08:30" in changes[1].before


def test_blocks_are_recorded(client, small):
    start = last_change_id()
    data = {
        "scope": "grade", "target": "2", "weekdays": "*", "start": "11:45", "end": "12:15",
        "kind": "busy", "label": "Lunch",
    }  # fmt: skip
    assert client.post(f"/schools/{small.oak.id}/blocks/new", data=data).status_code == 302
    (created,) = changes_after(start)
    assert (created.action, created.record_kind) == ("create", "block")
    assert created.record_label == "Lunch, * 11:45-12:15, Oak Elementary"
    assert "target_grade=2" in created.after
    start = last_change_id()
    data.update(end="12:30")
    assert client.post(f"/schools/blocks/{created.record_id}/edit", data=data).status_code == 302
    assert what(changes_after(start)) == [
        ("update", "block", "Lunch, * 11:45-12:30, Oak Elementary", "end", "12:15", "12:30")
    ]


def test_accounts_are_recorded_without_password_hashes(client, small):
    start = last_change_id()
    data = {
        "email": "new.coordinator@district.example", "role": "coordinator", "therapist": "",
        "teacher": "", "password": "a-long-password-1",
    }  # fmt: skip
    assert client.post("/staff/users", data=data).status_code == 302
    (created,) = changes_after(start)
    assert (created.action, created.record_kind, created.record_label) == (
        "create",
        "account",
        "new.coordinator@district.example",
    )
    assert "password" not in created.after and "pbkdf2" not in created.after
    assert "role=coordinator" in created.after
    start = last_change_id()
    assert client.post(f"/staff/users/{created.record_id}/deactivate").status_code == 302
    assert what(changes_after(start)) == [
        ("update", "account", "new.coordinator@district.example", "active", "yes", "no")
    ]


def test_a_password_change_records_that_it_changed_and_nothing_of_it(app, client, small, login):
    login(small.therapist_user)
    start = last_change_id()
    response = client.post(
        "/account/password",
        data={
            "current_password": "password1",
            "new_password": "another-pass-9",
            "confirm": "another-pass-9",
        },
    )
    assert response.status_code == 302
    changes = changes_after(start)
    assert what(changes) == [
        ("update", "account", small.therapist_user.email, "password", None, "password changed")
    ]
    assert changes[0].actor == small.ot1.name  # the therapist's own name
    assert changes[0].actor_id == small.therapist_user.id
