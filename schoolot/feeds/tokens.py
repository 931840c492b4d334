"""Feed tokens: unguessable, never stored, compared in constant time, rotated at will.

A feed's token is HMAC-SHA256(SECRET_KEY, nonce), base64url: 256 bits an attacker
cannot guess, and which a copy of the database alone does not reveal (it holds the
random nonce and the token's SHA-256, not the token). The owner's page re-derives the
token to show the URL again; rotating draws a new nonce, so the old URL answers 404
at once. Changing SECRET_KEY therefore changes every feed's URL.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoolot.models import CalendarFeed
from schoolot.models.feeds import FEED_KINDS
from schoolot.models.users import utcnow

NONCE_BYTES = 32
# A feed's last_fetched_at is written at most this often (polls are frequent).
POLL_NOTE_INTERVAL = dt.timedelta(minutes=10)


def _key(secret: str | bytes) -> bytes:
    return secret.encode() if isinstance(secret, str) else secret


def derive_token(secret: str | bytes, nonce: str) -> str:
    digest = hmac.new(_key(secret), f"calendar-feed:{nonce}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_of(session: Session, kind: str, owner_id: int) -> CalendarFeed | None:
    """The feed of a therapist, teacher or school, if one was ever made."""
    if kind not in FEED_KINDS:
        raise ValueError(f"unknown feed kind {kind!r}")
    column = getattr(CalendarFeed, f"{kind}_id")
    return session.scalar(select(CalendarFeed).where(column == owner_id))


def ensure_feed(session: Session, secret: str | bytes, kind: str, owner_id: int) -> CalendarFeed:
    """The owner's feed, made (with a fresh token) when there is none. A revoked
    feed stays revoked: only `rotate` gives it a URL again."""
    feed = feed_of(session, kind, owner_id)
    if feed is None:
        feed = CalendarFeed(kind=kind, **{f"{kind}_id": owner_id})
        session.add(feed)
        _new_token(feed, secret)
        session.flush()
    return feed


def token_of(feed: CalendarFeed, secret: str | bytes) -> str | None:
    """The feed's current token, or None when it is revoked."""
    if feed.nonce is None:
        return None
    return derive_token(secret, feed.nonce)


def rotate(session: Session, feed: CalendarFeed, secret: str | bytes) -> str:
    """A new token for `feed` (also re-opening a revoked one); the old URL dies now."""
    token = _new_token(feed, secret)
    session.flush()
    return token


def revoke(session: Session, feed: CalendarFeed) -> None:
    """No URL of `feed` answers any more, until its owner or a coordinator rotates it."""
    feed.nonce = None
    feed.token_hash = None
    feed.revoked_at = utcnow()
    session.flush()


def find_feed(session: Session, token: str) -> CalendarFeed | None:
    """The active feed whose token is `token`, else None (a wrong, rotated or revoked
    token alike). The lookup is by the token's hash; the hashes are then compared in
    constant time."""
    if not token or len(token) > 128:
        return None
    wanted = hash_token(token)
    feed = session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == wanted))
    if feed is None or feed.token_hash is None:
        return None
    if not hmac.compare_digest(feed.token_hash, wanted):
        return None
    return feed


def note_fetch(feed: CalendarFeed, now: dt.datetime | None = None) -> bool:
    """Record that the feed was fetched; True when that changed the row (throttled)."""
    now = now or utcnow()
    if feed.last_fetched_at is None or now - feed.last_fetched_at >= POLL_NOTE_INTERVAL:
        feed.last_fetched_at = now
        return True
    return False


def _new_token(feed: CalendarFeed, secret: str | bytes) -> str:
    feed.nonce = secrets.token_urlsafe(NONCE_BYTES)
    token = derive_token(secret, feed.nonce)
    feed.token_hash = hash_token(token)
    feed.revoked_at = None
    feed.rotated_at = utcnow()
    return token
