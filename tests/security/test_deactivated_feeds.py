"""Issue 9, finding 7: a deactivated or deleted account's calendar feed stops at once.

The feed is fetched (and so cached by the process), the coordinator deactivates the
account through the Accounts page (a real POST), and the same address answers 404 at
once, within the cache's lifetime and after it, and still after reactivation: the person
let back in makes a new address.
"""

from __future__ import annotations

import pytest
from flask import Flask

from schoolot.extensions import db
from schoolot.feeds import tokens
from schoolot.models import CalendarFeed
from schoolot.web.feeds.public import CACHE_KEY
from tests.factories import PASSWORD, make_school, make_teacher, make_user
from tests.feed_district import FeedDistrict


@pytest.fixture
def district(app: Flask) -> FeedDistrict:
    district = FeedDistrict(db.session)
    district.ward_user = make_user(db.session, "therapist", therapist=district.ward)
    district.taylor_user = make_user(db.session, "teacher", teacher=district.taylor)
    district.coordinator = make_user(db.session, "coordinator")
    db.session.commit()
    return district


def _feed_url(app: Flask, kind: str, owner_id: int) -> tuple[int, str]:
    secret = app.config["SECRET_KEY"]
    feed = tokens.ensure_feed(db.session(), secret, kind, owner_id)
    db.session.commit()
    return feed.id, f"/feeds/{tokens.token_of(feed, secret)}.ics"


def _as_coordinator(app: Flask, email: str):
    coordinator = app.test_client()
    response = coordinator.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302
    return coordinator


@pytest.mark.parametrize("kind", ["therapist", "teacher"])
def test_deactivating_an_account_stops_its_feed_at_once(app, client, district, kind):
    owner, user = {
        "therapist": (district.ward, district.ward_user),
        "teacher": (district.taylor, district.taylor_user),
    }[kind]
    feed_id, url = _feed_url(app, kind, owner.id)
    first = client.get(url)
    assert first.status_code == 200
    assert b"BEGIN:VEVENT" in first.data
    assert app.extensions[CACHE_KEY]._entries.get(feed_id) is not None  # the body is cached
    coordinator = _as_coordinator(app, district.coordinator.email)

    response = coordinator.post(f"/staff/users/{user.id}/deactivate")

    assert response.status_code == 302
    assert client.get(url).status_code == 404
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 404
    app.extensions[CACHE_KEY].clear()  # as after the cache's 60 s
    assert client.get(url).status_code == 404
    db.session.expire_all()
    assert not db.session.get(CalendarFeed, feed_id).active

    coordinator.post(f"/staff/users/{user.id}/reactivate")
    assert client.get(url).status_code == 404


def test_deleting_a_teacher_and_their_account_stops_the_feed(app, client, district):
    teacher = make_teacher(db.session, make_school(db.session, "ELM"), "t.elm@district.example")
    make_user(db.session, "teacher", teacher=teacher)
    db.session.commit()
    _, url = _feed_url(app, "teacher", teacher.id)
    assert client.get(url).status_code == 200
    coordinator = _as_coordinator(app, district.coordinator.email)

    response = coordinator.post(f"/staff/teachers/{teacher.id}/delete")

    assert response.status_code == 302
    assert client.get(url).status_code == 404


def test_a_school_feed_has_no_account_and_keeps_serving(app, client, district):
    _, url = _feed_url(app, "school", district.oak.id)
    coordinator = _as_coordinator(app, district.coordinator.email)
    coordinator.post(f"/staff/users/{district.ward_user.id}/deactivate")
    assert client.get(url).status_code == 200
