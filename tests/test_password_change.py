"""Changing a password: the owner on the account page, a coordinator's `flask set-password`.

Either way every other session of the account ends; the page keeps the owner's own
session going. Each request runs in an app context of its own, as on a server.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from schoolot.extensions import db
from tests.factories import PASSWORD, SmallDistrict
from tests.security.test_logout_revokes_sessions import OwnContextClient

PAGE = "/account/password"


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.test_client_class = OwnContextClient
    return app.test_client()


def _log_in(client: FlaskClient, email: str, password: str = PASSWORD) -> None:
    response = client.post("/login", data={"email": email, "password": password, "remember": "y"})
    assert response.status_code == 302, response.text


def _change(client: FlaskClient, current: str, new: str, confirm: str | None = None):
    return client.post(
        PAGE,
        data={"current_password": current, "new_password": new, "confirm": confirm or new},
    )


def test_changing_the_password_logs_out_other_devices_and_keeps_this_one(app, client):
    district = SmallDistrict(db.session)
    db.session.commit()
    email = district.therapist_user.email
    phone = app.test_client()
    _log_in(phone, email)
    _log_in(client, email)
    assert phone.get("/students/").status_code == 200

    response = _change(client, PASSWORD, "a brand new passphrase")

    assert response.status_code == 302
    assert client.get("/students/").status_code == 200
    assert phone.get("/students/").status_code == 302
    fresh = app.test_client()
    assert fresh.post("/login", data={"email": email, "password": PASSWORD}).status_code == 401
    _log_in(fresh, email, "a brand new passphrase")


def test_the_remembered_device_gets_a_new_remember_cookie(app, client):
    district = SmallDistrict(db.session)
    db.session.commit()
    _log_in(client, district.teacher_user.email)
    before = client.get_cookie("remember_token")
    assert before is not None

    _change(client, PASSWORD, "another long password")

    after = client.get_cookie("remember_token")
    assert after is not None and after.value != before.value
    alone = app.test_client()
    alone.set_cookie("remember_token", after.value)
    assert alone.get("/students/").status_code == 200


@pytest.mark.parametrize(
    ("current", "new", "confirm", "field", "message"),
    [
        ("wrong password", "a brand new one", None, "current_password", "not the account"),
        (PASSWORD, "short", None, "new_password", "at least 8 characters"),
        (PASSWORD, "a brand new one", "another one", "confirm", "do not match"),
        (PASSWORD, PASSWORD, None, "new_password", "other than the current one"),
    ],
)
def test_a_refused_change_says_why_and_changes_nothing(
    app, client, current, new, confirm, field, message
):
    district = SmallDistrict(db.session)
    db.session.commit()
    email = district.coordinator.email
    _log_in(client, email)
    other = app.test_client()
    _log_in(other, email)

    response = _change(client, current, new, confirm)

    assert response.status_code == 422
    assert message in response.text
    assert f'id="{field}-error"' in response.text
    assert other.get("/students/").status_code == 200
    _log_in(app.test_client(), email, PASSWORD)


def test_the_page_needs_a_login(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_set_password_command_ends_every_session(app, client, runner):
    district = SmallDistrict(db.session)
    db.session.commit()
    email = district.therapist_user.email
    _log_in(client, email)

    result = runner.invoke(args=["set-password", email.upper(), "--password", "reset by it"])

    assert result.exit_code == 0, result.output
    assert client.get("/students/").status_code == 302
    _log_in(app.test_client(), email, "reset by it")


def test_set_password_command_names_what_is_wrong(runner):
    result = runner.invoke(args=["set-password", "nobody@example.org", "--password", "whatever1"])
    assert result.exit_code == 1
    assert "no account for nobody@example.org" in result.output
