"""The cycle of weeks on the forms: district settings, therapist, working hours, blocks and
service lines refuse what the bundle import refuses, in the same words, and save nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from schoolot.extensions import db
from schoolot.models import Block, District, ServiceLine
from tests.factories import SmallDistrict, make_block


@pytest.fixture
def small(app, login):
    district = SmallDistrict(db.session)
    db.session.commit()
    login(district.coordinator)
    return district


def _settings(**overrides) -> dict:
    data = {
        "name": "Riverbend USD",
        "timezone": "America/Chicago",
        "year_start": "2026-08-19",
        "year_end": "2027-05-27",
        "school_days": ["Mon", "Tue", "Wed", "Thu", "Fri"],
        "lunch_minutes": "30",
        "lunch_window_start": "11:00",
        "lunch_window_end": "13:30",
        "group_grade_span": "1",
        "capacity_minutes_per_fte": "1800",
        "documentation_minutes_per_student": "10",
        "over_percent": "100",
        "under_percent": "60",
        "cycle_weeks": "",
        "cycle_anchor": "",
        "service_model": "weekly",
    }
    data.update(overrides)
    return data


def _district() -> District:
    district = db.session.scalars(select(District)).one()
    db.session.refresh(district)
    return district


def test_settings_save_a_two_week_cycle_anchored_on_a_monday(client, small):
    page = client.get("/district/").text
    assert "Automatic (4 with monthly lines or a 3:1 therapist, else 1)" in page
    response = client.post("/district/", data=_settings(cycle_weeks="2", cycle_anchor="2026-08-24"))
    assert response.status_code == 302
    district = _district()
    assert (district.cycle_weeks, district.cycle_anchor, district.service_model) == (
        2,
        dt.date(2026, 8, 24),
        "weekly",
    )
    assert (
        '<option selected value="2">2 weeks: Week A and Week B</option>'
        in client.get("/district/").text
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"cycle_weeks": "2", "service_model": "3:1"},
            "a 3:1 service model needs a cycle of 4 or 8 weeks, not 2",
        ),
        (
            {"cycle_anchor": "2026-06-01"},
            "2026-06-01 is outside the school year (2026-08-19 to 2027-05-27): the cycle is "
            "anchored to a date of the year",
        ),
        ({"cycle_weeks": "9"}, "a cycle has 1 to 8 weeks"),
    ],
)
def test_settings_refuse_a_cycle_that_breaks_a_rule(client, small, overrides, message):
    response = client.post("/district/", data=_settings(**overrides))
    assert response.status_code == 422
    assert message in response.text.replace("&#39;", "'")
    assert _district().cycle_weeks is None


def test_settings_refuse_a_shorter_cycle_than_the_blocks_use(client, small):
    make_block(db.session, small.oak, cycle_week=4)
    db.session.commit()
    response = client.post("/district/", data=_settings(cycle_weeks="2"))
    assert response.status_code == 422
    assert (
        "1 block(s) hold in weeks beyond a cycle of 2 week(s) (up to week 4): set them to a "
        "week of the cycle or to every week first"
    ) in response.text
    assert _district().cycle_weeks is None


def test_settings_refuse_a_two_week_cycle_with_a_3_1_therapist(client, small):
    small.ot2.service_model = "3:1"
    db.session.commit()
    response = client.post("/district/", data=_settings(cycle_weeks="2"))
    assert response.status_code == 422
    assert "a therapist: a 3:1 service model needs a cycle of 4 or 8 weeks, not 2" in (
        response.text
    )


def _therapist(small, **overrides) -> dict:
    data = {"code": small.ot2.code, "name": small.ot2.name, "role": "OT", "fte": "1"}
    data.update(overrides)
    return data


def test_therapist_on_3_1_in_an_automatic_cycle_is_saved(client, small):
    response = client.post(
        f"/staff/therapists/{small.ot2.id}/edit", data=_therapist(small, service_model="3:1")
    )
    assert response.status_code == 302
    db.session.refresh(small.ot2)
    assert small.ot2.service_model == "3:1"
    # Back to the district's.
    client.post(f"/staff/therapists/{small.ot2.id}/edit", data=_therapist(small, service_model=""))
    db.session.refresh(small.ot2)
    assert small.ot2.service_model is None


def test_therapist_on_3_1_in_a_two_week_cycle_is_refused(client, small):
    small.district.cycle_weeks = 2
    db.session.commit()
    response = client.post(
        f"/staff/therapists/{small.ot2.id}/edit", data=_therapist(small, service_model="3:1")
    )
    assert response.status_code == 422
    assert "a 3:1 service model needs a cycle of 4 or 8 weeks, not 2" in response.text
    db.session.refresh(small.ot2)
    assert small.ot2.service_model is None


def _block(**overrides) -> dict:
    data = {
        "scope": "grade",
        "target": "2",
        "weekdays": "Wed",
        "start": "10:00",
        "end": "10:45",
        "kind": "busy",
        "label": "Library",
        "cycle_week": "1",
    }
    data.update(overrides)
    return data


def test_block_in_week_a_of_a_two_week_cycle(client, small):
    small.district.cycle_weeks = 2
    db.session.commit()
    page = client.get(f"/schools/{small.oak.id}/blocks/new").text
    assert '<option value="1">Week A</option>' in page
    assert '<option value="2">Week B</option>' in page
    response = client.post(f"/schools/{small.oak.id}/blocks/new", data=_block())
    assert response.status_code == 302
    assert db.session.scalars(select(Block.cycle_week)).all() == [1]


def test_block_beyond_the_cycle_is_refused(client, small):
    # No monthly line and no 3:1 therapist: the automatic cycle is one week.
    response = client.post(f"/schools/{small.oak.id}/blocks/new", data=_block(cycle_week="2"))
    assert response.status_code == 422
    assert (
        "week 2 is beyond the district&#39;s cycle of 1 week (automatic: 4 with a monthly line "
        "or a 3:1 therapist, else 1)"
    ) in response.text
    assert db.session.scalars(select(Block)).all() == []


def _hours(**overrides) -> dict:
    data = {"weekdays": "Mon", "start": "08:00", "end": "12:00", "school": "", "cycle_week": "3"}
    data.update(overrides)
    return data


def test_hours_of_one_week_beside_the_every_week_hours(client, small):
    small.district.cycle_weeks = 4
    db.session.commit()
    url = f"/staff/therapists/{small.ot2.id}/hours/new"
    assert client.post(url, data=_hours()).status_code == 302
    db.session.refresh(small.ot2)
    weeks = sorted((h.cycle_week or 0, h.weekdays) for h in small.ot2.hours)
    assert weeks[-1] == (3, "Mon")
    # A second Monday row for week 3 is refused, on the weekdays field.
    response = client.post(url, data=_hours(start="13:00", end="15:00"))
    assert response.status_code == 422
    assert "Mon already has working hours (08:00-12:00; one row per working weekday in week 3)" in (
        response.text
    )
    # Week 5 of a 4-week cycle is refused.
    response = client.post(url, data=_hours(weekdays="Tue", cycle_week="5"))
    assert response.status_code == 422
    assert "week 5 is beyond the district&#39;s cycle of 4 weeks: use 1 to 4" in response.text


def test_a_quarterly_line_cannot_be_fixed_to_a_weekly_time(client, small):
    line = db.session.scalars(select(ServiceLine)).first()
    student = line.student
    response = client.post(
        f"/students/{student.id}/services/{line.id}/edit",
        data={
            "code": line.code,
            "minutes": "120",
            "per": "quarter",
            "session_minutes": "30",
            "delivery": "pull_out",
            "grouping": "individual",
            "max_group": "3",
            "fixed_day": "Mon",
            "fixed_start": "10:00",
        },
    )
    assert response.status_code == 422, response.status_code
    assert "a line per quarter is placed on dates across the quarter, not at a weekly day" in (
        response.text
    )


def test_pages_show_a_rows_week_of_the_cycle_and_a_3_1_therapist(client, small):
    small.district.cycle_weeks = 4
    small.ot2.service_model = "3:1"
    make_block(db.session, small.oak, weekdays="Wed", label="Library", cycle_week=3)
    small.ot2.hours[0].cycle_week = 2
    db.session.commit()
    school = client.get(f"/schools/{small.oak.id}").text
    assert 'Library <span class="badge">Week 3 of the cycle</span>' in school
    therapist = client.get(f"/staff/therapists/{small.ot2.id}").text
    assert "3:1 service (every fourth week without direct sessions)" in therapist
    assert '<span class="badge">Week 2 of the cycle</span>' in therapist
    # A 2-week cycle names its weeks as the forms and timetables do: A and B.
    small.district.cycle_weeks = 2
    small.ot2.service_model = None
    db.session.commit()
    assert '<span class="badge">Week B of the cycle</span>' in (
        client.get(f"/staff/therapists/{small.ot2.id}").text
    )
