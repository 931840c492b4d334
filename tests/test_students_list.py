"""The students list: visibility, search, filters, pagination and a fixed query count."""

from __future__ import annotations

import re

from sqlalchemy import event

from schoolot.extensions import db
from tests.factories import (
    SmallDistrict,
    make_school,
    make_service,
    make_student,
    make_teacher,
    make_therapist,
)


def listed_codes(html: str) -> list[str]:
    """Student ids in the list's id column, in page order."""
    return re.findall(r'<td class="muted[^"]*">(S\d+)</td>', html)


def district(app) -> SmallDistrict:
    small = SmallDistrict(db.session)
    db.session.commit()
    return small


def test_list_needs_login(client):
    response = client.get("/students/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_coordinator_sees_every_student_sorted_by_last_name(app, client, login):
    small = district(app)
    login(small.coordinator)
    assert listed_codes(client.get("/students/").text) == ["S2", "S1", "S3"]  # Kim, Lopez, Ode


def test_therapist_sees_only_their_caseload(app, client, login):
    small = district(app)
    login(small.therapist_user)
    assert listed_codes(client.get("/students/").text) == ["S1"]


def test_teacher_sees_only_their_class(app, client, login):
    small = district(app)
    login(small.teacher_user)
    assert listed_codes(client.get("/students/").text) == ["S2", "S3"]


def test_list_shows_school_teacher_therapist_and_service_summary(app, client, login):
    small = district(app)
    login(small.coordinator)
    page = client.get("/students/").text
    assert "Oak Elementary" in page
    assert small.teacher_oak.name in page
    assert small.ot1.name in page
    assert "2\N{MULTIPLICATION SIGN}30 min/wk pull-out" in page
    assert "Unassigned" in page


def test_search_finds_a_student_by_part_of_the_last_name(app, client, login):
    small = district(app)
    login(small.coordinator)
    assert listed_codes(client.get("/students/?q=lop").text) == ["S1"]


def test_search_finds_a_student_by_student_id(app, client, login):
    small = district(app)
    login(small.coordinator)
    assert listed_codes(client.get("/students/?q=S2").text) == ["S2"]


def test_search_matches_every_word_of_a_full_name(app, client, login):
    small = district(app)
    login(small.coordinator)
    assert listed_codes(client.get("/students/?q=Lopez,+Ana").text) == ["S1"]
    assert listed_codes(client.get("/students/?q=Ana+Kim").text) == []


def test_search_treats_percent_as_a_plain_character(app, client, login):
    small = district(app)
    login(small.coordinator)
    assert listed_codes(client.get("/students/?q=%25").text) == []


def test_filter_by_school(app, client, login):
    small = district(app)
    login(small.coordinator)
    page = client.get(f"/students/?school={small.lin.id}").text
    assert listed_codes(page) == ["S2", "S3"]


def test_filter_by_therapist(app, client, login):
    small = district(app)
    login(small.coordinator)
    assert listed_codes(client.get(f"/students/?therapist={small.ot2.id}").text) == ["S2"]


def test_filter_unassigned_students(app, client, login):
    small = district(app)
    make_service(db.session, small.cy, "SV3")
    db.session.commit()
    login(small.coordinator)
    assert listed_codes(client.get("/students/?therapist=none").text) == ["S3"]


def test_a_student_with_no_line_in_effect_is_on_nobodys_caseload(app, client, login):
    small = district(app)  # Cy has no service line
    login(small.coordinator)
    assert listed_codes(client.get("/students/?therapist=none").text) == []
    assert "No line in effect" in client.get("/students/?q=Ode").text


def test_filter_by_grade(app, client, login):
    small = district(app)
    login(small.coordinator)
    assert listed_codes(client.get("/students/?grade=2").text) == ["S1"]


def test_filters_cannot_widen_what_a_role_sees(app, client, login):
    small = district(app)
    login(small.teacher_user)
    page = client.get(f"/students/?school={small.oak.id}").text
    assert listed_codes(page) == []


def test_a_bad_filter_value_is_ignored_not_an_error(app, client, login):
    small = district(app)
    login(small.coordinator)
    response = client.get("/students/?school=abc&therapist=xyz")
    assert response.status_code == 200
    assert listed_codes(response.text) == ["S2", "S1", "S3"]


def test_list_is_paginated_by_the_configured_page_size(app, client, login):
    small = district(app)
    app.config["STUDENTS_PER_PAGE"] = 2
    login(small.coordinator)
    first = client.get("/students/").text
    second = client.get("/students/?page=2").text
    assert listed_codes(first) == ["S2", "S1"]
    assert listed_codes(second) == ["S3"]
    assert "Page 1 of 2" in first


def test_default_page_holds_fifty_students(app, client, login):
    small = district(app)
    for n in range(60):
        make_student(db.session, small.teacher_oak, code=f"S{100 + n}", last_name=f"Z{n:03d}")
    db.session.commit()
    login(small.coordinator)
    assert len(listed_codes(client.get("/students/").text)) == 50


def test_page_links_keep_the_filters(app, client, login):
    small = district(app)
    app.config["STUDENTS_PER_PAGE"] = 1
    login(small.coordinator)
    page = client.get(f"/students/?school={small.lin.id}").text
    assert (
        f"page=2&amp;school={small.lin.id}" in page or f"school={small.lin.id}&amp;page=2" in page
    )


class StatementCounter:
    """Counts SQL statements sent to the database while active."""

    def __init__(self, engine):
        self.engine = engine
        self.count = 0

    def _count(self, *args) -> None:
        self.count += 1

    def __enter__(self) -> StatementCounter:
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)


def add_varied_students(small: SmallDistrict, how_many: int) -> None:
    """Students spread over new schools, teachers and therapists, each with two lines."""
    for _ in range(how_many):
        school = make_school(db.session)
        teacher = make_teacher(db.session, school)
        therapist = make_therapist(db.session, [school])
        student = make_student(db.session, teacher, therapist)
        make_service(db.session, student)
        make_service(db.session, student, delivery="consult")
    db.session.commit()


def statements_for_page(client, url: str) -> tuple[int, str]:
    """SQL statements one request sends, starting from a cold session like a real request."""
    db.session.expire_all()
    with StatementCounter(db.engine) as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter.count, response.text


def test_list_query_count_does_not_grow_with_the_number_of_students(app, client, login):
    small = district(app)
    login(small.coordinator)
    few, _ = statements_for_page(client, "/students/")
    add_varied_students(small, 45)
    many, page = statements_for_page(client, "/students/")
    assert len(listed_codes(page)) == 48
    assert many == few
    assert few <= 8
