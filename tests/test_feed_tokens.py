"""Feed tokens: long, random, never stored, found only by their exact value."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from schoolot.extensions import db
from schoolot.feeds import tokens
from schoolot.models import CalendarFeed
from tests.factories import SmallDistrict

SECRET = "test-secret"


@pytest.fixture
def district(app):
    district = SmallDistrict(db.session)
    db.session.commit()
    return district


def test_a_token_carries_256_random_bits_and_is_not_stored(district):
    feed = tokens.ensure_feed(db.session(), SECRET, "teacher", district.teacher_lin.id)
    token = tokens.token_of(feed, SECRET)
    assert token is not None and len(token) == 43  # 32 bytes, base64url
    stored = {feed.nonce, feed.token_hash}
    assert token not in stored
    assert feed.token_hash == tokens.hash_token(token)
    assert tokens.find_feed(db.session(), token) is feed


def test_each_feed_gets_its_own_token(district):
    one = tokens.ensure_feed(db.session(), SECRET, "teacher", district.teacher_lin.id)
    two = tokens.ensure_feed(db.session(), SECRET, "therapist", district.ot1.id)
    assert tokens.token_of(one, SECRET) != tokens.token_of(two, SECRET)
    # Asking again gives the same feed and the same URL.
    again = tokens.ensure_feed(db.session(), SECRET, "teacher", district.teacher_lin.id)
    assert again is one and tokens.token_of(again, SECRET) == tokens.token_of(one, SECRET)


def test_a_wrong_or_altered_token_finds_nothing(district):
    feed = tokens.ensure_feed(db.session(), SECRET, "school", district.oak.id)
    token = tokens.token_of(feed, SECRET)
    assert token is not None
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    for wrong in (altered, token.upper(), "", "x" * 500, token + "="):
        assert tokens.find_feed(db.session(), wrong) is None


def test_rotating_kills_the_old_token_at_once(district):
    feed = tokens.ensure_feed(db.session(), SECRET, "teacher", district.teacher_lin.id)
    old = tokens.token_of(feed, SECRET)
    new = tokens.rotate(db.session(), feed, SECRET)
    assert new != old and tokens.token_of(feed, SECRET) == new
    assert tokens.find_feed(db.session(), old) is None
    assert tokens.find_feed(db.session(), new) is feed


def test_a_revoked_feed_answers_to_no_token_until_rotated(district):
    feed = tokens.ensure_feed(db.session(), SECRET, "teacher", district.teacher_lin.id)
    old = tokens.token_of(feed, SECRET)
    tokens.revoke(db.session(), feed)
    assert not feed.active and tokens.token_of(feed, SECRET) is None
    assert tokens.find_feed(db.session(), old) is None
    # Asking for the feed again does not quietly re-open it.
    assert tokens.ensure_feed(db.session(), SECRET, "teacher", district.teacher_lin.id).revoked_at
    fresh = tokens.rotate(db.session(), feed, SECRET)
    assert feed.active and fresh != old
    assert tokens.find_feed(db.session(), fresh) is feed


def test_another_secret_key_gives_other_urls(district):
    feed = tokens.ensure_feed(db.session(), SECRET, "teacher", district.teacher_lin.id)
    assert tokens.token_of(feed, SECRET) != tokens.token_of(feed, "another-secret")


def test_the_database_keeps_one_feed_per_owner(district):
    db.session.add(CalendarFeed(kind="teacher", teacher_id=district.teacher_lin.id, token_hash="a"))
    db.session.add(CalendarFeed(kind="teacher", teacher_id=district.teacher_lin.id, token_hash="b"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_feed_belongs_to_exactly_the_owner_its_kind_names(district):
    db.session.add(CalendarFeed(kind="teacher", therapist_id=district.ot1.id, token_hash="a"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
