"""'Keep with this therapist' on the student form (coordinators) and page."""

from __future__ import annotations

import html

import pytest

from schoolot.extensions import db
from schoolot.models import Student
from tests.factories import SmallDistrict


@pytest.fixture
def small(app, login) -> SmallDistrict:
    district = SmallDistrict(db.session)
    db.session.commit()
    login(district.coordinator)
    return district


def _edit(client, student: Student, **changes):
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
    return client.post(f"/students/{student.id}/edit", data=data)


def test_a_coordinator_keeps_a_student_with_their_therapist(client, small):
    assert _edit(client, small.ana, keep_therapist="y").status_code == 302
    db.session.expire_all()
    assert db.session.get(Student, small.ana.id).keep_therapist
    page = client.get(f"/students/{small.ana.id}").text
    assert "kept with this therapist" in page
    assert _edit(client, small.ana).status_code == 302  # unticked
    db.session.expire_all()
    assert not db.session.get(Student, small.ana.id).keep_therapist


def test_keep_needs_a_therapist(client, small):
    response = _edit(client, small.ana, therapist="", keep_therapist="y")
    assert response.status_code == 422
    assert (
        "a student kept with their therapist needs one: name the therapist or clear keep"
        in html.unescape(response.text)
    )
    db.session.expire_all()
    assert not db.session.get(Student, small.ana.id).keep_therapist


def test_the_keep_box_is_on_the_form(client, small):
    page = client.get(f"/students/{small.ana.id}/edit").text
    assert 'name="keep_therapist"' in page and "Keep with this therapist" in page
