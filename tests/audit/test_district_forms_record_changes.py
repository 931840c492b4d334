"""The district's forms (schools, calendar, travel, district settings, teachers, new
students and therapists) record their changes exactly once, with the coordinator as
the actor and one batch a request; what a deletion takes with it is recorded too.
Each form is filled as its page shows it, with one field changed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from schoolot.extensions import db
from schoolot.models import Change, School, Teacher
from tests.audit.helpers import changes_after, last_change_id, what
from tests.audit.page_forms import submit
from tests.factories import SmallDistrict, make_block, make_school, make_travel


@pytest.fixture
def small(app, login) -> SmallDistrict:
    district = SmallDistrict(db.session)
    db.session.commit()
    login(district.coordinator)
    return district


def _once_by_coordinator(changes: list[Change], small: SmallDistrict) -> list[tuple]:
    """what(changes), having checked they are one request's, by the coordinator."""
    assert changes, "nothing was recorded"
    label = small.coordinator.display_name
    assert {(c.actor_id, c.actor) for c in changes} == {(small.coordinator.id, label)}
    assert len({c.batch for c in changes}) == 1
    return what(changes)


def test_a_school_added_edited_and_deleted_is_recorded_once_each(client, small):
    start = last_change_id()
    response = submit(
        client, "/schools/new", code="ELM", name="Elm Elementary", day_start="08:00",
        day_end="15:00", address="",
    )  # fmt: skip
    assert response.status_code == 302, response.text
    (created,) = changes_after(start)
    assert (created.action, created.record_kind, created.record_label) == (
        "create",
        "school",
        "Elm Elementary",
    )
    school_id = created.record_id
    start = last_change_id()
    assert submit(client, f"/schools/{school_id}/edit", name="Elm Street School").status_code == 302
    assert _once_by_coordinator(changes_after(start), small) == [
        ("update", "school", "Elm Street School", "name", "Elm Elementary", "Elm Street School")
    ]
    start = last_change_id()
    assert client.post(f"/schools/{school_id}/delete").status_code == 302
    (deleted,) = changes_after(start)
    assert (deleted.action, deleted.record_id) == ("delete", school_id)
    assert "code=ELM; name=Elm Street School" in deleted.before


def test_deleting_a_school_records_the_schools_its_therapists_are_left_with(client, small):
    """therapist_school rows go with the school (ON DELETE CASCADE): the therapist's
    schools change, and the history says so, once."""
    elm = make_school(db.session, "ELM", name="Elm Elementary")
    small.ot1.schools.append(elm)
    db.session.commit()
    start = last_change_id()
    assert client.post(f"/schools/{elm.id}/delete").status_code == 302
    assert sorted(_once_by_coordinator(changes_after(start), small)) == [
        ("delete", "school", "Elm Elementary", None, changes_after(start)[0].before, None),
        (
            "update",
            "therapist",
            small.ot1.name,
            "schools",
            "Elm Elementary, Lincoln Elementary, Oak Elementary",
            "Lincoln Elementary, Oak Elementary",
        ),
    ]


def test_calendar_days_are_recorded_once_each(client, small):
    start = last_change_id()
    response = submit(client, "/schools/calendar/new", date="2026-12-21", kind="closed", note="")
    assert response.status_code == 302, response.text
    (created,) = changes_after(start)
    assert (created.action, created.record_kind, created.record_label) == (
        "create",
        "calendar_day",
        "2026-12-21 closed, every school",
    )
    start = last_change_id()
    edit = f"/schools/calendar/{created.record_id}/edit"
    assert submit(client, edit, note="Winter break").status_code == 302
    assert _once_by_coordinator(changes_after(start), small) == [
        ("update", "calendar_day", "2026-12-21 closed, every school", "note", None, "Winter break")
    ]
    start = last_change_id()
    assert client.post(f"/schools/calendar/{created.record_id}/delete").status_code == 302
    assert [c.action for c in changes_after(start)] == ["delete"]


def test_travel_times_are_recorded_once_each(client, small):
    route = make_travel(db.session, small.oak, small.lin, minutes=15)
    db.session.commit()
    start = last_change_id()
    url = f"/schools/{small.oak.id}/travel?to=LIN"
    assert submit(client, url, to_school="LIN", minutes="20").status_code == 302
    assert _once_by_coordinator(changes_after(start), small) == [
        ("update", "travel_time", "Oak Elementary to Lincoln Elementary", "minutes", "15", "20")
    ]
    start = last_change_id()
    assert client.post(f"/schools/travel/{route.id}/delete").status_code == 302
    assert [(c.action, c.record_id) for c in changes_after(start)] == [("delete", route.id)]


def test_a_district_setting_is_recorded_once(client, small):
    start = last_change_id()
    response = submit(client, "/district/", lunch_minutes="35")
    assert response.status_code == 302, response.text
    assert _once_by_coordinator(changes_after(start), small) == [
        ("update", "district", small.district.name, "lunch_minutes", "30", "35")
    ]


