"""Who may see the staff pages: coordinators only."""

import pytest

from schoolot.extensions import db
from tests.factories import SmallDistrict


@pytest.fixture
def small(app):
    district = SmallDistrict(db.session)
    db.session.commit()
    return district


PAGES = [
    lambda d: "/staff/therapists",
    lambda d: f"/staff/therapists/{d.ot1.id}",
    lambda d: "/staff/therapists/new",
    lambda d: f"/staff/therapists/{d.ot1.id}/edit",
    lambda d: f"/staff/therapists/{d.ot1.id}/schools",
    lambda d: f"/staff/therapists/{d.ot1.id}/hours/new",
    lambda d: f"/staff/hours/{d.ot1.hours[0].id}/edit",
    lambda d: "/staff/teachers",
    lambda d: f"/staff/teachers/{d.teacher_oak.id}",
    lambda d: "/staff/teachers/new",
    lambda d: f"/staff/teachers/{d.teacher_oak.id}/edit",
    lambda d: "/staff/users",
]


@pytest.mark.parametrize("page", PAGES)
def test_each_staff_page_renders_for_a_coordinator(client, login, small, page):
    login(small.coordinator)
    assert client.get(page(small)).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_each_staff_page_is_forbidden_to_therapists_and_teachers(client, login, small, page):
    for user in (small.therapist_user, small.teacher_user):
        login(user)
        assert client.get(page(small)).status_code == 403, user.role


@pytest.mark.parametrize("role", ["therapist_user", "teacher_user"])
def test_staff_changes_are_forbidden_to_therapists_and_teachers(client, login, small, role):
    login(getattr(small, role))
    assert client.post(f"/staff/therapists/{small.ot2.id}/delete").status_code == 403
    assert client.post(f"/staff/users/{small.coordinator.id}/deactivate").status_code == 403
    assert db.session.get(type(small.ot2), small.ot2.id) is not None


def test_the_navigation_offers_a_coordinator_the_district_areas(client, login, small):
    login(small.coordinator)
    page = client.get("/dashboard").text
    for label in ("Schools", "Therapists", "Teachers", "Accounts", "District"):
        assert f">{label}</a>" in page


def test_the_navigation_hides_the_district_areas_from_a_therapist(client, login, small):
    login(small.therapist_user)
    page = client.get("/dashboard").text
    for label in ("Schools", "Therapists", "Teachers", "Accounts", "District"):
        assert f">{label}</a>" not in page
