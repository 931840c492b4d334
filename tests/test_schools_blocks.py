"""Blocks from the school page's forms: the import's rules, messages on the field, nothing saved."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from schoolot.district.blocks import save_block
from schoolot.errors import ValidationFailed
from schoolot.extensions import db
from schoolot.models import Block
from tests.factories import SmallDistrict, make_block


@pytest.fixture
def small(app, login):
    district = SmallDistrict(db.session)
    db.session.commit()
    login(district.coordinator)
    return district


def _block(**overrides) -> dict:
    data = {
        "scope": "grade",
        "target": "2",
        "weekdays": "*",
        "start": "11:45",
        "end": "12:15",
        "kind": "busy",
        "label": "Lunch",
    }
    data.update(overrides)
    return data


def _block_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Block))


def test_adding_a_grade_block_saves_it_and_shows_it_on_the_school_page(client, small):
    response = client.post(f"/schools/{small.oak.id}/blocks/new", data=_block())
    assert response.status_code == 302
    block = db.session.scalar(select(Block))
    assert (block.scope, block.target_grade, block.weekdays) == ("grade", "2", "*")
    assert (block.start, block.end, block.kind) == (dt.time(11, 45), dt.time(12, 15), "busy")
    page = client.get(f"/schools/{small.oak.id}").text
    assert "Grade 2" in page and "Lunch" in page


def test_a_block_time_that_is_not_a_time_is_refused_and_nothing_saved(client, small):
    response = client.post(f"/schools/{small.oak.id}/blocks/new", data=_block(start="25:00"))
    assert response.status_code == 422
    assert "&#39;25:00&#39; is not a time of day" in response.text
    assert 'id="start-error"' in response.text
    assert _block_count() == 0


def test_a_block_ending_before_it_starts_is_refused_on_the_end_field(client, small):
    response = client.post(
        f"/schools/{small.oak.id}/blocks/new", data=_block(start="12:15", end="11:45")
    )
    assert response.status_code == 422
    assert 'id="end-error"' in response.text
    assert "the block ends" in response.text
    assert _block_count() == 0


def test_a_block_outside_the_school_day_is_refused_with_the_day_named(client, small):
    response = client.post(
        f"/schools/{small.oak.id}/blocks/new", data=_block(start="01:30", end="02:00")
    )
    assert response.status_code == 422
    assert (
        "01:30-02:00 is wholly outside Oak Elementary&#39;s student day (08:00-15:00)"
        in response.text
    )
    assert _block_count() == 0


def test_a_block_running_past_dismissal_is_accepted_as_the_import_accepts_it(app, small):
    block = save_block(
        db.session,
        small.oak,
        scope="school",
        target="",
        weekdays="Fri",
        start=dt.time(14, 30),
        end=dt.time(15, 30),
        kind="busy",
    )
    assert block.id is not None


def test_a_teacher_block_for_a_teacher_of_another_school_is_refused(client, small):
    response = client.post(
        f"/schools/{small.oak.id}/blocks/new",
        data=_block(scope="teacher", target=small.teacher_lin.code),
    )
    assert response.status_code == 422
    assert f"teacher {small.teacher_lin.code} teaches at LIN, not at OAK" in response.text
    assert _block_count() == 0


def test_a_block_target_must_match_its_scope(client, small):
    response = client.post(
        f"/schools/{small.oak.id}/blocks/new", data=_block(scope="school", target="2")
    )
    assert response.status_code == 422
    assert "a school-wide block has no target; leave it empty" in response.text
    assert _block_count() == 0


def test_a_student_block_needs_a_student(client, small):
    response = client.post(
        f"/schools/{small.oak.id}/blocks/new", data=_block(scope="student", target="")
    )
    assert response.status_code == 422
    assert "required for a student block" in response.text


def test_a_weekday_that_is_not_a_school_day_is_refused(client, small):
    response = client.post(f"/schools/{small.oak.id}/blocks/new", data=_block(weekdays="Sat"))
    assert response.status_code == 422
    assert "Sat is not a school day" in response.text
    assert _block_count() == 0


def test_a_misspelt_weekday_is_refused_with_the_allowed_days(client, small):
    response = client.post(f"/schools/{small.oak.id}/blocks/new", data=_block(weekdays="Monday"))
    assert response.status_code == 422
    assert "&#39;Monday&#39; is not a weekday" in response.text


def test_editing_a_block_changes_it(client, small):
    block = make_block(db.session, small.oak)
    db.session.commit()
    response = client.post(
        f"/schools/blocks/{block.id}/edit",
        data=_block(scope="teacher", target=small.teacher_oak.code, kind="protected"),
    )
    assert response.status_code == 302
    db.session.refresh(block)
    assert (block.scope, block.teacher_id, block.kind) == (
        "teacher",
        small.teacher_oak.id,
        "protected",
    )


def test_the_edit_form_shows_the_block_as_it_is(client, small):
    block = make_block(
        db.session, small.oak, scope="student", student=small.ana, weekdays="Tue Thu"
    )
    db.session.commit()
    page = client.get(f"/schools/blocks/{block.id}/edit").text
    assert '<option selected value="S1">' in page
    assert 'value="Tue Thu"' in page


def test_deleting_a_block_removes_it(client, small):
    block = make_block(db.session, small.oak)
    db.session.commit()
    response = client.post(f"/schools/blocks/{block.id}/delete")
    assert response.status_code == 302
    assert _block_count() == 0


def test_block_pages_are_forbidden_to_a_therapist(client, login, small):
    block = make_block(db.session, small.oak)
    db.session.commit()
    login(small.therapist_user)
    assert client.get(f"/schools/blocks/{block.id}/edit").status_code == 403
    assert client.post(f"/schools/blocks/{block.id}/delete").status_code == 403
    assert _block_count() == 1


def test_save_block_reports_every_problem_at_once(app, small):
    with pytest.raises(ValidationFailed) as error:
        save_block(
            db.session,
            small.oak,
            scope="grade",
            target="13",
            weekdays="*",
            start=dt.time(9, 0),
            end=dt.time(8, 0),
            kind="nap",
        )
    fields = sorted(problem.split(":")[0] for problem in error.value.problems)
    assert fields == ["end", "kind", "target"]
