"""Teachers: the filtered, paginated list, a teacher's page and round trips."""

import pytest
from sqlalchemy import select

from schoolot.extensions import db
from schoolot.models import Block, Teacher
from tests.factories import SmallDistrict, make_block, make_teacher


@pytest.fixture
def small(app, login):
    district = SmallDistrict(db.session)
    db.session.commit()
    login(district.coordinator)
    return district


def test_teacher_list_filters_by_school(client, small):
    page = client.get(f"/staff/teachers?school={small.oak.id}").text
    assert small.teacher_oak.name in page
    assert small.teacher_lin.name not in page


def test_teacher_list_is_paginated(app, client, small):
    app.config["TEACHERS_PER_PAGE"] = 2
    make_teacher(db.session, small.oak, name="Zed Last")
    db.session.commit()
    first = client.get("/staff/teachers").text
    assert "Page 1 of 2 (3 in all)" in first
    assert "Zed Last" not in first
    assert "Zed Last" in client.get("/staff/teachers?page=2").text


def test_teacher_list_pages_keep_the_school_filter(app, client, small):
    app.config["TEACHERS_PER_PAGE"] = 1
    make_teacher(db.session, small.oak)
    db.session.commit()
    page = client.get(f"/staff/teachers?school={small.oak.id}").text
    assert f"/staff/teachers?page=2&amp;school={small.oak.id}" in page


def test_teacher_page_lists_their_students(client, small):
    page = client.get(f"/staff/teachers/{small.teacher_lin.id}").text
    assert "Kim, Ben" in page and "Ode, Cy" in page
    assert "Lopez, Ana" not in page


def test_creating_a_teacher_saves_them_at_their_school(client, small):
    response = client.post(
        "/staff/teachers/new",
        data={"code": "t.new@district.example", "name": "Ms New", "school": "OAK", "grade": "k"},
    )
    assert response.status_code == 302
    teacher = db.session.scalar(select(Teacher).where(Teacher.code == "t.new@district.example"))
    assert (teacher.name, teacher.school_id, teacher.grade) == ("Ms New", small.oak.id, "K")


def test_a_teacher_id_already_taken_is_refused(client, small):
    response = client.post(
        "/staff/teachers/new",
        data={"code": small.teacher_oak.code, "name": "Twin", "school": "OAK", "grade": ""},
    )
    assert response.status_code == 422
    assert f"a teacher with id {small.teacher_oak.code} already exists" in response.text


def test_a_teacher_needs_a_school(client, small):
    response = client.post(
        "/staff/teachers/new",
        data={"code": "t.new@district.example", "name": "Ms New", "school": "", "grade": ""},
    )
    assert response.status_code == 422
    assert "choose the school" in response.text


def test_editing_a_teacher_saves_the_changes(client, small):
    response = client.post(
        f"/staff/teachers/{small.teacher_oak.id}/edit",
        data={"code": small.teacher_oak.code, "name": "Mr Oak", "school": "OAK", "grade": "3"},
    )
    assert response.status_code == 302
    db.session.refresh(small.teacher_oak)
    assert (small.teacher_oak.name, small.teacher_oak.grade) == ("Mr Oak", "3")


def test_moving_a_teacher_with_students_to_another_school_is_refused(client, small):
    response = client.post(
        f"/staff/teachers/{small.teacher_oak.id}/edit",
        data={"code": small.teacher_oak.code, "name": "Mr Oak", "school": "LIN", "grade": "2"},
    )
    assert response.status_code == 422
    assert "1 student(s) in this class attend Oak Elementary; move them first" in response.text
    db.session.refresh(small.teacher_oak)
    assert small.teacher_oak.school_id == small.oak.id


def test_deleting_a_teacher_with_students_is_refused_and_says_why(client, small):
    response = client.post(f"/staff/teachers/{small.teacher_lin.id}/delete", follow_redirects=True)
    assert f"Not deleted: {small.teacher_lin.name} has 2 student(s)" in response.text
    assert "has 2 student(s) in their class" in response.text
    assert db.session.get(Teacher, small.teacher_lin.id) is not None


def test_deleting_a_teacher_removes_their_classroom_blocks(client, small):
    teacher = make_teacher(db.session, small.oak)
    make_block(db.session, small.oak, scope="teacher", teacher=teacher)
    db.session.commit()
    teacher_id = teacher.id
    response = client.post(f"/staff/teachers/{teacher_id}/delete")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Teacher, teacher_id) is None
    assert db.session.scalars(select(Block)).all() == []
