"""The schools area: who may see it, the list, a school's page, and school round trips."""

import datetime as dt
import re

import pytest
from sqlalchemy import event, func, select

from schoolot.extensions import db
from schoolot.models import Block, CalendarDay, School, TravelTime
from tests.factories import (
    SmallDistrict,
    make_block,
    make_calendar_day,
    make_school,
    make_student,
    make_teacher,
    make_travel,
)

DASH = "\N{EN DASH}"  # the pages join a time span with an en dash


@pytest.fixture
def small(app):
    district = SmallDistrict(db.session)
    db.session.commit()
    return district


PAGES = [
    lambda d: "/schools/",
    lambda d: f"/schools/{d.oak.id}",
    lambda d: "/schools/new",
    lambda d: f"/schools/{d.oak.id}/edit",
    lambda d: f"/schools/{d.oak.id}/blocks/new",
    lambda d: f"/schools/calendar/new?school={d.oak.id}",
    lambda d: f"/schools/{d.oak.id}/travel",
    lambda d: "/district/",
]


@pytest.mark.parametrize("page", PAGES)
def test_each_schools_page_renders_for_a_coordinator(client, login, small, page):
    login(small.coordinator)
    assert client.get(page(small)).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_each_schools_page_is_forbidden_to_therapists_and_teachers(client, login, small, page):
    for user in (small.therapist_user, small.teacher_user):
        login(user)
        assert client.get(page(small)).status_code == 403, user.role


def test_schools_pages_need_a_login(client, small):
    response = client.get("/schools/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_therapist_cannot_delete_a_school(client, login, small):
    login(small.therapist_user)
    assert client.post(f"/schools/{small.oak.id}/delete").status_code == 403
    assert db.session.get(School, small.oak.id) is not None


def test_schools_list_shows_students_teachers_and_therapists_per_school(client, login, small):
    login(small.coordinator)
    page = client.get("/schools/").text
    start = page.index("Lincoln Elementary")
    lincoln_row = page[start : page.index("</tr>", start)]
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in lincoln_row.split("</td>")]
    # Lincoln: Ben and Cy, one teacher, served by ot1 and ot2.
    assert cells[3:6] == ["2", "1", "2"]


def _statements_for(client, url: str) -> int:
    count = 0

    def counter(*args):
        nonlocal count
        count += 1

    event.listen(db.engine, "before_cursor_execute", counter)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", counter)
    return count


def test_schools_list_takes_the_same_number_of_queries_for_more_schools(client, login, small):
    login(small.coordinator)
    db.session.commit()  # expire what the test holds, as the second call will find it
    few = _statements_for(client, "/schools/")
    for n in range(5):
        school = make_school(db.session, f"NEW{n}")
        teacher = make_teacher(db.session, school)
        make_student(db.session, teacher)
    db.session.commit()
    assert _statements_for(client, "/schools/") == few


def test_school_page_shows_bell_schedule_blocks_calendar_staff_and_travel(client, login, small):
    make_block(db.session, small.oak, label="Lunch")
    make_block(
        db.session,
        small.oak,
        scope="teacher",
        teacher=small.teacher_oak,
        start=dt.time(9, 0),
        end=dt.time(10, 30),
        kind="protected",
        label="ELA block",
    )
    make_calendar_day(db.session, None, note="Thanksgiving")
    make_calendar_day(
        db.session,
        small.oak,
        date=dt.date(2026, 12, 18),
        kind="early_release",
        end_time=dt.time(12, 0),
        note="Winter party",
    )
    make_travel(db.session, small.lin, small.oak, 25)
    db.session.commit()
    login(small.coordinator)
    page = client.get(f"/schools/{small.oak.id}").text
    assert f"08:00{DASH}15:00" in page
    assert "Whole school" in page and f"11:30{DASH}12:00 Lunch" in page
    assert "By teacher" in page and f"09:00{DASH}10:30 ELA block" in page
    assert "Thanksgiving" in page and "every school" in page
    assert "Winter party" in page and "12:00" in page
    assert small.teacher_oak.name in page
    assert small.ot1.name in page and small.ot2.name not in page
    assert "Lincoln Elementary" in page and ">25<" in page


def test_school_page_lists_a_block_under_each_of_its_weekdays(client, login, small):
    make_block(db.session, small.oak, weekdays="Mon Wed", label="Assembly")
    db.session.commit()
    login(small.coordinator)
    page = client.get(f"/schools/{small.oak.id}").text
    assert page.count(f"11:30{DASH}12:00 Assembly") == 2


