"""The feed URL over HTTP: headers, conditional requests, HEAD, tokens that no longer
open it, and bodies cached only while they are still true."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import select

from schoolot.extensions import db
from schoolot.feeds import tokens
from schoolot.feeds.ical import build_feed
from schoolot.feeds.serving import FeedCache
from schoolot.models import CalendarFeed, ScheduledSession, ScheduleVersion, Student
from schoolot.web.feeds.public import CACHE_KEY
from tests.feed_district import FeedDistrict

SECRET = "test-secret"  # TestConfig.SECRET_KEY


@pytest.fixture
def district(app) -> FeedDistrict:
    assert app.config["SECRET_KEY"] == SECRET
    district = FeedDistrict(db.session)
    db.session.commit()
    return district


def feed_url(kind: str, owner_id: int) -> str:
    feed = tokens.ensure_feed(db.session(), SECRET, kind, owner_id)
    db.session.commit()
    return f"/feeds/{tokens.token_of(feed, SECRET)}.ics"


@pytest.fixture
def url(district) -> str:
    return feed_url("teacher", district.taylor.id)


def revise_schedule(**session_changes) -> None:
    """Change the Monday session of the schedule in force, as a new revision."""
    row = db.session.scalar(select(ScheduledSession).where(ScheduledSession.uid.like("mon%")))
    for name, value in session_changes.items():
        setattr(row, name, value)
    version = db.session.scalar(select(ScheduleVersion).where(ScheduleVersion.state == "published"))
    version.revised_at = version.revised_at + dt.timedelta(hours=1)
    db.session.commit()


def test_a_feed_answers_with_its_calendar_and_the_headers_of_a_good_feed(client, district, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.data == build_feed(db.session(), "teacher", district.taylor.id)
    etag = response.headers["ETag"]
    assert etag == f'"{hashlib.sha256(response.data).hexdigest()[:32]}"'  # strong, no W/
    assert response.last_modified is not None
    cache_control = response.headers["Cache-Control"]
    assert cache_control.startswith("private") and "max-age=" in cache_control
    assert response.headers["X-Robots-Tag"] == "noindex"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Content-Disposition"] == (
        'inline; filename="ot-room-301-ms-taylor.ics"'
    )
    assert "Set-Cookie" not in response.headers


def test_if_none_match_with_the_etag_answers_304_without_a_body(client, url):
    etag = client.get(url).headers["ETag"]
    for header in (etag, f'"other", {etag}', f"W/{etag}", "*"):
        response = client.get(url, headers={"If-None-Match": header})
        assert response.status_code == 304, header
        assert response.data == b""
        assert response.headers["ETag"] == etag
        assert response.headers["Cache-Control"].startswith("private")


def test_if_none_match_decides_over_if_modified_since(client, url):
    first = client.get(url)
    response = client.get(
        url,
        headers={
            "If-None-Match": '"an-old-etag"',
            "If-Modified-Since": first.headers["Last-Modified"],
        },
    )
    assert response.status_code == 200
    assert response.data == first.data


def test_if_modified_since_answers_304_only_from_last_modified_on(client, url):
    first = client.get(url)
    last_modified = first.last_modified
    assert last_modified is not None
    for since in (last_modified, last_modified + dt.timedelta(days=1)):
        response = client.get(url, headers={"If-Modified-Since": _http_date(since)})
        assert response.status_code == 304
    earlier = client.get(
        url, headers={"If-Modified-Since": _http_date(last_modified - dt.timedelta(seconds=1))}
    )
    assert earlier.status_code == 200 and earlier.data == first.data


def test_a_changed_schedule_is_served_at_once_with_new_validators(client, url):
    first = client.get(url)
    revise_schedule(start=dt.time(10, 0), end=dt.time(10, 30), sequence=1)
    for headers in (
        {"If-None-Match": first.headers["ETag"]},
        {"If-Modified-Since": first.headers["Last-Modified"]},
    ):
        response = client.get(url, headers=headers)
        assert response.status_code == 200, headers
        assert b"T100000" in response.data and response.data != first.data
        assert response.headers["ETag"] != first.headers["ETag"]
        # Later, even within the same second: If-Modified-Since the old one must miss.
        assert response.last_modified > first.last_modified
    again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_head_answers_the_headers_without_the_body(client, url):
    got = client.get(url)
    head = client.head(url)
    assert head.status_code == 200 and head.data == b""
    for name in ("Content-Type", "ETag", "Last-Modified", "Cache-Control", "Content-Length"):
        assert head.headers[name] == got.headers[name], name
    assert client.head(url, headers={"If-None-Match": got.headers["ETag"]}).status_code == 304


def test_the_validators_are_kept_on_the_feed_so_every_process_agrees(app, client, url):
    first = client.get(url)
    feed = db.session.scalar(select(CalendarFeed))
    db.session.refresh(feed)
    assert feed.body_hash == hashlib.sha256(first.data).hexdigest()
    assert feed.last_fetched_at is not None
    # Another server process: its own empty cache, the same ETag and Last-Modified.
    app.extensions[CACHE_KEY] = FeedCache()
    second = client.get(url)
    assert second.headers["ETag"] == first.headers["ETag"]
    assert second.headers["Last-Modified"] == first.headers["Last-Modified"]


def test_an_edit_outside_the_schedule_shows_once_the_cached_body_expires(app, client, url):
    now = [0.0]
    app.extensions[CACHE_KEY] = FeedCache(ttl=60, clock=lambda: now[0])
    first = client.get(url)
    maya = db.session.scalar(select(Student).where(Student.first_name == "Maya"))
    maya.first_name = "Mia"
    db.session.commit()
    now[0] = 30.0
    assert client.get(url).data == first.data  # still cached: renames carry no timestamp
    now[0] = 61.0
    fresh = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert fresh.status_code == 200
    assert b"Mia R." in fresh.data and b"Maya" not in fresh.data


def test_a_rotated_token_no_longer_opens_the_feed_and_the_new_one_does(client, district, url):
    assert client.get(url).status_code == 200
    feed = tokens.ensure_feed(db.session(), SECRET, "teacher", district.taylor.id)
    new_token = tokens.rotate(db.session(), feed, SECRET)
    db.session.commit()
    assert client.get(url).status_code == 404
    assert client.get(f"/feeds/{new_token}.ics").status_code == 200


def test_a_revoked_feed_answers_404_like_a_wrong_token(client, district, url):
    wrong = client.get("/feeds/" + "x" * 43 + ".ics")
    feed = tokens.ensure_feed(db.session(), SECRET, "teacher", district.taylor.id)
    tokens.revoke(db.session(), feed)
    db.session.commit()
    revoked = client.get(url)
    assert revoked.status_code == wrong.status_code == 404
    assert revoked.data == wrong.data and b"feed" not in revoked.data.lower()
    assert client.head(url).status_code == 404


def test_another_teachers_token_never_shows_this_teachers_students(client, district):
    chen = client.get(feed_url("teacher", district.chen.id))
    assert chen.status_code == 200
    # Leo shares the Monday group with Maya (Ms. Taylor's): she is a count, not a name.
    assert b"Leo P." in chen.data and b"+ 1 other" in chen.data
    for name in (b"Maya", b"Ana", b"Rivera", b"Lopez"):
        assert name not in chen.data
    diaz = client.get(feed_url("teacher", district.diaz.id))
    assert b"Ben K." in diaz.data
    for name in (b"Maya", b"Ana", b"Leo"):
        assert name not in diaz.data


def _http_date(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
