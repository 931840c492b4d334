"""Therapists: list, page, round trips, schools served and working hours."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from schoolot.extensions import db
from schoolot.models import Therapist, TherapistHours, User
from tests.factories import SmallDistrict, make_service, make_student


@pytest.fixture
def small(app, login):
    district = SmallDistrict(db.session)
    db.session.commit()
    login(district.coordinator)
    return district


def test_therapist_list_shows_role_fte_schools_and_caseload(client, small):
    small.ot2.fte = 0.8
    small.ot2.role = "COTA"
    make_service(db.session, make_student(db.session, small.teacher_lin, small.ot2))
    make_student(db.session, small.teacher_lin, small.ot2)  # no line: on no caseload
    db.session.commit()
    page = client.get("/staff/therapists").text
    row = page[page.index(small.ot2.name) :].split("</tr>")[0]
    assert "COTA" in row and "0.80" in row and "Lincoln Elementary" in row
    assert row.rstrip().endswith('<td class="num">2</td>')


def test_therapist_page_shows_hours_by_weekday_schools_and_students(client, small):
    small.ot1.hours[0].weekdays = "Mon Tue Wed Thu"
    small.ot1.hours.append(
        TherapistHours(weekdays="Fri", start=dt.time(8, 0), end=dt.time(12, 0), school=small.oak)
    )
    db.session.commit()
    page = client.get(f"/staff/therapists/{small.ot1.id}").text
    friday = page[page.index(">Fri<") :].split("</tr>")[0]
    assert "08:00" in friday and "12:00" in friday and "Oak Elementary" in friday
    assert "pinned" in friday
    assert "Lincoln Elementary" in page
    assert "Lopez, Ana" in page and "Kim, Ben" not in page


def test_creating_a_therapist_with_schools_saves_them(client, small):
    response = client.post(
        "/staff/therapists/new",
        data={
            "code": "ot9@district.example",
            "name": "Nina Park",
            "role": "COTA",
            "fte": "0.6",
            "schools": ["OAK", "LIN"],
        },
    )
    assert response.status_code == 302
    therapist = db.session.scalar(select(Therapist).where(Therapist.code == "ot9@district.example"))
    assert (therapist.name, therapist.role, therapist.fte) == ("Nina Park", "COTA", 0.6)
    assert sorted(s.code for s in therapist.schools) == ["LIN", "OAK"]


def test_a_therapist_needs_a_school_and_a_valid_fte(client, small):
    response = client.post(
        "/staff/therapists/new",
        data={"code": "ot9@district.example", "name": "Nina", "role": "OT", "fte": "1.5"},
    )
    assert response.status_code == 422
    assert "1.5 is not between 0 (excluded) and 1" in response.text
    assert (
        db.session.scalar(select(Therapist).where(Therapist.code == "ot9@district.example")) is None
    )


def test_a_therapist_without_schools_is_refused_on_the_schools_field(client, small):
    response = client.post(
        "/staff/therapists/new",
        data={"code": "ot9@district.example", "name": "Nina", "role": "OT", "fte": "1"},
    )
    assert response.status_code == 422
    assert "choose at least one school this therapist serves" in response.text


def test_editing_a_therapist_saves_the_changes(client, small):
    response = client.post(
        f"/staff/therapists/{small.ot2.id}/edit",
        data={"code": small.ot2.code, "name": "Renamed", "role": "COTA", "fte": "0.5"},
    )
    assert response.status_code == 302
    db.session.refresh(small.ot2)
    assert (small.ot2.name, small.ot2.role, small.ot2.fte) == ("Renamed", "COTA", 0.5)


def test_deleting_a_therapist_with_students_is_refused_and_says_why(client, small):
    response = client.post(f"/staff/therapists/{small.ot2.id}/delete", follow_redirects=True)
    assert f"Not deleted: {small.ot2.name} has 1 student(s) assigned" in response.text
    assert "has 1 student(s) assigned; reassign them first" in response.text
    assert db.session.get(Therapist, small.ot2.id) is not None


def test_deleting_a_therapist_removes_their_hours_and_account(client, small):
    therapist_id = small.ot1.id
    small.ana.therapist = None
    db.session.commit()
    response = client.post(f"/staff/therapists/{therapist_id}/delete")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Therapist, therapist_id) is None
    hours = select(func.count()).select_from(TherapistHours)
    assert db.session.scalar(hours.where(TherapistHours.therapist_id == therapist_id)) == 0
    assert db.session.scalar(select(User).where(User.therapist_id == therapist_id)) is None


def test_changing_schools_served_saves_the_checked_ones(client, small):
    response = client.post(
        f"/staff/therapists/{small.ot2.id}/schools", data={"schools": ["LIN", "OAK"]}
    )
    assert response.status_code == 302
    db.session.refresh(small.ot2)
    assert [s.code for s in small.ot2.schools] == ["LIN", "OAK"]


def test_removing_a_school_that_hours_are_pinned_to_is_refused(client, small):
    small.ot1.hours[0].school = small.oak
    small.ana.therapist = None
    db.session.commit()
    response = client.post(f"/staff/therapists/{small.ot1.id}/schools", data={"schools": ["LIN"]})
    assert response.status_code == 422
    assert "hours are pinned to Oak Elementary; unpin them before removing it" in response.text
    db.session.refresh(small.ot1)
    assert [s.code for s in small.ot1.schools] == ["LIN", "OAK"]


def test_removing_a_school_where_the_therapist_has_students_is_refused(client, small):
    response = client.post(f"/staff/therapists/{small.ot1.id}/schools", data={"schools": ["LIN"]})
    assert response.status_code == 422
    assert "1 student(s) of this therapist attend Oak Elementary" in response.text


def _hours(**overrides) -> dict:
    data = {"weekdays": "Mon Tue", "start": "07:30", "end": "15:30", "school": ""}
    data.update(overrides)
    return data


def test_adding_working_hours_pinned_to_a_school(client, small):
    therapist = small.ot2
    db.session.delete(therapist.hours[0])
    db.session.commit()
    response = client.post(f"/staff/therapists/{therapist.id}/hours/new", data=_hours(school="LIN"))
    assert response.status_code == 302
    db.session.refresh(therapist)
    (hours,) = therapist.hours
    assert (hours.weekdays, hours.start, hours.end) == ("Mon Tue", dt.time(7, 30), dt.time(15, 30))
    assert hours.school.code == "LIN"


def test_hours_pinned_to_a_school_the_therapist_does_not_serve_are_refused(client, small):
    response = client.post(
        f"/staff/therapists/{small.ot2.id}/hours/new", data=_hours(weekdays="Sat", school="OAK")
    )
    assert response.status_code == 422
    assert f"therapist {small.ot2.code} does not serve OAK (serves LIN)" in response.text


def test_a_weekday_given_twice_is_refused(client, small):
    response = client.post(f"/staff/therapists/{small.ot2.id}/hours/new", data=_hours())
    assert response.status_code == 422
    assert "Mon Tue already has working hours (08:00-16:00" in response.text
    assert (
        len(
            db.session.scalars(
                select(TherapistHours).where(TherapistHours.therapist_id == small.ot2.id)
            ).all()
        )
        == 1
    )


def test_working_hours_ending_before_they_start_are_refused(client, small):
    hours = small.ot2.hours[0]
    response = client.post(f"/staff/hours/{hours.id}/edit", data=_hours(start="16:00", end="08:00"))
    assert response.status_code == 422
    assert "the working day ends" in response.text
    db.session.refresh(hours)
    assert hours.start == dt.time(8, 0)


def test_editing_and_deleting_working_hours(client, small):
    hours = small.ot2.hours[0]
    response = client.post(
        f"/staff/hours/{hours.id}/edit", data=_hours(weekdays="Mon Wed Fri", end="12:00")
    )
    assert response.status_code == 302
    db.session.refresh(hours)
    assert (hours.weekdays, hours.end) == ("Mon Wed Fri", dt.time(12, 0))
    assert client.post(f"/staff/hours/{hours.id}/delete").status_code == 302
    assert db.session.get(TherapistHours, hours.id) is None
