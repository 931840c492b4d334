import datetime as dt

import pytest

from schoolot.accounts.service import authenticate, create_user
from schoolot.errors import LoginThrottled, ValidationFailed
from schoolot.extensions import db
from tests.factories import SmallDistrict


def test_create_user_stores_a_hash_not_the_password(app):
    user = create_user(db.session, "Coord@District.example", "coordinator", "s3cret-pass")
    assert user.email == "coord@district.example"
    assert "s3cret-pass" not in user.password_hash


def test_therapist_account_needs_an_existing_therapist(app):
    with pytest.raises(ValidationFailed) as error:
        create_user(db.session, "x@d.example", "therapist", "password1", therapist_code="nobody")
    assert "therapist: no therapist with id 'nobody'" in error.value.problems


def test_login_is_throttled_after_repeated_failures(app):
    create_user(db.session, "boss@district.example", "coordinator", "password1")
    now = dt.datetime(2026, 9, 1, 8, 0)
    for _ in range(5):
        assert authenticate(db.session, "boss@district.example", "wrong", None, now=now) is None
    with pytest.raises(LoginThrottled):
        authenticate(db.session, "boss@district.example", "password1", None, now=now)
    later = now + dt.timedelta(minutes=16)
    assert authenticate(db.session, "boss@district.example", "password1", None, now=later)
    # Another account's failures are counted apart.
    create_user(db.session, "other@district.example", "coordinator", "password1")
    assert authenticate(db.session, "other@district.example", "password1", None, now=now)


def test_dashboard_needs_login(client):
    response = client.get("/dashboard")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_each_role_lands_on_its_dashboard(app, client, login):
    district = SmallDistrict(db.session)
    db.session.commit()
    login(district.teacher_user)
    page = client.get("/dashboard").text
    assert "Kim" in page and "Ode" in page
    assert "Lopez" not in page  # another class's student
    login(district.therapist_user)
    page = client.get("/dashboard").text
    assert "Lopez" in page and "Kim" not in page


def test_wrong_password_is_refused_with_401(app, client):
    district = SmallDistrict(db.session)
    db.session.commit()
    response = client.post(
        "/login", data={"email": district.coordinator.email, "password": "nope-nope"}
    )
    assert response.status_code == 401
    assert "do not match" in response.text


def test_create_user_command_makes_an_account_that_can_log_in(app, runner, client):
    result = runner.invoke(
        args=["create-user", "lead@district.example", "--role", "coordinator"],
        input="long-password\nlong-password\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created coordinator account lead@district.example" in result.output
    response = client.post(
        "/login", data={"email": "lead@district.example", "password": "long-password"}
    )
    assert response.status_code == 302


def test_create_user_command_names_a_missing_therapist(app, runner):
    result = runner.invoke(
        args=["create-user", "x@district.example", "--role", "therapist", "--therapist", "nope"],
        input="long-password\nlong-password\n",
    )
    assert result.exit_code == 1
    assert "therapist: no therapist with id 'nope'" in result.output


def test_a_deactivated_account_is_logged_out_on_its_next_request(app, client, login):
    district = SmallDistrict(db.session)
    db.session.commit()
    login(district.teacher_user)
    assert client.get("/dashboard").status_code == 200
    district.teacher_user.active = False
    db.session.commit()
    response = client.get("/dashboard")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_only_the_current_section_is_marked_in_the_navigation(app, client, login):
    district = SmallDistrict(db.session)
    db.session.commit()
    login(district.coordinator)
    page = client.get(f"/staff/therapists/{district.ot1.id}").text
    assert page.count('aria-current="page"') == 1
    assert 'aria-current="page">Therapists<' in page


def test_stored_moments_show_in_the_district_time_zone(app):
    import datetime as dt

    from flask import render_template_string

    SmallDistrict(db.session)  # America/Chicago
    with app.test_request_context():
        shown = render_template_string(
            "{{ moment|district_time }}", moment=dt.datetime(2026, 11, 25, 21, 29)
        )
    assert shown == "2026-11-25 15:29 CST"
