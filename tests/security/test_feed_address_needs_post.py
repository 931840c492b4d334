"""Issue 9, finding 11: opening a feed's page creates nothing. A feed's secret address is
made only by an explicit, CSRF-protected POST (the page's button); GET shows an address
that exists, or offers the button."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from schoolot.extensions import db
from schoolot.models import CalendarFeed
from tests.factories import SmallDistrict


@pytest.fixture
def small(app):
    district = SmallDistrict(db.session)
    db.session.commit()
    return district


def _feed_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(CalendarFeed))


def _owners(small: SmallDistrict) -> list[tuple[str, int]]:
    return [
        ("therapist", small.ot1.id),
        ("therapist", small.ot2.id),
        ("teacher", small.teacher_oak.id),
        ("teacher", small.teacher_lin.id),
        ("school", small.oak.id),
        ("school", small.lin.id),
    ]


def _csrf_token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, page
    return found.group(1)


def test_a_coordinator_browsing_every_feed_page_turns_no_feed_on(client, login, small):
    login(small.coordinator)
    assert client.get("/calendar-feeds/").status_code == 200
    for kind, owner_id in _owners(small):
        page = client.get(f"/calendar-feeds/{kind}/{owner_id}")
        assert page.status_code == 200
        assert "/feeds/" not in page.text  # no address shown: none exists
        assert f'action="/calendar-feeds/{kind}/{owner_id}/create"' in page.text
    assert _feed_count() == 0
    # The list still says so.
    assert client.get("/calendar-feeds/").text.count("not made yet") == len(_owners(small))


def test_the_owner_makes_the_address_with_the_button(app, client, login, small):
    login(small.teacher_user)
    app.config["WTF_CSRF_ENABLED"] = True  # as in production
    show = f"/calendar-feeds/teacher/{small.teacher_lin.id}"
    page = client.get(show).text
    assert 'id="https-url"' not in page and _feed_count() == 0
    # Without the form's token the POST is refused and makes nothing.
    assert client.post(show + "/create").status_code == 400
    assert _feed_count() == 0
    made = client.post(show + "/create", data={"csrf_token": _csrf_token(page)})
    assert made.status_code == 302 and made.headers["Location"].endswith(show)
    assert _feed_count() == 1
    page = client.get(show).text
    address = re.search(r'id="https-url" type="text" readonly value="[^"]+(/feeds/[^"]+)"', page)
    assert address, page
    # Pressing the button again (a second tab) keeps the address that works.
    client.post(show + "/create", data={"csrf_token": _csrf_token(page)})
    assert _feed_count() == 1
    assert address.group(0) in client.get(show).text
    client.post("/logout", data={"csrf_token": _csrf_token(page)})
    assert client.get(address.group(1)).status_code == 200


def test_only_those_who_manage_a_feed_may_make_it(client, login, small):
    login(small.teacher_user)
    assert client.post(f"/calendar-feeds/teacher/{small.teacher_oak.id}/create").status_code == 404
    assert client.post(f"/calendar-feeds/school/{small.oak.id}/create").status_code == 404
    login(small.therapist_user)
    assert client.post(f"/calendar-feeds/therapist/{small.ot2.id}/create").status_code == 404
    assert _feed_count() == 0


def test_get_on_the_create_address_changes_nothing(client, login, small):
    login(small.coordinator)
    response = client.get(f"/calendar-feeds/school/{small.oak.id}/create")
    assert response.status_code == 405
    assert _feed_count() == 0
