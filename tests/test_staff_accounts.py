"""Accounts page: create an account that can log in, deactivate and reactivate."""

import pytest
from sqlalchemy import select

from schoolot.extensions import db
from schoolot.models import User
from tests.factories import SmallDistrict


@pytest.fixture
def small(app, login):
    district = SmallDistrict(db.session)
    db.session.commit()
    login(district.coordinator)
    return district


def _log_in(client, email: str, password: str):
    client.post("/logout")
    return client.post("/login", data={"email": email, "password": password})


def test_the_accounts_page_lists_every_account_with_its_link(client, small):
    page = client.get("/staff/users").text
    assert small.therapist_user.email in page and small.ot1.name in page
    assert small.teacher_user.email in page and small.teacher_lin.name in page


def test_an_account_created_on_the_page_can_log_in(client, small):
    response = client.post(
        "/staff/users",
        data={
            "email": "New.OT@district.example",
            "role": "therapist",
            "therapist": small.ot2.code,
            "teacher": "",
            "password": "first-pass-9",
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "new.ot@district.example"))
    assert user.therapist_id == small.ot2.id
    login = _log_in(client, "new.ot@district.example", "first-pass-9")
    assert login.status_code == 302
    assert "Kim" in client.get("/dashboard").text  # ot2's caseload


def test_a_therapist_account_needs_its_therapist(client, small):
    response = client.post(
        "/staff/users",
        data={
            "email": "x@district.example",
            "role": "therapist",
            "therapist": "",
            "teacher": "",
            "password": "first-pass-9",
        },
    )
    assert response.status_code == 422
    assert "choose the therapist this account belongs to" in response.text
    assert db.session.scalar(select(User).where(User.email == "x@district.example")) is None


def test_a_short_password_is_refused_on_the_password_field(client, small):
    response = client.post(
        "/staff/users",
        data={"email": "boss2@district.example", "role": "coordinator", "password": "short"},
    )
    assert response.status_code == 422
    assert 'id="password-error"' in response.text
    assert "use at least 8 characters" in response.text


def test_a_deactivated_account_cannot_log_in_until_reactivated(client, small):
    email = small.teacher_user.email
    assert client.post(f"/staff/users/{small.teacher_user.id}/deactivate").status_code == 302
    assert _log_in(client, email, "password1").status_code == 401
    _log_in(client, small.coordinator.email, "password1")
    client.post(f"/staff/users/{small.teacher_user.id}/reactivate")
    assert _log_in(client, email, "password1").status_code == 302


def test_a_coordinator_cannot_deactivate_their_own_account(client, small):
    response = client.post(f"/staff/users/{small.coordinator.id}/deactivate", follow_redirects=True)
    assert "you cannot deactivate your own account" in response.text
    db.session.refresh(small.coordinator)
    assert small.coordinator.active