def test_a_teacher_added_edited_and_deleted_is_recorded_with_their_blocks(client, small):
    start = last_change_id()
    response = submit(
        client, "/staff/teachers/new", code="t.new@district.example", name="Tia New",
        school=small.oak.code, grade="2", room="",
    )  # fmt: skip
    assert response.status_code == 302, response.text
    (created,) = changes_after(start)
    assert (created.action, created.record_kind, created.record_label) == (
        "create",
        "teacher",
        "Tia New",
    )
    assert "school=Oak Elementary" in created.after
    teacher = db.session.get(Teacher, created.record_id)
    start = last_change_id()
    assert submit(client, f"/staff/teachers/{teacher.id}/edit", room="12B").status_code == 302
    assert _once_by_coordinator(changes_after(start), small) == [
        ("update", "teacher", "Tia New", "room", None, "12B")
    ]
    block = make_block(db.session, small.oak, scope="teacher", teacher_id=teacher.id, label="Art")
    db.session.commit()
    block_id, teacher_id = block.id, teacher.id
    start = last_change_id()
    assert client.post(f"/staff/teachers/{teacher_id}/delete").status_code == 302
    changes = changes_after(start)
    _once_by_coordinator(changes, small)
    assert sorted((c.action, c.record_kind, c.record_id) for c in changes) == [
        ("delete", "block", block_id),
        ("delete", "teacher", teacher_id),
    ]


def test_a_new_student_is_recorded_once(client, small):
    start = last_change_id()
    response = submit(
        client, "/students/new", code="S9", first_name="Dee", last_name="Ray", grade="2",
        school=str(small.oak.id), teacher=str(small.teacher_oak.id), therapist="",
        iep_start="2026-09-01", iep_end="2027-06-30",
    )  # fmt: skip
    assert response.status_code == 302, response.text
    changes = changes_after(start)
    assert [(c.action, c.record_kind, c.record_label) for c in changes] == [
        ("create", "student", "S9")
    ]
    assert changes[0].student_id == changes[0].record_id
    _once_by_coordinator(changes, small)


def test_a_new_therapist_is_recorded_once_with_their_schools(client, small):
    start = last_change_id()
    response = submit(
        client, "/staff/therapists/new", code="ot5@district.example", name="Ola Five",
        role="OT", fte="1", schools=["OAK"],
    )  # fmt: skip
    assert response.status_code == 302, response.text
    changes = changes_after(start)
    _once_by_coordinator(changes, small)
    therapist = [c for c in changes if c.record_kind == "therapist"]
    assert len(therapist) == 1 and therapist[0].action == "create"
    assert "schools=Oak Elementary" in therapist[0].after
    # Its working hours, if the form gives default ones, are their own records.
    assert {c.record_kind for c in changes} <= {"therapist", "therapist_hours"}
    assert db.session.scalar(select(School.id).where(School.code == "OAK"))


def test_goals_and_equipment_added_and_deleted_are_recorded_once_each(client, small):
    student = f"/students/{small.ana.id}"
    start = last_change_id()
    response = submit(
        client, f"{student}/goals/new", code="G7", area="fine motor",
        description="Will cut along a line", baseline="", target="",
    )  # fmt: skip
    assert response.status_code == 302, response.text
    (goal,) = changes_after(start)
    assert (goal.action, goal.record_kind, goal.record_label, goal.student_id) == (
        "create", "goal", "G7", small.ana.id,
    )  # fmt: skip
    start = last_change_id()
    assert submit(client, f"{student}/equipment/new", item="slant board").status_code == 302
    (item,) = changes_after(start)
    assert (item.action, item.record_kind, item.student_id) == ("create", "equipment", small.ana.id)
    start = last_change_id()
    assert client.post(f"{student}/goals/{goal.record_id}/delete").status_code == 302
    assert client.post(f"{student}/equipment/{item.record_id}/delete").status_code == 302
    changes = changes_after(start)
    assert [(c.action, c.record_kind, c.record_id) for c in changes] == [
        ("delete", "goal", goal.record_id),
        ("delete", "equipment", item.record_id),
    ]
    assert {c.actor for c in changes} == {small.coordinator.display_name}


def test_new_hours_a_deleted_block_and_a_reactivated_account_are_recorded_once(client, small):
    block = make_block(db.session, small.oak)
    db.session.delete(small.ot2.hours[0])  # the factory's Mon-Fri row: Monday free again
    db.session.commit()
    block_id = block.id
    start = last_change_id()
    response = submit(
        client, f"/staff/therapists/{small.ot2.id}/hours/new", weekdays="Mon", start="08:00",
        end="12:00", school="",
    )  # fmt: skip
    assert response.status_code == 302, response.text
    assert client.post(f"/schools/blocks/{block_id}/delete").status_code == 302
    deactivate = f"/staff/users/{small.teacher_user.id}/deactivate"
    assert client.post(deactivate).status_code == 302
    changes = changes_after(start)
    assert [(c.action, c.record_kind, c.field) for c in changes] == [
        ("create", "therapist_hours", None),
        ("delete", "block", None),
        ("update", "account", "active"),
    ]
    assert len({c.batch for c in changes}) == 3  # one a request
    start = last_change_id()
    assert client.post(f"/staff/users/{small.teacher_user.id}/reactivate").status_code == 302
    assert _once_by_coordinator(changes_after(start), small) == [
        ("update", "account", small.teacher_user.email, "active", "no", "yes")
    ]