def test_unknown_school_is_404(client, login, small):
    login(small.coordinator)
    assert client.get("/schools/9999").status_code == 404


def test_creating_a_school_from_the_form_saves_it(client, login, small):
    login(small.coordinator)
    response = client.post(
        "/schools/new",
        data={"code": "PIN", "name": "Pine Elementary", "day_start": "08:15", "day_end": "15:15"},
    )
    assert response.status_code == 302
    school = db.session.scalar(select(School).where(School.code == "PIN"))
    assert school.name == "Pine Elementary"
    assert (school.day_start, school.day_end) == (dt.time(8, 15), dt.time(15, 15))
    assert "Pine Elementary" in client.get(response.headers["Location"]).text


def test_a_school_day_ending_before_it_starts_is_refused_on_the_end_field(client, login, small):
    login(small.coordinator)
    response = client.post(
        "/schools/new",
        data={"code": "PIN", "name": "Pine", "day_start": "15:00", "day_end": "08:00"},
    )
    assert response.status_code == 422
    assert 'id="day_end-error"' in response.text
    assert "the student day ends" in response.text
    assert db.session.scalar(select(School).where(School.code == "PIN")) is None


def test_a_bad_time_is_refused_and_the_typed_text_kept(client, login, small):
    login(small.coordinator)
    response = client.post(
        "/schools/new",
        data={"code": "PIN", "name": "Pine", "day_start": "8h15", "day_end": "15:00"},
    )
    assert response.status_code == 422
    assert "&#39;8h15&#39; is not a time in HH:MM (24-hour) form" in response.text
    assert 'value="8h15"' in response.text


def test_a_school_id_already_taken_is_refused(client, login, small):
    login(small.coordinator)
    response = client.post(
        "/schools/new",
        data={"code": "OAK", "name": "Other Oak", "day_start": "08:00", "day_end": "15:00"},
    )
    assert response.status_code == 422
    assert "a school with id OAK already exists" in response.text


def test_editing_a_school_saves_the_new_bell_schedule(client, login, small):
    login(small.coordinator)
    response = client.post(
        f"/schools/{small.oak.id}/edit",
        data={"code": "OAK", "name": "Oak Elem.", "day_start": "07:45", "day_end": "14:45"},
    )
    assert response.status_code == 302
    db.session.refresh(small.oak)
    assert small.oak.name == "Oak Elem."
    assert small.oak.day_end == dt.time(14, 45)


def test_a_new_bell_schedule_that_leaves_a_block_outside_the_day_is_refused(client, login, small):
    make_block(db.session, small.oak, start=dt.time(14, 0), end=dt.time(14, 30), label="Art")
    db.session.commit()
    login(small.coordinator)
    response = client.post(
        f"/schools/{small.oak.id}/edit",
        data={"code": "OAK", "name": "Oak", "day_start": "08:00", "day_end": "13:30"},
    )
    assert response.status_code == 422
    assert "the Art block (*) would no longer fit" in response.text
    db.session.refresh(small.oak)
    assert small.oak.day_end == dt.time(15, 0)


def test_deleting_a_school_with_students_is_refused_and_says_why(client, login, small):
    login(small.coordinator)
    response = client.post(f"/schools/{small.oak.id}/delete", follow_redirects=True)
    assert response.status_code == 200
    assert "Not deleted: Oak Elementary has 1 student(s); move or delete" in response.text
    assert db.session.get(School, small.oak.id) is not None


def test_deleting_a_school_removes_its_blocks_calendar_and_travel(client, login, small):
    pine = make_school(db.session, "PIN", name="Pine")
    make_block(db.session, pine)
    make_calendar_day(db.session, pine)
    make_travel(db.session, pine, small.oak)
    small.ot1.schools.append(pine)
    db.session.commit()
    pine_id = pine.id
    login(small.coordinator)
    response = client.post(f"/schools/{pine_id}/delete")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(School, pine_id) is None
    for model, column in (
        (Block, Block.school_id),
        (CalendarDay, CalendarDay.school_id),
        (TravelTime, TravelTime.from_school_id),
    ):
        assert (
            db.session.scalar(select(func.count()).select_from(model).where(column == pine_id)) == 0
        )
    assert [s.code for s in small.ot1.schools] == ["LIN", "OAK"]
