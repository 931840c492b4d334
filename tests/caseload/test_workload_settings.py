"""The district's workload settings on the settings page: saved, shown, refused in words."""

from __future__ import annotations

import pytest

from schoolot.extensions import db
from schoolot.models import District
from tests.factories import SmallDistrict
from tests.test_schools_district_settings import _settings


@pytest.fixture
def small(app, login):
    district = SmallDistrict(db.session)
    db.session.commit()
    login(district.coordinator)
    return district


def test_a_new_district_has_the_default_workload_settings(small):
    district = db.session.get(District, small.district.id)
    assert (
        district.capacity_minutes_per_fte,
        district.documentation_minutes_per_student,
        district.over_percent,
        district.under_percent,
    ) == (1800, 10, 100, 60)


def test_the_settings_page_saves_and_shows_the_workload_settings(client, small):
    response = client.post(
        "/district/",
        data=_settings(
            capacity_minutes_per_fte="1500",
            documentation_minutes_per_student="15",
            over_percent="110",
            under_percent="50",
        ),
    )
    assert response.status_code == 302
    db.session.expire_all()
    district = db.session.get(District, small.district.id)
    assert district.capacity_minutes_per_fte == 1500
    assert district.documentation_minutes_per_student == 15
    assert (district.over_percent, district.under_percent) == (110, 50)
    page = client.get("/district/").text
    assert 'name="capacity_minutes_per_fte"' in page and 'value="1500"' in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("capacity_minutes_per_fte", "0", "capacity per fte"),
        ("documentation_minutes_per_student", "-5", "documentation"),
        ("over_percent", "50", "must be above the under-used one (60%)"),
        ("capacity_minutes_per_fte", "lots", "capacity per fte"),
    ],
)
def test_bad_workload_settings_are_refused_and_nothing_is_saved(
    client, small, field, value, message
):
    response = client.post("/district/", data=_settings(name="Changed", **{field: value}))
    assert response.status_code == 422
    assert message in response.text.lower()
    db.session.expire_all()
    district = db.session.get(District, small.district.id)
    assert district.name == "Riverbend USD"  # nothing half-applied
    assert district.capacity_minutes_per_fte == 1800
