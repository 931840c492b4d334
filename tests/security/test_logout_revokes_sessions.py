"""Issue 9, finding 3: logout, a password change and deactivation end every session.

A `session` and a `remember_token` cookie copied before the event are replayed in a
fresh client (another browser) afterwards: they must open nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient

from schoolot.accounts.service import set_password
from schoolot.extensions import db
from tests.factories import PASSWORD, SmallDistrict

PAGE = "/students/"
COOKIES = ("session", "remember_token")


class OwnContextClient(FlaskClient):
    """Each request in an app context of its own, as on a server: the `app` fixture keeps
    one context open for the whole test, and Flask-Login caches the loaded user in its
    `g`, which would let one client's user leak into the next client's request."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.test_client_class = OwnContextClient
    return app.test_client()


def _log_in(client: FlaskClient, email: str, password: str = PASSWORD) -> None:
    response = client.post("/login", data={"email": email, "password": password, "remember": "y"})
    assert response.status_code == 302, response.text


def _copy_cookies(client: FlaskClient) -> dict[str, str]:
    copied = {}
    for name in COOKIES:
        cookie = client.get_cookie(name)
        assert cookie is not None, f"no {name} cookie after login"
        copied[name] = cookie.value
    return copied


def _opens(app: Flask, cookies: dict[str, str]) -> bool:
    """Whether a fresh client holding only `cookies` sees the page."""
    fresh = app.test_client()
    for name, value in cookies.items():
        fresh.set_cookie(name, value)
    response = fresh.get(PAGE)
    if response.status_code == 302:
        assert "/login" in response.headers["Location"]
        return False
    assert response.status_code == 200, response.status_code
    return True


def _each_cookie_alone_and_both(copied: dict[str, str]) -> list[dict[str, str]]:
    return [{"session": copied["session"]}, {"remember_token": copied["remember_token"]}, copied]


def test_copied_cookies_open_nothing_after_logout(app, client):
    district = SmallDistrict(db.session)
    db.session.commit()
    _log_in(client, district.therapist_user.email)
    copied = _copy_cookies(client)
    assert all(_opens(app, cookies) for cookies in _each_cookie_alone_and_both(copied))

    assert client.post("/logout").status_code == 302

    for cookies in _each_cookie_alone_and_both(copied):
        assert not _opens(app, cookies), f"{sorted(cookies)} still opens {PAGE} after logout"


def test_logout_ends_the_sessions_of_the_accounts_other_devices(app, client):
    district = SmallDistrict(db.session)
    db.session.commit()
    phone = app.test_client()
    _log_in(phone, district.therapist_user.email)
    _log_in(client, district.therapist_user.email)
    assert phone.get(PAGE).status_code == 200

    client.post("/logout")

    assert phone.get(PAGE).status_code == 302


def test_a_password_change_ends_every_session(app, client):
    district = SmallDistrict(db.session)
    db.session.commit()
    email = district.teacher_user.email
    _log_in(client, email)
    copied = _copy_cookies(client)

    set_password(district.teacher_user, "a-new-password")
    db.session.commit()

    assert client.get(PAGE).status_code == 302
    for cookies in _each_cookie_alone_and_both(copied):
        assert not _opens(app, cookies), f"{sorted(cookies)} still opens {PAGE}"
    _log_in(app.test_client(), email, "a-new-password")


def test_deactivation_by_a_coordinator_ends_sessions_for_good(app, client):
    district = SmallDistrict(db.session)
    db.session.commit()
    teacher_id = district.teacher_user.id
    _log_in(client, district.teacher_user.email)
    copied = _copy_cookies(client)
    coordinator = app.test_client()
    _log_in(coordinator, district.coordinator.email)

    response = coordinator.post(f"/staff/users/{teacher_id}/deactivate")
    assert response.status_code == 302
    for cookies in _each_cookie_alone_and_both(copied):
        assert not _opens(app, cookies)

    # Let back in, the account logs in anew: the cookies of before stay dead.
    coordinator.post(f"/staff/users/{teacher_id}/reactivate")
    for cookies in _each_cookie_alone_and_both(copied):
        assert not _opens(app, cookies), f"{sorted(cookies)} reopened after reactivation"
    assert client.get(PAGE).status_code == 302


def test_the_remember_cookie_is_lax_httponly_and_lasts_days(app, client):
    district = SmallDistrict(db.session)
    db.session.commit()
    response = client.post(
        "/login",
        data={"email": district.coordinator.email, "password": PASSWORD, "remember": "y"},
    )
    header = next(
        h for h in response.headers.getlist("Set-Cookie") if h.startswith("remember_token=")
    )
    attributes = {part.strip().split("=")[0].lower() for part in header.split(";")}
    assert "samesite=lax" in header.lower()
    assert "httponly" in attributes
    cookie = client.get_cookie("remember_token")
    assert cookie is not None and cookie.expires is not None
    lasts = cookie.expires - dt.datetime.now(dt.UTC)
    assert dt.timedelta(days=1) < lasts <= dt.timedelta(days=31), lasts


def test_logging_in_starts_a_fresh_session(app, client):
    district = SmallDistrict(db.session)
    db.session.commit()
    with client.session_transaction() as before:
        before["planted"] = "by someone else"

    _log_in(client, district.coordinator.email)

    with client.session_transaction() as after:
        assert "planted" not in after
