"""The district settings page: the import's rules on name, time zone, year and lunch."""

import datetime as dt

import pytest

from schoolot.district.settings import get_district
from schoolot.extensions import db
from schoolot.models import District
from tests.factories import SmallDistrict, make_calendar_day, make_user


def _settings(**overrides) -> dict:
    data = {
        "name": "Riverbend Unified",
        "timezone": "America/Denver",
        "year_start": "2026-08-17",
        "year_end": "2027-05-28",
        "school_days": ["Mon", "Tue", "Wed", "Thu"],
        "lunch_minutes": "25",
        "lunch_window_start": "11:00",
        "lunch_window_end": "13:00",
        "group_grade_span": "2",
        "capacity_minutes_per_fte": "1800",
        "documentation_minutes_per_student": "10",
        "over_percent": "100",
        "under_percent": "60",
    }
    data.update(overrides)
    return data


@pytest.fixture
def small(app, login):
    district = SmallDistrict(db.session)
    db.session.commit()
    login(district.coordinator)
    return district


def test_saving_the_settings_updates_the_district(client, small):
    response = client.post("/district/", data=_settings())
    assert response.status_code == 302
    district = db.session.get(District, small.district.id)
    db.session.refresh(district)
    assert (district.name, district.timezone) == ("Riverbend Unified", "America/Denver")
    assert district.school_days == "Mon Tue Wed Thu"
    assert (district.lunch_minutes, district.lunch_window_end) == (25, dt.time(13, 0))
    assert district.group_grade_span == 2


def test_the_settings_form_shows_the_current_values(client, small):
    page = client.get("/district/").text
    assert 'value="America/Chicago"' in page
    assert 'value="2026-08-19"' in page
    assert (
        '<input checked id="school_days-4" name="school_days" type="checkbox" value="Fri">' in page
    )
    assert '<input id="school_days-5" name="school_days" type="checkbox" value="Sat">' in page


def test_an_unknown_time_zone_is_refused(client, small):
    response = client.post("/district/", data=_settings(timezone="America/Gotham"))
    assert response.status_code == 422
    assert "&#39;America/Gotham&#39; is not an IANA time zone" in response.text
    db.session.refresh(small.district)
    assert small.district.timezone == "America/Chicago"


def test_lunch_longer_than_its_window_is_refused(client, small):
    response = client.post("/district/", data=_settings(lunch_minutes="150"))
    assert response.status_code == 422
    assert "150 minutes of lunch do not fit in the lunch window 11:00-13:00" in response.text


def test_a_year_that_would_strand_calendar_days_is_refused(client, small):
    make_calendar_day(db.session, None, date=dt.date(2026, 8, 20))
    db.session.commit()
    response = client.post("/district/", data=_settings(year_start="2026-09-01"))
    assert response.status_code == 422
    assert "1 calendar day(s) would fall outside the school year (2026-08-20)" in response.text


def test_the_settings_page_creates_the_district_when_there_is_none(app, client, login):
    coordinator = make_user(db.session, "coordinator")
    db.session.commit()
    login(coordinator)
    assert "Set up the district" in client.get("/district/").text
    assert client.post("/district/", data=_settings()).status_code == 302
    assert get_district(db.session).name == "Riverbend Unified"


def test_feeds_can_name_students_by_initials_only(client, small):
    assert small.district.feed_names == "first_initial"
    response = client.post("/district/", data=_settings(feed_names="initials"))
    assert response.status_code == 302
    district = db.session.get(District, small.district.id)
    db.session.refresh(district)
    assert district.feed_names == "initials"


def test_a_feed_name_style_not_offered_is_refused(client, small):
    response = client.post("/district/", data=_settings(feed_names="full_names"))
    assert response.status_code == 422
    db.session.refresh(small.district)
    assert small.district.feed_names == "first_initial"


def test_today_is_the_districts_date_not_the_servers(small):
    """Just after midnight UTC it is still the evening before in Chicago."""
    from schoolot.district.settings import district_today

    late_evening = dt.datetime(2026, 11, 26, 0, 5, tzinfo=dt.UTC)
    assert small.district.timezone == "America/Chicago"
    assert district_today(small.district, late_evening) == dt.date(2026, 11, 25)
    assert district_today(small.district, late_evening + dt.timedelta(hours=6)) == dt.date(
        2026, 11, 26
    )
