"""The feed pages: who sees which feed's address, making, rotating and revoking it."""

from __future__ import annotations

import re

import pytest
from werkzeug.middleware.proxy_fix import ProxyFix

from config import TestConfig
from schoolot import create_app, trust_proxies
from schoolot.extensions import db
from schoolot.models import CalendarFeed
from tests.factories import SmallDistrict


@pytest.fixture
def small(app):
    district = SmallDistrict(db.session)
    db.session.commit()
    return district


def _urls(page: str) -> tuple[str, str]:
    webcal = re.search(r'id="webcal-url" type="text" readonly value="([^"]+)"', page)
    https = re.search(r'id="https-url" type="text" readonly value="([^"]+)"', page)
    assert webcal and https, page
    return webcal.group(1), https.group(1)


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _make_address(client, page: str) -> str:
    """Press the page's button that makes the feed's address; the page it shows next."""
    return client.post(page + "/create", follow_redirects=True).text


def test_a_teacher_gets_their_class_feed_as_webcal_and_web_links(client, login, small):
    login(small.teacher_user)
    response = client.get("/calendar-feeds/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/calendar-feeds/teacher/{small.teacher_lin.id}")
    page = client.get(response.headers["Location"]).text
    assert 'id="webcal-url"' not in page and "Make the feed's address" in page
    page = _make_address(client, response.headers["Location"])
    webcal, https = _urls(page)
    assert webcal.startswith("webcal://localhost/feeds/") and webcal.endswith(".ics")
    assert https == "http://" + webcal.removeprefix("webcal://")
    assert "Google Calendar" in page and "Outlook" in page and "Apple Calendar" in page
    # The address serves the calendar, without a login.
    client.post("/logout")
    feed = client.get(_path(https))
    assert feed.status_code == 200
    assert feed.mimetype == "text/calendar"
    # Visiting again shows the same address: the page does not change it.
    login(small.teacher_user)
    assert _urls(client.get(f"/calendar-feeds/teacher/{small.teacher_lin.id}").text)[1] == https


def test_nobody_sees_a_feed_that_is_not_theirs(client, login, small):
    login(small.teacher_user)
    for path in (
        f"/calendar-feeds/teacher/{small.teacher_oak.id}",
        f"/calendar-feeds/therapist/{small.ot1.id}",
        f"/calendar-feeds/school/{small.lin.id}",
    ):
        assert client.get(path).status_code == 404, path
        assert client.post(path + "/rotate").status_code == 404, path
    login(small.therapist_user)
    assert client.get(f"/calendar-feeds/therapist/{small.ot2.id}").status_code == 404
    assert client.get(f"/calendar-feeds/therapist/{small.ot1.id}").status_code == 200
    assert client.post(f"/calendar-feeds/therapist/{small.ot2.id}/create").status_code == 404
    _make_address(client, f"/calendar-feeds/therapist/{small.ot1.id}")
    assert client.post(f"/calendar-feeds/therapist/{small.ot1.id}/revoke").status_code == 403
    assert client.get("/calendar-feeds/teacher/999999").status_code == 404
    # No feed was made for anybody a page refused.
    kinds = {(f.kind, f.owner_id) for f in db.session.query(CalendarFeed)}
    assert kinds == {("therapist", small.ot1.id)}


def test_rotating_gives_a_new_address_and_kills_the_old_one(client, login, small):
    login(small.therapist_user)
    page = f"/calendar-feeds/therapist/{small.ot1.id}"
    _, old = _urls(_make_address(client, page))
    response = client.post(page + "/rotate", follow_redirects=True)
    assert "the old one no longer works" in response.text
    _, new = _urls(response.text)
    assert new != old
    assert client.get(_path(old)).status_code == 404
    assert client.get(_path(new)).status_code == 200


def test_a_coordinator_lists_every_feed_and_revokes_one(client, login, small):
    login(small.coordinator)
    page = client.get("/calendar-feeds/").text
    for name in (small.ot1.name, small.teacher_lin.name, small.oak.name):
        assert name in page
    assert "not made yet" in page
    show = f"/calendar-feeds/teacher/{small.teacher_lin.id}"
    _, url = _urls(_make_address(client, show))
    response = client.post(show + "/revoke", follow_redirects=True)
    assert "its address no longer works" in response.text
    assert 'id="webcal-url"' not in response.text and "This feed is off" in response.text
    assert client.get(_path(url)).status_code == 404
    # The teacher sees the feed is off, and can turn it back on with a new address.
    login(small.teacher_user)
    assert "This feed is off" in client.get(show).text
    response = client.post(show + "/rotate", follow_redirects=True)
    _, fresh = _urls(response.text)
    assert fresh != url and client.get(_path(fresh)).status_code == 200
    assert client.get(_path(url)).status_code == 404


def test_rotating_without_the_form_token_changes_nothing(app, client, login, small):
    login(small.therapist_user)
    page = f"/calendar-feeds/therapist/{small.ot1.id}"
    _, url = _urls(_make_address(client, page))
    app.config["WTF_CSRF_ENABLED"] = True  # as in production
    assert client.post(page + "/rotate").status_code == 400
    assert _urls(client.get(page).text)[1] == url


def test_timetables_link_to_their_feed_for_those_who_may_see_it(client, login, small):
    subscribe = "Subscribe to this calendar"
    login(small.teacher_user)
    page = client.get(f"/timetable/teachers/{small.teacher_lin.id}").text
    assert subscribe in page
    assert f'href="/calendar-feeds/teacher/{small.teacher_lin.id}"' in page
    login(small.therapist_user)
    page = client.get(f"/timetable/therapists/{small.ot1.id}").text
    assert f'href="/calendar-feeds/therapist/{small.ot1.id}"' in page
    # A therapist may see the week of a school they serve, not that school's feed.
    page = client.get(f"/timetable/schools/{small.oak.id}").text
    assert "Oak Elementary" in page and subscribe not in page
    login(small.coordinator)
    page = client.get(f"/timetable/schools/{small.oak.id}").text
    assert f'href="/calendar-feeds/school/{small.oak.id}"' in page


def test_behind_a_trusted_proxy_the_feed_address_is_the_one_users_see(app, client, login, small):
    app.config["TRUSTED_PROXIES"] = 1
    trust_proxies(app)
    login(small.teacher_user)
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "ot.district.example"}
    _make_address(client, f"/calendar-feeds/teacher/{small.teacher_lin.id}")
    page = client.get(f"/calendar-feeds/teacher/{small.teacher_lin.id}", headers=forwarded)
    webcal, https = _urls(page.text)
    assert https.startswith("https://ot.district.example/feeds/")
    assert webcal.startswith("webcal://ot.district.example/feeds/")
    # Without the setting the headers are not trusted: a client could forge them.
    assert not isinstance(create_app(TestConfig).wsgi_app, ProxyFix)
