"""Calendar days (a school's and district-wide) and travel times between schools."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from schoolot.district.travel import set_travel_time
from schoolot.errors import ValidationFailed
from schoolot.extensions import db
from schoolot.models import CalendarDay, TravelTime
from tests.factories import SmallDistrict, make_calendar_day, make_travel


@pytest.fixture
def small(app, login):
    district = SmallDistrict(db.session)
    db.session.commit()
    login(district.coordinator)
    return district


def _day(**overrides) -> dict:
    data = {"date": "2026-12-18", "school": "OAK", "kind": "closed", "end_time": "", "note": ""}
    data.update(overrides)
    return data


def _day_count() -> int:
    return db.session.scalar(select(func.count()).select_from(CalendarDay))


def test_adding_an_early_release_for_a_school_saves_it_and_returns_to_the_school(client, small):
    response = client.post(
        f"/schools/calendar/new?school={small.oak.id}",
        data=_day(kind="early_release", end_time="12:30", note="Conferences"),
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/schools/{small.oak.id}#calendar")
    day = db.session.scalar(select(CalendarDay))
    assert (day.school_id, day.kind, day.end_time) == (
        small.oak.id,
        "early_release",
        dt.time(12, 30),
    )


def test_a_district_wide_day_shows_on_every_school_page_and_the_district_page(client, small):
    response = client.post("/schools/calendar/new", data=_day(school="", note="Snow day"))
    assert response.status_code == 302
    assert db.session.scalar(select(CalendarDay)).school_id is None
    for url in (f"/schools/{small.oak.id}", f"/schools/{small.lin.id}", "/district/"):
        assert "Snow day" in client.get(url).text


def test_a_day_of_another_school_is_not_on_this_school_page(client, small):
    make_calendar_day(db.session, small.lin, note="Lincoln field day")
    db.session.commit()
    assert "Lincoln field day" not in client.get(f"/schools/{small.oak.id}").text


def test_a_date_outside_the_school_year_is_refused(client, small):
    response = client.post("/schools/calendar/new", data=_day(date="2027-07-04"))
    assert response.status_code == 422
    assert "2027-07-04 is outside the school year (2026-08-19 to 2027-05-27)" in response.text
    assert _day_count() == 0


def test_an_early_release_after_the_day_ends_is_refused(client, small):
    response = client.post(
        "/schools/calendar/new", data=_day(kind="early_release", end_time="16:00")
    )
    assert response.status_code == 422
    assert 'id="end_time-error"' in response.text
    assert "an early release at 16:00 is not inside Oak Elementary" in response.text
    assert _day_count() == 0


def test_a_district_wide_early_release_must_fit_every_school(client, small):
    small.lin.day_end = dt.time(12, 0)
    db.session.commit()
    response = client.post(
        "/schools/calendar/new", data=_day(school="", kind="early_release", end_time="13:00")
    )
    assert response.status_code == 422
    assert "not inside Lincoln Elementary" in response.text


def test_an_early_release_needs_its_end_time(client, small):
    response = client.post("/schools/calendar/new", data=_day(kind="early_release"))
    assert response.status_code == 422
    assert "an early release day needs the time the student day ends" in response.text


def test_a_closed_day_with_an_end_time_is_refused(client, small):
    response = client.post("/schools/calendar/new", data=_day(end_time="12:00"))
    assert response.status_code == 422
    assert "only an early release day has an end time" in response.text


def test_the_same_date_twice_for_one_school_is_refused(client, small):
    make_calendar_day(db.session, small.oak, date=dt.date(2026, 12, 18))
    db.session.commit()
    response = client.post("/schools/calendar/new", data=_day())
    assert response.status_code == 422
    assert "already on the calendar for Oak Elementary" in response.text
    assert _day_count() == 1


def test_editing_and_deleting_a_calendar_day(client, small):
    day = make_calendar_day(db.session, small.oak)
    db.session.commit()
    response = client.post(
        f"/schools/calendar/{day.id}/edit", data=_day(date="2026-11-27", note="Day after")
    )
    assert response.status_code == 302
    db.session.refresh(day)
    assert (day.date, day.note) == (dt.date(2026, 11, 27), "Day after")
    assert client.post(f"/schools/calendar/{day.id}/delete").status_code == 302
    assert _day_count() == 0


def test_setting_a_travel_time_holds_both_ways(client, small):
    response = client.post(
        f"/schools/{small.oak.id}/travel", data={"to_school": "LIN", "minutes": "20"}
    )
    assert response.status_code == 302
    page = client.get(f"/schools/{small.lin.id}").text
    oak_row = page[page.index("<td>Oak Elementary</td>") :]
    assert oak_row.split("</tr>")[0].count(">20<") == 1


def test_setting_a_travel_time_again_either_way_replaces_it(client, small):
    make_travel(db.session, small.lin, small.oak, 30)
    db.session.commit()
    response = client.post(
        f"/schools/{small.oak.id}/travel", data={"to_school": "LIN", "minutes": "25"}
    )
    assert response.status_code == 302
    assert [t.minutes for t in db.session.scalars(select(TravelTime))] == [25]


def test_negative_travel_minutes_are_refused(client, small):
    response = client.post(
        f"/schools/{small.oak.id}/travel", data={"to_school": "LIN", "minutes": "-5"}
    )
    assert response.status_code == 422
    assert "-5 is below 0" in response.text
    assert db.session.scalar(select(func.count()).select_from(TravelTime)) == 0


def test_no_travel_time_from_a_school_to_itself(app, small):
    with pytest.raises(ValidationFailed) as error:
        set_travel_time(db.session, small.oak, "OAK", 5)
    assert error.value.problems == [
        "to_school: choose another school: there is no travel within one school"
    ]


def test_removing_a_travel_time_returns_to_the_school_it_was_removed_from(client, small):
    travel = make_travel(db.session, small.lin, small.oak, 30)
    db.session.commit()
    response = client.post(f"/schools/travel/{travel.id}/delete?school={small.oak.id}")
    assert response.headers["Location"].endswith(f"/schools/{small.oak.id}#travel")
    assert db.session.scalar(select(func.count()).select_from(TravelTime)) == 0
