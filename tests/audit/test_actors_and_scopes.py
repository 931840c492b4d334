"""Who the history names: a `flask` command, a recording() scope with its reason, the
web user publishing a schedule; and that the history outlives what it speaks of."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from schoolot.audit import recording
from schoolot.extensions import db
from schoolot.models import Change, Student, User
from tests.audit.helpers import changes_after, last_change_id, what
from tests.factories import (
    SmallDistrict,
    make_calendar_day,
    make_school,
    make_therapist,
    make_travel,
    make_user,
    make_version,
)


@pytest.fixture
def small(app) -> SmallDistrict:
    district = SmallDistrict(db.session)
    db.session.commit()
    return district


def test_create_user_and_set_password_are_recorded_as_their_commands(runner, small):
    start = last_change_id()
    email = "new@district.example"
    result = runner.invoke(
        args=["create-user", email, "--role", "coordinator", "--password", "a-long-pass-1"]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["set-password", email, "--password", "another-pass-2"])
    assert result.exit_code == 0, result.output
    changes = changes_after(start)
    assert [(c.actor, c.action, c.record_label, c.field) for c in changes] == [
        ("flask create-user", "create", email, None),
        ("flask set-password", "update", email, "password"),
    ]
    assert changes[1].after == "password changed" and changes[1].before is None
    assert {c.actor_id for c in changes} == {None}
    assert len({c.batch for c in changes}) == 2  # one a command run


def test_publishing_a_schedule_is_recorded_with_its_version(runner, small):
    old = make_version(db.session, "published")
    draft = make_version(db.session)
    db.session.commit()
    start = last_change_id()
    result = runner.invoke(args=["publish-schedule", str(draft.id)])
    assert result.exit_code == 0, result.output
    changes = changes_after(start)
    assert [(c.actor, c.action, c.record_kind, c.record_id) for c in changes] == [
        ("flask publish-schedule", "publish", "schedule", draft.id)
    ]
    assert (changes[0].before, changes[0].after) == ("draft", "published")
    assert old.id != draft.id


def test_publishing_on_the_schedules_page_names_the_coordinator(client, login, small):
    draft = make_version(db.session)
    db.session.commit()
    login(small.coordinator)
    start = last_change_id()
    assert client.post(f"/schedules/versions/{draft.id}/publish").status_code == 302
    (change,) = changes_after(start)
    assert (change.action, change.record_id, change.actor_id) == (
        "publish",
        draft.id,
        small.coordinator.id,
    )


def test_a_recording_scope_is_one_batch_with_its_actor_and_reason(small):
    start = last_change_id()
    with recording(actor="flask balance", reason="balance proposal 3"):
        small.ana.therapist = small.ot2
        db.session.flush()
        small.cy.therapist_id = small.ot2.id
        db.session.flush()
    db.session.commit()
    changes = changes_after(start)
    assert what(changes) == [
        ("update", "student", "S1", "therapist", small.ot1.name, small.ot2.name),
        ("update", "student", "S3", "therapist", None, small.ot2.name),
    ]
    assert {(c.actor, c.reason, c.actor_id) for c in changes} == {
        ("flask balance", "balance proposal 3", None)
    }
    assert len({c.batch for c in changes}) == 1


def test_a_scope_can_name_an_account_as_the_actor(small):
    start = last_change_id()
    with recording(user=small.coordinator, reason="moved by what-if"):
        small.ben.iep_end = dt.date(2027, 1, 31)
        db.session.commit()
    (change,) = changes_after(start)
    assert (change.actor, change.actor_id, change.reason) == (
        small.coordinator.email,
        small.coordinator.id,
        "moved by what-if",
    )


def test_a_bulk_update_statement_is_recorded_row_by_row(small):
    start = last_change_id()
    with recording(actor="flask balance"):
        db.session.execute(
            update(Student)
            .where(Student.id.in_([small.ana.id, small.ben.id]))
            .values(therapist_id=small.ot2.id)
        )
    db.session.commit()
    changes = changes_after(start)
    # Ben was already with ot2: only Ana's pin changed.
    assert what(changes) == [
        ("update", "student", "S1", "therapist", small.ot1.name, small.ot2.name)
    ]


def test_a_rolled_back_change_leaves_no_history(small):
    start = last_change_id()
    small.ana.iep_end = dt.date(2027, 1, 31)
    db.session.flush()
    assert len(changes_after(start)) == 1  # written with the change, in its transaction
    db.session.rollback()
    assert changes_after(start) == []


def test_history_outlives_the_student_it_speaks_of(client, login, small):
    login(small.coordinator)
    student_id, line_id = small.ana.id, small.ana.services[0].id
    start = last_change_id()
    assert client.post(f"/students/{student_id}/delete").status_code == 302
    assert db.session.get(Student, student_id) is None
    changes = changes_after(start)
    assert sorted((c.action, c.record_kind, c.record_id) for c in changes) == [
        ("delete", "service_line", line_id),
        ("delete", "student", student_id),
    ]
    assert {c.student_id for c in changes} == {student_id}
    assert "first_name=Ana; last_name=Lopez" in next(
        c.before for c in changes if c.record_kind == "student"
    )
    # Later changes and deletions elsewhere leave it as it was.
    history = db.session.scalars(select(Change).where(Change.student_id == student_id)).all()
    assert len(history) >= 3  # created (by the factory), then both deletions
    assert {c.actor for c in changes} == {small.coordinator.email}


def test_deleting_an_account_keeps_the_changes_it_made(client, login, small):
    login(small.coordinator)
    data = {"code": small.ot2.code, "name": small.ot2.name, "role": "OT", "fte": "0.7"}
    assert client.post(f"/staff/therapists/{small.ot2.id}/edit", data=data).status_code == 302
    coordinator_id = small.coordinator.id
    db.session.delete(db.session.get(User, coordinator_id))
    db.session.commit()
    made = db.session.scalars(select(Change).where(Change.actor_id == coordinator_id)).all()
    assert [(c.field, c.after) for c in made] == [("fte", "0.7")]


def test_what_the_database_deletes_with_a_record_is_recorded_too(client, login, small):
    """A therapist's account goes by ON DELETE CASCADE, a school's calendar days and
    travel times too: each is recorded as deleted, by whoever deleted the record."""
    login(small.coordinator)
    lonely = make_school(db.session, "ELM", name="Elm Elementary")
    make_calendar_day(db.session, lonely)
    make_travel(db.session, lonely, small.oak)
    nobody = make_therapist(db.session, [small.lin], "ot9@district.example", name="Nia Moss")
    email = make_user(db.session, "therapist", therapist=nobody).email
    db.session.commit()
    start = last_change_id()
    assert client.post(f"/schools/{lonely.id}/delete").status_code == 302
    assert client.post(f"/staff/therapists/{nobody.id}/delete").status_code == 302
    changes = changes_after(start)
    assert sorted((c.action, c.record_kind, c.record_label) for c in changes) == [
        ("delete", "account", email),
        ("delete", "calendar_day", "2026-11-26 closed, Elm Elementary"),
        ("delete", "school", "Elm Elementary"),
        ("delete", "therapist", "Nia Moss"),
        ("delete", "therapist_hours", "Nia Moss: Mon Tue Wed Thu Fri 08:00-16:00"),
        ("delete", "travel_time", "Elm Elementary to Oak Elementary"),
    ]
    assert {c.actor_id for c in changes} == {small.coordinator.id}
